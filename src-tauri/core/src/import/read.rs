//! A file of past complaints as a table of text cells: CSV in UTF-8 (with or without BOM) or in
//! GBK/GB18030, as Chinese Excel writes it, detected and never guessed silently (the encoding is
//! named in the preview); or a workbook (.xlsx, .xls, .ods), its first sheet.
use std::io::Cursor;

use calamine::{Data, Reader};

use crate::domain::{DeskError, DeskResult};

/// A file's cells: its header row and every row under it, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    /// Each row with its number in the file (the header row is 1 when it is the first).
    pub rows: Vec<(usize, Vec<String>)>,
    /// How the file's text was read: `UTF-8`, `GB18030`, or `Excel` for a workbook.
    pub encoding: &'static str,
}

fn refused(message: String) -> DeskError {
    DeskError::invalid("file", message).rule("import.file")
}

/// The text of a CSV file and the name of its encoding. UTF-8 (a BOM is dropped) when the bytes
/// are UTF-8; otherwise what the detector finds for Chinese text, GBK read as GB18030 (its
/// superset). Bytes that do not decode cleanly are refused, naming the encoding tried.
pub fn decode(bytes: &[u8]) -> DeskResult<(String, &'static str)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let mut encoding = detector.guess(Some(b"cn"), true);
    if encoding == encoding_rs::GBK {
        encoding = encoding_rs::GB18030;
    }
    let (text, _, bad) = encoding.decode(bytes);
    if bad {
        return Err(refused(format!("文件不是 UTF-8，按 {} 读也有无法识别的字符：请在 Excel 中另存为“CSV UTF-8”后再导入", encoding.name())));
    }
    Ok((text.into_owned(), if encoding == encoding_rs::GB18030 { "GB18030" } else { encoding.name() }))
}

/// A number cell as people typed it: whole numbers without `.0` (a phone stored as a number).
fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Float(v) => number_text(*v),
        Data::Int(v) => v.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        // A date cell is its serial number, which the time parser reads in the file's zone.
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn is_workbook(file_name: &str) -> bool {
    let lower = file_name.to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"].iter().any(|e| lower.ends_with(e))
}

/// The table of `bytes`, a file named `file_name` (its extension says CSV or workbook). Empty
/// rows are left out; a file without a header row is refused.
pub fn read(file_name: &str, bytes: &[u8]) -> DeskResult<Table> {
    let (mut rows, encoding) = if is_workbook(file_name) {
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| refused(format!("无法读取 Excel 文件：{e}")))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| refused("Excel 文件里没有工作表".into()))?
            .map_err(|e| refused(format!("无法读取第一个工作表：{e}")))?;
        let first = range.start().map_or(0, |(row, _)| row as usize);
        (range.rows().enumerate().map(|(i, r)| (first + i + 1, r.iter().map(cell_text).collect::<Vec<_>>())).collect::<Vec<_>>(), "Excel")
    } else {
        let (text, encoding) = decode(bytes)?;
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| refused(format!("CSV 文件无法读取：{e}")))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            rows.push((line, record.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>()));
        }
        (rows, encoding)
    };
    rows.retain(|(_, r)| r.iter().any(|c| !c.is_empty()));
    if rows.is_empty() {
        return Err(refused("文件是空的：第一行应是列名，下面每行一件投诉".into()));
    }
    let (_, headers) = rows.remove(0);
    Ok(Table { headers, rows, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom_and_gbk_are_read_and_named() {
        let text = "收到时间,投诉内容\n2020/3/18,电梯坏了\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), (text.to_string(), "UTF-8"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), (text.to_string(), "UTF-8"), "the BOM is not part of the first header");
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), (text.to_string(), "GB18030"));
    }

    #[test]
    fn a_csv_becomes_headers_and_rows_without_empty_lines() {
        let t = read("旧系统.csv", "收到时间,投诉内容\n2020/3/18,\"电梯坏了,三天没修\"\n,\n2020/3/19,漏水\n".as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["收到时间", "投诉内容"]);
        let row = |n: usize, cells: [&str; 2]| (n, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        assert_eq!(t.rows, vec![row(2, ["2020/3/18", "电梯坏了,三天没修"]), row(4, ["2020/3/19", "漏水"])], "rows keep their numbers in the file");
        assert!(read("空.csv", b"\n\n").is_err(), "a file with no header row is refused");
    }
}
