//! The first sheet of an .xlsx file as a stream of rows, in memory that does not grow with the
//! file. A workbook keeps most of its text in one table of shared strings, which its cells name
//! by number; a reader that holds that table (as calamine's does) grows with every distinct
//! description in the file. Here the table is written to a temporary file as it is read, with
//! the end of each string in a second one, and a cell's string is read back from there: the
//! strings come in the order the sheet first uses them, so the reading is mostly sequential, and
//! the few values that repeat (channels, categories, statuses) stay in a small cache.
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::read::Flow;
use crate::domain::{DeskError, DeskResult};

/// How many strings the cache keeps (by number, each in its slot).
const CACHE_SLOTS: usize = 1024;

/// What is wrong with the workbook, in words for the person importing it.
#[derive(Debug)]
struct XlsxError(String);

impl From<std::io::Error> for XlsxError {
    fn from(e: std::io::Error) -> Self {
        XlsxError(e.to_string())
    }
}

impl From<quick_xml::Error> for XlsxError {
    fn from(e: quick_xml::Error) -> Self {
        XlsxError(format!("XML 有误：{e}"))
    }
}

impl From<zip::result::ZipError> for XlsxError {
    fn from(e: zip::result::ZipError) -> Self {
        XlsxError(format!("不是有效的 .xlsx 文件（{e}）"))
    }
}

/// A file read at positions that mostly follow each other: a seek only when they do not.
struct Positioned {
    file: BufReader<File>,
    at: u64,
}

impl Positioned {
    fn new(mut file: BufWriter<File>) -> Result<Positioned, XlsxError> {
        file.flush()?;
        let mut file = file.into_inner().map_err(|e| XlsxError(e.to_string()))?;
        file.seek(SeekFrom::Start(0))?;
        Ok(Positioned { file: BufReader::with_capacity(64 * 1024, file), at: 0 })
    }

    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> Result<(), XlsxError> {
        if at != self.at {
            self.file.seek_relative(at as i64 - self.at as i64)?;
        }
        self.file.read_exact(buf)?;
        self.at = at + buf.len() as u64;
        Ok(())
    }
}

/// The shared strings, kept in temporary files (removed when dropped).
struct SharedStrings {
    text: Positioned,
    ends: Positioned,
    count: u64,
    cache: Vec<Option<(u64, String)>>,
}

impl SharedStrings {
    fn empty() -> Result<SharedStrings, XlsxError> {
        Ok(SharedStrings {
            text: Positioned::new(BufWriter::new(tempfile::tempfile()?))?,
            ends: Positioned::new(BufWriter::new(tempfile::tempfile()?))?,
            count: 0,
            cache: vec![None; CACHE_SLOTS],
        })
    }

    /// Reads the table (`xl/sharedStrings.xml`) into the temporary files.
    fn read(source: impl Read) -> Result<SharedStrings, XlsxError> {
        let mut text = BufWriter::new(tempfile::tempfile()?);
        let mut ends = BufWriter::new(tempfile::tempfile()?);
        let mut written = 0u64;
        let mut count = 0u64;
        let mut xml = XmlReader::from_reader(BufReader::new(source));
        let mut buf = Vec::new();
        let mut one = String::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf)? {
                Event::Start(e) if e.local_name().as_ref() == "si" => {
                    one.clear();
                    read_string(&mut xml, "si", &mut one)?;
                }
                Event::Empty(e) if e.local_name().as_ref() == "si" => one.clear(),
                Event::Eof => break,
                _ => continue,
            }
            text.write_all(one.as_bytes())?;
            written += one.len() as u64;
            ends.write_all(&written.to_le_bytes())?;
            count += 1;
        }
        Ok(SharedStrings { text: Positioned::new(text)?, ends: Positioned::new(ends)?, count, cache: vec![None; CACHE_SLOTS] })
    }

    /// String number `n` of the table.
    fn get(&mut self, n: u64) -> Result<String, XlsxError> {
        if n >= self.count {
            return Err(XlsxError(format!("单元格引用了不存在的第 {n} 个共享字符串")));
        }
        let slot = (n % CACHE_SLOTS as u64) as usize;
        if let Some((at, s)) = &self.cache[slot] {
            if *at == n {
                return Ok(s.clone());
            }
        }
        let (start, end) = if n == 0 {
            let mut end = [0u8; 8];
            self.ends.read_at(0, &mut end)?;
            (0, u64::from_le_bytes(end))
        } else {
            let mut both = [0u8; 16];
            self.ends.read_at((n - 1) * 8, &mut both)?;
            (u64::from_le_bytes(both[..8].try_into().unwrap()), u64::from_le_bytes(both[8..].try_into().unwrap()))
        };
        let mut bytes = vec![0u8; (end - start) as usize];
        self.text.read_at(start, &mut bytes)?;
        let s = String::from_utf8(bytes).map_err(|_| XlsxError("共享字符串不是有效的 UTF-8".into()))?;
        self.cache[slot] = Some((n, s.clone()));
        Ok(s)
    }
}

/// Excel's own escape of a character XML cannot hold: `_x000D_` is a carriage return.
fn unescape_ooxml(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let code = tail.get(2..6).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()) && tail.as_bytes().get(6) == Some(&b'_'));
        match code.and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of an element (`<si>` of the table, `<is>` of a cell) up to its end: every `<t>` in
/// it (a rich text has several), without the phonetic guide (`<rPh>`).
fn read_string<B: BufRead>(xml: &mut XmlReader<B>, closing: &str, out: &mut String) -> Result<(), XlsxError> {
    let mut buf = Vec::new();
    let mut phonetic = false;
    let mut in_t = false;
    let mut run = String::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                in_t = true;
                run.clear();
            }
            Event::End(e) if e.local_name().as_ref() == "t" && in_t => {
                in_t = false;
                out.push_str(&unescape_ooxml(&run));
            }
            Event::Text(t) if in_t => run.push_str(&t.xml10_content()),
            Event::CData(t) if in_t => run.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => match r.resolve_char_ref()? {
                Some(c) => run.push(c),
                None => run.push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap_or("")),
            },
            Event::End(e) if e.local_name().as_ref() == closing => return Ok(()),
            Event::Eof => return Err(XlsxError("XML 提前结束".into())),
            _ => {}
        }
    }
}

/// An attribute's value, by its name without prefix.
fn attribute(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, XlsxError> {
    for a in e.attributes() {
        let a = a.map_err(|e| XlsxError(format!("XML 属性有误：{e}")))?;
        if a.key.local_name().as_ref() == name {
            return Ok(Some(a.value.to_string()));
        }
    }
    Ok(None)
}

/// The zero-based column and one-based row of a cell reference such as `B12`.
fn position(reference: &str) -> Option<(usize, Option<usize>)> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 {
        return None;
    }
    let column = reference[..letters].bytes().fold(0usize, |n, b| n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)) - 1;
    Some((column, reference[letters..].parse().ok()))
}

/// The path in the archive of the workbook's first sheet.
fn first_sheet<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<String, XlsxError> {
    let mut rid = None;
    {
        let mut xml = XmlReader::from_reader(BufReader::new(zip.by_name("xl/workbook.xml")?));
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf)? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                    rid = attribute(&e, "id")?;
                    break;
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    let rid = rid.ok_or_else(|| XlsxError("Excel 文件里没有工作表".into()))?;
    let mut xml = XmlReader::from_reader(BufReader::new(zip.by_name("xl/_rels/workbook.xml.rels")?));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" && attribute(&e, "Id")?.as_deref() == Some(rid.as_str()) => {
                let target = attribute(&e, "Target")?.ok_or_else(|| XlsxError("工作表的位置缺失".into()))?;
                return Ok(match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{}", target.trim_start_matches("./")),
                });
            }
            Event::Eof => return Err(XlsxError("找不到第一个工作表".into())),
            _ => {}
        }
    }
}

/// A cell's value as text, by its type (`t`): shared string, inline string, formula string,
/// boolean, error, ISO date, or a number (a date cell is its serial number, which the time
/// parser reads in the file's zone).
fn cell_text(kind: Option<&str>, value: &str, strings: &mut SharedStrings) -> Result<String, XlsxError> {
    Ok(match kind {
        Some("s") if value.trim().is_empty() => String::new(),
        Some("s") => {
            let n = value.trim().parse::<u64>().map_err(|_| XlsxError(format!("共享字符串编号“{value}”不是数字")))?;
            strings.get(n)?.trim().to_string()
        }
        Some("b") => if value.trim() == "1" { "是" } else { "否" }.to_string(),
        Some("str" | "inlineStr" | "e" | "d") => value.trim().to_string(),
        _ => match value.trim().parse::<f64>() {
            Ok(v) => super::read::number_text(v),
            Err(_) => value.trim().to_string(),
        },
    })
}

/// Why reading stopped early: the file, or what the caller said of a row.
enum Stop {
    File(XlsxError),
    Visit(DeskError),
}

macro_rules! stops_on {
    ($($e:ty),*) => {$(
        impl From<$e> for Stop {
            fn from(e: $e) -> Self {
                Stop::File(e.into())
            }
        }
    )*};
}
stops_on!(XlsxError, std::io::Error, quick_xml::Error, zip::result::ZipError);

/// Calls `each` with every row of the first sheet that has a cell: its row number (one-based, as
/// Excel shows it) and its cells' text, left to right, until `each` says stop. `bad` words what
/// is wrong with the file.
pub fn rows<R: Read + Seek>(reader: R, each: &mut dyn FnMut(usize, Vec<String>) -> DeskResult<Flow>, bad: impl Fn(String) -> DeskError) -> DeskResult<()> {
    match scan(reader, each) {
        Ok(()) => Ok(()),
        Err(Stop::Visit(e)) => Err(e),
        Err(Stop::File(XlsxError(why))) => Err(bad(why)),
    }
}

fn scan<R: Read + Seek>(reader: R, each: &mut dyn FnMut(usize, Vec<String>) -> DeskResult<Flow>) -> Result<(), Stop> {
    let mut zip = zip::ZipArchive::new(reader)?;
    let sheet = first_sheet(&mut zip)?;
    let mut strings = match zip.by_name("xl/sharedStrings.xml") {
        Ok(table) => SharedStrings::read(table)?,
        Err(zip::result::ZipError::FileNotFound) => SharedStrings::empty()?,
        Err(e) => return Err(e.into()),
    };
    let mut xml = XmlReader::from_reader(BufReader::with_capacity(64 * 1024, zip.by_name(&sheet)?));
    let mut buf = Vec::new();
    let mut row_number = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut has_cell = false;
    let mut column = 0usize;
    let mut kind: Option<String> = None;
    let mut value = String::new();
    let mut in_v = false;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                row_number = attribute(&e, "r")?.and_then(|r| r.parse().ok()).unwrap_or(row_number + 1);
                row.clear();
                has_cell = false;
                column = 0;
            }
            Event::End(e) if e.local_name().as_ref() == "row" => {
                if has_cell && each(row_number, std::mem::take(&mut row)).map_err(Stop::Visit)? == Flow::Stop {
                    return Ok(());
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                if let Some((c, _)) = attribute(&e, "r")?.as_deref().and_then(position) {
                    column = c;
                }
                kind = attribute(&e, "t")?;
                value.clear();
            }
            Event::Empty(e) if e.local_name().as_ref() == "c" => {
                if let Some((c, _)) = attribute(&e, "r")?.as_deref().and_then(position) {
                    column = c;
                }
                column += 1;
            }
            Event::End(e) if e.local_name().as_ref() == "c" => {
                let text = cell_text(kind.as_deref(), &value, &mut strings)?;
                if !text.is_empty() {
                    if row.len() <= column {
                        row.resize(column + 1, String::new());
                    }
                    row[column] = text;
                    has_cell = true;
                }
                column += 1;
            }
            Event::Start(e) if e.local_name().as_ref() == "v" => in_v = true,
            Event::End(e) if e.local_name().as_ref() == "v" => in_v = false,
            Event::Start(e) if e.local_name().as_ref() == "is" => read_string(&mut xml, "is", &mut value)?,
            Event::Text(t) if in_v => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_v => match r.resolve_char_ref()? {
                Some(c) => value.push(c),
                None => value.push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap_or("")),
            },
            Event::End(e) if e.local_name().as_ref() == "sheetData" => return Ok(()),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader;

    /// The rows of a workbook as our stream reads them.
    fn streamed(bytes: &[u8]) -> Vec<(usize, Vec<String>)> {
        let mut out = Vec::new();
        rows(std::io::Cursor::new(bytes), &mut |n, cells| {
            out.push((n, cells));
            Ok(Flow::Go)
        }, |why| DeskError::invalid("file", why))
        .unwrap();
        out
    }

    /// The same rows as calamine reads the whole sheet: its non-empty rows, cells as text.
    fn whole(bytes: &[u8]) -> Vec<(usize, Vec<String>)> {
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let (top, _) = range.start().unwrap();
        range
            .rows()
            .enumerate()
            .filter_map(|(i, r)| {
                let mut cells: Vec<String> = r.iter().map(|c| match c {
                    calamine::Data::String(s) => s.trim().to_string(),
                    calamine::Data::Float(v) => crate::import::read::number_text(*v),
                    calamine::Data::Int(v) => v.to_string(),
                    calamine::Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
                    calamine::Data::DateTime(d) => crate::import::read::number_text(d.as_f64()),
                    calamine::Data::Empty => String::new(),
                    other => other.to_string(),
                }).collect();
                while cells.last().is_some_and(String::is_empty) {
                    cells.pop();
                }
                (!cells.is_empty()).then(|| (top as usize + i + 1, cells))
            })
            .collect()
    }

    #[test]
    fn a_sheet_streams_as_the_whole_sheet_reads_with_its_strings_from_disk() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
        sheet.write_string(0, 0, "收到时间").unwrap();
        sheet.write_string(0, 1, "投诉内容").unwrap();
        sheet.write_string(0, 3, "渠道").unwrap();
        // Two thousand rows: more distinct strings than the cache holds, and one value ("电话")
        // used again and again, so its string is read back after others took its slot.
        for i in 1..=2_000u32 {
            let when = rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 3, 18).unwrap().and_hms(9, 30, i % 60).unwrap();
            sheet.write_datetime_with_format(i, 0, &when, &date).unwrap();
            sheet.write_string(i, 1, format!("第{i}号楼电梯 & <停运>\r\n三天")).unwrap();
            if i % 7 != 0 {
                sheet.write_string(i, 3, if i % 500 == 1 { "电话" } else { "来访" }).unwrap();
            }
            sheet.write_number(i, 4, f64::from(i) * 1.5).unwrap();
            sheet.write_boolean(i, 5, i % 2 == 0).unwrap();
        }
        // A row left empty and one far down, after a gap.
        sheet.write_string(2_005, 2, "最后一行").unwrap();
        let bytes = book.save_to_buffer().unwrap();

        let ours = streamed(&bytes);
        assert_eq!(ours, whole(&bytes), "every row, numbered as Excel shows it, with the same text");
        assert_eq!(ours[1].1[1], "第1号楼电梯 & <停运>\r\n三天", "escapes and line breaks as written");
        assert_eq!(ours.last().unwrap().0, 2_006);
    }

    #[test]
    fn inline_and_rich_strings_and_excel_escapes_are_text() {
        assert_eq!(unescape_ooxml("一_x000D_二_x0009_"), "一\r二\t");
        assert_eq!(unescape_ooxml("_x12_ and _xZZZZ_"), "_x12_ and _xZZZZ_", "not an escape: left as it is");
        let mut xml = XmlReader::from_reader("<si><r><t>电梯</t></r><r><t xml:space=\"preserve\"> 坏了</t></r><rPh><t>でんき</t></rPh></si>".as_bytes());
        let mut buf = Vec::new();
        xml.read_event_into(&mut buf).unwrap();
        let mut out = String::new();
        read_string(&mut xml, "si", &mut out).unwrap();
        assert_eq!(out, "电梯 坏了", "the runs of a rich string, without the phonetic guide");
        assert_eq!(position("AB12"), Some((27, Some(12))));
        assert_eq!(position("12"), None);
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_refused_with_a_reason() {
        let err = rows(std::io::Cursor::new(b"not a zip".to_vec()), &mut |_, _| Ok(Flow::Go), |why| DeskError::invalid("file", why)).unwrap_err();
        assert!(err.message.contains(".xlsx"), "{}", err.message);
    }
}
