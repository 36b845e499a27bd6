import { afterEach, describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageVars } from '../../locales/index';
import { machineZone } from '../../testing/machineZone';
import { DEFAULT_DESK_ZONE, setDeskTimeZone } from '../format';
import type { ClockStateKind } from '../ipc/bindings/ClockStateKind';
import type { RulePack } from '../ipc/bindings/RulePack';
import {
  BREACH_COLOR,
  WARNING_COLOR,
  clockStateColor,
  datePairText,
  defaultPackFor,
  dueStateColor,
  formatDue,
  lengthText,
  progressOf,
  remainingText,
  spanText,
  timeLeftAt,
  timeLeftText,
} from './deadlines';

const zh = (key: MessageKey, vars?: MessageVars) => translate('zh-CN', key, vars);
const en = (key: MessageKey, vars?: MessageVars) => translate('en', key, vars);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('timeLeftText()', () => {
  it.each([
    [2 * DAY + 3 * HOUR + 20 * MIN, '剩余 2 天 3 小时'],
    [2 * DAY, '剩余 2 天'],
    [5 * HOUR + 10 * MIN, '剩余 5 小时 10 分钟'],
    [45 * MIN + 59_000, '剩余 45 分钟'],
    [20_000, '剩余 不到 1 分钟'],
    [-5 * HOUR, '已超时 5 小时'],
    [-(3 * DAY + 1 * HOUR), '已超时 3 天 1 小时'],
  ])('reads %d ms as “%s”, counting whole minutes and no finer than the two largest units', (ms, text) => {
    expect(timeLeftText(ms, zh)).toBe(text);
  });

  it('reads the same in English', () => {
    expect(timeLeftText(2 * DAY + 3 * HOUR, en)).toBe('2 d 3 h left');
    expect(timeLeftText(-5 * HOUR, en)).toBe('5 h overdue');
    expect(spanText(90 * MIN, en)).toBe('1 h 30 min');
  });
});

describe('timeLeftAt()', () => {
  it('counts a running or overdue clock down from when the backend measured it', () => {
    expect(timeLeftAt({ state: 'running', time_left_ms: 10 * MIN }, 1_000, 1_000 + 4 * MIN)).toBe(6 * MIN);
    expect(timeLeftAt({ state: 'breached', time_left_ms: -MIN }, 0, MIN)).toBe(-2 * MIN);
  });

  it('never gives a clock time back when "now" was read a moment before the case was', () => {
    expect(timeLeftAt({ state: 'breached', time_left_ms: -5 * HOUR }, 1_001, 1_000)).toBe(-5 * HOUR);
    expect(timeLeftAt({ state: 'running', time_left_ms: 10 * MIN }, 1_001, 1_000)).toBe(10 * MIN);
  });

  it('leaves a paused clock’s time left where it stands, and a finished clock without one', () => {
    expect(timeLeftAt({ state: 'paused', time_left_ms: 10 * MIN }, 0, HOUR)).toBe(10 * MIN);
    expect(timeLeftAt({ state: 'met', time_left_ms: null }, 0, HOUR)).toBeNull();
  });
});

describe('datePairText()', () => {
  it('shows the target date alone when no rest day moved it', () => {
    expect(datePairText({ target_date: '2026-10-16', latest_date: '2026-10-16' }, zh)).toBe('目标日期 2026-10-16');
  });

  it('shows both dates when the last day fell on a rest day and moved to the next working day', () => {
    expect(datePairText({ target_date: '2026-10-16', latest_date: '2026-10-19' }, zh)).toBe('目标日期 2026-10-16，法定最迟 2026-10-19（顺延）');
    expect(datePairText({ target_date: '2026-10-16', latest_date: '2026-10-19' }, en)).toBe(
      'Target date 2026-10-16, latest legal date 2026-10-19 (moved off a rest day)',
    );
  });

  it('has nothing to say for an hour clock, which has no dates', () => {
    expect(datePairText({ target_date: null, latest_date: null }, zh)).toBeNull();
  });
});

describe('formatDue()', () => {
  // The machine is in New York; the desk is in Shanghai (the default desk zone).
  machineZone('America/New_York');
  afterEach(() => setDeskTimeZone(DEFAULT_DESK_ZONE));

  it('writes a deadline ending at Shanghai midnight as 24:00 of its last day there, as the rule says it', () => {
    // 2026-10-20 00:00 in Shanghai; in New York it is noon of the 19th.
    expect(formatDue('2026-10-19T16:00:00Z')).toBe('2026-10-19 24:00');
  });

  it('writes any other due instant in the desk’s wall time', () => {
    expect(formatDue('2026-10-19T06:30:00Z')).toBe('2026-10-19 14:30');
    expect(formatDue(null)).toBe('—');
  });

  it('follows the desk’s zone: London midnight is 24:00 there, Shanghai midnight is 17:00 there', () => {
    setDeskTimeZone('Europe/London');
    expect(formatDue('2026-10-19T23:00:00Z')).toBe('2026-10-19 24:00');
    expect(formatDue('2026-10-19T16:00:00Z')).toBe('2026-10-19 17:00');
  });
});

describe('lengthText()', () => {
  it('names the unit the clock counts in', () => {
    expect(lengthText(15, 'natural_days', zh)).toBe('15 个自然日');
    expect(lengthText(10, 'working_days', zh)).toBe('10 个工作日');
    expect(lengthText(8, 'weeks', en)).toBe('8 weeks');
  });
});

describe('colours', () => {
  it('tags running blue, paused grey, met green, breached red, stopped and expired plain', () => {
    const states: ClockStateKind[] = ['running', 'paused', 'met', 'breached', 'stopped', 'expired'];
    expect(states.map(clockStateColor)).toEqual(['blue', 'default', 'green', 'red', 'default', 'default']);
  });

  it('turns the bar orange from 75 % used and red from 90 % or once breached', () => {
    expect(progressOf({ state: 'running', percent_used: 74 }).color).not.toBe(WARNING_COLOR);
    expect(progressOf({ state: 'running', percent_used: 75 }).color).toBe(WARNING_COLOR);
    expect(progressOf({ state: 'running', percent_used: 90 }).color).toBe(BREACH_COLOR);
    expect(progressOf({ state: 'breached', percent_used: 130 })).toEqual({ percent: 100, color: BREACH_COLOR });
  });

  it('keeps a met clock green however much of the time it took', () => {
    expect(progressOf({ state: 'met', percent_used: 95 }).color).not.toBe(BREACH_COLOR);
    expect(progressOf({ state: 'met', percent_used: 95 }).color).not.toBe(WARNING_COLOR);
  });

  it('colours a list’s due state: breached red, warning orange, the rest as usual', () => {
    expect(dueStateColor('breached')).toBe(BREACH_COLOR);
    expect(dueStateColor('warning')).toBe(WARNING_COLOR);
    expect(dueStateColor('running')).toBeUndefined();
    expect(dueStateColor(null)).toBeUndefined();
  });
});

describe('remainingText()', () => {
  const now = Date.parse('2026-10-10T00:00:00Z');
  it('counts to the case’s earliest due instant', () => {
    expect(remainingText('2026-10-12T03:00:00Z', 'running', now, zh)).toBe('剩余 2 天 3 小时');
    expect(remainingText('2026-10-09T19:00:00Z', 'breached', now, zh)).toBe('已超时 5 小时');
  });

  it('says 已暂停 while paused and nothing when no clock runs', () => {
    expect(remainingText('2026-10-12T03:00:00Z', 'paused', now, zh)).toBe('已暂停');
    expect(remainingText(null, 'done', now, zh)).toBe('—');
    expect(remainingText(null, null, now, zh)).toBe('—');
  });
});

describe('defaultPackFor()', () => {
  const pack = (code: string, default_for: RulePack['default_for']): RulePack => ({
    code,
    editable: false,
    label: code,
    label_en: code,
    source: null,
    default_for,
    calendar: 'cn',
    zone: null,
    escalation: null,
    clocks: [],
  });
  const packs = [pack('nfra-2020', 'insurance'), pack('pboc-2020', null), pack('property-default', 'property')];

  it('finds the pack a profile’s new cases run on', () => {
    expect(defaultPackFor(packs, 'insurance')?.code).toBe('nfra-2020');
    expect(defaultPackFor(packs, 'property')?.code).toBe('property-default');
  });

  it('finds none before the desk has a profile or when no pack is its default', () => {
    expect(defaultPackFor(packs, null)).toBeUndefined();
    expect(defaultPackFor([packs[1]!], 'insurance')).toBeUndefined();
  });
});
