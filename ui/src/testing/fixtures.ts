import type { Catalog } from '../lib/ipc/bindings/Catalog';
import type { User } from '../lib/ipc/bindings/User';

/** A small property desk: enough of the catalog the backend sends to label and fill forms. */
export const users: User[] = [
  { id: 1, login: 'zhang', display_name: '张主管', roles: ['admin', 'clerk', 'supervisor'], department: null, active: true },
  { id: 2, login: 'ligong', display_name: '李工', roles: ['handler'], department: '工程部', active: true },
  { id: 3, login: 'wang', display_name: '王师傅', roles: ['handler'], department: null, active: false },
  { id: 4, login: 'huifang', display_name: '回访员', roles: ['followup'], department: null, active: true },
];

export const catalog: Catalog = {
  profile: 'property',
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
      },
    ],
  },
};
