//! Page layout: A4 pages with a header (organisation, logo, its address and phones, a right-hand
//! note) and a footer with page numbers; the end of a document with the place for the seal; paragraphs wrapped by measured glyph widths; tables whose rows break across
//! pages with the header row repeated. Coordinates are PDF points from the bottom-left corner.
use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, Rgb, TextItem,
    XObjectId, XObjectTransform,
};

use crate::font::{Face, PLACEHOLDER};
use crate::Lang;

const PAGE_W: f32 = 595.2756; // 210 mm
const PAGE_H: f32 = 841.8898; // 297 mm
const MARGIN_X: f32 = 56.7; // 20 mm
/// Where the body starts below a header without a contact line.
const BODY_TOP: f32 = PAGE_H - 80.0;
/// The contact line under the organisation's name: its size and line height.
const CONTACT_SIZE: f32 = 8.5;
const CONTACT_LH: f32 = 11.0;
/// The dashed square where the seal goes (about 42 mm, an official seal's size).
const SEAL_BOX: f32 = 120.0;
const BODY_BOTTOM: f32 = 64.0;
const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
/// Rows up to this many lines are not split across pages.
const KEEP_LINES: usize = 8;

/// Line height and where the baseline sits below the top of a line, per font size.
fn line_height(size: f32) -> f32 {
    size * 1.5
}
fn baseline_drop(size: f32) -> f32 {
    size * 1.14
}

fn grey(v: f32) -> Color {
    Color::Rgb(Rgb { r: v, g: v, b: v, icc_profile: None })
}

/// An image placed in the page header, already added to the document.
pub(crate) struct Logo {
    pub(crate) id: XObjectId,
    pub(crate) width_px: f32,
    pub(crate) height_px: f32,
}

pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// A table column: its title and its share of the body width (a table's shares add up to 1).
pub(crate) struct Column<'a> {
    pub(crate) title: &'a str,
    pub(crate) share: f32,
}

/// The pages of one document while it is being laid out.
pub(crate) struct Pages {
    face: &'static Face,
    font: FontId,
    lang: Lang,
    org: String,
    /// Address and phones, wrapped to the header's width (no line when none is set).
    contact: Vec<String>,
    note: String,
    logo: Option<Logo>,
    /// Where the body starts on every page, below the header.
    body_top: f32,
    pages: Vec<Vec<Op>>,
    /// The top of the next thing drawn on the current page.
    y: f32,
    /// Characters the font lacks that were drawn as the placeholder.
    pub(crate) missing: BTreeSet<char>,
}

impl Pages {
    /// `org` heads every page on the left with `contact` (address and phones) under it, `note`
    /// (e.g. the case number) on the right.
    pub(crate) fn new(face: &'static Face, font: FontId, lang: Lang, org: &str, contact: &str, note: &str, logo: Option<Logo>) -> Pages {
        let mut pages = Pages {
            face,
            font,
            lang,
            org: String::new(),
            contact: Vec::new(),
            note: String::new(),
            logo,
            body_top: BODY_TOP,
            pages: Vec::new(),
            y: BODY_TOP,
            missing: BTreeSet::new(),
        };
        pages.org = pages.clean(org);
        pages.note = pages.clean(note);
        let contact = pages.clean(contact).replace('\n', " ");
        if !contact.trim().is_empty() {
            let left = MARGIN_X + pages.logo_width();
            pages.contact = pages.wrap(&contact, CONTACT_SIZE, PAGE_W - MARGIN_X - left);
            pages.body_top = BODY_TOP - 6.0 - CONTACT_LH * pages.contact.len() as f32;
        }
        pages.new_page();
        pages
    }

    /// The logo's scale (28 pt high, at most 120 pt wide) and the room it takes left of the name.
    fn logo_scale(&self) -> Option<f32> {
        self.logo.as_ref().map(|logo| (28.0 / logo.height_px).min(120.0 / logo.width_px))
    }

    fn logo_width(&self) -> f32 {
        match (&self.logo, self.logo_scale()) {
            (Some(logo), Some(scale)) => logo.width_px * scale + 8.0,
            _ => 0.0,
        }
    }

    /// Text the font can draw: a character without a glyph becomes the placeholder and is
    /// remembered; tabs become spaces and carriage returns go (line feeds stay, they end paragraphs).
    pub(crate) fn clean(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\r' => {}
                '\n' => out.push('\n'),
                '\t' => out.push(' '),
                c if self.face.has(c) => out.push(c),
                c => {
                    self.missing.insert(c);
                    out.push(PLACEHOLDER);
                }
            }
        }
        out
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a document always has a page")
    }

    /// Draws cleaned text with its baseline at `(x, baseline)`.
    fn text_at(&mut self, x: f32, baseline: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        let font = PdfFontHandle::External(self.font.clone());
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont { font, size: Pt(size) },
            Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(baseline) } },
            Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
            Op::EndTextSection,
        ]);
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32) {
        let point = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
        self.ops().extend([
            Op::SetOutlineColor { col: grey(0.45) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line: Line { points: vec![point(x1, y1), point(x2, y2)], is_closed: false } },
        ]);
    }

    fn rect(&mut self, x: f32, bottom: f32, width: f32, height: f32, fill: Option<f32>) {
        let rect = |mode| Rect { x: Pt(x), y: Pt(bottom), width: Pt(width), height: Pt(height), mode: Some(mode), winding_order: None };
        if let Some(shade) = fill {
            self.ops().extend([
                Op::SetFillColor { col: grey(shade) },
                Op::DrawRectangle { rectangle: rect(PaintMode::Fill) },
                Op::SetFillColor { col: grey(0.0) },
            ]);
        }
        self.ops().extend([
            Op::SetOutlineColor { col: grey(0.55) },
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawRectangle { rectangle: rect(PaintMode::Stroke) },
        ]);
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        let x = MARGIN_X + self.logo_width();
        if let (Some(logo), Some(scale)) = (&self.logo, self.logo_scale()) {
            // Left of the organisation's name.
            let transform = XObjectTransform {
                translate_x: Some(Pt(MARGIN_X)),
                translate_y: Some(Pt(PAGE_H - 58.0)),
                scale_x: Some(scale),
                scale_y: Some(scale),
                dpi: Some(72.0),
                ..Default::default()
            };
            let id = logo.id.clone();
            self.ops().push(Op::UseXobject { id, transform });
        }
        let org = self.org.clone();
        self.text_at(x, PAGE_H - 50.0, 12.0, &org);
        let note = self.note.clone();
        let width = self.face.width(&note) * 9.0;
        self.ops().push(Op::SetFillColor { col: grey(0.35) });
        self.text_at(PAGE_W - MARGIN_X - width, PAGE_H - 50.0, 9.0, &note);
        let contact = self.contact.clone();
        for (i, line) in contact.iter().enumerate() {
            self.text_at(x, PAGE_H - 50.0 - 6.0 - CONTACT_LH * (i as f32 + 1.0) + 2.0, CONTACT_SIZE, line);
        }
        self.ops().push(Op::SetFillColor { col: grey(0.0) });
        let rule_y = self.body_top + 18.0;
        self.rule(MARGIN_X, rule_y, PAGE_W - MARGIN_X, rule_y, 0.8);
        self.y = self.body_top;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BODY_BOTTOM {
            self.new_page();
        }
    }

    pub(crate) fn gap(&mut self, height: f32) {
        self.y -= height;
        if self.y < BODY_BOTTOM {
            self.new_page();
        }
    }

    /// Splits cleaned text into lines no wider than `width` at `size`. Chinese breaks between any
    /// two characters, except that closing punctuation stays with what precedes it and opening
    /// punctuation with what follows; a Latin word or number stays whole unless it alone is wider
    /// than a line. Only spaces at a break are dropped; a line feed starts a new line.
    pub(crate) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            let mut wrapped = false;
            for token in tokens(paragraph) {
                let w = self.face.width(&token) * size;
                if token == " " {
                    if line.is_empty() && wrapped {
                        continue;
                    }
                    line.push(' ');
                    line_w += w;
                    continue;
                }
                if line_w + w <= width || line.trim_end().is_empty() && w <= width {
                    line.push_str(&token);
                    line_w += w;
                    continue;
                }
                if w <= width {
                    lines.push(line.trim_end().to_string());
                    wrapped = true;
                    line = token;
                    line_w = w;
                    continue;
                }
                // A word wider than a line: break it between characters.
                for c in token.chars() {
                    let cw = self.face.advance(c) * size;
                    if line_w + cw > width && !line.trim_end().is_empty() {
                        lines.push(line.trim_end().to_string());
                        wrapped = true;
                        line.clear();
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
            lines.push(line.trim_end().to_string());
        }
        lines
    }

    /// A paragraph of body text, wrapped, continued on the next page when it runs out.
    pub(crate) fn paragraph(&mut self, text: &str, size: f32, align: Align) {
        self.paragraph_indented(text, size, 0.0, align);
    }

    pub(crate) fn paragraph_indented(&mut self, text: &str, size: f32, indent: f32, align: Align) {
        let text = self.clean(text);
        let width = BODY_W - indent;
        for line in self.wrap(&text, size, width) {
            let lh = line_height(size);
            self.ensure(lh);
            let w = self.face.width(&line) * size;
            let x = match align {
                Align::Left => MARGIN_X + indent,
                Align::Center => MARGIN_X + indent + (width - w) / 2.0,
                Align::Right => MARGIN_X + indent + width - w,
            };
            let baseline = self.y - baseline_drop(size);
            self.text_at(x, baseline, size, &line);
            self.y -= lh;
        }
    }

    pub(crate) fn title(&mut self, text: &str) {
        self.gap(6.0);
        self.paragraph(text, 18.0, Align::Center);
        self.gap(10.0);
    }

    /// A section heading with a bar on its left; it moves to the next page rather than end one.
    pub(crate) fn heading(&mut self, text: &str) {
        let size = 12.5;
        self.gap(8.0);
        self.ensure(line_height(size) + 3.0 * line_height(10.5));
        let top = self.y;
        self.ops().extend([Op::SetFillColor { col: grey(0.25) }]);
        let bar = Rect { x: Pt(MARGIN_X), y: Pt(top - line_height(size) + 3.0), width: Pt(3.0), height: Pt(line_height(size) - 5.0), mode: Some(PaintMode::Fill), winding_order: None };
        self.ops().extend([Op::DrawRectangle { rectangle: bar }, Op::SetFillColor { col: grey(0.0) }]);
        self.paragraph_indented(text, size, 9.0, Align::Left);
        self.gap(3.0);
    }

    /// The end of a document: at the right, a dashed square marked 盖章处 (where the seal goes)
    /// with the organisation's name and the date in it, since a seal is stamped over them; at
    /// the left, when given, `lines` such as the handler who decided. Kept on one page.
    pub(crate) fn seal_block(&mut self, org: &str, date: &str, lines: &[String]) {
        let size = 10.5;
        let label = crate::words::w(self.lang, "盖章处", "Seal");
        self.gap(10.0);
        self.ensure(SEAL_BOX + 6.0);
        let top = self.y;
        let left = PAGE_W - MARGIN_X - SEAL_BOX;
        // A long name wraps inside the square into lines of about equal length (no lone
        // character on a line of its own); the square stays where the seal goes.
        let org = self.clean(org);
        let room = SEAL_BOX - 12.0;
        let full = self.face.width(&org) * size;
        let rows = (full / room).ceil().max(1.0);
        let width = if rows > 1.0 { (full / rows + size).min(room) } else { room };
        let mut text = self.wrap(&org, size, width);
        text.push(self.clean(date));
        let text_h = text.len() as f32 * line_height(size);
        let mut line_top = top - (SEAL_BOX - text_h) / 2.0;
        for line in &text {
            let w = self.face.width(line) * size;
            self.text_at(left + (SEAL_BOX - w) / 2.0, line_top - baseline_drop(size), size, line);
            line_top -= line_height(size);
        }
        self.ops().extend([Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[4.0, 3.0]) }]);
        self.rect(left, top - SEAL_BOX, SEAL_BOX, SEAL_BOX, None);
        self.ops().extend([Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[]) }]);
        let label_size = 8.0;
        let w = self.face.width(label) * label_size;
        self.ops().push(Op::SetFillColor { col: grey(0.45) });
        self.text_at(left + (SEAL_BOX - w) / 2.0, top - SEAL_BOX + 6.0, label_size, label);
        self.ops().push(Op::SetFillColor { col: grey(0.0) });
        let mut y = top - (SEAL_BOX - lines.len() as f32 * line_height(10.0)) / 2.0;
        for line in lines {
            let line = self.clean(line);
            for part in self.wrap(&line, 10.0, BODY_W - SEAL_BOX - 20.0) {
                self.text_at(MARGIN_X, y - baseline_drop(10.0), 10.0, &part);
                y -= line_height(10.0);
            }
        }
        self.y = top - SEAL_BOX - 6.0;
    }

    /// A row of labels each followed by a line to write on, e.g. 客户签字 ____ 日期 ____; the
    /// widths are the lines' lengths in points.
    pub(crate) fn write_in_line(&mut self, fields: &[(&str, f32)]) {
        let size = 11.0;
        self.gap(14.0);
        self.ensure(line_height(size) + 4.0);
        let baseline = self.y - baseline_drop(size);
        let mut x = MARGIN_X;
        for (label, width) in fields {
            let label = self.clean(label);
            self.text_at(x, baseline, size, &label);
            x += self.face.width(&label) * size + 4.0;
            self.rule(x, baseline - 2.0, x + width, baseline - 2.0, 0.6);
            x += width + 18.0;
        }
        self.y -= line_height(size) + 4.0;
    }

    /// Label/value rows, the labels shaded.
    pub(crate) fn fields(&mut self, rows: &[(&str, String)]) {
        let columns = [Column { title: "", share: 0.24 }, Column { title: "", share: 0.76 }];
        let rows: Vec<Vec<String>> = rows.iter().map(|(k, v)| vec![k.to_string(), v.clone()]).collect();
        self.table(&columns, false, &rows, 10.5, true);
    }

    /// A table of wrapped cells. A row that does not fit on what is left of a page moves to the
    /// next one; a row taller than a whole page is split between lines. With `header`, the column
    /// titles head the table and every page it continues on.
    pub(crate) fn table(&mut self, columns: &[Column], header: bool, rows: &[Vec<String>], size: f32, shade_first: bool) {
        let lh = line_height(size);
        let widths: Vec<f32> = columns.iter().map(|c| c.share * BODY_W).collect();
        let wrap_row = |pages: &mut Pages, cells: &[String]| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(cell, w)| {
                    let cell = pages.clean(cell);
                    pages.wrap(&cell, size, w - 2.0 * CELL_PAD_X)
                })
                .collect()
        };
        let titles: Vec<String> = columns.iter().map(|c| c.title.to_string()).collect();
        let head = if header { Some(wrap_row(self, &titles)) } else { None };
        let head_h = head.as_ref().map_or(0.0, |h| rows_height(h, lh));
        let mut first = true;
        for row in rows {
            let cells = wrap_row(self, row);
            let count = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let full = count as f32 * lh + 2.0 * CELL_PAD_Y;
            // A short row moves whole to the next page; a long one starts here and splits.
            let keep = if count <= KEEP_LINES { full } else { 2.0 * lh + 2.0 * CELL_PAD_Y };
            if first {
                first = false;
                self.ensure(head_h + keep);
                if let Some(head) = &head {
                    self.draw_row(&widths, head, 0, usize::MAX, size, Some(0.88), false);
                }
            } else if self.y - keep < BODY_BOTTOM {
                self.break_table(&widths, head.as_deref(), size);
            }
            let mut start = 0;
            while start < count {
                let room = ((self.y - BODY_BOTTOM - 2.0 * CELL_PAD_Y) / lh).floor();
                if room < 1.0 {
                    self.break_table(&widths, head.as_deref(), size);
                    continue;
                }
                let take = (room as usize).min(count - start);
                self.draw_row(&widths, &cells, start, take, size, None, shade_first);
                start += take;
            }
        }
        if first {
            if let Some(head) = &head {
                self.ensure(head_h);
                self.draw_row(&widths, head, 0, usize::MAX, size, Some(0.88), false);
            }
        }
        self.gap(4.0);
    }

    fn break_table(&mut self, widths: &[f32], head: Option<&[Vec<String>]>, size: f32) {
        self.new_page();
        if let Some(head) = head {
            self.draw_row(widths, head, 0, usize::MAX, size, Some(0.88), false);
        }
    }

    /// Draws lines `start..start + take` of every cell of a row as one band of the table.
    #[allow(clippy::too_many_arguments)]
    fn draw_row(&mut self, widths: &[f32], cells: &[Vec<String>], start: usize, take: usize, size: f32, shade: Option<f32>, shade_first: bool) {
        let lh = line_height(size);
        let count = cells.iter().map(|c| c.len().saturating_sub(start).min(take)).max().unwrap_or(0).max(1);
        let height = count as f32 * lh + 2.0 * CELL_PAD_Y;
        let top = self.y;
        let mut x = MARGIN_X;
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let fill = shade.or((shade_first && i == 0).then_some(0.94));
            self.rect(x, top - height, *w, height, fill);
            for (k, line) in cell.iter().skip(start).take(take).enumerate() {
                let baseline = top - CELL_PAD_Y - k as f32 * lh - baseline_drop(size);
                self.text_at(x + CELL_PAD_X, baseline, size, line);
            }
            x += w;
        }
        self.y = top - height;
    }

    /// The finished pages, each with "第 N 页 / 共 M 页" (or "Page N of M") at the foot.
    pub(crate) fn finish(mut self) -> Vec<PdfPage> {
        let total = self.pages.len();
        let mut out = Vec::with_capacity(total);
        let pages = std::mem::take(&mut self.pages);
        for (i, ops) in pages.into_iter().enumerate() {
            self.pages.push(ops);
            let label = match self.lang {
                Lang::Zh => format!("第 {} 页 / 共 {} 页", i + 1, total),
                Lang::En => format!("Page {} of {}", i + 1, total),
            };
            let w = self.face.width(&label) * 9.0;
            self.text_at((PAGE_W - w) / 2.0, 36.0, 9.0, &label);
            let ops = self.pages.pop().unwrap_or_default();
            out.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
        }
        out
    }
}

fn rows_height(cells: &[Vec<String>], lh: f32) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD_Y
}

/// Characters a line may break before and after on their own (CJK ideographs, kana, hangul,
/// full-width forms) and the placeholder.
fn breakable(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF | 0x3200..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || c == PLACEHOLDER
        || c as u32 >= 0x1F000
}

/// Punctuation that must not start a line.
fn closing(c: char) -> bool {
    "，。、；：！？）》」』】〕〉”’…—·%,.;:!?)]}".contains(c)
}

/// Punctuation that must not end a line.
fn opening(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

/// The units a line breaks between: a space, a single CJK character, or a run of other
/// characters (a Latin word or number), with punctuation glued to its neighbour.
fn tokens(paragraph: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_word = false;
    let mut glue_next = false;
    for c in paragraph.chars() {
        if c == ' ' {
            out.push(" ".to_string());
            in_word = false;
            glue_next = false;
        } else if closing(c) && out.last().is_some_and(|t| t != " ") {
            out.last_mut().expect("checked").push(c);
            in_word = c.is_ascii() && !matches!(c, ')' | ']' | '}');
        } else if opening(c) {
            if glue_next || in_word && !c.is_ascii() {
                out.last_mut().expect("a token to glue to").push(c);
            } else {
                out.push(c.to_string());
            }
            glue_next = true;
            in_word = false;
        } else if breakable(c) {
            if glue_next {
                out.last_mut().expect("a token to glue to").push(c);
            } else {
                out.push(c.to_string());
            }
            glue_next = false;
            in_word = false;
        } else {
            if glue_next || in_word {
                out.last_mut().expect("a token to glue to").push(c);
            } else {
                out.push(c.to_string());
            }
            glue_next = false;
            in_word = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_the_width_and_lose_only_spaces_at_breaks() {
        let face = crate::font::face().unwrap();
        let pages = Pages::new(face, FontId::new(), Lang::Zh, "机构", "", "", None);
        let text = "业主反映：3号楼电梯 Elevator-No.3 自2026-03-02起停运，《物业服务合同》约定24小时内到场。".repeat(12)
            + &"\nSupercalifragilisticexpialidocious".repeat(3);
        let lines = pages.wrap(&text, 11.0, 120.0);
        assert!(lines.len() > 20, "the text wraps onto many lines");
        for line in &lines {
            assert!(face.width(line) * 11.0 <= 120.0 + 0.01, "“{line}” fits in 120 pt");
            assert!(!line.starts_with('，') && !line.starts_with('》'), "“{line}” does not start with closing punctuation");
        }
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squeeze(&lines.concat()), squeeze(&text), "every character is kept, in order");
        assert!(lines.iter().any(|l| l.contains("Elevator-No.3")), "a Latin word that fits stays on one line");
    }

    #[test]
    fn tokens_keep_latin_words_and_punctuation_together() {
        assert_eq!(tokens("电梯 ABC-12，好"), vec!["电", "梯", " ", "ABC-12，", "好"], "a Latin word stays whole, a comma stays with it");
        assert_eq!(tokens("《条例》第3条"), vec!["《条", "例》", "第", "3", "条"], "brackets stay with their neighbours");
        assert_eq!(tokens("a.b, c"), vec!["a.b,", " ", "c"]);
        let text = "业主（王女士）反映：3号楼电梯停运。Lift out of order!";
        assert_eq!(tokens(text).concat(), text, "tokens lose no character");
    }
}

/// The height of a chart's plotting area, and the room under it for its labels.
const CHART_H: f32 = 130.0;
const CHART_LABELS: f32 = 16.0;
/// The width left of a chart's plotting area for its scale.
const CHART_SCALE_W: f32 = 34.0;

/// One bar of a chart: its label under (or beside) it, its value, and the text shown at its end.
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) value: f64,
    pub(crate) shown: String,
}

/// Charts, drawn as vectors (rectangles and lines), in greys that print.
impl Pages {
    /// Draws cleaned text ending at `right`.
    fn text_right(&mut self, right: f32, baseline: f32, size: f32, text: &str) {
        let text = self.clean(text);
        let width = self.face.width(&text) * size;
        self.text_at(right - width, baseline, size, &text);
    }

    /// Draws cleaned text centred on `middle`.
    fn text_centred(&mut self, middle: f32, baseline: f32, size: f32, text: &str) {
        let text = self.clean(text);
        let width = self.face.width(&text) * size;
        self.text_at(middle - width / 2.0, baseline, size, &text);
    }

    fn polyline(&mut self, points: &[(f32, f32)], thickness: f32, shade: f32) {
        let line = Line { points: points.iter().map(|&(x, y)| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }).collect(), is_closed: false };
        self.ops().extend([
            Op::SetOutlineColor { col: grey(shade) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line },
        ]);
    }

    /// The plotting area's frame: a scale of `max` at the left (0, half, all, as `scale` words
    /// them) with light lines across, kept on one page. Returns (left, bottom, width) of the area.
    fn chart_area(&mut self, max: f64, scale: &dyn Fn(f64) -> String) -> (f32, f32, f32) {
        self.ensure(CHART_H + CHART_LABELS + 8.0);
        let top = self.y - 6.0;
        let bottom = top - CHART_H;
        let left = MARGIN_X + CHART_SCALE_W;
        let width = BODY_W - CHART_SCALE_W;
        for step in 0..=2 {
            let y = bottom + CHART_H * step as f32 / 2.0;
            if step > 0 {
                self.polyline(&[(left, y), (left + width, y)], 0.3, 0.8);
            }
            self.ops().push(Op::SetFillColor { col: grey(0.35) });
            self.text_right(left - 4.0, y - 3.0, 7.5, &scale(max * step as f64 / 2.0));
            self.ops().push(Op::SetFillColor { col: grey(0.0) });
        }
        self.polyline(&[(left, bottom), (left + width, bottom)], 0.8, 0.3);
        (left, bottom, width)
    }

    /// A column chart: one column per bar, left to right, its label under it (every
    /// `label_every`-th, so that dense days stay legible) and its shown value over it (when
    /// `values`). With `cumulative`, a line of the running share (0–1) over the columns, on a
    /// scale of 0–100% at the right: a Pareto chart.
    pub(crate) fn column_chart(&mut self, bars: &[Bar], label_every: usize, values: bool, cumulative: Option<&[f64]>) {
        if bars.is_empty() {
            return;
        }
        let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
        let (left, bottom, width) = self.chart_area(max, &|v| format!("{}", v.round()));
        let slot = width / bars.len() as f32;
        let bar_w = (slot * 0.7).max(1.0);
        let mut line = Vec::new();
        for (i, bar) in bars.iter().enumerate() {
            let x = left + slot * i as f32 + (slot - bar_w) / 2.0;
            let h = (bar.value / max) as f32 * CHART_H;
            if h > 0.0 {
                self.rect(x, bottom, bar_w, h, Some(0.6));
            }
            let middle = x + bar_w / 2.0;
            if values && bar.value > 0.0 {
                self.text_centred(middle, bottom + h + 3.0, 7.0, &bar.shown);
            }
            if i % label_every.max(1) == 0 {
                let label = self.clean(&bar.label);
                let fitted = self.wrap(&label, 7.5, slot * label_every.max(1) as f32 - 2.0).into_iter().next().unwrap_or_default();
                self.text_centred(middle, bottom - 10.0, 7.5, &fitted);
            }
            if let Some(share) = cumulative.and_then(|c| c.get(i)) {
                line.push((middle, bottom + *share as f32 * CHART_H));
            }
        }
        if !line.is_empty() {
            self.polyline(&line, 1.2, 0.0);
            for &(x, y) in &line {
                self.rect(x - 1.5, y - 1.5, 3.0, 3.0, Some(0.0));
            }
            self.ops().push(Op::SetFillColor { col: grey(0.35) });
            for (step, text) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
                self.text_at(left + width + 3.0, bottom + CHART_H * step - 3.0, 7.5, text);
            }
            self.ops().push(Op::SetFillColor { col: grey(0.0) });
        }
        self.y = bottom - CHART_LABELS - 4.0;
    }

    /// A line chart of shares (0–1) on a scale of 0–100%: one point per entry, left to right,
    /// labelled under it, its value over it; a missing value breaks the line.
    pub(crate) fn share_line_chart(&mut self, points: &[(String, Option<f64>)]) {
        if points.is_empty() {
            return;
        }
        let (left, bottom, width) = self.chart_area(1.0, &|v| format!("{:.0}%", v * 100.0));
        let slot = width / points.len() as f32;
        let mut run: Vec<(f32, f32)> = Vec::new();
        for (i, (label, value)) in points.iter().enumerate() {
            let x = left + slot * (i as f32 + 0.5);
            self.text_centred(x, bottom - 10.0, 7.5, label);
            match value {
                Some(v) => {
                    let y = bottom + (*v as f32).clamp(0.0, 1.0) * CHART_H;
                    run.push((x, y));
                    self.rect(x - 2.0, y - 2.0, 4.0, 4.0, Some(0.0));
                    self.text_centred(x, y + 5.0, 7.5, &format!("{:.1}%", v * 100.0));
                }
                None => {
                    if run.len() > 1 {
                        self.polyline(&run, 1.2, 0.0);
                    }
                    run.clear();
                    self.text_centred(x, bottom + 4.0, 7.5, "—");
                }
            }
        }
        if run.len() > 1 {
            self.polyline(&run, 1.2, 0.0);
        }
        self.y = bottom - CHART_LABELS - 4.0;
    }

    /// Horizontal bars, one per line: the label at the left, the bar, its shown value after it.
    pub(crate) fn bar_rows(&mut self, bars: &[Bar]) {
        let size = 9.0;
        let lh = line_height(size) + 2.0;
        let label_w = BODY_W * 0.28;
        let room = BODY_W - label_w - 70.0;
        let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
        for bar in bars {
            self.ensure(lh);
            let top = self.y;
            let label = self.clean(&bar.label);
            let fitted = self.wrap(&label, size, label_w - 6.0).into_iter().next().unwrap_or_default();
            self.text_at(MARGIN_X, top - baseline_drop(size), size, &fitted);
            let w = (bar.value / max) as f32 * room;
            let x = MARGIN_X + label_w;
            if w > 0.0 {
                self.rect(x, top - lh + 3.0, w, lh - 5.0, Some(0.6));
            }
            self.text_at(x + w + 4.0, top - baseline_drop(size), size, &bar.shown);
            self.y -= lh;
        }
    }
}
