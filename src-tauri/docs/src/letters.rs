//! The documents handed to the customer: 受理回执, 处理决定告知书 and 延期告知书.
use chrono::{DateTime, NaiveDate, Utc};
use complaintdesk_core::domain::case::{decision_event, Case, EventKind};
use complaintdesk_core::domain::deadline::ClockState;
use complaintdesk_core::domain::types::Profile;
use complaintdesk_core::domain::{DeskError, DeskResult, ErrorCode};

use crate::layout::{Align, Pages};
use crate::words::{channel_label, claim_label, format_date, format_time, format_yuan, w, CITY_SERVICE_HOTLINE, FINANCE_REGULATOR_HOTLINE};
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

/// Where the customer calls about the case: the complaint line, else the service line.
fn contact_paragraph(pages: &mut Pages, head: &Letterhead, lang: Lang) {
    let phone = [&head.complaint_phone, &head.service_phone].into_iter().find_map(|p| p.as_deref().map(str::trim).filter(|p| !p.is_empty()));
    if let Some(phone) = phone {
        pages.gap(4.0);
        let text = match lang {
            Lang::Zh => format!("如有疑问，请致电 {phone}，并告知案件编号。"),
            Lang::En => format!("If you have questions, call {phone} and give your case number."),
        };
        pages.paragraph(&text, BODY, Align::Left);
    }
}

/// A day in the desk's zone, as the letter writes it.
fn local_date(at: DateTime<Utc>, doc: &CaseDoc, lang: Lang) -> String {
    format_date(at.with_timezone(&doc.zone).date_naive(), lang)
}

/// The end of a letter: the organisation and the date in the place for the seal, and who
/// issued it.
fn sign_off(pages: &mut Pages, head: &Letterhead, doc: &CaseDoc, lang: Lang) {
    let issued_by = format!("{}{}", w(lang, "经办人：", "Issued by: "), doc.issued_by);
    pages.seal_block(&head.org_name, &local_date(doc.issued_at, doc, lang), &[issued_by]);
}

/// 已受理 once the case passed acceptance (its `accepted_at`), else 已登记 (received and on
/// record, acceptance still to be decided).
fn accepted(case: &Case) -> bool {
    case.accepted_at.is_some()
}

/// The receipt's title: 受理回执 for an accepted case, 登记回执 before.
pub(crate) fn receipt_title(case: &Case, lang: Lang) -> &'static str {
    if accepted(case) {
        w(lang, "受理回执", "Acknowledgement of receipt")
    } else {
        w(lang, "登记回执", "Record of your complaint")
    }
}

/// Characters of the description a receipt shows; a longer one is cut there.
const SUMMARY_CHARS: usize = 150;

/// The complaint in short for the receipt: the description up to [`SUMMARY_CHARS`].
fn complaint_summary(case: &Case, lang: Lang) -> String {
    let text: String = case.description.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SUMMARY_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    format!("{cut}{}", w(lang, "……（全文见案件记录）", "… (in full in the case record)"))
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
    let accepted = accepted(case);
    pages.title(receipt_title(case, lang));
    salutation(pages, case, lang);
    let channel = channel_label(case.channel, lang);
    let opening = match (lang, accepted) {
        (Lang::Zh, true) => format!(
            "{}于{received}收到您通过{channel}提出的投诉，现已受理。案件编号为 {}，请妥善保存，查询进度时请提供此编号。",
            head.org_name, case.number
        ),
        (Lang::Zh, false) => format!(
            "{}于{received}收到您通过{channel}提出的投诉，现已登记，是否受理将在审核后告知您。案件编号为 {}，请妥善保存，查询进度时请提供此编号。",
            head.org_name, case.number
        ),
        (Lang::En, true) => format!(
            "{} received your complaint ({channel}) on {received} and has accepted it for handling. Your case number is {}; please keep it and quote it when you ask about progress.",
            head.org_name, case.number
        ),
        (Lang::En, false) => format!(
            "{} received your complaint ({channel}) on {received} and has put it on record; we will tell you whether we accept it once we have reviewed it. Your case number is {}; please keep it and quote it when you ask about progress.",
            head.org_name, case.number
        ),
    };
    pages.paragraph(&opening, BODY, Align::Left);
    pages.gap(6.0);
    let stage = match (lang, accepted) {
        (Lang::Zh, true) => "已受理".to_string(),
        (Lang::Zh, false) => "已登记（待受理）".to_string(),
        (Lang::En, true) => "accepted".to_string(),
        (Lang::En, false) => "registered (acceptance pending)".to_string(),
    };
    pages.fields(&[
        (w(lang, "案件编号", "Case number"), case.number.clone()),
        (w(lang, "办理状态", "Status"), stage),
        (w(lang, "客户姓名", "Customer"), customer(case, lang)),
        (w(lang, "收到时间", "Received"), received.clone()),
        (w(lang, "投诉渠道", "Channel"), channel.to_string()),
        (w(lang, "投诉主题", "Subject"), case.subject.clone()),
        (w(lang, "投诉内容摘要", "Your complaint in short"), complaint_summary(case, lang)),
        (w(lang, "您的诉求", "Your claim"), claim_text(case, lang)),
    ]);
    pages.heading(w(lang, "后续处理", "What happens next"));
    let day = decision_clock(doc.clocks).map(|c| format_date(clock_day(c, doc), lang));
    let next = match (day, lang, accepted) {
        (Some(day), Lang::Zh, true) => format!("我们将指定专人调查核实，并于 {day} 前将处理决定告知您。处理期间如需补充材料，我们会与您联系；如情况复杂需要延长处理期限，我们会另行书面告知。"),
        (Some(day), Lang::Zh, false) => format!("我们将尽快审核是否受理；受理后指定专人调查核实，并于 {day} 前将处理决定告知您。如需补充材料，我们会与您联系。"),
        (None, Lang::Zh, _) => "我们将指定专人调查核实，并尽快将处理决定告知您。处理期间如需补充材料，我们会与您联系。".to_string(),
        (Some(day), Lang::En, _) => format!("We will look into your complaint and tell you our decision by {day}. We will contact you if we need more information; if the case is complex and needs more time, we will tell you in writing."),
        (None, Lang::En, _) => "We will look into your complaint and tell you our decision as soon as possible. We will contact you if we need more information.".to_string(),
    };
    pages.paragraph(&next, BODY, Align::Left);
    contact_paragraph(pages, head, lang);
    sign_off(pages, head, doc, lang);
    // The customer signs the desk's copy: they received this receipt.
    pages.write_in_line(&[(w(lang, "客户签字", "Customer's signature"), 150.0), (w(lang, "日期", "Date"), 110.0)]);
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
                w(lang, "4. 诉讼：依法向人民法院提起诉讼；", "4. Litigation: bring a lawsuit before a people's court;"),
            ];
            for route in routes {
                pages.paragraph_indented(route, BODY, 14.0, Align::Left);
            }
            let regulator = match lang {
                Lang::Zh => format!("5. 向监管部门反映：向国家金融监督管理总局或其派出机构投诉，投诉维权热线 {FINANCE_REGULATOR_HOTLINE}。"),
                Lang::En => format!("5. The regulator: complain to the National Financial Regulatory Administration or its local office, hotline {FINANCE_REGULATOR_HOTLINE}."),
            };
            pages.paragraph_indented(&regulator, BODY, 14.0, Align::Left);
        }
        Profile::Property => {
            pages.heading(w(lang, "五、如有异议", "5. If you disagree"));
            let routes = match lang {
                Lang::Zh => format!("如您对本处理决定有异议，可自收到本告知书之日起 15 日内与我们联系复核；也可以拨打所在城市的 {CITY_SERVICE_HOTLINE} 政务服务便民热线，或向街道办事处、房屋管理部门反映；或依法向人民法院提起诉讼。"),
                Lang::En => format!("If you do not accept this decision, contact us within 15 days of receiving this notice to have it reconsidered; you may also call your city's {CITY_SERVICE_HOTLINE} government service hotline, or turn to the sub-district office or the housing authority; or go to court."),
            };
            pages.paragraph(&routes, BODY, Align::Left);
        }
    }
    // Who decided and when: the decision's own step, not whoever prints the letter, nor when.
    let decided = decision_event(doc.events);
    let handler = decided.and_then(|e| e.actor_name.as_deref()).or(doc.handler_name);
    let day = decided.map(|e| e.at).or(case.responded_at).unwrap_or(doc.issued_at);
    let mut lines = Vec::new();
    if let Some(handler) = handler {
        lines.push(format!("{}{handler}", w(lang, "处理人：", "Decided by: ")));
    }
    lines.push(format!("{}{}", w(lang, "决定日期：", "Decided on: "), local_date(day, doc, lang)));
    contact_paragraph(pages, head, lang);
    pages.seal_block(&head.org_name, &local_date(day, doc, lang), &lines);
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
    contact_paragraph(pages, head, lang);
    sign_off(pages, head, doc, lang);
    Ok(())
}
