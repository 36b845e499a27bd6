import { describe, expect, it } from 'vitest';
import type { Event } from '../../lib/ipc/bindings/Event';
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
});
