import type { CaseFollowup } from '../lib/ipc/bindings/CaseFollowup';
import type { Catalog } from '../lib/ipc/bindings/Catalog';
import type { ClockReading } from '../lib/ipc/bindings/ClockReading';
import type { ClockRule } from '../lib/ipc/bindings/ClockRule';
import type { RulePack } from '../lib/ipc/bindings/RulePack';
import type { User } from '../lib/ipc/bindings/User';
import type { Improvement } from '../lib/ipc/bindings/Improvement';

/**
 * The shell's clock held at `now` (an RFC 3339 instant), as the window tests' build answers
 * `get_clock` and sends `clock-changed`. `fakeBackend({ get_clock: () => heldClock(…) })`, or
 * `setDeskClock(heldClock(…))` for a screen rendered without the app around it.
 */
export function heldClock(now: string): ClockReading {
  return { now, fixed: true };
}

/** A small property desk: enough of the catalog the backend sends to label and fill forms. */
export const users: User[] = [
  { id: 1, login: 'zhang', display_name: '张主管', roles: ['admin', 'clerk', 'supervisor'], department: null, active: true },
  { id: 2, login: 'ligong', display_name: '李工', roles: ['handler'], department: '工程部', active: true },
  { id: 3, login: 'wang', display_name: '王师傅', roles: ['handler'], department: null, active: false },
  { id: 4, login: 'huifang', display_name: '回访员', roles: ['followup'], department: null, active: true },
];

export const catalog: Catalog = {
  profile: 'property',
  desk_zone: 'Asia/Shanghai',
  org_name: '翠湖花园物业服务中心',
  users,
  classification: {
    categories: [
      {
        code: 'repair',
        label: '工程维修',
        label_en: 'Repairs',
        children: [{ code: 'repair.elevator', label: '电梯故障', label_en: 'Elevator' }],
      },
      { code: 'other', label: '其他', label_en: 'Other', children: [] },
    ],
    departments: ['客服中心', '工程部'],
    root_causes: [
      { code: 'equipment', label: '设施设备', label_en: 'Equipment' },
      { code: 'process', label: '流程制度', label_en: 'Process' },
    ],
    business_lines: [],
    cause_channels: [],
    cause_businesses: [],
    cause_reasons: [],
  },
  lifecycle: {
    name: 'default',
    statuses: [
      { code: 'registered', kind: 'initial', label: '已登记', label_en: 'Registered' },
      { code: 'accepted', kind: 'active', label: '已受理', label_en: 'Accepted' },
      { code: 'assigned', kind: 'active', label: '已分派', label_en: 'Assigned' },
      { code: 'closed', kind: 'inactive', label: '已结案', label_en: 'Closed' },
      { code: 'withdrawn', kind: 'inactive', label: '已撤诉', label_en: 'Withdrawn' },
    ],
    transitions: [
      {
        action: 'assign',
        label: '分派',
        label_en: 'Assign',
        from: ['accepted'],
        to: 'assigned',
        roles: ['supervisor'],
        requires: ['department', 'handler_id'],
        optional: ['comment'],
        checks: ['recusal'],
        assignee_only: false,
        auto: false,
        profiles: [],
        stamp: 'assigned_at',
        followup_only: false,
      },
    ],
  },
};

/** The decision clock of nfra-2020 as the backend sends it, with its two extension steps. */
export const decisionClock: ClockRule = {
  code: 'decision',
  label: '作出处理决定并告知',
  label_en: 'Decide and notify the customer',
  start: 'received',
  met_by: 'decision_notified',
  length: 15,
  unit: 'natural_days',
  pause: true,
  restarts_on: ['new_facts', 'reopen'],
  window: false,
  uncertain: false,
  applies_when: null,
  note: null,
  extensions: [
    { step: 1, total: 30, label: '情况复杂，延长至 30 日', label_en: 'Complex case', needs_notice: true, needs_approver: false, needs_reason: false },
    { step: 2, total: 60, label: '特殊情况，延长至 60 日', label_en: 'Special case', needs_notice: true, needs_approver: true, needs_reason: false },
  ],
};

export const nfraPack: RulePack = {
  code: 'nfra-2020',
  editable: false,
  label: '银行业保险业消费投诉处理（2020）',
  label_en: 'NFRA 2020',
  source: null,
  default_for: 'insurance',
  calendar: 'cn',
  zone: null,
  escalation: { every: 5, unit: 'natural_days' },
  clocks: [decisionClock, { ...decisionClock, code: 'review_window', label: '客户申请核查期限', window: true, restarts_on: [], extensions: [] }],
};

/** A case's follow-up part after a missed call and a dissatisfied one (the case was reopened). */
export const followupRecord: CaseFollowup = {
  tasks: [{ id: 1, case_id: 7, round: 1, due_at: '2026-03-04T02:00:00Z', next_attempt_at: '2026-03-05T02:00:00Z', attempts: 2, state: 'reopened', created_at: '2026-03-02T02:00:00Z', ended_at: '2026-03-05T03:00:00Z' }],
  attempts: [
    { id: 11, task_id: 1, number: 1, at: '2026-03-04T02:00:00Z', by_user: 4, by_name: '回访员', method: 'phone', reached: false, duration_minutes: null, satisfaction: null, solved: null, comment: '无人接听', suggestion: null, outcome: 'retry' },
    { id: 12, task_id: 1, number: 2, at: '2026-03-05T03:00:00Z', by_user: 4, by_name: '回访员', method: 'phone', reached: true, duration_minutes: 6, satisfaction: 2, solved: false, comment: '还在漏水', suggestion: '换个师傅', outcome: 'unsatisfied' },
  ],
  pending: null,
  max_attempts: 3,
  can_record: false,
};

/** An improvement item (整改事项 #7, 李工's, in progress), with `over` changed. */
export const improvementFixture = (over: Partial<Improvement> = {}): Improvement => ({
  id: 7,
  cause: 'equipment',
  cause_label: '设施设备',
  cause_note: '电梯老化',
  action: '更换 3 号楼电梯主板并每月巡检',
  owner_id: 2,
  owner_name: '李工',
  due_on: '2026-03-31',
  status: 'in_progress',
  status_label: '整改中',
  category: 'repair',
  category_label: '工程维修',
  project: '翠湖花园',
  done_on: null,
  check_note: '',
  opened_by_name: '张主管',
  opened_at: '2026-03-01T02:00:00Z',
  version: 3,
  cases: 2,
  overdue: false,
  ...over,
});
