//! 智能分类建议: how well and how fast the category model does, on a demo desk
//! (`CD_CLASSIFY_DEMO`, default 20,000 cases made through the use-cases) and on a desk of an
//! imported file (the import benchmark's 100,000-row GBK CSV, written if missing): top-1 and
//! top-3 accuracy on a held-out fifth, training time, and the time of one suggestion (median of
//! 1,000, target ≤ 10 ms).
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use complaintdesk_core::desk::import::ImportOptions;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::types::{Profile, Role};
use complaintdesk_core::import::read::Input;

#[path = "common/setup.rs"]
mod setup;

/// A file of past complaints as Chinese Excel saves it: GBK, eight kinds, each in several words.
fn imported_file(dir: &Path, rows: usize) -> PathBuf {
    let path = dir.join(format!("classify-{rows}.csv"));
    if path.exists() {
        return path;
    }
    let kinds: &[(&str, &[&str])] = &[
        ("工程维修", &["电梯停运", "楼顶漏水", "水管爆裂", "路灯不亮", "门禁失灵", "墙面开裂"]),
        ("收费问题", &["物业费上涨", "停车费乱收", "发票开错", "多收押金", "水电费分摊不清", "装修保证金不退"]),
        ("噪音扰民", &["装修电钻", "广场舞音响", "夜间施工", "空调外机响", "楼上拖动家具", "商铺音乐太吵"]),
        ("环境卫生", &["垃圾满溢", "楼道脏乱", "绿化枯死", "蚊虫孳生", "化粪池外溢", "小广告乱贴"]),
        ("秩序安全", &["外来人员随意进出", "电动车楼道充电", "消防通道被占", "监控坏了", "高空抛物", "车辆被刮"]),
        ("服务态度", &["前台态度恶劣", "维修工不守时", "客服电话打不通", "管家不回消息", "保安推诿", "报修无人理"]),
        ("装修管理", &["违规拆改承重墙", "装修垃圾乱堆", "装修时间超时", "私搭乱建", "封阳台无审批", "改水电无报备"]),
        ("其他", &["快递柜不够用", "建议增加健身器材", "宠物粪便", "邻里纠纷", "公告不及时", "其他问题"]),
    ];
    let fillers = ["已经多次反映", "希望尽快处理", "影响正常生活", "请物业给个说法", "老人小孩都受影响", "周末尤其严重"];
    let start = Utc.with_ymd_and_hms(2016, 1, 1, 1, 0, 0).unwrap();
    let mut text = String::from("收到时间,投诉内容,类别,状态,结案时间\n");
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for i in 0..rows {
        let (category, words) = kinds[next(kinds.len())];
        // Some cases mention a second matter too: a real desk is not cleanly separable.
        let other = kinds[next(kinds.len())].1;
        let second = if next(4) == 0 { other[next(other.len())] } else { words[next(words.len())] };
        let received = start + Duration::minutes(i as i64 * (9 * 365 * 24 * 60) / rows.max(1) as i64);
        text.push_str(&format!(
            "{},{}，{}，{},{category},已结案,{}\n",
            received.format("%Y/%m/%d %H:%M"),
            words[next(words.len())],
            second,
            fillers[next(fillers.len())],
            (received + Duration::days(3)).format("%Y-%m-%d")
        ));
    }
    std::fs::write(&path, encoding_rs::GBK.encode(&text).0).unwrap();
    path
}

fn report(what: &str, desk: &Desk, admin: i64, now: chrono::DateTime<Utc>, probe: &[(&str, &str)]) {
    let status = desk.train_classifier(now).unwrap();
    let mut times: Vec<f64> = Vec::new();
    for i in 0..1000 {
        let (subject, description) = probe[i % probe.len()];
        let t = Instant::now();
        let got = desk.suggest_categories(admin, subject, description).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(!got.is_empty());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{what:<36} {:>8} {:>7} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>9} {:>10.3}",
        status.cases,
        status.tested,
        status.top1,
        status.top3,
        status.category_top1,
        status.category_top3,
        status.training_ms,
        times[times.len() / 2]
    );
}

fn main() {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap();
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&data).unwrap();
    let probe = [("电梯又坏了", "三号楼电梯停运两天"), ("物业费", "今年物业费上涨没有公示"), ("太吵了", "楼上装修电钻声音很大"), ("垃圾", "楼下垃圾满溢没人清运")];
    println!(
        "{:<36} {:>8} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9} {:>10}",
        "desk", "cases", "tested", "top-1", "top-3", "cat-1", "cat-3", "train ms", "suggest ms"
    );
    println!("(top-n: category and sub-category as registered; cat-n: the category alone)");

    let demo_n: usize = std::env::var("CD_CLASSIFY_DEMO").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let demo_dir = tempfile::tempdir().unwrap();
    let demo = Desk::create(demo_dir.path()).unwrap();
    demo.store().relax_durability_for_bulk_fill().unwrap();
    complaintdesk_core::demo::fill(&demo, Profile::Property, demo_n, 12, now, 7).unwrap();
    let admin = demo.users().unwrap().into_iter().find(|u| u.roles.contains(&Role::Admin)).unwrap().id;
    report(&format!("demo desk ({demo_n} cases)"), &demo, admin, now, &probe);

    let rows: usize = std::env::var("CD_CLASSIFY_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let file = imported_file(&data, rows);
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::create(dir.path()).unwrap();
    let admin = setup::property_admin(&desk, now);
    let options = ImportOptions { skip_refused: true, ..Default::default() };
    desk.import_cases(admin, Input::Path(&file), None, options, now, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    report(&format!("imported file ({rows} rows)"), &desk, admin, now, &probe);
    println!("target: one suggestion ≤ 10 ms; accuracy is reported, not targeted");
}
