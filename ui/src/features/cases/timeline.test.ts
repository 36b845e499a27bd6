import { describe, expect, it } from 'vitest';
import type { Event } from '../../lib/ipc/bindings/Event';
import { translate, type MessageKey, type MessageVars } from '../../locales/index';
import { catalog } from '../../testing/fixtures';
import { describeChanges } from './timeline';

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
