//! The one font every document uses: Noto Sans CJK SC Regular (SIL OFL 1.1, `fonts/OFL.txt`),
//! embedded in the binary and parsed once. printpdf subsets it on save, so a PDF carries only the
//! glyphs it shows.
use std::sync::OnceLock;

use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};
use printpdf::ParsedFont;

static FONT_BYTES: &[u8] = include_bytes!("../fonts/NotoSansSC-Regular.otf");

/// Drawn in place of a character the font has no glyph for (the font has this one).
pub const PLACEHOLDER: char = '□';

/// The parsed face and what layout needs from it: coverage and advance widths.
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
}

impl Face {
    /// The glyph for `c`, if the font has one (glyph 0 is `.notdef`, i.e. none).
    fn glyph(&self, c: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(c as u32).filter(|g| *g != 0)
    }

    pub(crate) fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The advance width of `c` in ems (characters without a glyph measure as the placeholder).
    pub(crate) fn advance(&self, c: char) -> f32 {
        let g = self.glyph(c).or_else(|| self.glyph(PLACEHOLDER)).unwrap_or(0);
        f32::from(self.parsed.get_horizontal_advance(g)) / self.units_per_em
    }

    /// The width of `s` in ems.
    pub(crate) fn width(&self, s: &str) -> f32 {
        s.chars().map(|c| self.advance(c)).sum()
    }
}

/// The embedded face, parsed on first use.
pub(crate) fn face() -> DeskResult<&'static Face> {
    static FACE: OnceLock<Option<Face>> = OnceLock::new();
    FACE.get_or_init(|| {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut warnings)?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        Some(Face { parsed, units_per_em })
    })
    .as_ref()
    .ok_or_else(|| DeskError::new(ErrorCode::Invalid, "内置字体无法读取，无法生成 PDF").rule("docs.font"))
}

/// Whether the embedded font can draw `c` (callers may check text before issuing a document).
pub fn font_has_glyph(c: char) -> bool {
    face().map(|f| f.has(c)).unwrap_or(false)
}
