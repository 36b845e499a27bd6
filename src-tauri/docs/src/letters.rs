//! The documents handed to the customer: 受理回执, 处理决定告知书 and 延期告知书.
use chrono::NaiveDate;
use complaintdesk_core::domain::case::{Case, EventKind};
use complaintdesk_core::domain::deadline::ClockState;
use complaintdesk_core::domain::types::Profile;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};

use crate::layout::{Align, Pages};
use crate::words::{channel_label, claim_label, format_date, format_time, format_yuan, w};
use crate::{CaseDoc, Lang, Letterhead};

const BODY: f32 = 11.0;

/// The clock the customer is told about: the decision (insurance) or the reply (property).
pub(crate) fn decision_clock(clocks: &[ClockState]) -> Option<&ClockState> {
    ["decision", "reply"].iter().find_map(|code| clocks.iter().find(|c| c.code == *code))
}

/// The last day of a clock as the customer reads it: the latest date (moved off rest days),
/// else the target date, else the local day of the due instant.
pub(crate) fn clock_day(clock: &ClockState, doc: &CaseDoc) -> NaiveDate {
    clock.latest_date.or(clock.target_date).unwrap_or_else(|| clock.due.with_timezone(&doc.zone).date_naive())
}

fn customer(case: &Case, lang: Lang) -> String {
    match case.customer_name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => name.to_string(),
        None => w(lang, "客户", "customer").to_string(),
    }
}

fn salutation(pages: &mut Pages, case: &Case, lang: Lang) {
    let text = match lang {
        Lang::Zh => format!("尊敬的{}：", customer(case, lang)),
        Lang::En => format!("Dear {},", customer(case, lang)),
    };
    pages.paragraph(&text, BODY, Align::Left);
    pages.gap(4.0);
}

/// The contact line, the organisation and the issue date, right-aligned at the end.
fn sign_off(pages: &mut Pages, head: &Letterhead, doc: &CaseDoc, lang: Lang) {
    if let Some(contact) = head.contact.as_deref().filter(|c| !c.trim().is_empty()) {
        pages.gap(4.0);
        pages.paragraph(&format!("{}{contact}", w(lang, "联系方式：", "Contact: ")), BODY, Align::Left);
    }
    pages.gap(18.0);
    pages.paragraph(&head.org_name, BODY, Align::Right);
    let issued = format_date(doc.issued_at.with_timezone(&doc.zone).date_naive(), lang);
    pages.paragraph(&issued, BODY, Align::Right);
    pages.paragraph(&format!("{}{}", w(lang, "经办人：", "Issued by: "), doc.issued_by), 9.5, Align::Right);
}

fn claim_text(case: &Case, lang: Lang) -> String {
    let claim = claim_label(case.claim, lang);
    match case.claim_detail.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(detail) => format!("{claim}：{detail}"),
        None => claim.to_string(),
    }
}

pub(crate) fn receipt(pages: &mut Pages, head: &Letterhead, doc: &CaseDoc, lang: Lang) -> DeskResult<()> {
    let case = doc.case;
    let received = format_time(case.received_at, doc.zone, lang);
    pages.title(w(lang, "受理回执", "Acknowledgement of receipt"));
    salutation(pages, case, lang);
    let opening = match lang {
        Lang::Zh => format!(
            "{}于{received}收到您通过{}提出的投诉，现予受理。案件编号为 {}，请妥善保存，查询进度时请提供此编号。",
            head.org_name,
            channel_label(case.channel, lang),
            case.number
        ),
        Lang::En => format!(
            "{} received your complaint ({}) on {received} and has accepted it for handling. Your case number is {}; please keep it and quote it when you ask about progress.",
            head.org_name,
            channel_label(case.channel, lang),
            case.number
        ),
    };
    pages.paragraph(&opening, BODY, Align::Left);
    pages.gap(6.0);
    pages.fields(&[
        (w(lang, "案件编号", "Case number"), case.number.clone()),
        (w(lang, "客户姓名", "Customer"), customer(case, lang)),
        (w(lang, "收到时间", "Received"), received.clone()),
        (w(lang, "投诉渠道", "Channel"), channel_label(case.channel, lang).to_string()),
        (w(lang, "投诉主题", "Subject"), case.subject.clone()),
        (w(lang, "您的诉求", "Your claim"), claim_text(case, lang)),
    ]);
    pages.heading(w(lang, "后续处理", "What happens next"));
    let next = match (decision_clock(doc.clocks).map(|c| format_date(clock_day(c, doc), lang)), lang) {
        (Some(day), Lang::Zh) => format!("我们将指定专人调查核实，并于 {day} 前将处理决定告知您。处理期间如需补充材料，我们会与您联系；如情况复杂需要延长处理期限，我们会另行书面告知。"),
        (None, Lang::Zh) => "我们将指定专人调查核实，并尽快将处理决定告知您。处理期间如需补充材料，我们会与您联系。".to_string(),
        (Some(day), Lang::En) => format!("We will look into your complaint and tell you our decision by {day}. We will contact you if we need more information; if the case is complex and needs more time, we will tell you in writing."),
        (None, Lang::En) => "We will look into your complaint and tell you our decision as soon as possible. We will contact you if we need more information.".to_string(),
    };
    pages.paragraph(&next, BODY, Align::Left);
    sign_off(pages, head, doc, lang);
    Ok(())
}

pub(crate) fn decision(pages: &mut Pages, head: &Letterhead, doc: &CaseDoc, lang: Lang) -> DeskResult<()> {
    let case = doc.case;
    let received = format_time(case.received_at, doc.zone, lang);
    pages.title(w(lang, "处理决定告知书", "Notice of decision"));
    salutation(pages, case, lang);
    let opening = match lang {
        Lang::Zh => format!("关于您于{received}提出的投诉（案件编号 {}，主题：{}），我们经调查核实，现将处理决定告知如下。", case.number, case.subject),
        Lang::En => format!("About the complaint you made on {received} (case {}, subject: {}): we have looked into it and tell you our decision below.", case.number, case.subject),
    };
    pages.paragraph(&opening, BODY, Align::Left);
    let none = w(lang, "（无）", "(none)");
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(none).to_string();
    pages.heading(w(lang, "一、核实的事实", "1. Facts verified"));
    pages.paragraph(&text(&case.facts), BODY, Align::Left);
    pages.heading(w(lang, "二、处理依据和理由", "2. Basis and reasons"));
    pages.paragraph(&text(&case.decision_basis), BODY, Align::Left);
    pages.heading(w(lang, "三、处理决定", "3. Decision"));
    pages.paragraph(&text(&case.outcome), BODY, Align::Left);
    pages.heading(w(lang, "四、补救措施与赔偿", "4. Remedy and compensation"));
    pages.paragraph(&text(&case.remedy), BODY, Align::Left);
    if let Some(cents) = case.compensation_cents.filter(|c| *c != 0) {
        pages.paragraph(&format!("{}{}", w(lang, "赔偿金额：", "Compensation: "), format_yuan(cents, lang)), BODY, Align::Left);
    }
    match case.profile {
        Profile::Insurance => {
            pages.heading(w(lang, "五、您的救济途径", "5. If you disagree"));
            pages.paragraph(
                w(lang, "如您对本处理决定有异议，可以通过以下途径维护您的合法权益：", "If you do not accept this decision, you can:"),
                BODY,
                Align::Left,
            );
            let routes = [
                w(lang, "1. 核查：自收到本告知书之日起 30 日内，向本机构书面申请核查；", "1. Review: ask us in writing for a review within 30 days of receiving this notice;"),
                w(lang, "2. 调解：向银行保险消费纠纷调解组织申请调解；", "2. Mediation: apply to a banking and insurance dispute mediation body;"),
                w(lang, "3. 仲裁：依据合同中的仲裁条款或双方达成的仲裁协议申请仲裁；", "3. Arbitration: apply for arbitration under the contract's arbitration clause or an agreement;"),
                w(lang, "4. 诉讼：依法向人民法院提起诉讼。", "4. Litigation: bring a lawsuit before a people's court."),
            ];
            for route in routes {
                pages.paragraph_indented(route, BODY, 14.0, Align::Left);
            }
        }
        Profile::Property => {
            pages.heading(w(lang, "五、如有异议", "5. If you disagree"));
            pages.paragraph(
                w(
                    lang,
                    "如您对本处理决定有异议，可自收到本告知书之日起 15 日内与我们联系复核，也可以向街道办事处、房屋管理部门反映，或依法向人民法院提起诉讼。",
                    "If you do not accept this decision, contact us within 15 days of receiving this notice to have it reconsidered; you may also turn to the sub-district office or the housing authority, or go to court.",
                ),
                BODY,
                Align::Left,
            );
        }
    }
    sign_off(pages, head, doc, lang);
    Ok(())
}

pub(crate) fn extension(pages: &mut Pages, head: &Letterhead, doc: &CaseDoc, lang: Lang) -> DeskResult<()> {
    let case = doc.case;
    let event = doc.events.iter().rev().find(|e| e.kind == EventKind::Extension).ok_or_else(|| {
        DeskError::new(ErrorCode::ExtensionNotAllowed, "该案件没有已批准的延期，不能出具延期告知书").rule("docs.extension.none")
    })?;
    let after = event.after.as_ref();
    let step = after.and_then(|a| a.get("step")).and_then(|s| s.as_u64());
    let clock_code = after.and_then(|a| a.get("clock")).and_then(|c| c.as_str());
    let reason = event
        .note
        .clone()
        .or_else(|| after.and_then(|a| a.get("reason")).and_then(|r| r.as_str()).map(str::to_string))
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| w(lang, "情况复杂，需要进一步调查核实", "the case is complex and needs further investigation").to_string());
    let clock = clock_code
        .and_then(|code| doc.clocks.iter().find(|c| c.code == code))
        .or_else(|| doc.clocks.iter().filter(|c| c.extension_step > 0).max_by_key(|c| c.extension_step))
        .or_else(|| decision_clock(doc.clocks));
    let step = step.map(|s| s as u8).or(clock.map(|c| c.extension_step)).unwrap_or(1);
    let received = format_time(case.received_at, doc.zone, lang);

    pages.title(w(lang, "延期告知书", "Notice of extension"));
    salutation(pages, case, lang);
    let opening = match lang {
        Lang::Zh => format!("您于{received}提出的投诉（案件编号 {}，主题：{}）正在处理中。因{reason}，经批准，处理期限予以延长，现告知如下。", case.number, case.subject),
        Lang::En => format!("We are still handling the complaint you made on {received} (case {}, subject: {}). Because {reason}, the time to handle it has been extended with approval, as follows.", case.number, case.subject),
    };
    pages.paragraph(&opening, BODY, Align::Left);
    pages.gap(6.0);
    let mut rows = vec![
        (w(lang, "案件编号", "Case number"), case.number.clone()),
        (w(lang, "延期", "Extension"), match lang { Lang::Zh => format!("第 {step} 次延期"), Lang::En => format!("step {step}") }),
        (w(lang, "延期原因", "Reason"), reason.clone()),
        (w(lang, "批准时间", "Approved"), format_time(event.at, doc.zone, lang)),
    ];
    if let Some(clock) = clock {
        let label = match lang { Lang::Zh => clock.label.clone(), Lang::En => clock.label_en.clone() };
        rows.push((w(lang, "时限", "Deadline"), label));
        rows.push((w(lang, "新的处理期限", "New due date"), format_date(clock_day(clock, doc), lang)));
    }
    pages.fields(&rows);
    let closing = match clock {
        Some(c) => match lang {
            Lang::Zh => format!("我们将在 {} 前将处理决定告知您。给您带来不便，敬请谅解。", format_date(clock_day(c, doc), lang)),
            Lang::En => format!("We will tell you our decision by {}. We apologise for the delay.", format_date(clock_day(c, doc), lang)),
        },
        None => w(lang, "我们将尽快将处理决定告知您。给您带来不便，敬请谅解。", "We will tell you our decision as soon as we can. We apologise for the delay.").to_string(),
    };
    pages.gap(4.0);
    pages.paragraph(&closing, BODY, Align::Left);
    sign_off(pages, head, doc, lang);
    Ok(())
}
