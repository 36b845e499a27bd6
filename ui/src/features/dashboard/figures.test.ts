import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultQuery } from '../../lib/caseQuery';
import { resetDeskClock, setDeskClock } from '../../lib/clock';
import { catalog, heldClock } from '../../testing/fixtures';
import { machineZone } from '../../testing/machineZone';
import {
  backlogQuery,
  filterFromSearch,
  filterToSearch,
  formatCount,
  formatRate,
  presetPeriod,
  trainingQuery,
  trendStepQuery,
} from './figures';
import { barIndex, COVERED_COLOR, cumulativeShares, paretoOption, trendOption } from './chartOptions';

const today = dayjs('2026-03-18');

describe('dashboard figures as text', () => {
  it('writes counts as bare integers and rates as percents with one decimal, — when there is none', () => {
    expect(formatCount(12345)).toBe('12345');
    expect(formatRate(6 / 7)).toBe('85.7%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });
});

describe('the period', () => {
  it('offers this month, last month, the last 30 days and this year, ending today', () => {
    expect(presetPeriod('thisMonth', today)).toEqual({ from: '2026-03-01', to: '2026-03-18' });
    expect(presetPeriod('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('last30', today)).toEqual({ from: '2026-02-17', to: '2026-03-18' });
    expect(presetPeriod('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-03-18' });
  });

  it('starts at the current month when the URL has no period, and round-trips a filter through the URL', () => {
    expect(filterFromSearch('', today)).toEqual({ from: '2026-03-01', to: '2026-03-18' });
    const filter = { from: '2025-01-01', to: '2025-12-31', category: 'repair', channel: 'phone' as const, project: '翠湖花园', department: '工程部', handler_id: 2 };
    expect(filterFromSearch(filterToSearch(filter), today)).toEqual(filter);
  });
});

describe('the period on the desk’s clock', () => {
  machineZone('America/New_York');
  afterEach(resetDeskClock);

  it('ends at the desk’s today when no day is given: past midnight in Shanghai, still the day before in New York', () => {
    setDeskClock(heldClock('2026-03-18T16:30:00Z'));
    expect(presetPeriod('thisMonth')).toEqual({ from: '2026-03-01', to: '2026-03-19' });
    expect(filterFromSearch('')).toEqual({ from: '2026-03-01', to: '2026-03-19' });
  });
});

describe('drill-downs', () => {
  const filter = { from: '2026-03-01', to: '2026-03-31', category: 'repair' };
  const trend = [
    { start: '2026-02-23', total: 1, by_category: {}, by_channel: {} },
    { start: '2026-03-02', total: 2, by_category: {}, by_channel: {} },
    { start: '2026-03-30', total: 3, by_category: {}, by_channel: {} },
  ];

  it('opens a trend step’s days, kept inside the period', () => {
    const base = { ...defaultQuery(), kind: 'complaint', category: 'repair' };
    expect(trendStepQuery(filter, trend, 0)).toEqual({ ...base, from: '2026-03-01', to: '2026-03-01' });
    expect(trendStepQuery(filter, trend, 1, { channel: 'phone' })).toEqual({ ...base, from: '2026-03-02', to: '2026-03-29', channel: 'phone' });
    expect(trendStepQuery(filter, trend, 2)).toEqual({ ...base, from: '2026-03-30', to: '2026-03-31' });
  });

  it('opens a backlog bucket as the open cases received that many days ago, whatever the period', () => {
    const open = ['registered', 'accepted', 'assigned'];
    const base = { ...defaultQuery(), kind: 'complaint', category: 'repair', statuses: open };
    expect(backlogQuery(filter, catalog.lifecycle, { from_days: 0, to_days: 1, count: 1 }, today)).toEqual({ ...base, from: '2026-03-18', to: '2026-03-18' });
    expect(backlogQuery(filter, catalog.lifecycle, { from_days: 3, to_days: 7, count: 1 }, today)).toEqual({ ...base, from: '2026-03-12', to: '2026-03-15' });
    expect(backlogQuery(filter, catalog.lifecycle, { from_days: 30, to_days: null, count: 1 }, today)).toEqual({ ...base, to: '2026-02-16' });
  });

  it('opens a training’s 30 days before and 30 days from it for the attendee', () => {
    expect(trainingQuery('2026-03-10', 2, 'before')).toMatchObject({ from: '2026-02-08', to: '2026-03-09', handler_id: 2 });
    expect(trainingQuery('2026-03-10', 2, 'after')).toMatchObject({ from: '2026-03-10', to: '2026-04-08', handler_id: 2 });
  });
});

describe('chart options', () => {
  it('stacks the trend by category, largest first, one series per key', () => {
    const { keys, option } = trendOption(
      [
        { start: '2026-03-01', total: 3, by_category: { repair: 1, other: 2 }, by_channel: {} },
        { start: '2026-03-02', total: 2, by_category: { repair: 2 }, by_channel: {} },
      ],
      'category',
      (k) => `«${k}»`,
      '合计',
    );
    expect(keys).toEqual(['repair', 'other']);
    expect((option.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([
      ['«repair»', [1, 2]],
      ['«other»', [2, 0]],
    ]);
  });

  it('maps a horizontal bar back to its count (ECharts counts from the bottom) and sums the Pareto', () => {
    const counts = [
      { key: 'a', count: 6 },
      { key: 'b', count: 3 },
      { key: 'c', count: 1 },
    ];
    expect(barIndex(counts, 0)?.key).toBe('c');
    expect(barIndex(counts, 2)?.key).toBe('a');
    expect(cumulativeShares(counts)).toEqual([60, 90, 100]);
  });
});

describe('the root-cause Pareto', () => {
  const counts = [
    { key: 'equipment', count: 6 },
    { key: 'process', count: 3 },
    { key: '', count: 1 },
  ];
  const label = (k: string) => `«${k}»`;
  type Bar = number | { value: number; itemStyle: { color: string } };
  type Series = { type: string; name: string; data: Bar[]; stack?: string; tooltip?: { show: boolean } };

  it('draws the same bars and line as before when no cause is covered', () => {
    const plain = paretoOption(counts, label, '案件数', '累计占比');
    expect(paretoOption(counts, label, '案件数', '累计占比', { codes: new Set(), name: '已有整改事项' }), 'an empty set changes nothing').toEqual(plain);
    const series = plain.series as Series[];
    expect(series.map((s) => [s.type, s.name, s.data])).toEqual([
      ['bar', '案件数', [6, 3, 1]],
      ['line', '累计占比', [60, 90, 100]],
    ]);
  });

  it('paints the bars of causes with an improvement item green and names the colour in the legend', () => {
    const option = paretoOption(counts, label, '案件数', '累计占比', { codes: new Set(['process']), name: '已有整改事项' });
    const [bars, line, key] = option.series as Series[];
    expect(bars!.data, 'the counts in the same order, the covered cause’s bar green').toEqual([6, { value: 3, itemStyle: { color: COVERED_COLOR } }, 1]);
    expect(line!.data, 'the cumulative share is unchanged').toEqual([60, 90, 100]);
    expect(key, 'a legend entry of that colour, with no bars of its own and out of the tooltip').toMatchObject({
      type: 'bar',
      name: '已有整改事项',
      data: [],
      itemStyle: { color: COVERED_COLOR },
      tooltip: { show: false },
    });
    expect(key!.stack, 'it shares the bars’ place so they stay centred on their cause').toBe(bars!.stack);
    const axis = option.xAxis as { data: unknown[] };
    expect(axis.data, 'the covered cause’s name under the axis is green too').toEqual([
      '«equipment»',
      { value: '«process»', textStyle: { color: COVERED_COLOR } },
      '«»',
    ]);
  });
});
