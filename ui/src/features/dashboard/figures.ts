import dayjs, { type Dayjs } from 'dayjs';
import { defaultQuery, queryFromSearch, queryToSearch } from '../../lib/caseQuery';
import { deskToday } from '../../lib/clock';
import { formatYuan, toDay } from '../../lib/format';
import type { AgeBucket } from '../../lib/ipc/bindings/AgeBucket';
import type { Figures } from '../../lib/ipc/bindings/Figures';
import type { Hotspot } from '../../lib/ipc/bindings/Hotspot';
import type { KpiFilter } from '../../lib/ipc/bindings/KpiFilter';
import type { Lifecycle } from '../../lib/ipc/bindings/Lifecycle';
import type { TrendPoint } from '../../lib/ipc/bindings/TrendPoint';
import type { CaseQueryDraft } from '../../lib/ipc/commands';

const EMPTY = '—';

/**
 * Counts arrive as JSON numbers although the generated types say `bigint` (ts-rs maps Rust's
 * i64 so); this reads either.
 */
export function num(value: bigint | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** A 0–1 rate as a percent with one decimal (`0.857` → `85.7%`); `—` when there is none. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? EMPTY : `${(rate * 100).toFixed(1)}%`;
}

/** Hours with one decimal; `—` when there is none. */
export function formatHours(hours: number | null | undefined): string {
  return hours === null || hours === undefined ? EMPTY : hours.toFixed(1);
}

/** A mean score with two decimals; `—` when there is none. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? EMPTY : score.toFixed(2);
}

/** A count as a plain integer, no separators (the end-to-end test compares it with the CLI's). */
export function formatCount(count: bigint | number | null | undefined): string {
  const n = num(count);
  return n === null ? EMPTY : String(Math.round(n));
}

export function formatCents(cents: bigint | number | null | undefined): string {
  return formatYuan(num(cents));
}

// --- The period -------------------------------------------------------------------------------

export type PeriodPreset = 'thisMonth' | 'lastMonth' | 'last30' | 'thisYear';
export const PRESETS: readonly PeriodPreset[] = ['thisMonth', 'lastMonth', 'last30', 'thisYear'];

/** The days of a quick period, as of `today` (by default the desk's today). */
export function presetPeriod(preset: PeriodPreset, today: Dayjs = deskToday()): { from: string; to: string } {
  switch (preset) {
    case 'thisMonth':
      return { from: toDay(today.startOf('month')), to: toDay(today) };
    case 'lastMonth': {
      const last = today.subtract(1, 'month');
      return { from: toDay(last.startOf('month')), to: toDay(last.endOf('month')) };
    }
    case 'last30':
      return { from: toDay(today.subtract(29, 'day')), to: toDay(today) };
    case 'thisYear':
      return { from: toDay(today.startOf('year')), to: toDay(today) };
  }
}

/**
 * The dashboard's filter from its URL (`#/dashboard?from=…&to=…&category=…`), the same
 * parameters as the case list; without a period, the current month to today.
 */
export function filterFromSearch(search: string, today: Dayjs = deskToday()): KpiFilter {
  const q = queryFromSearch(search);
  const period = q.from && q.to ? { from: q.from, to: q.to } : presetPeriod('thisMonth', today);
  return clean({
    ...period,
    category: q.category,
    channel: q.channel,
    project: q.project,
    department: q.department,
    handler_id: q.handler_id ?? undefined,
  });
}

export function filterToSearch(filter: KpiFilter): string {
  const { from, to, category, channel, project, department, handler_id } = filter;
  const search = queryToSearch({ ...defaultQuery(), from, to, category, channel, project, department, handler_id });
  return search;
}

/** Drops the fields that are unset, so the backend and the tests see only what was chosen. */
export function clean<T extends object>(value: T): T {
  const out = { ...value } as Record<string, unknown>;
  for (const [key, v] of Object.entries(out)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) delete out[key];
  }
  return out as T;
}

// --- Drill-downs: the case list behind a figure --------------------------------------------------

/** The cohort of a filter as a case list query: complaints received in the period that match it. */
export function cohortQuery(filter: KpiFilter, narrow: Partial<CaseQueryDraft> = {}): CaseQueryDraft {
  const { from, to, category, channel, project, department, handler_id } = filter;
  return clean({ ...defaultQuery(), from, to, category, channel, project, department, handler_id, kind: 'complaint' as const, ...narrow });
}

/** The statuses a case is still open in (not closed, withdrawn or otherwise finished). */
export function openStatuses(lifecycle: Lifecycle): string[] {
  return lifecycle.statuses.filter((s) => s.kind !== 'inactive').map((s) => s.code);
}

/** Open cases of the filter, whatever their period (backlog and "overdue now" ignore it). */
export function openQuery(filter: KpiFilter, lifecycle: Lifecycle, narrow: Partial<CaseQueryDraft> = {}): CaseQueryDraft {
  return cohortQuery({ ...filter, from: undefined, to: undefined }, { statuses: openStatuses(lifecycle), ...narrow });
}

/** Open cases now past a deadline. */
export function overdueQuery(filter: KpiFilter, lifecycle: Lifecycle): CaseQueryDraft {
  return openQuery(filter, lifecycle, { due_states: ['breached'] });
}

/**
 * Open cases of one backlog age bucket: `[from_days, to_days)` days since receipt, by the
 * calendar days received (today is age 0).
 */
export function backlogQuery(filter: KpiFilter, lifecycle: Lifecycle, bucket: AgeBucket, today: Dayjs = deskToday()): CaseQueryDraft {
  const to = toDay(today.subtract(bucket.from_days, 'day'));
  const from = bucket.to_days === null ? undefined : toDay(today.subtract(bucket.to_days - 1, 'day'));
  return openQuery(filter, lifecycle, { from, to });
}

/** The days one trend step covers, inside the period: its start to the day before the next. */
export function trendStepQuery(filter: KpiFilter, trend: TrendPoint[], index: number, narrow: Partial<CaseQueryDraft> = {}): CaseQueryDraft {
  const point = trend[index];
  if (!point) return cohortQuery(filter, narrow);
  const next = trend[index + 1];
  const stepFrom = filter.from && point.start < filter.from ? filter.from : point.start;
  const stepTo = next ? toDay(dayjs(next.start).subtract(1, 'day')) : filter.to;
  return cohortQuery({ ...filter, from: stepFrom, to: stepTo }, narrow);
}

/** The period's closed cases whose root cause is `code`: the cases behind a Pareto bar. */
export function rootCauseQuery(filter: KpiFilter, code: string): CaseQueryDraft {
  return cohortQuery(filter, { statuses: ['closed'], root_cause: code });
}

/** A hotspot's cases: its category at its site over its recent window, ending today. */
export function hotspotQuery(hotspot: Hotspot, today: Dayjs = deskToday()): CaseQueryDraft {
  return cohortQuery({
    from: toDay(today.subtract(hotspot.window_days - 1, 'day')),
    to: toDay(today),
    category: hotspot.category,
    project: hotspot.project ?? undefined,
  });
}

/** A handler's cases in the 30 days before a training (`before`) or the 30 days from it. */
export function trainingQuery(heldOn: string, handlerId: number, side: 'before' | 'after'): CaseQueryDraft {
  const day = dayjs(heldOn);
  const period =
    side === 'before'
      ? { from: toDay(day.subtract(30, 'day')), to: toDay(day.subtract(1, 'day')) }
      : { from: toDay(day), to: toDay(day.add(29, 'day')) };
  return cohortQuery({ ...period, handler_id: handlerId });
}

// --- The KPI cards ---------------------------------------------------------------------------------

export type CardKey =
  | 'received'
  | 'accept_median'
  | 'resolution_rate'
  | 'on_time_rate'
  | 'satisfaction'
  | 'cost'
  | 'reopen_rate'
  | 'repeat';

export const CARD_KEYS: readonly CardKey[] = [
  'received',
  'accept_median',
  'resolution_rate',
  'on_time_rate',
  'satisfaction',
  'cost',
  'reopen_rate',
  'repeat',
];

/** Whether a bigger figure is better (drives the colour of the change), and how a change reads. */
interface CardDef {
  value: (f: Figures) => number | null;
  format: (f: Figures) => string;
  /** A rise is good news (more solved), bad news (slower acceptance) or neither (volume). */
  better: 'up' | 'down' | 'none';
  /** How the size of a change reads: a count, hours, percentage points, a score, yuan. */
  delta: 'count' | 'hours' | 'points' | 'score' | 'cents';
}

export const CARDS: Record<CardKey, CardDef> = {
  received: { value: (f) => num(f.received), format: (f) => formatCount(f.received), better: 'none', delta: 'count' },
  accept_median: {
    value: (f) => f.accept_median_hours,
    format: (f) => formatHours(f.accept_median_hours),
    better: 'down',
    delta: 'hours',
  },
  resolution_rate: { value: (f) => f.resolution_rate, format: (f) => formatRate(f.resolution_rate), better: 'up', delta: 'points' },
  on_time_rate: { value: (f) => f.on_time_rate, format: (f) => formatRate(f.on_time_rate), better: 'up', delta: 'points' },
  satisfaction: {
    value: (f) => f.followup.mean_score,
    format: (f) => formatScore(f.followup.mean_score),
    better: 'up',
    delta: 'score',
  },
  cost: { value: (f) => num(f.cost_cents), format: (f) => formatCents(f.cost_cents), better: 'down', delta: 'cents' },
  reopen_rate: { value: (f) => f.reopen_rate, format: (f) => formatRate(f.reopen_rate), better: 'down', delta: 'points' },
  repeat: { value: (f) => num(f.repeat_cases), format: (f) => formatCount(f.repeat_cases), better: 'down', delta: 'count' },
};

export interface Change {
  /** ↑, ↓ or = ; none when either period has no figure. */
  arrow: '↑' | '↓' | '=' | null;
  /** The size of the change, formatted, without sign. */
  size: string;
  /** good / bad / neutral, for the colour. */
  tone: 'good' | 'bad' | 'neutral';
}

/** The change from the period before to this one. */
export function change(key: CardKey, current: Figures, previous: Figures): Change {
  const def = CARDS[key];
  const now = def.value(current);
  const before = def.value(previous);
  if (now === null || before === null) return { arrow: null, size: '', tone: 'neutral' };
  const diff = now - before;
  const abs = Math.abs(diff);
  const size =
    def.delta === 'count'
      ? String(Math.round(abs))
      : def.delta === 'hours'
        ? abs.toFixed(1)
        : def.delta === 'points'
          ? (abs * 100).toFixed(1)
          : def.delta === 'score'
            ? abs.toFixed(2)
            : formatYuan(abs);
  if (Math.abs(diff) < 1e-9) return { arrow: '=', size, tone: 'neutral' };
  const up = diff > 0;
  const tone = def.better === 'none' ? 'neutral' : (def.better === 'up') === up ? 'good' : 'bad';
  return { arrow: up ? '↑' : '↓', size, tone };
}

/** The case list behind a card. */
export function cardQuery(key: CardKey, filter: KpiFilter): CaseQueryDraft {
  switch (key) {
    case 'resolution_rate':
    case 'satisfaction':
      return cohortQuery(filter, { statuses: ['closed'] });
    case 'repeat':
      return cohortQuery(filter, { repeat_only: true });
    default:
      return cohortQuery(filter);
  }
}
