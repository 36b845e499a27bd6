//! 案件摘要: the case's fields, decision and timeline. The external version is what the customer
//! may see: no internal event ever appears on it (internal notes, deadline warnings and
//! extension requests are staff matters). The internal version adds every field, every clock,
//! every event with its before/after values, and the follow-up attempts.
use complaintdesk_core::domain::case::{Event, EventKind};
use complaintdesk_core::domain::deadline::ClockStateKind;
use complaintdesk_core::domain::types::Profile;
use complaintdesk_core::domain::DeskResult;

use crate::layout::{Align, Column, Pages};
use crate::letters::clock_day;
use crate::words::*;
use crate::{CaseDoc, Lang, Letterhead};

/// Whether an event may appear on a document the customer sees.
pub(crate) fn customer_facing(e: &Event) -> bool {
    !e.internal && !matches!(e.kind, EventKind::Deadline | EventKind::ExtensionRequest)
}

fn opt(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// `110101********1234`: enough to recognise, not enough to copy.
fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    chars.iter().enumerate().map(|(i, c)| if i < 3 || i >= chars.len() - 4 { *c } else { '*' }).collect()
}

pub(crate) fn summary(pages: &mut Pages, head: &Letterhead, doc: &CaseDoc, lang: Lang, internal: bool) -> DeskResult<()> {
    let case = doc.case;
    let time = |t| format_time(t, doc.zone, lang);
    pages.title(if internal { w(lang, "案件摘要（内部）", "Case summary (internal)") } else { w(lang, "案件摘要", "Case summary") });

    pages.heading(w(lang, "基本信息", "Case"));
    let mut rows: Vec<(&str, String)> = vec![
        (w(lang, "案件编号", "Case number"), case.number.clone()),
        (w(lang, "类型", "Kind"), kind_label(case.kind, lang).to_string()),
        (w(lang, "状态", "Status"), doc.status_label.to_string()),
    ];
    let push = |rows: &mut Vec<(&str, String)>, label: &'static str, value: Option<String>| {
        if let Some(v) = value {
            rows.push((label, v));
        }
    };
    push(&mut rows, w(lang, "客户姓名", "Customer"), opt(&case.customer_name));
    push(&mut rows, w(lang, "联系电话", "Phone"), opt(&case.customer_phone));
    let id = opt(&case.customer_id_number).map(|id| if internal { id } else { mask_id(&id) });
    push(&mut rows, w(lang, "证件号码", "ID number"), id);
    push(&mut rows, w(lang, "客户单位", "Organisation"), opt(&case.customer_org));
    let mut channel = channel_label(case.channel, lang).to_string();
    if let Some(reg) = opt(&case.regulator_name) {
        channel = format!("{channel}（{reg}）");
    }
    rows.push((w(lang, "投诉渠道", "Channel"), channel));
    if let Some(at) = case.regulator_received_at {
        rows.push((w(lang, "监管机构收件", "Regulator received"), time(at)));
    }
    rows.push((w(lang, "收到时间", "Received"), time(case.received_at)));
    rows.push((w(lang, "登记时间", "Registered"), time(case.registered_at)));
    rows.push((w(lang, "投诉主题", "Subject"), case.subject.clone()));
    rows.push((w(lang, "投诉内容", "Description"), case.description.clone()));
    let claim = match opt(&case.claim_detail) {
        Some(d) => format!("{}：{d}", claim_label(case.claim, lang)),
        None => claim_label(case.claim, lang).to_string(),
    };
    rows.push((w(lang, "客户诉求", "Claim"), claim));
    rows.push((w(lang, "分类", "Category"), doc.category_label.to_string()));
    rows.push((w(lang, "严重程度", "Severity"), severity_label(case.severity, lang).to_string()));
    rows.push((w(lang, "紧急程度", "Urgency"), urgency_label(case.urgency, lang).to_string()));
    match case.profile {
        Profile::Insurance => {
            push(&mut rows, w(lang, "业务条线", "Business line"), opt(&case.business_line));
            push(&mut rows, w(lang, "产品", "Product"), opt(&case.product));
            push(&mut rows, w(lang, "保单号", "Policy number"), opt(&case.policy_number));
            let cause: Vec<String> = [&case.cause_channel, &case.cause_business, &case.cause_reason].into_iter().filter_map(opt).collect();
            push(&mut rows, w(lang, "投诉原因", "Cause"), (!cause.is_empty()).then(|| cause.join(" / ")));
        }
        Profile::Property => {
            let place: Vec<String> = [&case.project, &case.building, &case.unit].into_iter().filter_map(opt).collect();
            push(&mut rows, w(lang, "小区/楼栋/单元", "Estate / building / unit"), (!place.is_empty()).then(|| place.join(" ")));
            push(&mut rows, w(lang, "需移交", "Referred to"), case.referral.map(|r| referral_label(r, lang).to_string()));
        }
    }
    push(&mut rows, w(lang, "处理部门", "Department"), opt(&case.department));
    push(&mut rows, w(lang, "处理人", "Handler"), doc.handler_name.map(str::to_string));
    if internal {
        rows.push((w(lang, "客户情绪", "Mood at intake"), mood_label(case.mood, lang).to_string()));
        push(&mut rows, w(lang, "被投诉员工", "Staff complained about"), opt(&case.staff_name));
        rows.push((w(lang, "重复投诉", "Repeat complainant"), yes_no(case.repeat_complainant, lang).to_string()));
        push(&mut rows, w(lang, "时限规则", "Rule pack"), opt(&case.rule_pack));
        let milestones = [
            (w(lang, "受理", "accepted"), case.accepted_at),
            (w(lang, "分派", "assigned"), case.assigned_at),
            (w(lang, "答复", "responded"), case.responded_at),
            (w(lang, "结案", "closed"), case.closed_at),
        ];
        let line: Vec<String> = milestones.iter().filter_map(|(l, t)| t.map(|t| format!("{l} {}", time(t)))).collect();
        push(&mut rows, w(lang, "时间节点", "Milestones"), (!line.is_empty()).then(|| line.join("\n")));
    }
    pages.fields(&rows);

    let mut decided: Vec<(&str, String)> = Vec::new();
    push(&mut decided, w(lang, "核实的事实", "Facts verified"), opt(&case.facts));
    push(&mut decided, w(lang, "依据和理由", "Basis and reasons"), opt(&case.decision_basis));
    push(&mut decided, w(lang, "处理决定", "Decision"), opt(&case.outcome));
    push(&mut decided, w(lang, "补救措施", "Remedy"), opt(&case.remedy));
    push(&mut decided, w(lang, "赔偿金额", "Compensation"), case.compensation_cents.map(|c| format_yuan(c, lang)));
    if internal {
        push(&mut decided, w(lang, "工时（分钟）", "Staff minutes"), case.staff_minutes.map(|m| m.to_string()));
        let cause = [opt(&case.root_cause_code), opt(&case.root_cause_text)].into_iter().flatten().collect::<Vec<_>>().join(" ");
        push(&mut decided, w(lang, "根本原因", "Root cause"), (!cause.is_empty()).then_some(cause));
        push(&mut decided, w(lang, "整改措施", "Improvement"), opt(&case.improvement));
        push(&mut decided, w(lang, "满意度", "Satisfaction"), case.satisfaction.map(|s| format!("{s} / 5")));
        push(&mut decided, w(lang, "是否解决", "Solved"), case.solved.map(|s| yes_no(s, lang).to_string()));
    }
    if !decided.is_empty() {
        pages.heading(w(lang, "处理结果", "Decision"));
        pages.fields(&decided);
    }

    if internal && !doc.clocks.is_empty() {
        pages.heading(w(lang, "时限", "Clocks"));
        let columns = [
            Column { title: w(lang, "时限", "Clock"), share: 0.26 },
            Column { title: w(lang, "期限", "Length"), share: 0.14 },
            Column { title: w(lang, "最后期限", "Last day"), share: 0.17 },
            Column { title: w(lang, "到期时间", "Due"), share: 0.21 },
            Column { title: w(lang, "状态", "State"), share: 0.22 },
        ];
        let rows: Vec<Vec<String>> = doc
            .clocks
            .iter()
            .map(|c| {
                // A breach says how late; a share of the time is for a clock still within it.
                let mut state = match c.overdue_ms {
                    Some(late) => format!("{}（{}）", clock_state_label(c.state, lang), overdue_text(late, lang)),
                    None => format!("{}（{}%）", clock_state_label(c.state, lang), c.percent_used),
                };
                if c.extension_step > 0 {
                    state.push_str(&match lang {
                        Lang::Zh => format!("，第 {} 次延期", c.extension_step),
                        Lang::En => format!(", extension {}", c.extension_step),
                    });
                }
                if let Some(end) = c.ended_at {
                    state.push_str(&format!("\n{} {}", w(lang, "结束", "ended"), time(end)));
                }
                for p in &c.previous {
                    let result = match (p.state, p.overdue_ms) {
                        (ClockStateKind::Breached, Some(late)) => overdue_text(late, lang),
                        (ClockStateKind::Met, _) => w(lang, "按时", "on time").to_string(),
                        (other, _) => clock_state_label(other, lang).to_string(),
                    };
                    state.push_str(&format!("\n{}{result}", w(lang, "上次：", "Before: ")));
                }
                vec![
                    match lang { Lang::Zh => c.label.clone(), Lang::En => c.label_en.clone() },
                    clock_length(c.length, c.unit, lang),
                    c.latest_date.or(c.target_date).map(|_| format_date(clock_day(c, doc), lang)).unwrap_or_else(|| "—".into()),
                    time(c.due),
                    state,
                ]
            })
            .collect();
        pages.table(&columns, true, &rows, 9.5, false);
    }

    pages.heading(w(lang, "处理经过", "Timeline"));
    let columns = [
        Column { title: w(lang, "时间", "When"), share: 0.2 },
        Column { title: w(lang, "经办", "By"), share: 0.15 },
        Column { title: w(lang, "事项", "What"), share: 0.17 },
        Column { title: w(lang, "说明", "Details"), share: 0.48 },
    ];
    let label = |code: &str| doc.labels.get(code).cloned().unwrap_or_else(|| code.to_string());
    let rows: Vec<Vec<String>> = doc
        .events
        .iter()
        .filter(|e| internal || customer_facing(e))
        .map(|e| {
            let who = match &e.actor_name {
                Some(name) => format!("{name}\n{}", role_label(e.actor_role, lang)),
                None => role_label(e.actor_role, lang).to_string(),
            };
            let mut what = event_label(e.kind, lang).to_string();
            if e.internal {
                what.push_str(w(lang, "（内部）", " (internal)"));
            }
            if let Some(action) = e.action.as_deref().filter(|a| e.kind != EventKind::Transition || !a.is_empty()) {
                if e.kind != EventKind::Extension {
                    what.push_str(&format!("\n{}", label(action)));
                }
            }
            let mut details = Vec::new();
            if let (Some(from), Some(to)) = (&e.from_status, &e.to_status) {
                details.push(format!("{} → {}", label(from), label(to)));
            } else if let Some(to) = &e.to_status {
                details.push(label(to));
            }
            if let Some(note) = opt(&e.note) {
                details.push(note);
            }
            if internal {
                if let Some(before) = &e.before {
                    details.push(format!("{}{before}", w(lang, "原值：", "before: ")));
                }
                if let Some(after) = &e.after {
                    details.push(format!("{}{after}", w(lang, "新值：", "after: ")));
                }
            }
            vec![time(e.at), who, what, details.join("\n")]
        })
        .collect();
    pages.table(&columns, true, &rows, 9.5, false);

    if internal && !doc.attempts.is_empty() {
        pages.heading(w(lang, "回访记录", "Follow-up attempts"));
        let columns = [
            Column { title: w(lang, "次数", "No."), share: 0.07 },
            Column { title: w(lang, "时间", "When"), share: 0.19 },
            Column { title: w(lang, "回访人/方式", "By / how"), share: 0.15 },
            Column { title: w(lang, "结果", "Result"), share: 0.19 },
            Column { title: w(lang, "客户意见", "Customer's words"), share: 0.4 },
        ];
        let rows: Vec<Vec<String>> = doc
            .attempts
            .iter()
            .map(|a| {
                let by = format!("{}\n{}", a.by_name.clone().unwrap_or_default(), method_label(a.method, lang));
                let mut result = outcome_label(a.outcome, lang).to_string();
                if let Some(score) = a.satisfaction {
                    result.push_str(&format!("\n{}{score} / 5", w(lang, "满意度 ", "score ")));
                }
                if let Some(solved) = a.solved {
                    result.push_str(&format!("\n{}{}", w(lang, "已解决：", "solved: "), yes_no(solved, lang)));
                }
                let words: Vec<String> = [opt(&a.comment), opt(&a.suggestion).map(|s| format!("{}{s}", w(lang, "建议：", "Suggestion: ")))]
                    .into_iter()
                    .flatten()
                    .collect();
                vec![a.number.to_string(), time(a.at), by, result, words.join("\n")]
            })
            .collect();
        pages.table(&columns, true, &rows, 9.5, false);
    }

    pages.gap(8.0);
    let footer = match lang {
        Lang::Zh => format!("本摘要由 {} 于 {} 生成。", doc.issued_by, time(doc.issued_at)),
        Lang::En => format!("Produced by {} on {}.", doc.issued_by, time(doc.issued_at)),
    };
    pages.paragraph(&footer, 9.0, Align::Right);
    let day = format_date(doc.issued_at.with_timezone(&doc.zone).date_naive(), lang);
    pages.seal_block(&head.org_name, &day, &[]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::mask_id;

    #[test]
    fn id_numbers_are_masked_in_the_middle() {
        assert_eq!(mask_id("110101199001011234"), "110***********1234");
        assert_eq!(mask_id("A12345"), "******", "too short to show any part");
    }
}
