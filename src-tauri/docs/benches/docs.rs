//! Time and size of a one-page receipt and a five-page internal summary (issue 6: aim under
//! 100 ms and under 300 KB each). Run: `cargo bench -p complaintdesk-docs`.
#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::*;
use complaintdesk_core::domain::case::EventKind;
use complaintdesk_core::domain::types::Profile;
use complaintdesk_docs::{case_document, DocKind, Lang, Rendered};

const RUNS: usize = 30;

fn measure(name: &str, f: &Fixture, kind: DocKind) {
    let render = || -> Rendered { case_document(kind, &letterhead(), &f.doc(), Lang::Zh).expect("renders") };
    let first = Instant::now();
    let warm = render();
    let first = first.elapsed();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(render());
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{name}: {} page(s), {:.1} KB, median {:.1} ms (min {:.1}, max {:.1}, {RUNS} runs; first call with font parse {:.1} ms)",
        warm.pages,
        warm.pdf.len() as f64 / 1024.0,
        times[RUNS / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[RUNS - 1].as_secs_f64() * 1000.0,
        first.as_secs_f64() * 1000.0,
    );
}

fn main() {
    let receipt = Fixture::new(Profile::Property);
    measure("receipt", &receipt, DocKind::Receipt);

    let mut summary = Fixture::new(Profile::Insurance);
    summary.case.description = "客户反映理赔款延迟支付，多次致电客服未获答复，要求说明原因并尽快支付。".repeat(60);
    for i in 0..40 {
        let at = summary.events[0].at + chrono::Duration::hours(i * 5);
        let note = format!("第{i}次跟进：联系客户说明理赔进度，客户表示理解，要求本周内给出书面答复。");
        summary.events.push(event(100 + i, at, EventKind::Contact, Some("phone"), Some(&note), i % 4 == 0));
    }
    measure("internal summary", &summary, DocKind::SummaryInternal);
}
