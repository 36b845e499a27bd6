//! No personal data in log files: a whole desk loop runs under a capturing subscriber (every
//! event and span, at every level, with span fields) and the captured log holds ids and codes
//! but none of the customer's name, phone, ID number, policy number or texts.
use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::Duration;
use complaintdesk_core::desk::dto::{CorrectionInput, NoteInput};
use complaintdesk_core::domain::correction::CaseCorrection;
use complaintdesk_core::domain::case::{CaseInput, CaseQuery, DocumentKind};
use complaintdesk_core::domain::followup::AttemptInput;
use complaintdesk_core::domain::lifecycle::StepFields;
use complaintdesk_core::domain::types::{Channel, Claim, ContactMethod, Profile, Role};
use tracing_subscriber::fmt::format::FmtSpan;

mod common;
use common::{add_user, set_up, step, t0};

const NAME: &str = "欧阳紫菱";
const PHONE: &str = "13987650321";
const ID: &str = "44030119880707123X";
const POLICY: &str = "PZQX20269999777";
const DESCRIPTION: &str = "河马紫罗兰事件：理赔款被扣留";
const NOTE: &str = "与客户核对银行卡尾号河马";
const COMMENT: &str = "客户说紫罗兰已到账";
const FILE: &str = "紫罗兰收据.pdf";
const NEW_NAME: &str = "司马青霞";
const NEW_PHONE: &str = "13711112222";
const REASON: &str = "河马登记时把电话录错";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

on_both_stores! {
#[test]
fn a_desk_loop_logs_ids_and_codes_but_no_personal_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .finish();

    tracing::subscriber::with_default(subscriber, || {
        let (mut desk, boss, _dir) = set_up(Profile::Insurance, t0() - Duration::days(10));
        let handler = add_user(&mut desk, boss, "li", "李工", vec![Role::Handler], t0());
        let caller = add_user(&mut desk, boss, "zhao", "赵回访", vec![Role::Followup], t0());
        let input = CaseInput {
            customer_name: Some(NAME.into()),
            customer_phone: Some(PHONE.into()),
            customer_id_number: Some(ID.into()),
            policy_number: Some(POLICY.into()),
            channel: Some(Channel::Phone),
            received_at: Some(t0()),
            subject: Some(DESCRIPTION.into()),
            description: Some(DESCRIPTION.into()),
            claim: Some(Claim::Compensation),
            category: Some("claims".into()),
            subcategory: Some("claims.delay".into()),
            business_line: Some("health".into()),
            ..Default::default()
        };
        // A refused intake too: its error carries the text, the log must not.
        let bad = CaseInput { customer_phone: Some(format!("{PHONE}x")), ..input.clone() };
        assert!(desk.create_case(boss, &bad, t0()).is_err(), "a malformed phone is refused");
        let id = desk.create_case(boss, &input, t0()).unwrap().case.id;
        desk.move_case(boss, id, &step("accept", StepFields::default()), t0()).unwrap();
        let assign = StepFields { department: Some("理赔部".into()), handler_id: Some(handler), ..Default::default() };
        desk.move_case(boss, id, &step("assign", assign), t0()).unwrap();
        desk.move_case(handler, id, &step("start", StepFields::default()), t0()).unwrap();
        desk.add_note(handler, id, &NoteInput { text: NOTE.into(), internal: false, kind: None, contact_method: None, department: None }, t0()).unwrap();
        desk.add_attachment(handler, id, FILE, b"receipt", t0()).unwrap();
        let respond = StepFields {
            facts: Some(NOTE.into()),
            decision_basis: Some("保险合同第十二条".into()),
            outcome: Some(COMMENT.into()),
            notice_method: Some(ContactMethod::Phone),
            ..Default::default()
        };
        desk.move_case(handler, id, &step("respond", respond), t0() + Duration::hours(1)).unwrap();
        let call = AttemptInput {
            method: Some(ContactMethod::Phone),
            reached: true,
            satisfaction: Some(5),
            solved: Some(true),
            duration_minutes: Some(3),
            comment: Some(COMMENT.into()),
            ..Default::default()
        };
        desk.followup_queue(caller, t0() + Duration::hours(2)).unwrap();
        desk.followup_form(caller, id).unwrap();
        desk.record_followup(caller, id, &call, t0() + Duration::hours(2)).unwrap();
        desk.list_cases(boss, &CaseQuery { text: Some(DESCRIPTION.into()), ..Default::default() }).unwrap();
        desk.customer_history(boss, Some(PHONE), Some(ID), None, t0()).unwrap();
        desk.export_cases(boss, &CaseQuery::default()).unwrap();
        desk.document_data(boss, id, DocumentKind::Receipt, t0() + Duration::hours(3)).unwrap();
        desk.record_document(boss, id, DocumentKind::Receipt, 1, t0() + Duration::hours(3)).unwrap();
        desk.reveal_personal_data(boss, id, t0() + Duration::hours(3)).unwrap();
        // A correction of the customer (refused once for a malformed phone) on the closed case.
        let fix = |phone: &str| CorrectionInput {
            fields: CaseCorrection { customer_name: Some(NEW_NAME.into()), customer_phone: Some(phone.into()), ..Default::default() },
            reason: REASON.into(),
            expected_version: None,
        };
        assert!(desk.correct_case(boss, id, &fix(&format!("{NEW_PHONE}x")), t0() + Duration::hours(4)).is_err(), "a malformed phone is refused");
        desk.correct_case(boss, id, &fix(NEW_PHONE), t0() + Duration::hours(4)).unwrap();
    });

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("case registered") && log.contains("case_id="), "the loop was logged, by case id:\n{log}");
    assert!(log.contains("case corrected"), "the correction was logged, by case id");
    for secret in [NAME, PHONE, ID, POLICY, DESCRIPTION, NOTE, COMMENT, FILE, NEW_NAME, NEW_PHONE, REASON, "河马", "紫罗兰", "13987650321", "9999777", "1111222"] {
        assert!(!log.contains(secret), "the log must not contain “{secret}”:\n{log}");
    }
}
}
