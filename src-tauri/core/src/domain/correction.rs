//! 更正信息: what was recorded wrongly on a case, put right. A correction names the fields it
//! changes and gives their new values; the new values pass the same rules as at intake (or, for
//! the handler's findings, as at the step that recorded them), and only what really changes is
//! written. Who may correct which field is the desk's business (`desk::correct`).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::{check_label, check_text, validate_intake, Case, CaseInput, MAX_DESCRIPTION};
use super::catalog::Classification;
use super::error::{DeskError, DeskResult};
use super::lifecycle::{StepField, StepFields};
use super::types::{CaseKind, Channel, Profile};

/// The longest reason a correction may give.
pub const MAX_REASON: usize = 2000;

macro_rules! correction_fields {
    ($($variant:ident = $name:literal, $label:literal;)+) => {
        /// A field a correction may change, named as in `CaseCorrection` (and in errors).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum CorrectionField { $($variant),+ }

        impl CorrectionField {
            pub const ALL: &'static [CorrectionField] = &[$(CorrectionField::$variant),+];
            pub fn name(self) -> &'static str {
                match self { $(CorrectionField::$variant => $name),+ }
            }
            /// The Chinese label used in error messages.
            pub fn label(self) -> &'static str {
                match self { $(CorrectionField::$variant => $label),+ }
            }
        }
    };
}

correction_fields! {
    CustomerName = "customer_name", "客户姓名";
    CustomerPhone = "customer_phone", "联系电话";
    CustomerIdNumber = "customer_id_number", "证件号码";
    Channel = "channel", "投诉渠道";
    RegulatorName = "regulator_name", "转送监管机构";
    RegulatorReceivedAt = "regulator_received_at", "监管机构收件日期";
    ReceivedAt = "received_at", "收到时间";
    Category = "category", "投诉类别";
    Subcategory = "subcategory", "子类别";
    BusinessLine = "business_line", "业务险种";
    Product = "product", "产品名称";
    PolicyNumber = "policy_number", "保单号";
    CauseChannel = "cause_channel", "渠道代码";
    CauseBusiness = "cause_business", "业务类型代码";
    CauseReason = "cause_reason", "投诉原因代码";
    Project = "project", "项目（小区）";
    Building = "building", "楼栋";
    Unit = "unit", "单元/房号";
    // The staff member complained about: a name, linked to a user when they are one.
    StaffName = "staff_name", "被投诉员工";
    RulePack = "rule_pack", "时限规则";
    Facts = "facts", "查明事实";
    DecisionBasis = "decision_basis", "依据和理由";
    Outcome = "outcome", "处理结果";
    Remedy = "remedy", "补救措施";
    Compensation = "compensation", "赔偿金额（元）";
    StaffMinutes = "staff_minutes", "处理工时（分钟）";
    RootCauseCode = "root_cause_code", "根本原因";
    RootCauseText = "root_cause_text", "原因说明";
    Improvement = "improvement", "整改措施";
}

impl CorrectionField {
    /// The case field a step field records, when a correction may change it (the decision's
    /// values; not the assignment, the follow-up's score or the step's own values).
    pub fn of_step(field: StepField) -> Option<CorrectionField> {
        Some(match field {
            StepField::Facts => CorrectionField::Facts,
            StepField::DecisionBasis => CorrectionField::DecisionBasis,
            StepField::Outcome => CorrectionField::Outcome,
            StepField::Remedy => CorrectionField::Remedy,
            StepField::Compensation => CorrectionField::Compensation,
            StepField::StaffMinutes => CorrectionField::StaffMinutes,
            StepField::RootCauseCode => CorrectionField::RootCauseCode,
            StepField::RootCauseText => CorrectionField::RootCauseText,
            StepField::Improvement => CorrectionField::Improvement,
            _ => return None,
        })
    }

    /// Whether the field was taken at intake (as opposed to recorded by a handler's step).
    pub fn is_intake(self) -> bool {
        CorrectionField::intake(Profile::Property, CaseKind::Complaint).contains(&self)
            || CorrectionField::intake(Profile::Insurance, CaseKind::Complaint).contains(&self)
    }

    /// The intake fields of a case of this profile and kind that a correction may change: the
    /// customer (not on anonymous feedback, which has none), where and how the complaint came,
    /// its classification, the staff member complained about and the deadline rule pack.
    pub fn intake(profile: Profile, kind: CaseKind) -> Vec<CorrectionField> {
        use CorrectionField::*;
        let mut out = Vec::new();
        if kind == CaseKind::Complaint {
            out.extend([CustomerName, CustomerPhone, CustomerIdNumber]);
        }
        out.extend([Channel, RegulatorName, RegulatorReceivedAt, ReceivedAt, Category, Subcategory]);
        match profile {
            Profile::Property => out.extend([Project, Building, Unit]),
            Profile::Insurance => out.extend([BusinessLine, Product, PolicyNumber, CauseChannel, CauseBusiness, CauseReason]),
        }
        out.extend([StaffName, RulePack]);
        out
    }

    /// Whether changing the field can move a deadline clock.
    pub fn moves_clocks(self) -> bool {
        matches!(self, CorrectionField::ReceivedAt | CorrectionField::RulePack)
    }
}

/// What a correction changes: each field given is set to its value; a field left out stays as
/// it is. Empty text clears an optional field (a required one is refused as at intake). The
/// staff member is one field: `staff_name` (empty: nobody), with `staff_user_id` when they are
/// a user of the desk. `rule_pack` empty goes back to the profile's default. Compensation (yuan)
/// and minutes can be changed, not cleared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export, optional_fields)]
pub struct CaseCorrection {
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub customer_id_number: Option<String>,
    pub channel: Option<Channel>,
    pub regulator_name: Option<String>,
    pub regulator_received_at: Option<DateTime<Utc>>,
    pub received_at: Option<DateTime<Utc>>,
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub business_line: Option<String>,
    pub product: Option<String>,
    pub policy_number: Option<String>,
    pub cause_channel: Option<String>,
    pub cause_business: Option<String>,
    pub cause_reason: Option<String>,
    pub project: Option<String>,
    pub building: Option<String>,
    pub unit: Option<String>,
    pub staff_name: Option<String>,
    #[ts(optional, type = "number")]
    pub staff_user_id: Option<i64>,
    pub rule_pack: Option<String>,
    pub facts: Option<String>,
    pub decision_basis: Option<String>,
    pub outcome: Option<String>,
    pub remedy: Option<String>,
    pub compensation: Option<f64>,
    #[ts(optional, type = "number")]
    pub staff_minutes: Option<i64>,
    pub root_cause_code: Option<String>,
    pub root_cause_text: Option<String>,
    pub improvement: Option<String>,
}

impl CaseCorrection {
    /// The fields this correction gives a value for, in the order of `CorrectionField::ALL`.
    pub fn given(&self) -> Vec<CorrectionField> {
        use CorrectionField::*;
        CorrectionField::ALL
            .iter()
            .copied()
            .filter(|f| match f {
                CustomerName => self.customer_name.is_some(),
                CustomerPhone => self.customer_phone.is_some(),
                CustomerIdNumber => self.customer_id_number.is_some(),
                Channel => self.channel.is_some(),
                RegulatorName => self.regulator_name.is_some(),
                RegulatorReceivedAt => self.regulator_received_at.is_some(),
                ReceivedAt => self.received_at.is_some(),
                Category => self.category.is_some(),
                Subcategory => self.subcategory.is_some(),
                BusinessLine => self.business_line.is_some(),
                Product => self.product.is_some(),
                PolicyNumber => self.policy_number.is_some(),
                CauseChannel => self.cause_channel.is_some(),
                CauseBusiness => self.cause_business.is_some(),
                CauseReason => self.cause_reason.is_some(),
                Project => self.project.is_some(),
                Building => self.building.is_some(),
                Unit => self.unit.is_some(),
                StaffName => self.staff_name.is_some() || self.staff_user_id.is_some(),
                RulePack => self.rule_pack.is_some(),
                Facts => self.facts.is_some(),
                DecisionBasis => self.decision_basis.is_some(),
                Outcome => self.outcome.is_some(),
                Remedy => self.remedy.is_some(),
                Compensation => self.compensation.is_some(),
                StaffMinutes => self.staff_minutes.is_some(),
                RootCauseCode => self.root_cause_code.is_some(),
                RootCauseText => self.root_cause_text.is_some(),
                Improvement => self.improvement.is_some(),
            })
            .collect()
    }
}

/// A correction's reason: required, one rule for text.
pub fn check_reason(reason: &str) -> DeskResult<String> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(DeskError::required("reason", "更正原因"));
    }
    check_text("reason", "更正原因", r, MAX_REASON)?;
    Ok(r.to_string())
}

/// What intake took for this case, as intake's input (to check a corrected version of it).
fn input_of(case: &Case) -> CaseInput {
    CaseInput {
        anonymous: case.kind == CaseKind::Feedback,
        customer_name: case.customer_name.clone(),
        customer_phone: case.customer_phone.clone(),
        customer_id_number: case.customer_id_number.clone(),
        customer_org: case.customer_org.clone(),
        channel: Some(case.channel),
        regulator_name: case.regulator_name.clone(),
        regulator_received_at: case.regulator_received_at,
        received_at: Some(case.received_at),
        subject: Some(case.subject.clone()),
        description: Some(case.description.clone()),
        claim: Some(case.claim),
        claim_detail: case.claim_detail.clone(),
        category: Some(case.category.clone()),
        subcategory: case.subcategory.clone(),
        severity: Some(case.severity),
        urgency: Some(case.urgency),
        mood: Some(case.mood),
        business_line: case.business_line.clone(),
        product: case.product.clone(),
        policy_number: case.policy_number.clone(),
        cause_channel: case.cause_channel.clone(),
        cause_business: case.cause_business.clone(),
        cause_reason: case.cause_reason.clone(),
        project: case.project.clone(),
        building: case.building.clone(),
        unit: case.unit.clone(),
        referral: case.referral,
        staff_user_id: case.staff_user_id,
        staff_name: case.staff_name.clone(),
        rule_pack: case.rule_pack.clone(),
    }
}

/// Text as a correction gives it: trimmed, and empty meaning "none".
fn text(v: &str) -> Option<String> {
    Some(v.trim()).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Intake judged the times against the moment of registration; a correction says what should
/// have been typed then, so its times are judged against the same moment.
fn as_at_registration(e: DeskError) -> DeskError {
    match e.rule.as_deref() {
        Some("received_at.not_future") => {
            DeskError::invalid("received_at", "收到时间不能晚于登记时间").rule("received_at.not_after_registration")
        }
        Some("received_at.too_old") => DeskError::invalid("received_at", "收到时间不能早于登记前五年").rule("received_at.too_old"),
        Some("regulator_received_at.not_future") => DeskError::invalid("regulator_received_at", "监管机构收件日期不能晚于登记时间")
            .rule("regulator_received_at.not_after_registration"),
        Some("regulator_received_at.too_old") => {
            DeskError::invalid("regulator_received_at", "监管机构收件日期不能早于登记前五年").rule("regulator_received_at.too_old")
        }
        _ => e,
    }
}

/// The case with the correction's intake fields applied and checked by intake's rules (times as
/// at registration). `staff_name` is the name to record for the staff member when only their
/// user was given (the caller looks it up). Only the fields given change, with the ones intake
/// ties to them: leaving the regulator channel drops the regulator's name and date.
pub fn apply_intake(case: &Case, c: &CaseCorrection, tree: &Classification, staff_name: Option<String>) -> DeskResult<Case> {
    let given = c.given();
    if !given.iter().any(|f| f.is_intake()) {
        return Ok(case.clone());
    }
    let mut input = input_of(case);
    let set = |slot: &mut Option<String>, v: &Option<String>| {
        if let Some(v) = v {
            *slot = text(v);
        }
    };
    set(&mut input.customer_name, &c.customer_name);
    set(&mut input.customer_phone, &c.customer_phone);
    set(&mut input.customer_id_number, &c.customer_id_number);
    if c.channel.is_some() {
        input.channel = c.channel;
    }
    set(&mut input.regulator_name, &c.regulator_name);
    if c.regulator_received_at.is_some() {
        input.regulator_received_at = c.regulator_received_at;
    }
    if c.received_at.is_some() {
        input.received_at = c.received_at;
    }
    set(&mut input.category, &c.category);
    set(&mut input.subcategory, &c.subcategory);
    set(&mut input.business_line, &c.business_line);
    set(&mut input.product, &c.product);
    set(&mut input.policy_number, &c.policy_number);
    set(&mut input.cause_channel, &c.cause_channel);
    set(&mut input.cause_business, &c.cause_business);
    set(&mut input.cause_reason, &c.cause_reason);
    set(&mut input.project, &c.project);
    set(&mut input.building, &c.building);
    set(&mut input.unit, &c.unit);
    if given.contains(&CorrectionField::StaffName) {
        input.staff_name = staff_name;
        input.staff_user_id = c.staff_user_id;
    }
    set(&mut input.rule_pack, &c.rule_pack);
    // Intake takes an empty category as "not chosen": say so, rather than keep the old one.
    if c.category.as_deref().is_some_and(|v| v.trim().is_empty()) {
        return Err(DeskError::required("category", "投诉类别"));
    }
    let checked = validate_intake(&input, case.profile, tree, case.registered_at).map_err(as_at_registration)?;
    let i = &checked.input;
    let mut after = case.clone();
    for f in &given {
        use CorrectionField::*;
        match f {
            CustomerName => after.customer_name = i.customer_name.clone(),
            CustomerPhone => after.customer_phone = i.customer_phone.clone(),
            CustomerIdNumber => after.customer_id_number = i.customer_id_number.clone(),
            Channel | RegulatorName | RegulatorReceivedAt => {
                after.channel = checked.channel;
                after.regulator_name = i.regulator_name.clone();
                after.regulator_received_at = i.regulator_received_at;
            }
            ReceivedAt => after.received_at = checked.received_at,
            Category | Subcategory => {
                after.category = checked.category.clone();
                after.subcategory = i.subcategory.clone();
            }
            BusinessLine => after.business_line = i.business_line.clone(),
            Product => after.product = i.product.clone(),
            PolicyNumber => after.policy_number = i.policy_number.clone(),
            CauseChannel => after.cause_channel = i.cause_channel.clone(),
            CauseBusiness => after.cause_business = i.cause_business.clone(),
            CauseReason => after.cause_reason = i.cause_reason.clone(),
            Project => after.project = i.project.clone(),
            Building => after.building = i.building.clone(),
            Unit => after.unit = i.unit.clone(),
            StaffName => {
                after.staff_name = i.staff_name.clone();
                after.staff_user_id = i.staff_user_id;
            }
            RulePack => after.rule_pack = i.rule_pack.clone(),
            _ => {}
        }
    }
    Ok(after)
}

/// The case with the correction's findings applied, checked as the step that recorded them
/// checks them: the same text, money and minutes rules, a known root cause, and no clearing of
/// a value the step requires (`required`).
pub fn apply_findings(case: &Case, c: &CaseCorrection, tree: &Classification, required: &[CorrectionField]) -> DeskResult<Case> {
    use CorrectionField::*;
    let mut after = case.clone();
    let texts = [
        (Facts, &c.facts, &mut after.facts),
        (DecisionBasis, &c.decision_basis, &mut after.decision_basis),
        (Outcome, &c.outcome, &mut after.outcome),
        (Remedy, &c.remedy, &mut after.remedy),
        (RootCauseCode, &c.root_cause_code, &mut after.root_cause_code),
        (RootCauseText, &c.root_cause_text, &mut after.root_cause_text),
        (Improvement, &c.improvement, &mut after.improvement),
    ];
    for (field, given, slot) in texts {
        let Some(v) = given else { continue };
        let v = text(v);
        if v.is_none() && required.contains(&field) {
            return Err(DeskError::required(field.name(), field.label()));
        }
        if let Some(t) = &v {
            check_text(field.name(), field.label(), t, MAX_DESCRIPTION)?;
        }
        *slot = v;
    }
    StepFields { compensation: c.compensation, staff_minutes: c.staff_minutes, ..Default::default() }.validate()?;
    if let Some(code) = c.root_cause_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if !tree.has_root_cause(code) {
            return Err(DeskError::invalid("root_cause_code", "未知的根本原因代码").rule("root_cause_code.known"));
        }
    }
    if let Some(yuan) = c.compensation {
        after.compensation_cents = Some((yuan * 100.0).round() as i64);
    }
    if let Some(m) = c.staff_minutes {
        after.staff_minutes = Some(m);
    }
    Ok(after)
}

/// The staff member's name as a correction records it: the name given (checked as a label), or
/// the user's own name when only the user was given; none when cleared.
pub fn staff_name_of(c: &CaseCorrection, user_name: Option<&str>) -> DeskResult<Option<String>> {
    match c.staff_name.as_deref().and_then(text) {
        Some(name) => {
            check_label("staff_name", "被投诉员工", &name, 200)?;
            Ok(Some(name))
        }
        None => Ok(c.staff_user_id.and(user_name.map(str::to_string))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn case() -> Case {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 1, 30, 0).unwrap();
        let input = CaseInput {
            customer_name: Some("陈女士".into()),
            customer_phone: Some("13800138000".into()),
            channel: Some(Channel::WalkIn),
            received_at: Some(at),
            subject: Some("电梯停运".into()),
            description: Some("电梯停运三天".into()),
            claim: Some(super::super::types::Claim::Correction),
            category: Some("repair".into()),
            subcategory: Some("repair.elevator".into()),
            project: Some("翠湖花园".into()),
            ..Default::default()
        };
        let tree = Classification::for_profile(Profile::Property);
        let new = validate_intake(&input, Profile::Property, &tree, at).unwrap();
        let i = new.input;
        Case {
            id: 1,
            number: "TS-2026-000001".into(),
            kind: new.kind,
            profile: Profile::Property,
            status: "registered".into(),
            escalation: 0,
            customer_name: i.customer_name,
            customer_phone: i.customer_phone,
            customer_id_number: None,
            customer_org: None,
            channel: new.channel,
            regulator_name: None,
            regulator_received_at: None,
            received_at: new.received_at,
            registered_at: at,
            registered_by: 1,
            subject: new.subject,
            description: new.description,
            claim: new.claim,
            claim_detail: None,
            category: new.category,
            subcategory: i.subcategory,
            severity: new.severity,
            urgency: new.urgency,
            mood: new.mood,
            business_line: None,
            product: None,
            policy_number: None,
            cause_channel: None,
            cause_business: None,
            cause_reason: None,
            project: i.project,
            building: None,
            unit: None,
            referral: None,
            staff_user_id: None,
            staff_name: None,
            department: None,
            handler_id: None,
            facts: Some("主机故障".into()),
            decision_basis: None,
            outcome: None,
            remedy: None,
            compensation_cents: None,
            staff_minutes: None,
            root_cause_code: None,
            root_cause_text: None,
            improvement: None,
            satisfaction: None,
            solved: None,
            accepted_at: None,
            assigned_at: None,
            responded_at: None,
            closed_at: None,
            updated_at: at,
            version: 1,
            rule_pack: None,
            due_at: None,
            due_state: None,
            followup_complex: false,
            repeat_complainant: false,
            responded_on_time: None,
        }
    }

    fn tree() -> Classification {
        Classification::for_profile(Profile::Property)
    }

    #[test]
    fn new_values_pass_intake_rules_and_name_their_field() {
        let table: Vec<(&str, CaseCorrection, &str, &str)> = vec![
            ("letters in phone", CaseCorrection { customer_phone: Some("138abc".into()), ..Default::default() }, "customer_phone", "phone.format"),
            ("name cleared", CaseCorrection { customer_name: Some("  ".into()), ..Default::default() }, "customer_name", "required"),
            ("project cleared", CaseCorrection { project: Some("".into()), ..Default::default() }, "project", "required"),
            ("unknown category", CaseCorrection { category: Some("claims".into()), ..Default::default() }, "category", "category.known"),
            (
                "category without its sub-category",
                CaseCorrection { category: Some("fees".into()), ..Default::default() },
                "subcategory",
                "subcategory.in_category",
            ),
            (
                "received after registration",
                CaseCorrection { received_at: Some(case().registered_at + chrono::Duration::hours(1)), ..Default::default() },
                "received_at",
                "received_at.not_after_registration",
            ),
            ("direction override in a name", CaseCorrection { customer_name: Some("陈\u{202E}女士".into()), ..Default::default() }, "customer_name", "text.bidi"),
            ("bad id number", CaseCorrection { customer_id_number: Some("12".into()), ..Default::default() }, "customer_id_number", "id_number.format"),
        ];
        for (why, correction, field, rule) in table {
            let err = apply_intake(&case(), &correction, &tree(), None).expect_err(why);
            assert_eq!((err.field.as_deref(), err.rule.as_deref()), (Some(field), Some(rule)), "{why}: {err:?}");
        }
    }

    #[test]
    fn only_the_fields_given_change_and_values_are_normalised_as_at_intake() {
        let c = CaseCorrection { customer_phone: Some(" 139-0013-9000 ".into()), building: Some(" 5号楼 ".into()), ..Default::default() };
        let after = apply_intake(&case(), &c, &tree(), None).unwrap();
        assert_eq!(after.customer_phone.as_deref(), Some("13900139000"), "the phone keeps its digits, as at intake");
        assert_eq!(after.building.as_deref(), Some("5号楼"), "text is trimmed");
        let (before, changed) = super::super::step::diff(&case(), &after);
        let keys: Vec<&String> = changed.as_ref().unwrap().as_object().unwrap().keys().collect();
        assert_eq!(keys, ["building", "customer_phone"], "nothing else differs");
        assert_eq!(before.unwrap()["customer_phone"], "13800138000");
    }

    #[test]
    fn leaving_the_regulator_channel_drops_its_name_and_date() {
        let mut c = case();
        c.channel = Channel::Regulator;
        c.regulator_name = Some("金融监管局".into());
        c.regulator_received_at = Some(c.received_at);
        let after = apply_intake(&c, &CaseCorrection { channel: Some(Channel::Phone), ..Default::default() }, &tree(), None).unwrap();
        assert_eq!((after.channel, after.regulator_name, after.regulator_received_at), (Channel::Phone, None, None));
    }

    #[test]
    fn findings_keep_the_step_rules() {
        let required = [CorrectionField::Facts];
        let err = apply_findings(&case(), &CaseCorrection { facts: Some(" ".into()), ..Default::default() }, &tree(), &required).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("facts"), "the step requires facts: they cannot be cleared");
        let err = apply_findings(&case(), &CaseCorrection { compensation: Some(-1.0), ..Default::default() }, &tree(), &required).unwrap_err();
        assert_eq!(err.rule.as_deref(), Some("compensation.range"));
        let err = apply_findings(&case(), &CaseCorrection { root_cause_code: Some("nope".into()), ..Default::default() }, &tree(), &required).unwrap_err();
        assert_eq!(err.rule.as_deref(), Some("root_cause_code.known"));
        let after = apply_findings(&case(), &CaseCorrection { compensation: Some(12.5), ..Default::default() }, &tree(), &required).unwrap();
        assert_eq!(after.compensation_cents, Some(1250), "yuan are kept in fen");
    }

    #[test]
    fn a_reason_is_required_and_is_text() {
        assert_eq!(check_reason("  ").unwrap_err().field.as_deref(), Some("reason"));
        assert_eq!(check_reason("a\u{7}").unwrap_err().rule.as_deref(), Some("text.control"));
        assert_eq!(check_reason(" 电话录错一位 ").unwrap(), "电话录错一位");
    }
}
