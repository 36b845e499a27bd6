//! `import cases`: a GBK CSV of past complaints, dry run first (nothing written), then imported
//! with the refused rows in an Excel file beside it; the same file is refused the second time.
mod common;
use common::{Cli, PROPERTY_SETUP};

const FILE: &str = "投诉时间,客户姓名,手机,投诉内容,类别,状态,结案时间
2021/6/1 10:00,王先生,13800138000,电梯异响,工程维修,已结案,2021/6/3
2021年6月2日,李女士,,楼道堆放杂物,环境卫生,处理中,
,赵先生,13700137000,漏水,工程维修,已结案,
";

#[test]
fn a_gbk_file_is_dry_run_then_imported_once_with_a_report_of_the_refused_rows() {
    let cli = Cli::new();
    cli.ok(&["--json", "setup"], Some(PROPERTY_SETUP));
    let file = cli.dir.path().join("旧台账.csv");
    std::fs::write(&file, encoding_rs::GBK.encode(FILE).0).unwrap();
    let path = file.to_str().unwrap();
    let count = || cli.ok(&["--json", "case", "list"], None)["total"].as_i64().unwrap();
    let before = count();

    let dry = cli.ok(&["--json", "--now", "2026-03-02T01:30:00Z", "import", "cases", path, "--as", "admin", "--dry-run"], None);
    assert_eq!((dry["imported"].as_u64(), dry["refused"].as_u64(), dry["dry_run"].as_bool()), (Some(2), Some(1), Some(true)), "{dry}");
    assert_eq!(dry["encoding"], "GB18030");
    assert_eq!(count(), before, "a dry run writes nothing");

    let done = cli.ok(&["--json", "--now", "2026-03-02T01:30:00Z", "import", "cases", path, "--as", "admin"], None);
    assert_eq!((done["imported"].as_u64(), done["refused"].as_u64(), done["incomplete"].as_u64()), (Some(2), Some(1), Some(1)), "{done}");
    let report = done["report"].as_str().expect("the report file's path");
    assert!(std::path::Path::new(report).exists(), "the refused rows are written to {report}");
    assert_eq!(count(), before + 2);

    let again = cli.refused(&["--json", "import", "cases", path, "--as", "admin"], None, 2);
    assert_eq!(again["rule"], "import.again", "{again}");
}
