//! 导入历史投诉 at scale: a GBK CSV and an .xlsx of `CD_IMPORT_ROWS` past complaints (default
//! 100,000; written once under target/bench-data), each imported into a new desk in a process of
//! its own, so its peak memory is its own. Prints rows per second (median of `CD_IMPORT_RUNS`,
//! default 3) and the peak memory beside a file twice as long (SQLite): the same peak says the
//! import streams (the file is read a row at a time; the page cache it fills is bounded). A dry run (reading and checking only) is shown beside the import as what writing
//! adds. On the shared store too when run under tests/pg.sh (one run each).
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use complaintdesk_core::desk::import::ImportOptions;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::import::read::Input;

#[path = "common/setup.rs"]
mod setup;

const TEXTS: &[(&str, &str)] = &[
    ("工程维修", "电梯停运三天无人维修，老人上下楼困难"),
    ("工程维修", "楼顶漏水，雨天家里墙面发霉"),
    ("收费问题", "物业费上涨没有公示，也没有说明依据"),
    ("噪音扰民", "楼下装修每天早上七点就开始电钻"),
    ("环境卫生", "垃圾桶满了两天没人清运，气味很大"),
    ("秩序安全", "小区门禁坏了，外来人员随意进出"),
    ("服务态度", "前台人员态度恶劣，不愿意登记报修"),
    ("停车管理", "车位被占用，保安不处理"),
];

fn file(dir: &Path, rows: usize, ext: &str) -> PathBuf {
    let path = dir.join(format!("import-{rows}.{ext}"));
    if path.exists() {
        return path;
    }
    let start = Utc.with_ymd_and_hms(2016, 1, 1, 1, 0, 0).unwrap();
    let row = |i: usize| {
        let (category, text) = TEXTS[i % TEXTS.len()];
        // Ten years, however many rows.
        let received = start + Duration::minutes(i as i64 * (10 * 365 * 24 * 60) / rows.max(1) as i64);
        let closed = i % 10 != 0;
        [
            received.format("%Y/%m/%d %H:%M").to_string(),
            format!("{}先生", ["王", "李", "张", "刘", "陈"][i % 5]),
            format!("139{:08}", (i * 7919) % 100_000_000),
            format!("{text}（第{i}号）"),
            category.to_string(),
            if closed { "已结案" } else { "处理中" }.to_string(),
            if closed { (received + Duration::days(3)).format("%Y-%m-%d").to_string() } else { String::new() },
            if closed { (1 + i % 5).to_string() } else { String::new() },
            format!("旧系统单号 A{i:07}"),
        ]
    };
    let headers = ["收到时间", "客户", "电话", "投诉内容", "类别", "状态", "结案时间", "满意度", "备注"];
    if ext == "csv" {
        let mut text = headers.join(",");
        text.push('\n');
        for i in 0..rows {
            text.push_str(&row(i).join(","));
            text.push('\n');
        }
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        std::fs::write(&path, gbk).unwrap();
    } else {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for i in 0..rows {
            for (c, v) in row(i).iter().enumerate() {
                sheet.write_string(i as u32 + 1, c as u16, v).unwrap();
            }
        }
        book.save(&path).unwrap();
    }
    path
}

/// Peak resident memory of this process, in MB (Linux; 0 elsewhere).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

/// In the child: one import of `path` into a new desk; prints `seconds peak_mb imported`.
fn child(path: &Path, dry: bool, shared: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let desk = match &shared {
        Some(url) => Desk::create_shared(url).unwrap(),
        None => Desk::create(dir.path()).unwrap(),
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap();
    let admin = setup::property_admin(&desk, now);
    let options = ImportOptions { dry_run: dry, skip_refused: true, ..Default::default() };
    let t = Instant::now();
    let (report, _) = desk.import_cases(admin, Input::Path(path), None, options, now, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(report.refused, 0, "every row of the bench file imports");
    println!("{secs} {} {}", peak_mb(), report.imported);
}

fn run(path: &Path, dry: bool, shared: Option<&str>) -> (f64, f64, usize) {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.env("CD_IMPORT_CHILD", path).env("CD_IMPORT_DRY", if dry { "1" } else { "0" });
    match shared {
        Some(url) => cmd.env("CD_IMPORT_SHARED", url),
        None => cmd.env_remove("CD_IMPORT_SHARED"),
    };
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Vec<&str> = text.split_whitespace().collect();
    (v[0].parse().unwrap(), v[1].parse().unwrap(), v[2].parse().unwrap())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    if let Some(path) = std::env::var_os("CD_IMPORT_CHILD") {
        child(Path::new(&path), std::env::var("CD_IMPORT_DRY").is_ok_and(|v| v == "1"), std::env::var("CD_IMPORT_SHARED").ok());
        return;
    }
    let rows: usize = std::env::var("CD_IMPORT_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let runs: usize = std::env::var("CD_IMPORT_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let mut stores: Vec<(&str, Option<String>)> = vec![("SQLite", None)];
    if let Some(url) = complaintdesk_core::store::pg::scratch_database() {
        stores.push(("PostgreSQL", Some(url)));
    }
    println!("{:<12} {:<26} {:>9} {:>11} {:>9} {:>11}", "store", "file", "rows/s", "dry rows/s", "peak MB", "peak MB ×2");
    for (store, url) in &stores {
        for ext in ["csv", "xlsx"] {
            let big = file(&dir, rows, ext);
            let double = file(&dir, rows * 2, ext);
            let n = if url.is_some() { 1 } else { runs };
            let mut times = Vec::new();
            let mut peak = 0.0f64;
            for _ in 0..n {
                let shared = url.as_deref().map(|_| complaintdesk_core::store::pg::scratch_database().unwrap());
                let (secs, mb, imported) = run(&big, false, shared.as_deref());
                assert_eq!(imported, rows);
                times.push(secs);
                peak = peak.max(mb);
            }
            let dry = median((0..n).map(|_| run(&big, true, None).0).collect());
            // The file twice as long on SQLite only: a server's memory is not this process's.
            let double_peak = if url.is_none() { format!("{:.1}", run(&double, false, None).1) } else { "—".into() };
            let label = format!("{rows} rows, {}", if ext == "csv" { "GBK CSV" } else { ".xlsx" });
            println!(
                "{store:<12} {label:<26} {:>9.0} {:>11.0} {:>9.1} {:>11}",
                rows as f64 / median(times),
                rows as f64 / dry,
                peak,
                double_peak
            );
            std::io::stdout().flush().unwrap();
        }
    }
    println!("target: ≥ 20,000 rows/s; the same peak memory for a file twice as long");
}
