import dayjs from 'dayjs';
import type { MessageKey, MessageVars } from '../../locales/index';
import { deskWall } from '../format';
import type { ClockState } from '../ipc/bindings/ClockState';
import type { ClockStateKind } from '../ipc/bindings/ClockStateKind';
import type { ClockUnit } from '../ipc/bindings/ClockUnit';
import type { DueState } from '../ipc/bindings/DueState';
import type { PreviousRun } from '../ipc/bindings/PreviousRun';
import type { Profile } from '../ipc/bindings/Profile';
import type { RulePack } from '../ipc/bindings/RulePack';

/**
 * How the backend's clocks read on screen. Nothing here decides a deadline: the states, dates,
 * due instants and shares of time used all come from Rust; these only put them into words and
 * colours.
 */
type Translate = (key: MessageKey, vars?: MessageVars) => string;

const MINUTE = 60_000;

/** A length of time as people say it, to the minute: `2 天 3 小时`, `5 小时 10 分钟`, `45 分钟`. */
export function spanText(ms: number, t: Translate): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return t('deadline.span.underMinute');
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days > 0) {
    parts.push(t('deadline.span.days', { n: days }));
    if (hours > 0) parts.push(t('deadline.span.hours', { n: hours }));
  } else if (hours > 0) {
    parts.push(t('deadline.span.hours', { n: hours }));
    if (mins > 0) parts.push(t('deadline.span.minutes', { n: mins }));
  } else {
    parts.push(t('deadline.span.minutes', { n: mins }));
  }
  return parts.join(' ');
}

/** `剩余 2 天 3 小时` for time still to go, `已超时 5 小时` once the due time has passed. */
export function timeLeftText(ms: number, t: Translate): string {
  return ms >= 0 ? t('deadline.left', { span: spanText(ms, t) }) : t('deadline.overdue', { span: spanText(ms, t) });
}

/**
 * How much of its time a clock has used, as people read it: `已用 40%` within its time, and once
 * the due time has passed how late it is, `超时 3 天 2 小时`, never `已用 2183%`. `left` is the
 * time left carried forward to now (`timeLeftAt`), so an open breach keeps counting.
 */
export function usedText(
  clock: Pick<ClockState, 'percent_used' | 'overdue_ms'>,
  left: number | null,
  t: Translate,
): string {
  if (left !== null && left < 0) return t('deadline.overdueBy', { span: spanText(left, t) });
  if (clock.overdue_ms !== null) return t('deadline.overdueBy', { span: spanText(clock.overdue_ms, t) });
  return t('deadline.used', { percent: clock.percent_used });
}

/**
 * An earlier run of a clock that started again (a reopen, new facts): `上次：按时（到期 …）`,
 * `上次：超时 1 天 10 小时（到期 …）`, or that it started again before it was due.
 */
export function previousText(run: Pick<PreviousRun, 'state' | 'due' | 'overdue_ms'>, t: Translate): string {
  const due = formatDue(run.due);
  switch (run.state) {
    case 'met':
      return t('deadline.previous.met', { due });
    case 'breached':
      return t('deadline.previous.breached', { due, span: spanText(run.overdue_ms ?? 0, t) });
    case 'expired':
      return t('deadline.previous.expired', { due });
    default:
      return t('deadline.previous.running', { due });
  }
}

/**
 * The time left the backend reported when the case was read, carried forward to `now` for a
 * clock that is running (a paused clock's time left does not move). Null for a finished clock.
 * A `now` read a moment before `readAt` (the two are read one after the other in a render)
 * counts as no time passed: a clock never gains time.
 */
export function timeLeftAt(clock: Pick<ClockState, 'state' | 'time_left_ms'>, readAt: number, now: number): number | null {
  if (clock.time_left_ms === null) return null;
  const passed = Math.max(0, now - readAt);
  return clock.state === 'running' || clock.state === 'breached' ? clock.time_left_ms - passed : clock.time_left_ms;
}

/**
 * A day clock's dates: `目标日期 2026-10-16`, or with the latest legal date when a rest day
 * moved it: `目标日期 2026-10-16，法定最迟 2026-10-19（顺延）`. Null for an hour clock.
 */
export function datePairText(clock: Pick<ClockState, 'target_date' | 'latest_date'>, t: Translate): string | null {
  const { target_date: target, latest_date: latest } = clock;
  if (!target) return null;
  if (latest && latest !== target) return t('deadline.datePair', { target, latest });
  return t('deadline.targetDate', { date: target });
}

/**
 * A due instant in the desk's wall time. A natural-day deadline ends at 24:00 of its last day,
 * which is 00:00 of the next: it is written the way the rule says it, `2026-10-19 24:00`.
 */
export function formatDue(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = deskWall(iso);
  if (!d) return iso;
  if (d.hour() === 0 && d.minute() === 0) return `${d.subtract(1, 'day').format('YYYY-MM-DD')} 24:00`;
  return d.format('YYYY-MM-DD HH:mm');
}

/** A clock's length in its unit: `15 个自然日`, `10 个工作日`, `24 小时`. */
export function lengthText(length: number, unit: ClockUnit, t: Translate): string {
  return t(`deadline.unit.${unit}`, { n: length });
}

/** The pack a new case of this profile runs on when intake picks none (the backend's `default_for`). */
export function defaultPackFor(packs: readonly RulePack[], profile: Profile | null | undefined): RulePack | undefined {
  return profile ? packs.find((p) => p.default_for === profile) : undefined;
}

/** Tag colour of a clock's state: running blue, paused grey, met green, breached red, the rest plain. */
export function clockStateColor(state: ClockStateKind): string {
  switch (state) {
    case 'running':
      return 'blue';
    case 'met':
      return 'green';
    case 'breached':
      return 'red';
    case 'paused':
    case 'stopped':
    case 'expired':
      return 'default';
  }
}

export const WARNING_COLOR = '#d46b08';
export const BREACH_COLOR = '#cf1322';
const MET_COLOR = '#389e0d';
const RUNNING_COLOR = '#1f5fbf';
const IDLE_COLOR = '#bfbfbf';

/**
 * The bar of time used: orange from 75 %, red from 90 % or once breached, green when met, grey
 * when paused, stopped or expired. The bar stops at 100 %; the text says how far over it is.
 */
export function progressOf(clock: Pick<ClockState, 'state' | 'percent_used'>): { percent: number; color: string } {
  const percent = Math.max(0, Math.min(100, clock.percent_used));
  let color: string;
  switch (clock.state) {
    case 'met':
      color = MET_COLOR;
      break;
    case 'breached':
      color = BREACH_COLOR;
      break;
    case 'stopped':
    case 'expired':
      color = IDLE_COLOR;
      break;
    default:
      color = clock.percent_used >= 90 ? BREACH_COLOR : clock.percent_used >= 75 ? WARNING_COLOR : RUNNING_COLOR;
      if (clock.state === 'paused' && clock.percent_used < 75) color = IDLE_COLOR;
  }
  return { percent, color };
}

/** Text colour of a case's due state in lists: breached red, warning orange, otherwise unchanged. */
export function dueStateColor(state: DueState | null | undefined): string | undefined {
  if (state === 'breached') return BREACH_COLOR;
  if (state === 'warning') return WARNING_COLOR;
  return undefined;
}

/**
 * The 剩余 column of a case list: time to the case's earliest due instant (`剩余 …`/`已超时 …`),
 * `已暂停` while its clocks are paused, `—` when it has none running.
 */
export function remainingText(dueAt: string | null, state: DueState | null, now: number, t: Translate): string {
  if (state === 'paused') return t('deadline.due.paused');
  if (!dueAt || state === null || state === 'done') return '—';
  const due = dayjs(dueAt);
  if (!due.isValid()) return '—';
  return timeLeftText(due.valueOf() - now, t);
}
