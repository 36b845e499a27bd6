//! 来电弹屏: a softphone or call-centre system opens `complaintdesk://intake?phone=…` on an
//! incoming call, and the desk comes forward on the intake form with that phone filled in. This
//! is the rule for such a link: which links are the desk's, and what they may carry.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::normalize_phone;
use super::{DeskError, DeskResult};

/// The scheme the desk answers to (registered by the installer).
pub const SCHEME: &str = "complaintdesk";

/// What an incoming call's link asks the window to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScreenPop {
    /// The caller's number, checked like a phone typed at intake; none when the link has none.
    pub phone: Option<String>,
}

/// Whether a command-line argument is one of the desk's links (and not a file or a flag).
pub fn is_link(arg: &str) -> bool {
    arg.len() > SCHEME.len() + 3 && arg[..SCHEME.len()].eq_ignore_ascii_case(SCHEME) && arg[SCHEME.len()..].starts_with("://")
}

fn refused(why: &str) -> DeskError {
    DeskError::invalid("link", format!("来电链接无效：{why}（格式：complaintdesk://intake?phone=号码）")).rule("screen_pop.format")
}

fn percent_decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Reads `complaintdesk://intake?phone=…`: only the `intake` target, only a `phone` that passes
/// the intake rule (other parameters are ignored, so a call system may add its own).
pub fn parse(link: &str) -> DeskResult<ScreenPop> {
    if !is_link(link) {
        return Err(refused("不是客诉台的链接"));
    }
    let rest = &link[SCHEME.len() + 3..];
    let (target, query) = rest.split_once('?').unwrap_or((rest, ""));
    if target.trim_end_matches('/') != "intake" {
        return Err(refused("只支持 intake（登记投诉）"));
    }
    let mut phone = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key == "phone" {
            let value = percent_decoded(value).ok_or_else(|| refused("号码的编码有误"))?;
            let value = value.trim();
            if !value.is_empty() {
                phone = Some(normalize_phone(value).map_err(|_| refused("号码应为 5 到 20 位数字"))?);
            }
        }
    }
    Ok(ScreenPop { phone })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_link_carries_the_callers_number() {
        assert_eq!(parse("complaintdesk://intake?phone=13800138000").unwrap().phone.as_deref(), Some("13800138000"));
        assert_eq!(parse("complaintdesk://intake/?phone=%2B86%20138-0013-8000&agent=7").unwrap().phone.as_deref(), Some("+8613800138000"));
        assert_eq!(parse("ComplaintDesk://intake").unwrap().phone, None, "no number: the form opens empty");
    }

    #[test]
    fn other_links_and_bad_numbers_are_refused_naming_the_link() {
        for bad in ["https://example.com/intake?phone=1380013", "complaintdesk://cases/1", "complaintdesk://intake?phone=12", "complaintdesk://intake?phone=<script>", "complaintdesk://intake?phone=%ZZ"] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("link"), "{bad}");
            assert_eq!(e.rule.as_deref(), Some("screen_pop.format"), "{bad}");
        }
        assert!(!is_link("--data-dir"));
        assert!(!is_link("/home/desk/complaintdesk.sqlite3"));
    }
}
