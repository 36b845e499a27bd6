//! A file of past complaints, row by row as text cells: CSV in UTF-8 (with or without BOM) or in
//! GBK/GB18030, as Chinese Excel writes it, detected and never guessed silently (the encoding is
//! named in the preview, and a row with bytes the encoding cannot read is refused); or a
//! workbook (.xlsx, .xls, .ods), its first sheet. CSV and .xlsx are read as a stream, a row at a
//! time, so a file of any length takes the same memory.
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, Reader};

use crate::domain::{DeskError, DeskResult};

/// Where a file's bytes are: a path (read as a stream), or bytes already in memory.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    Path(&'a Path),
    Bytes { name: &'a str, bytes: &'a [u8] },
}

impl Input<'_> {
    /// The file's name, which says CSV or workbook and is kept with each case.
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            Input::Bytes { name, .. } => name.to_string(),
        }
    }
}

/// A file's cells in memory: its header row and rows (tests, small files, the refused rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    /// Each row with its number in the file (the header row is 1 when it is the first).
    pub rows: Vec<(usize, Vec<String>)>,
    /// How the file's text was read: `UTF-8`, `GB18030`, or `Excel` for a workbook.
    pub encoding: &'static str,
}

/// Whether to read on after a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Go,
    Stop,
}

pub(super) fn refused(message: String) -> DeskError {
    DeskError::invalid("import_file", message).rule("import.file")
}

/// How many bytes the encoding is told from.
const SNIFF: usize = 64 * 1024;

/// The encoding of a CSV file's text from its first bytes: UTF-8 when they are UTF-8 (a
/// character cut at the end of the sample still is); otherwise what the detector finds for
/// Chinese text, GBK read as GB18030 (its superset).
pub fn detect(head: &[u8]) -> &'static encoding_rs::Encoding {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match std::str::from_utf8(head) {
        Ok(_) => return encoding_rs::UTF_8,
        Err(e) if e.error_len().is_none() => return encoding_rs::UTF_8,
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(head, true);
    let found = detector.guess(Some(b"cn"), true);
    if found == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        found
    }
}

fn encoding_name(e: &'static encoding_rs::Encoding) -> &'static str {
    if e == encoding_rs::GB18030 {
        "GB18030"
    } else {
        e.name()
    }
}

/// A number cell as people typed it: whole numbers without `.0` (a phone stored as a number).
pub(super) fn number_text(v: f64) -> String {
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

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default()
}

/// How the file's text will be read (what [`scan`] returns), from its name and first bytes.
pub fn encoding_of(input: Input<'_>) -> DeskResult<&'static str> {
    match extension(&input.name()).as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok("Excel"),
        _ => {
            let mut head = Vec::with_capacity(SNIFF);
            match input {
                Input::Path(p) => {
                    open(p)?.take(SNIFF as u64).read_to_end(&mut head).map_err(|e| refused(format!("无法读取文件：{e}")))?;
                }
                Input::Bytes { bytes, .. } => head.extend_from_slice(&bytes[..bytes.len().min(SNIFF)]),
            }
            Ok(encoding_name(detect(&head)))
        }
    }
}

/// Calls `visit` with each row that has a cell, the header row first, with its number in the
/// file, until it says stop; returns the name of the encoding the text was read in.
pub fn scan(input: Input<'_>, visit: &mut dyn FnMut(usize, Vec<String>) -> DeskResult<Flow>) -> DeskResult<&'static str> {
    let name = input.name();
    let mut seen = false;
    let mut each = |n: usize, cells: Vec<String>| -> DeskResult<Flow> {
        if cells.iter().all(|c| c.is_empty()) {
            return Ok(Flow::Go);
        }
        seen = true;
        visit(n, cells)
    };
    let encoding = match extension(&name).as_str() {
        "xlsx" | "xlsm" => {
            match input {
                Input::Path(p) => xlsx_rows(BufReader::new(open(p)?), &mut each)?,
                Input::Bytes { bytes, .. } => xlsx_rows(Cursor::new(bytes), &mut each)?,
            }
            "Excel"
        }
        "xls" | "xlsb" | "ods" => {
            let range = match input {
                Input::Path(p) => first_sheet(calamine::open_workbook_auto(p).map_err(|e| refused(format!("无法读取 Excel 文件：{e}")))?)?,
                Input::Bytes { bytes, .. } => first_sheet(calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| refused(format!("无法读取 Excel 文件：{e}")))?)?,
            };
            let first = range.start().map_or(0, |(row, _)| row as usize);
            for (i, r) in range.rows().enumerate() {
                if each(first + i + 1, r.iter().map(cell_text).collect())? == Flow::Stop {
                    break;
                }
            }
            "Excel"
        }
        _ => match input {
            Input::Path(p) => csv_rows(open(p)?, &mut each)?,
            Input::Bytes { bytes, .. } => csv_rows(bytes, &mut each)?,
        },
    };
    if !seen {
        return Err(refused("文件是空的：第一行应是列名，下面每行一件投诉".into()));
    }
    Ok(encoding)
}

fn open(p: &Path) -> DeskResult<File> {
    File::open(p).map_err(|e| refused(format!("无法打开 {}：{e}", p.display())))
}

fn first_sheet<R: Read + Seek>(mut book: calamine::Sheets<R>) -> DeskResult<calamine::Range<Data>> {
    book.worksheet_range_at(0).ok_or_else(|| refused("Excel 文件里没有工作表".into()))?.map_err(|e| refused(format!("无法读取第一个工作表：{e}")))
}

fn xlsx_rows<R: Read + Seek>(reader: R, each: &mut dyn FnMut(usize, Vec<String>) -> DeskResult<Flow>) -> DeskResult<()> {
    super::xlsx::rows(reader, each, |why| refused(format!("无法读取 Excel 文件：{why}")))
}

/// The rows of a CSV file, decoded as the encoding its first bytes show.
fn csv_rows(mut source: impl Read, each: &mut dyn FnMut(usize, Vec<String>) -> DeskResult<Flow>) -> DeskResult<&'static str> {
    let mut head = Vec::with_capacity(SNIFF);
    (&mut source).take(SNIFF as u64).read_to_end(&mut head).map_err(|e| refused(format!("无法读取文件：{e}")))?;
    let encoding = detect(&head);
    let text = encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding)).build(Cursor::new(head).chain(source));
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(BufReader::new(text));
    let mut record = csv::StringRecord::new();
    // A row's number is its place among the records, as Excel shows the file: a cell with a line
    // break in it stays one row (the reader's own line count is off after CRLF line ends).
    let mut number = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                number += 1;
                if each(number, record.iter().map(|c| c.trim().to_string()).collect())? == Flow::Stop {
                    break;
                }
            }
            Err(e) => return Err(refused(format!("CSV 文件无法读取：{e}"))),
        }
    }
    Ok(encoding_name(encoding))
}

/// The whole of a (small) file in memory.
pub fn read(input: Input<'_>) -> DeskResult<Table> {
    let mut headers = None;
    let mut rows = Vec::new();
    let encoding = scan(input, &mut |n, cells| {
        if headers.is_none() {
            headers = Some(cells);
        } else {
            rows.push((n, cells));
        }
        Ok(Flow::Go)
    })?;
    Ok(Table { headers: headers.unwrap_or_default(), rows, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom_and_gbk_are_read_and_named() {
        let text = "收到时间,投诉内容\n2020/3/18,电梯坏了\n";
        let want = |encoding| Table { headers: vec!["收到时间".into(), "投诉内容".into()], rows: vec![(2, vec!["2020/3/18".into(), "电梯坏了".into()])], encoding };
        let csv = |bytes: &[u8]| read(Input::Bytes { name: "a.csv", bytes }).unwrap();
        assert_eq!(csv(text.as_bytes()), want("UTF-8"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(csv(&bom), want("UTF-8"), "the BOM is not part of the first header");
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(csv(&gbk), want("GB18030"));
        let mut cut = "电".repeat(SNIFF / 3).into_bytes();
        cut.push(0xE7);
        assert_eq!(detect(&cut), encoding_rs::UTF_8, "a character cut at the end of the sample is still UTF-8");
    }

    #[test]
    fn a_csv_becomes_headers_and_rows_without_empty_lines() {
        let t = read(Input::Bytes { name: "旧系统.csv", bytes: "收到时间,投诉内容\r\n2020/3/18,\"电梯坏了,\r\n三天没修\"\r\n,\r\n2020/3/19,漏水\r\n".as_bytes() }).unwrap();
        assert_eq!(t.headers, vec!["收到时间", "投诉内容"]);
        let row = |n: usize, cells: [&str; 2]| (n, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        assert_eq!(t.rows, vec![row(2, ["2020/3/18", "电梯坏了,\r\n三天没修"]), row(4, ["2020/3/19", "漏水"])], "rows keep their numbers as Excel shows the file (CRLF, a cell of two lines)");
        assert!(read(Input::Bytes { name: "空.csv", bytes: b"\n\n" }).is_err(), "a file with no header row is refused");
    }
}
