import { describe, expect, it } from 'vitest';
import type { ClockUnit } from '../../lib/ipc/bindings/ClockUnit';
import type { Milestone } from '../../lib/ipc/bindings/Milestone';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import { translate, type MessageKey, type MessageVars } from '../../locales/index';
import { nfraPack } from '../../testing/fixtures';
import { clockSpanText, isNewLength, isServiceTimePack, milestoneText, packsForDesk, stepNeedsText, unitName } from './ruleWords';

const zh = (key: MessageKey, vars?: MessageVars) => translate('zh-CN', key, vars);
const en = (key: MessageKey, vars?: MessageVars) => translate('en', key, vars);

describe('unitName()', () => {
  it.each<[ClockUnit, string, string]>([
    ['natural_days', '自然日', 'calendar days'],
    ['working_days', '工作日', 'working days'],
    ['weeks', '周', 'weeks'],
    ['hours', '小时', 'hours'],
    ['minutes', '分钟', 'minutes'],
  ])('names %s as “%s” beside the length', (unit, chinese, english) => {
    expect(unitName(unit, zh)).toBe(chinese);
    expect(unitName(unit, en)).toBe(english);
  });
});

describe('milestoneText() and clockSpanText()', () => {
  it('has words for every moment that starts or meets a clock', () => {
    const all: Milestone[] = [
      'received',
      'dispatched',
      'on_site',
      'fixed',
      'responded',
      'decision_notified',
      'review_requested',
      'review_decided',
      'followed_up',
    ];
    for (const m of all) {
      expect(milestoneText(m, zh), `${m} has Chinese words`).not.toContain('rulepacks.');
      expect(milestoneText(m, en), `${m} has English words`).not.toContain('rulepacks.');
    }
  });

  it.each<[Milestone, Milestone, string]>([
    ['received', 'decision_notified', '自收到投诉起，至告知处理决定'],
    ['received', 'dispatched', '自收到投诉起，至派单'],
    ['responded', 'followed_up', '自答复客户起，至完成回访'],
    ['decision_notified', 'review_requested', '自告知处理决定起，至客户申请核查'],
  ])('a clock from %s to %s runs “%s”', (start, met_by, text) => {
    expect(clockSpanText({ start, met_by }, zh)).toBe(text);
  });

  it('reads in English too', () => {
    expect(clockSpanText({ start: 'received', met_by: 'responded' }, en)).toBe('From complaint received until customer answered');
  });
});

describe('stepNeedsText()', () => {
  const step = { needs_notice: false, needs_approver: false, needs_reason: false };

  it('lists what a step needs on record, in the order the dialog asks for it', () => {
    expect(stepNeedsText({ ...step, needs_notice: true }, zh)).toBe('须告知客户');
    expect(stepNeedsText({ ...step, needs_notice: true, needs_approver: true }, zh)).toBe('须告知客户、记录批准人');
    expect(stepNeedsText({ needs_notice: true, needs_approver: true, needs_reason: true }, zh)).toBe('须告知客户、记录批准人、写明理由');
    expect(stepNeedsText({ ...step, needs_approver: true, needs_reason: true }, en)).toBe('needs the approver on record, a reason');
  });

  it('says nothing for a step that needs nothing', () => {
    expect(stepNeedsText(step, zh)).toBe('');
  });
});

describe('isServiceTimePack()', () => {
  it('offers inputs exactly on the packs the backend marks editable', () => {
    expect(isServiceTimePack({ editable: true })).toBe(true);
    expect(isServiceTimePack({ editable: false })).toBe(false);
  });
});

describe('packsForDesk()', () => {
  const property: RulePack = { ...nfraPack, code: 'property-default', default_for: 'property' };
  const pboc: RulePack = { ...nfraPack, code: 'pboc-2020', default_for: null };
  const packs = [nfraPack, pboc, property];

  it('puts the pack this desk’s new cases run on first, the rest in the backend’s order', () => {
    expect(packsForDesk(packs, 'property').map((p) => p.code)).toEqual(['property-default', 'nfra-2020', 'pboc-2020']);
    expect(packsForDesk(packs, 'insurance').map((p) => p.code)).toEqual(['nfra-2020', 'pboc-2020', 'property-default']);
    expect(packsForDesk(packs, null).map((p) => p.code)).toEqual(['nfra-2020', 'pboc-2020', 'property-default']);
  });
});

describe('isNewLength()', () => {
  it('sends a whole number that differs from the pack’s', () => {
    expect(isNewLength(12, 24)).toBe(true);
    expect(isNewLength(20000, 24)).toBe(true);
  });

  it('keeps 保存 off for the same length, an empty input or a fraction', () => {
    expect(isNewLength(24, 24)).toBe(false);
    expect(isNewLength(null, 24)).toBe(false);
    expect(isNewLength(undefined, 24)).toBe(false);
    expect(isNewLength(1.5, 24)).toBe(false);
  });
});
