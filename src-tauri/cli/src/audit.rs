//! `db verify` (the audit chain) and `case storm` (a stream of acknowledged saves, for the crash
//! test). Glue over `Desk::verify_audit` and `Desk::create_case`.
use std::io::Write;
use std::path::PathBuf;

use chrono::Utc;
use complaintdesk_core::desk::audit::AuditCheck;
use complaintdesk_core::desk::Desk;
use complaintdesk_core::domain::audit::BrokenReason;
use complaintdesk_core::domain::case::CaseInput;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};

fn reason_text(reason: BrokenReason) -> &'static str {
    match reason {
        BrokenReason::HashMismatch => "内容与其哈希不符（记录被改动）",
        BrokenReason::PrevHashMismatch => "未链接到前一事件的哈希（前一事件被改动、删除，或本事件被插入）",
        BrokenReason::Gap => "事件编号不连续（前面的事件被删除）",
        BrokenReason::Unreadable => "内容无法读取（记录已损坏，或被本程序以外的工具写入）",
    }
}

fn reason_code(reason: BrokenReason) -> &'static str {
    match reason {
        BrokenReason::HashMismatch => "hash_mismatch",
        BrokenReason::PrevHashMismatch => "prev_hash_mismatch",
        BrokenReason::Gap => "gap",
        BrokenReason::Unreadable => "unreadable",
    }
}

/// Checks the chain (as `user` when given, with their roles checked; else as whoever holds the
/// file, like `db check`), prints the result, and fails naming the first broken event.
pub fn verify(desk: &Desk, user: Option<i64>, json: bool) -> DeskResult<()> {
    let check: AuditCheck = match user {
        Some(me) => desk.verify_audit(me)?,
        None => desk.audit_check()?,
    };
    report(check, json)
}

/// Prints a chain check, and fails naming the first broken event.
pub fn report(check: AuditCheck, json: bool) -> DeskResult<()> {
    let text = if json {
        serde_json::to_string_pretty(&check).map_err(|e| DeskError::storage(e.to_string()))?
    } else {
        match &check.first_broken {
            None => format!("审计链完整：{} 个事件全部校验通过", check.events),
            Some(b) => format!(
                "审计链断开：事件 #{}（案件 {}）{}；此前 {} 个事件校验通过",
                b.event_id,
                b.case_number.as_deref().unwrap_or("未知"),
                reason_text(b.reason),
                check.events
            ),
        }
    };
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    match check.first_broken {
        None => Ok(()),
        Some(b) => Err(DeskError::new(
            ErrorCode::DatabaseCorrupt,
            format!("审计链在事件 #{}（案件 {}）处断开：{}", b.event_id, b.case_number.as_deref().unwrap_or("未知"), reason_text(b.reason)),
        )
        .rule(format!("audit.{}", reason_code(b.reason)))),
    }
}

/// Registers the complaint in `input` `count` times, printing `saved <number>` after each commit
/// has returned (and flushing), so a reader knows exactly which saves were acknowledged.
/// Reads no stdin; for the crash test, which kills it mid-way.
pub fn storm(desk: &Desk, user: i64, input: &PathBuf, count: u64) -> DeskResult<()> {
    let text = std::fs::read_to_string(input).map_err(|e| DeskError::invalid("input", format!("无法读取 {}：{e}", input.display())))?;
    let case: CaseInput = crate::parse_json(&text, "input")?;
    let mut out = std::io::stdout().lock();
    for _ in 0..count {
        let detail = desk.create_case(user, &case, Utc::now())?;
        if writeln!(out, "saved {}", detail.case.number).and_then(|_| out.flush()).is_err() {
            break; // the reader went away
        }
    }
    Ok(())
}
