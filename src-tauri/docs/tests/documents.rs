//! Each document rendered from a fixture case, read back with poppler's `pdftotext` and
//! `pdftoppm`: the exact Chinese content is there, internal notes stay internal, long text
//! wraps without loss, missing glyphs show and are reported, pages are not blank.
mod common;

use common::*;
use complaintdesk_core::domain::types::Profile;
use complaintdesk_core::domain::ErrorCode;
use complaintdesk_docs::*;

fn render(kind: DocKind, f: &Fixture) -> Rendered {
    case_document(kind, &letterhead(), &f.doc(), Lang::Zh).expect("the document renders")
}

/// The text of a document without its page headers and footers, squeezed of whitespace.
fn body_text(r: &Rendered, f: &Fixture) -> String {
    let mut text = squeeze(&pdf_text(&r.pdf));
    text = text.replace(&squeeze(&format!("{}案件编号 {}", letterhead().org_name, f.case.number)), "");
    text = text.replace(&squeeze(CONTACT_LINE), "");
    for n in 1..=r.pages {
        text = text.replace(&format!("第{n}页/共{}页", r.pages), "");
    }
    text
}

/// A deterministic Chinese text with Latin words, numbers and punctuation mixed in.
fn long_text(chars: usize) -> String {
    let pool: Vec<char> = "业主反映小区电梯停运多日无人维修老人上下楼困难物业公司应当及时处理并给予答复保险理赔款延迟支付客户要求说明原因和依据，。、；：！？（）《》“”".chars().collect();
    let words = ["Elevator", "No.3", "2026-03-02", "ABC-123", "OK", "95598"];
    let mut out = String::new();
    let mut seed: u64 = 42;
    while out.chars().count() < chars {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let r = (seed >> 33) as usize;
        if r.is_multiple_of(29) {
            out.push_str(words[r % words.len()]);
        } else if r.is_multiple_of(97) {
            out.push(' ');
        } else {
            out.push(pool[r % pool.len()]);
        }
    }
    out.chars().take(chars).collect()
}

#[test]
fn receipt_shows_customer_case_number_dates_and_the_decision_deadline() {
    let f = Fixture::new(Profile::Property);
    let r = render(DocKind::Receipt, &f);
    let text = pdf_text(&r.pdf);
    assert_eq!(r.pages, 1, "a receipt is one page");
    for expected in ["受理回执", "王秀英", "TS-2026-000123", "2026年3月2日 09:30", "来访", "电梯停运三天无人维修", "尽快修复电梯并说明原因", "已受理"] {
        assert!(text.contains(expected), "the receipt shows “{expected}”:\n{text}");
    }
    let flat = squeeze(&text);
    assert!(flat.contains(&squeeze("投诉内容摘要 3号楼2单元电梯自2月27日起停运，业主多次报修无人处理，老人上下楼困难。")), "a short complaint is summarised whole:\n{text}");
    assert!(flat.contains("如有疑问，请致电0571-88887777"), "the customer is told the complaint line to call:\n{text}");
    assert!(flat.contains("客户签字") && flat.contains("日期"), "the customer signs and dates the desk's copy:\n{text}");
    assert!(squeeze(&text).contains("第1页/共1页"), "the page number is at the foot");
    assert!(text.contains("2026年4月16日 前将处理决定告知您"), "the receipt promises a decision by the reply clock's latest date:\n{text}");
    assert!(r.missing_glyphs.is_empty(), "the fixture's characters are all in the font");
    assert!(r.pdf.len() < 300 * 1024, "the subset font keeps a receipt under 300 KB, got {} bytes", r.pdf.len());
}

#[test]
fn receipt_in_english_keeps_the_chinese_case_text() {
    let f = Fixture::new(Profile::Property);
    let r = case_document(DocKind::Receipt, &letterhead(), &f.doc(), Lang::En).unwrap();
    let text = pdf_text(&r.pdf);
    for expected in ["Acknowledgement of receipt", "Dear 王秀英,", "2 Mar 2026 09:30", "16 Apr 2026", "Page 1 of 1", "Customer's signature", "Seal"] {
        assert!(text.contains(expected), "the English receipt shows “{expected}”:\n{text}");
    }
}

#[test]
fn insurance_decision_letter_states_facts_decision_compensation_and_the_four_routes() {
    let f = Fixture::new(Profile::Insurance);
    let r = render(DocKind::Decision, &f);
    let text = body_text(&r, &f);
    for expected in [
        "处理决定告知书",
        "王秀英",
        "TS-2026-000123",
        "2026年3月2日09:30",
        "经现场核查，电梯主板于2月27日损坏，维保单位未按约定在24小时内到场。",
        "依据《物业服务合同》第十二条及电梯维保协议的约定。",
        "投诉成立，物业公司承担责任",
        "赔偿金额：88.50元",
        "核查：自收到本告知书之日起30日内",
        "调解：",
        "仲裁：",
        "诉讼：",
        "2026年3月12日",
    ] {
        assert!(text.contains(&squeeze(expected)), "the decision letter shows “{expected}”:\n{text}");
    }
}

#[test]
fn property_decision_letter_has_an_objection_paragraph_instead_of_the_insurance_routes() {
    let f = Fixture::new(Profile::Property);
    let text = body_text(&render(DocKind::Decision, &f), &f);
    assert!(text.contains("如有异议"), "a property letter says what to do when the customer disagrees");
    assert!(!text.contains("仲裁"), "arbitration is an insurance route, not on a property letter");
}

#[test]
fn extension_notice_gives_the_step_the_reason_and_the_new_due_date() {
    let f = Fixture::new(Profile::Property);
    let r = render(DocKind::Extension, &f);
    let text = body_text(&r, &f);
    for expected in ["延期告知书", "王秀英", "TS-2026-000123", "第1次延期", "需等待厂家检测报告", "新的处理期限2026年4月16日", "2026年3月10日15:00"] {
        assert!(text.contains(expected), "the extension notice shows “{expected}”:\n{text}");
    }
}

#[test]
fn extension_notice_is_refused_for_a_case_without_an_approved_extension() {
    let mut f = Fixture::new(Profile::Property);
    f.events.retain(|e| e.kind != complaintdesk_core::domain::case::EventKind::Extension);
    let err = case_document(DocKind::Extension, &letterhead(), &f.doc(), Lang::Zh).unwrap_err();
    assert_eq!(err.code, ErrorCode::ExtensionNotAllowed, "no extension, no notice");
}

#[test]
fn external_summary_never_shows_an_internal_note_and_the_internal_one_does() {
    let f = Fixture::new(Profile::Property);
    let external = body_text(&render(DocKind::Summary, &f), &f);
    let internal = body_text(&render(DocKind::SummaryInternal, &f), &f);
    assert!(!external.contains(&squeeze(SECRET_NOTE)), "the customer's summary has no internal note:\n{external}");
    assert!(!external.contains("威胁向媒体"), "not even part of it");
    assert!(internal.contains(&squeeze(SECRET_NOTE)), "the internal summary has the internal note:\n{internal}");
    for expected in ["王秀英", "TS-2026-000123", "处理中", "现场查看电梯控制柜，主板烧毁", "已登记→处理中", "投诉成立，物业公司承担责任", "110***********1234"] {
        assert!(external.contains(expected), "the external summary shows “{expected}”:\n{external}");
    }
    for expected in ["答复业主", "30日", "2026年4月16日", "计时中", "第1次延期", "电梯已修好，希望以后响应快一些", "满意度4/5", "110101199001011234", "维保单位响应超时"] {
        assert!(internal.contains(expected), "the internal summary shows “{expected}”:\n{internal}");
    }
}

#[test]
fn a_20000_character_description_wraps_onto_several_pages_without_loss() {
    let mut f = Fixture::new(Profile::Property);
    f.case.description = long_text(20_000);
    f.case.facts = Some(f.case.description.clone());
    let summary = render(DocKind::Summary, &f);
    assert!(summary.pages >= 5, "20,000 characters take several pages, got {}", summary.pages);
    assert!(body_text(&summary, &f).contains(&squeeze(&f.case.description)), "the summary's table cell keeps every character in order");
    let letter = render(DocKind::Decision, &f);
    assert!(letter.pages >= 5, "the letter runs over several pages, got {}", letter.pages);
    assert!(body_text(&letter, &f).contains(&squeeze(&f.case.description)), "the letter's paragraph keeps every character in order");
}

#[test]
fn a_character_missing_from_the_font_is_drawn_as_the_placeholder_and_reported() {
    assert!(!font_has_glyph('\u{E000}') && !font_has_glyph('\u{1F600}'), "the test needs characters the font lacks");
    assert!(font_has_glyph(PLACEHOLDER) && font_has_glyph('鑫'), "the font has the placeholder and common characters");
    let mut f = Fixture::new(Profile::Property);
    f.case.subject = "电梯\u{E000}停运😀了".into();
    let r = render(DocKind::Receipt, &f);
    assert_eq!(r.missing_glyphs, vec!['\u{E000}', '\u{1F600}'], "both missing characters are reported, once each");
    let text = pdf_text(&r.pdf);
    assert!(text.contains("电梯□停运□了"), "each shows as the placeholder in place:\n{text}");
}

#[test]
fn monthly_report_shows_the_counts_as_tables_that_repeat_their_header_on_each_page() {
    let report = MonthlyReport {
        year: 2026,
        month: 3,
        total: 150,
        by_status: vec![Count { label: "处理中".into(), count: 90 }, Count { label: "已结案".into(), count: 60 }],
        by_category: vec![Count { label: "维修".into(), count: 100 }, Count { label: "收费".into(), count: 50 }],
        by_channel: vec![Count { label: "来访".into(), count: 150 }],
        kpis: None,
        rows: (0..150)
            .map(|i| ReportRow {
                number: format!("TS-2026-{:06}", i + 1),
                received_at: at(2026, 3, 1 + (i % 28) as u32, 9, 0),
                subject: format!("第{i}号投诉：电梯噪音扰民"),
                category_label: "维修".into(),
                status_label: "处理中".into(),
            })
            .collect(),
        issued_at: at(2026, 4, 1, 9, 0),
        issued_by: "刘主管".into(),
        zone: chrono_tz::Asia::Shanghai,
    };
    let r = monthly_report(&letterhead(), &report, Lang::Zh).unwrap();
    let text = pdf_text(&r.pdf);
    for expected in ["2026年3月投诉处理月报", "处理中", "60.0%", "TS-2026-000150"] {
        assert!(text.contains(expected), "the report shows “{expected}”");
    }
    assert!(r.pages >= 3, "150 listed cases run over several pages, got {}", r.pages);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    for (i, page) in pages.iter().enumerate().skip(2) {
        assert!(squeeze(page).contains("案件编号收到时间主题分类状态"), "page {} repeats the case list's header row", i + 1);
    }
}

#[test]
fn every_page_of_every_document_has_ink() {
    let f = Fixture::new(Profile::Insurance);
    let dir = tempfile::tempdir().unwrap();
    for kind in [DocKind::Receipt, DocKind::Decision, DocKind::Extension, DocKind::Summary, DocKind::SummaryInternal] {
        let r = render(kind, &f);
        let sub = dir.path().join(format!("{kind:?}"));
        std::fs::create_dir(&sub).unwrap();
        let files = pdf_pages(&r.pdf, &sub, 50);
        assert_eq!(files.len(), r.pages, "{kind:?}: pdftoppm renders every page");
        for file in files {
            let ink = ink_share(&file);
            assert!(ink > 0.003, "{kind:?}: {} is not blank (ink {ink:.4})", file.display());
        }
    }
}

#[test]
fn a_logo_in_the_letterhead_is_drawn() {
    let f = Fixture::new(Profile::Property);
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, 40, 20);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[20u8; 40 * 20 * 3]).unwrap();
    }
    let head = Letterhead { logo_png: Some(png_bytes), ..letterhead() };
    let with_logo = case_document(DocKind::Receipt, &head, &f.doc(), Lang::Zh).unwrap();
    let without = render(DocKind::Receipt, &f);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    let ink_with = ink_share(&pdf_pages(&with_logo.pdf, &a, 50)[0]);
    let ink_without = ink_share(&pdf_pages(&without.pdf, &b, 50)[0]);
    assert!(ink_with > ink_without + 0.001, "the dark logo adds ink to the page ({ink_with:.4} vs {ink_without:.4})");
    assert!(pdf_text(&with_logo.pdf).contains("翠苑物业服务有限公司"), "the name is still there beside the logo");
}

#[test]
fn a_broken_logo_is_refused_with_a_clear_error() {
    let f = Fixture::new(Profile::Property);
    let head = Letterhead { logo_png: Some(b"not a png".to_vec()), ..letterhead() };
    let err = case_document(DocKind::Receipt, &head, &f.doc(), Lang::Zh).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("logo_png"), "the error names the logo");
}

#[test]
fn a_registered_case_gets_a_receipt_that_says_registered_not_accepted() {
    let mut f = Fixture::new(Profile::Property);
    f.case.status = "registered".into();
    f.case.accepted_at = None;
    let text = squeeze(&pdf_text(&render(DocKind::Receipt, &f).pdf));
    for expected in ["登记回执", "现已登记", "已登记（待受理）"] {
        assert!(text.contains(expected), "a receipt before acceptance says “{expected}”:\n{text}");
    }
    assert!(!text.contains("受理回执") && !text.contains("现已受理"), "it does not say the complaint was accepted:\n{text}");
    f.case.status = "in_progress".into();
    f.case.accepted_at = Some(f.case.received_at);
    let text = squeeze(&pdf_text(&render(DocKind::Receipt, &f).pdf));
    assert!(text.contains("受理回执") && text.contains("现已受理") && !text.contains("待受理"), "once accepted it says 已受理:\n{text}");
}

#[test]
fn a_long_complaint_is_cut_on_the_receipt_which_stays_one_page() {
    let mut f = Fixture::new(Profile::Property);
    f.case.description = long_text(20_000);
    let r = render(DocKind::Receipt, &f);
    assert_eq!(r.pages, 1, "the receipt summarises, it does not reprint 20,000 characters");
    let text = squeeze(&pdf_text(&r.pdf));
    let head: String = f.case.description.chars().take(150).collect();
    assert!(text.contains(&format!("{}……（全文见案件记录）", squeeze(&head))), "the first 150 characters, then a note that the full text is on record:\n{text}");
}

#[test]
fn the_decision_letter_names_the_handler_who_decided_and_the_decision_date() {
    let mut f = Fixture::new(Profile::Insurance);
    f.events.push(respond_event());
    f.case.responded_at = Some(at(2026, 3, 11, 17, 20));
    // Printed a day later by 刘主管, while the case's handler is now 张处理.
    let r = render(DocKind::Decision, &f);
    let text = body_text(&r, &f);
    assert!(text.contains("处理人：孙处理"), "the handler of the decision step:\n{text}");
    assert!(text.contains("决定日期：2026年3月11日"), "the day of the decision step:\n{text}");
    assert!(!text.contains("2026年3月12日"), "not the day it is printed:\n{text}");
    assert!(!text.contains("刘主管") && !text.contains("张处理"), "not who prints it, nor who handles the case now:\n{text}");
}

#[test]
fn the_decision_letter_gives_the_regulator_hotline_of_its_profile() {
    let insurance = Fixture::new(Profile::Insurance);
    let text = body_text(&render(DocKind::Decision, &insurance), &insurance);
    assert!(text.contains("国家金融监督管理总局") && text.contains("投诉维权热线12378"), "banking and insurance: the NFRA hotline 12378:\n{text}");
    let property = Fixture::new(Profile::Property);
    let text = body_text(&render(DocKind::Decision, &property), &property);
    assert!(text.contains("所在城市的12345政务服务便民热线"), "property: the city's 12345:\n{text}");
    assert!(!text.contains("12378"), "the financial regulator is not a property route");
}

#[test]
fn every_page_of_every_document_carries_the_organisation_profile_and_each_ends_with_the_place_for_the_seal() {
    let mut f = Fixture::new(Profile::Insurance);
    f.case.description = long_text(6_000);
    for kind in [DocKind::Receipt, DocKind::Decision, DocKind::Extension, DocKind::Summary, DocKind::SummaryInternal] {
        let r = render(kind, &f);
        let text = pdf_text(&r.pdf);
        let pages: Vec<String> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).map(squeeze).collect();
        assert_eq!(pages.len(), r.pages, "{kind:?}: every page read");
        for (i, page) in pages.iter().enumerate() {
            assert!(page.starts_with("翠苑物业服务有限公司"), "{kind:?} page {}: the name heads it:\n{page}", i + 1);
            assert!(page.contains(&squeeze(CONTACT_LINE)), "{kind:?} page {}: address, 服务电话 and 投诉电话 under the name:\n{page}", i + 1);
        }
        let last = pages.last().unwrap();
        assert!(last.contains("盖章处"), "{kind:?}: the last page marks where the seal goes:\n{last}");
    }
    let report = monthly_report(&letterhead(), &small_report(), Lang::Zh).unwrap();
    let text = squeeze(&pdf_text(&report.pdf));
    assert!(text.contains(&squeeze(CONTACT_LINE)) && text.contains("盖章处"), "the monthly report too:\n{text}");
}

#[test]
fn a_letterhead_without_address_or_phones_leaves_the_line_out() {
    let f = Fixture::new(Profile::Property);
    let head = Letterhead { address: None, service_phone: None, complaint_phone: Some(" ".into()), ..letterhead() };
    let r = case_document(DocKind::Receipt, &head, &f.doc(), Lang::Zh).unwrap();
    let text = pdf_text(&r.pdf);
    assert!(!text.contains("地址：") && !text.contains("电话："), "nothing is printed for what is not set:\n{text}");
    assert!(!text.contains("如有疑问"), "no number to call, no sentence about calling");
}

/// `pdfinfo -isodates`: the document information as `key: value` pairs. The first of a key
/// counts: pdfinfo adds the PDF/X standard's own `Title` after the document's.
fn pdf_info(pdf: &[u8]) -> std::collections::BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfinfo").arg("-isodates").arg(&path).output().expect("pdfinfo (poppler-utils) is installed");
    assert!(out.status.success(), "pdfinfo reads the PDF");
    let mut info = std::collections::BTreeMap::new();
    for (k, v) in String::from_utf8(out.stdout).unwrap().lines().filter_map(|l| l.split_once(':')) {
        info.entry(k.trim().to_string()).or_insert_with(|| v.trim().to_string());
    }
    info
}

#[test]
fn the_pdf_says_its_title_its_author_the_organisation_and_the_instant_it_was_issued() {
    let f = Fixture::new(Profile::Property);
    let info = pdf_info(&render(DocKind::Receipt, &f).pdf);
    assert_eq!(info.get("Title").map(String::as_str), Some("受理回执 TS-2026-000123"), "{info:?}");
    assert_eq!(info.get("Author").map(String::as_str), Some("翠苑物业服务有限公司"), "{info:?}");
    // Issued at 16:45 on 12 March in Beijing: 08:45 UTC, whatever the machine's zone.
    assert_eq!(info.get("CreationDate").map(String::as_str), Some("2026-03-12T08:45:00Z"), "{info:?}");
    assert_eq!(info.get("ModDate").map(String::as_str), Some("2026-03-12T08:45:00Z"), "{info:?}");
    let report = small_report();
    let info = pdf_info(&monthly_report(&letterhead(), &report, Lang::Zh).unwrap().pdf);
    assert_eq!(info.get("Title").map(String::as_str), Some("投诉处理月报 2026年3月"), "{info:?}");
    assert_eq!(info.get("CreationDate").map(String::as_str), Some("2026-04-01T01:00:00Z"), "the report's issue instant: {info:?}");
}

#[test]
fn times_are_printed_in_the_zone_given_not_the_machines() {
    let f = Fixture::new(Profile::Property);
    let mut doc = f.doc();
    doc.zone = chrono_tz::Europe::London;
    let text = squeeze(&pdf_text(&case_document(DocKind::Receipt, &letterhead(), &doc, Lang::Zh).unwrap().pdf));
    // Received at 09:30 in Beijing: 01:30 in London (GMT in March); issued 16:45 Beijing, 08:45 London.
    assert!(text.contains("2026年3月2日01:30"), "the received time in London:\n{text}");
    assert!(!text.contains("09:30"), "not Beijing's:\n{text}");
}

fn small_report() -> MonthlyReport {
    MonthlyReport {
        year: 2026,
        month: 3,
        total: 1,
        by_status: vec![Count { label: "处理中".into(), count: 1 }],
        by_category: vec![Count { label: "维修".into(), count: 1 }],
        by_channel: vec![Count { label: "来访".into(), count: 1 }],
        kpis: None,
        rows: vec![],
        issued_at: at(2026, 4, 1, 9, 0),
        issued_by: "刘主管".into(),
        zone: chrono_tz::Asia::Shanghai,
    }
}
