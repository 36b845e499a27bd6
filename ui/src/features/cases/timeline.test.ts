import { describe, expect, it } from 'vitest';
import type { Event } from '../../lib/ipc/bindings/Event';
import type { JsonValue } from '../../lib/ipc/bindings/serde_json/JsonValue';
import { translate, type MessageKey, type MessageVars } from '../../locales/index';
import { catalog, nfraPack } from '../../testing/fixtures';
import { describeChanges, eventTitle } from './timeline';

const zh = (key: MessageKey, vars?: MessageVars) => translate('zh-CN', key, vars);
const en = (key: MessageKey, vars?: MessageVars) => translate('en', key, vars);

function event(part: Partial<Event>): Event {
  return {
    id: 1,
    case_id: 1,
    at: '2026-03-02T02:00:00Z',
    actor_id: 1,
    actor_name: '张主管',
    actor_role: 'supervisor',
    kind: 'transition',
    action: 'assign',
    from_status: 'accepted',
    to_status: 'assigned',
    before: null,
    after: null,
    note: null,
    internal: false,
    ...part,
  };
}

describe('describeChanges()', () => {
  it('names users, departments and contact methods, and leaves out what the event already shows', () => {
    const changes = describeChanges(
      event({
        before: { status: 'accepted', department: null, handler_id: null, assigned_at: null },
        after: { status: 'assigned', department: '工程部', handler_id: 2, assigned_at: '2026-03-02T02:00:00Z', notice_method: 'phone' },
      }),
      catalog,
      'zh-CN',
      zh,
    );
    expect(changes).toEqual([
      { field: 'department', label: '处理部门', before: '—', after: '工程部' },
      { field: 'handler_id', label: '处理人', before: '—', after: '李工' },
      { field: 'notice_method', label: '告知方式', before: '—', after: '电话' },
    ]);
  });

  it('shows money in yuan, yes/no, escalation levels and root causes, in English too', () => {
    const changes = describeChanges(
      event({
        kind: 'escalation',
        before: { escalation: 0, compensation_cents: null, solved: null },
        after: { escalation: 2, compensation_cents: 150000, solved: true, root_cause_code: 'equipment' },
      }),
      catalog,
      'en',
      en,
    );
    expect(changes.map((c) => `${c.label}: ${c.before} → ${c.after}`)).toEqual([
      'Escalation: Not escalated → Level 2',
      'Compensation (yuan): — → 1,500.00',
      'Root cause: — → Equipment',
      'Problem solved: — → Yes',
    ]);
  });

  it('lists changes in the order of the case file, not the order the backend sent them', () => {
    const changes = describeChanges(
      event({ action: 'respond', after: { outcome: '已更换', notice_method: 'phone', decision_basis: '合同第八条', facts: '主板损坏' } }),
      catalog,
      'zh-CN',
      zh,
    );
    expect(changes.map((c) => c.label)).toEqual(['查明事实', '依据和理由', '处理结果', '告知方式']);
  });

  it('does not repeat the reason that is already the event’s note, nor unchanged values', () => {
    const changes = describeChanges(
      event({ note: '客户不满意', before: { unit: '1502' }, after: { reason: '客户不满意', unit: '1502' } }),
      catalog,
      'zh-CN',
      zh,
    );
    expect(changes).toEqual([]);
  });

  it('lists nothing for the registration, whose values are the case itself', () => {
    expect(describeChanges(event({ kind: 'created', after: { subject: '电梯停运' } }), catalog, 'zh-CN', zh)).toEqual([]);
  });
});

describe('eventTitle()', () => {
  const title = (part: Partial<Event>, locale: 'zh-CN' | 'en' = 'zh-CN') =>
    eventTitle(event({ from_status: null, to_status: null, ...part }), catalog, locale, locale === 'en' ? en : zh);

  it('names a step by its label in the lifecycle', () => {
    expect(title({ kind: 'transition', action: 'assign' })).toBe('分派');
  });

  it('says how the customer was contacted', () => {
    const contact = { kind: 'contact' as const, action: 'contact', after: { contact_method: 'phone' }, note: '已告知维修进度' };
    expect(title(contact)).toBe('联系客户（电话）');
    expect(title(contact, 'en')).toBe('Contact with customer (Phone)');
    expect(title({ kind: 'contact', action: 'contact', after: null })).toBe('联系客户');
  });

  it('names an improvement item a case is linked to, and each of its moves', () => {
    expect(title({ kind: 'improvement', action: 'improvement_opened', after: { improvement: 7, status: 'open' } })).toBe('开立整改事项 #7');
    expect(title({ kind: 'improvement', action: 'improvement_linked', after: { improvement: 7, status: 'in_progress' } })).toBe('关联到整改事项 #7');
    expect(title({ kind: 'improvement', action: 'improvement_verified', after: { improvement: 7, status: 'verified' } })).toBe('整改事项 #7：已验证');
    expect(title({ kind: 'improvement', action: 'improvement_done', after: { improvement: 7, status: 'done' } }, 'en')).toBe('Improvement item #7: Done');
  });

  it('names the follow-up campaign a case was put in, and what each campaign call found', () => {
    expect(title({ kind: 'campaign', action: 'campaign_added', after: { campaign: 4, title: '电梯整改回访', improvement: 7 } })).toBe('列入集中回访 #4：电梯整改回访');
    expect(title({ kind: 'campaign', action: 'campaign_added', after: { campaign: 4 } }), 'without a title, by its number').toBe('列入集中回访 #4');
    const reached = { campaign: 4, attempt: 1, method: 'phone', reached: true, satisfaction: 4, problem_back: false, state: 'reached', new_case: null };
    expect(title({ kind: 'campaign', action: 'campaign_call', after: reached })).toBe('集中回访：已接通，满意度 4 分');
    expect(title({ kind: 'campaign', action: 'campaign_call', after: reached }, 'en')).toBe('Campaign call: reached, satisfaction 4');
    const missed = { ...reached, attempt: 2, reached: false, satisfaction: null, state: 'open' };
    expect(title({ kind: 'campaign', action: 'campaign_call', after: missed })).toBe('集中回访：未接通（第 2 次）');
    expect(title({ kind: 'campaign', action: 'campaign_call', after: { ...missed, attempt: 3, state: 'unreachable' } })).toBe('集中回访：未接通（第 3 次），记为联系不上');
    const back = { ...reached, satisfaction: 2, problem_back: true, new_case: 'TS-2026-000088' };
    expect(title({ kind: 'campaign', action: 'campaign_call', after: back })).toBe('集中回访：客户反映问题复现，已登记新案件 TS-2026-000088');
    expect(title({ kind: 'campaign', action: null, after: null }), 'anything else is a campaign event').toBe('集中回访');
    expect(title({ kind: 'campaign', action: null, after: null }, 'en')).toBe('Follow-up campaign');
  });

  it('lists only the method of a campaign call as a change: the rest is its title', () => {
    const changes = describeChanges(
      event({
        kind: 'campaign',
        action: 'campaign_call',
        before: null,
        after: { campaign: 4, attempt: 1, method: 'phone', reached: true, satisfaction: 4, problem_back: false, state: 'reached', new_case: null },
      }),
      catalog,
      'zh-CN',
      zh,
    );
    expect(changes.map((c) => `${c.label}: ${c.after}`)).toEqual(['回访方式: 电话']);
  });

  it('names a handling action by its kind, and a referral with where it went', () => {
    expect(title({ kind: 'handling', action: 'investigation' })).toBe('调查核实');
    expect(title({ kind: 'handling', action: 'site_visit' })).toBe('现场调查');
    expect(title({ kind: 'handling', action: 'site_visit' }, 'en')).toBe('Site visit');
    expect(title({ kind: 'handling', action: 'referral', after: { department: '工程部' } })).toBe('转交部门 → 工程部');
    expect(title({ kind: 'handling', action: 'referral', after: { department: '工程部' } }, 'en')).toBe('Referral → 工程部');
  });

  it('names an attachment with its file name and size', () => {
    const attachment = { kind: 'attachment' as const, action: null, after: { attachment_id: 3, name: '现场照片.png', size: 153600 } };
    expect(title(attachment)).toBe('添加附件 现场照片.png（150 KB）');
    expect(title(attachment, 'en')).toBe('Attached 现场照片.png (150 KB)');
  });

  it('names notes, escalations and the registration by their kind', () => {
    expect(title({ kind: 'note', action: null })).toBe('备注');
    expect(title({ kind: 'escalation', action: null })).toBe('升级');
    expect(title({ kind: 'created', action: null })).toBe('登记');
  });

  it('does not list as changes what the title of a contact, handling action or attachment already says', () => {
    const entries: Partial<Event>[] = [
      { kind: 'contact', action: 'contact', after: { contact_method: 'phone' } },
      { kind: 'handling', action: 'referral', after: { department: '工程部' } },
      { kind: 'attachment', action: null, after: { attachment_id: 3, name: 'a.png', size: 10 } },
    ];
    for (const part of entries) {
      expect(describeChanges(event({ from_status: null, to_status: null, ...part }), catalog, 'zh-CN', zh)).toEqual([]);
    }
  });
});

describe('deadline entries', () => {
  const extension = event({
    kind: 'extension',
    action: 'extension',
    from_status: null,
    to_status: null,
    note: '需调取核保资料',
    after: {
      kind: 'extension_approved',
      at: '2026-03-02T02:00:00Z',
      step: 2,
      approver: '总公司王总',
      customer_notified: true,
      reason: '需调取核保资料',
    },
  });

  it('names an extension by its step in the case’s rule pack', () => {
    expect(eventTitle(extension, catalog, 'zh-CN', zh, nfraPack)).toBe('批准延期：特殊情况，延长至 60 日');
    expect(eventTitle(extension, catalog, 'zh-CN', zh, null)).toBe('批准延期：已延期第 2 步');
  });

  it('lists who approved it and that the customer was told, and not the reason twice', () => {
    expect(describeChanges(extension, catalog, 'zh-CN', zh).map((c) => `${c.label}: ${c.after}`)).toEqual(['批准人: 总公司王总', '已告知客户: 是']);
  });

  it('names a warning by the share of time used and a breach as overdue, with the escalation it raised', () => {
    const warning = event({ kind: 'deadline', action: 'warning', from_status: null, to_status: null, before: { escalation: 0 }, after: { level: 75, due_at: '2026-03-17T16:00:00Z' } });
    expect(eventTitle(warning, catalog, 'zh-CN', zh)).toBe('时限提醒：已用 75% 的时间');
    expect(describeChanges(warning, catalog, 'zh-CN', zh).map((c) => c.label)).toEqual(['到期时间']);
    const breach = event({
      kind: 'deadline',
      action: 'breached',
      from_status: null,
      to_status: null,
      before: { escalation: 0 },
      after: { level: 100, due_at: '2026-03-17T16:00:00Z', escalation: 1 },
    });
    expect(eventTitle(breach, catalog, 'en', en)).toBe('Deadline alert: overdue');
    expect(describeChanges(breach, catalog, 'zh-CN', zh).map((c) => `${c.label}: ${c.before} → ${c.after}`)).toContain('升级级别: 未升级 → 1 级');
  });

  it('says how late a breach that aged a step is, and the level it reached', () => {
    const aged = event({
      kind: 'deadline',
      action: 'breached',
      from_status: null,
      to_status: null,
      before: { escalation: 1 },
      after: { level: 101, due_at: '2026-03-17T16:00:00Z', step: 2, overdue_ms: 5 * 24 * 3_600_000, escalation: 2 },
    });
    expect(eventTitle(aged, catalog, 'zh-CN', zh)).toBe('时限提醒：仍然超时（5 天），升级至 2 级');
    expect(describeChanges(aged, catalog, 'zh-CN', zh).map((c) => c.label)).toEqual(['升级级别', '到期时间']);
  });
});

describe('follow-up entries', () => {
  const call = (after: Record<string, JsonValue>, action = String(after.outcome)) =>
    event({ kind: 'followup', action, from_status: null, to_status: null, actor_role: 'followup', after });
  const base = { round: 1, attempt: 1, method: 'phone', reached: true, duration_minutes: 5, satisfaction: 5, solved: true, suggestion: null, outcome: 'satisfied', next_attempt_at: null };

  it('says a satisfied call with its score', () => {
    expect(eventTitle(call(base), catalog, 'zh-CN', zh)).toBe('回访：满意（5 分）');
    expect(eventTitle(call(base), catalog, 'en', en)).toBe('Follow-up: satisfied (5)');
  });

  it('says why a call was not satisfied: the score, and that the problem is not solved', () => {
    expect(eventTitle(call({ ...base, satisfaction: 2, solved: false, outcome: 'unsatisfied' }), catalog, 'zh-CN', zh)).toBe('回访：不满意（2 分，未解决）');
    expect(eventTitle(call({ ...base, satisfaction: 4, solved: false, outcome: 'unsatisfied' }), catalog, 'zh-CN', zh)).toBe('回访：不满意（4 分，未解决）');
    expect(eventTitle(call({ ...base, satisfaction: 1, solved: true, outcome: 'unsatisfied' }), catalog, 'zh-CN', zh)).toBe('回访：不满意（1 分）');
  });

  it('counts the attempts that did not reach the customer, and says when they are used up', () => {
    const missed = { ...base, attempt: 2, reached: false, satisfaction: null, solved: null, outcome: 'retry', next_attempt_at: '2026-03-03T02:00:00Z' };
    expect(eventTitle(call(missed), catalog, 'zh-CN', zh)).toBe('回访：未联系上（第 2 次）');
    expect(eventTitle(call({ ...missed, attempt: 3, outcome: 'exhausted' }), catalog, 'zh-CN', zh)).toBe('回访：未联系上（第 3 次，次数已用完）');
  });

  it('calls a call after closing a complex case a 跟踪回访', () => {
    expect(eventTitle(call({ ...base, round: 2 }), catalog, 'zh-CN', zh)).toBe('跟踪回访：满意（5 分）');
  });

  it('lists the method, length, suggestion and next call, not what the title says', () => {
    const changes = describeChanges(
      call({ ...base, attempt: 1, reached: false, satisfaction: null, solved: null, duration_minutes: 2, suggestion: '晚上再打', outcome: 'retry', next_attempt_at: '2026-03-03T02:00:00Z' }),
      catalog,
      'zh-CN',
      zh,
    );
    expect(changes.map((c) => c.label)).toEqual(['回访方式', '通话时长（分钟）', '客户建议', '下次回访时间']);
    expect(changes[0]!.after).toBe('电话');
  });
});

describe('correction entries', () => {
  const corrected = event({
    kind: 'correction',
    action: null,
    from_status: null,
    to_status: null,
    actor_role: 'clerk',
    note: '客户来电告知电话和分类登记错误',
    before: { customer_phone: '138****8000', subcategory: null, received_at: '2026-03-02T01:30:00Z', staff_user_id: null },
    after: { customer_phone: '139****9000', subcategory: 'repair.elevator', received_at: '2026-03-01T23:30:00Z', staff_user_id: 2 },
  });

  it('is titled 更正信息', () => {
    expect(eventTitle(corrected, catalog, 'zh-CN', zh)).toBe('更正信息');
  });

  it('lists each corrected field with its value before and after, in words', () => {
    expect(describeChanges(corrected, catalog, 'zh-CN', zh)).toEqual([
      { field: 'customer_phone', label: '联系电话', before: '138****8000', after: '139****9000' },
      { field: 'received_at', label: '收到时间', before: '2026-03-02 09:30', after: '2026-03-02 07:30' },
      { field: 'subcategory', label: '子类别', before: '—', after: '电梯故障' },
      { field: 'staff_user_id', label: '被投诉员工', before: '—', after: '李工' },
    ]);
  });
});
