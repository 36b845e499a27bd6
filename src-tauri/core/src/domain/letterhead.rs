//! The organisation as its documents show it (机构信息): name, address, 服务电话 and 投诉电话, and
//! a logo. Every document carries them; an admin keeps them (文书设置). The rules for what may
//! be saved are here; the desk stores them in `meta`.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::check_label;
use super::error::{DeskError, DeskResult};

/// Longest organisation name (as at setup).
pub const MAX_ORG_NAME: usize = 100;
pub const MAX_ADDRESS: usize = 200;
pub const MAX_PHONE: usize = 40;
/// The largest logo an admin may set.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// What an admin sets. The logo travels apart, as bytes (`set_letterhead_logo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LetterheadInput {
    pub org_name: String,
    /// 地址; empty: not printed.
    pub address: String,
    /// 服务电话 (e.g. `0571-88886666`, `95511`); empty: not printed.
    pub service_phone: String,
    /// 投诉电话; empty: not printed.
    pub complaint_phone: String,
}

impl LetterheadInput {
    /// The input as it will be kept: the name, address and phones trimmed at their ends (a
    /// stray space from a paste is never meant on a letterhead), or the first refusal, naming
    /// its field.
    pub fn checked(&self) -> DeskResult<LetterheadInput> {
        let org_name = self.org_name.trim();
        if org_name.is_empty() {
            return Err(DeskError::required("org_name", "机构名称"));
        }
        check_label("org_name", "机构名称", org_name, MAX_ORG_NAME)?;
        let address = self.address.trim();
        check_label("address", "地址", address, MAX_ADDRESS)?;
        let service_phone = checked_phone("service_phone", "服务电话", &self.service_phone)?;
        let complaint_phone = checked_phone("complaint_phone", "投诉电话", &self.complaint_phone)?;
        Ok(LetterheadInput { org_name: org_name.into(), address: address.into(), service_phone, complaint_phone })
    }
}

/// A phone as printed for customers to call: digits with `+ - ( )`, spaces, `/`, `、` between two
/// numbers and `转` before an extension; at least three digits (`12345`, `95511`). Empty is none.
fn checked_phone(field: &str, label: &str, raw: &str) -> DeskResult<String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    let allowed = value.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | ' ' | '/' | '、' | '转'));
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if value.chars().count() > MAX_PHONE || !allowed || digits < 3 {
        return Err(DeskError::invalid(field, format!("“{label}”应为电话号码（数字，可含 + - 空格、括号和“转”分机），最多 {MAX_PHONE} 字"))
            .rule("letterhead.phone"));
    }
    Ok(value.to_string())
}

/// Refuses a logo that is not a PNG image of at most [`MAX_LOGO_BYTES`] (its signature and a
/// header with a size; the documents decode it when they draw it).
pub fn check_logo(bytes: &[u8]) -> DeskResult<()> {
    let refused = || DeskError::invalid("logo", "标志须为 1 MB 以内的 PNG 图片").rule("logo.png");
    if bytes.len() > MAX_LOGO_BYTES || !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16) != Some(b"IHDR") {
        return Err(refused());
    }
    let size = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]])).unwrap_or(0);
    if size(16) == 0 || size(20) == 0 {
        return Err(refused());
    }
    Ok(())
}

/// `data:image/png;base64,…`, for the settings page to show the logo in force.
pub fn png_data_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(22 + bytes.len().div_ceil(3) * 4);
    out.push_str("data:image/png;base64,");
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8) | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, phone: &str) -> LetterheadInput {
        LetterheadInput { org_name: name.into(), address: " 杭州市西湖区文三路 1 号 ".into(), service_phone: phone.into(), complaint_phone: String::new() }
    }

    #[test]
    fn a_profile_is_kept_trimmed_or_refused_naming_the_field() {
        let ok = input("翠苑物业", "0571-8888 6666 转 8001").checked().unwrap();
        assert_eq!(ok.address, "杭州市西湖区文三路 1 号", "the ends are trimmed, the inside kept");
        assert_eq!(ok.service_phone, "0571-8888 6666 转 8001", "an extension is a phone too");
        for (bad, field) in [(input(" ", "95511"), "org_name"), (input("翠苑", "call us"), "service_phone"), (input("翠苑", "12"), "service_phone"), (input("翠\u{202E}苑", ""), "org_name")] {
            assert_eq!(bad.checked().unwrap_err().field.as_deref(), Some(field), "{bad:?} is refused at its field");
        }
    }

    #[test]
    fn only_a_png_with_a_size_is_a_logo() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 0, 40, 0, 0, 0, 20]);
        assert!(check_logo(&png).is_ok());
        assert!(check_logo(b"GIF89a").is_err(), "not a PNG");
        assert!(check_logo(&png[..16]).is_err(), "no size");
    }

    #[test]
    fn a_data_url_is_standard_base64() {
        assert_eq!(png_data_url(b"Man"), "data:image/png;base64,TWFu");
        assert_eq!(png_data_url(b"Ma"), "data:image/png;base64,TWE=");
        assert_eq!(png_data_url(b"M"), "data:image/png;base64,TQ==");
        assert_eq!(png_data_url(b""), "data:image/png;base64,");
    }
}
