import { describe, expect, it } from 'vitest';
import type { FieldKind } from '../../lib/ipc/bindings/FieldKind';
import type { FieldSpec } from '../../lib/ipc/bindings/FieldSpec';
import { translate, type MessageKey } from '../../locales/index';
import { catalog } from '../../testing/fixtures';
import { initialStepValues, stepOptions, stepValueLabel, toStepFields, widgetFor } from './stepFields';

const t = (key: MessageKey) => translate('zh-CN', key);

describe('widgetFor()', () => {
  it('maps every field kind the backend can send onto a widget', () => {
    const table: [FieldKind, string][] = [
      ['text', 'input'],
      ['long_text', 'textarea'],
      ['bool', 'checkbox'],
      ['contact_method', 'select'],
      ['department', 'select'],
      ['handler', 'select'],
      ['money', 'money'],
      ['minutes', 'minutes'],
      ['score', 'score'],
      ['root_cause', 'select'],
    ];
    for (const [kind, widget] of table) expect(widgetFor(kind), kind).toBe(widget);
  });
});

describe('stepOptions()', () => {
  it('offers the profile’s departments, active handlers, root causes and contact methods', () => {
    expect(stepOptions('department', catalog, 'zh-CN', t).map((o) => o.value)).toEqual(['客服中心', '工程部']);
    expect(stepOptions('handler', catalog, 'zh-CN', t)).toEqual([{ value: 2, label: '李工（工程部）' }]);
    expect(stepOptions('root_cause', catalog, 'en', t).map((o) => o.label)).toEqual(['Equipment', 'Process']);
    expect(stepOptions('contact_method', catalog, 'zh-CN', t).map((o) => o.label)).toEqual(['电话', '短信', '邮件', '上门', '信函']);
    expect(stepOptions('text', catalog, 'zh-CN', t)).toEqual([]);
  });
});

describe('toStepFields()', () => {
  const fields: FieldSpec[] = [
    { name: 'facts', kind: 'long_text', required: true },
    { name: 'outcome', kind: 'long_text', required: true },
    { name: 'notice_method', kind: 'contact_method', required: true },
    { name: 'compensation', kind: 'money', required: false },
    { name: 'staff_minutes', kind: 'minutes', required: false },
    { name: 'solved', kind: 'bool', required: true },
    { name: 'handler_id', kind: 'handler', required: true },
  ];

  it('trims text, drops blanks and empty numbers, always sends check boxes', () => {
    const out = toStepFields(
      { facts: '  主板损坏 \n', outcome: '   ', notice_method: 'phone', compensation: 0, staff_minutes: null, solved: undefined, handler_id: 2 },
      fields,
    );
    expect(out).toEqual({ facts: '主板损坏', notice_method: 'phone', compensation: 0, solved: false, handler_id: 2 });
  });

  it('sends only the fields the action asks for, whatever else the form holds', () => {
    expect(toStepFields({ facts: '查明', reason: '不该出现' }, fields.slice(0, 1))).toEqual({ facts: '查明' });
  });

  it('starts check boxes unticked and nothing else filled in', () => {
    expect(initialStepValues(fields)).toEqual({ solved: false });
  });
});

describe('stepValueLabel()', () => {
  it('shows a value the way the form offered it', () => {
    expect(stepValueLabel('bool', true, catalog, 'zh-CN', t)).toBe('是');
    expect(stepValueLabel('contact_method', 'visit', catalog, 'zh-CN', t)).toBe('上门');
    expect(stepValueLabel('handler', 2, catalog, 'zh-CN', t)).toBe('李工');
    expect(stepValueLabel('root_cause', 'process', catalog, 'zh-CN', t)).toBe('流程制度');
    expect(stepValueLabel('text', '', catalog, 'zh-CN', t)).toBe('—');
  });
});
