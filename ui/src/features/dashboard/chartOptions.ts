import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { AgeBucket } from '../../lib/ipc/bindings/AgeBucket';
import type { Count } from '../../lib/ipc/bindings/Count';
import type { TrendPoint } from '../../lib/ipc/bindings/TrendPoint';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** The trend drawn as one total, or stacked by category or by channel. */
export type TrendSplit = 'total' | 'category' | 'channel';

const GRID = { left: 8, right: 16, top: 32, bottom: 8, containLabel: true };

/**
 * The volume trend: one bar per step, or bars stacked by the split's keys (one series per key,
 * in `keys` order, so a click's series index names the key).
 */
export function trendOption(
  trend: TrendPoint[],
  split: TrendSplit,
  labelOf: (key: string) => string,
  totalLabel: string,
): { option: ChartOption; keys: string[] } {
  const x = trend.map((p) => p.start);
  if (split === 'total') {
    return {
      keys: [],
      option: {
        tooltip: { trigger: 'axis' },
        grid: GRID,
        xAxis: { type: 'category', data: x },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', name: totalLabel, data: trend.map((p) => p.total), itemStyle: { color: '#1677ff' } }],
      },
    };
  }
  const pick = (p: TrendPoint) => (split === 'category' ? p.by_category : p.by_channel);
  const totals = new Map<string, number>();
  for (const p of trend) for (const [k, v] of Object.entries(pick(p))) totals.set(k, (totals.get(k) ?? 0) + v);
  const keys = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  return {
    keys,
    option: {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: GRID,
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value', minInterval: 1 },
      series: keys.map((k) => ({ type: 'bar' as const, stack: 'volume', name: labelOf(k), data: trend.map((p) => pick(p)[k] ?? 0) })),
    },
  };
}

/** Counts by key as horizontal bars, largest on top. */
export function countBarOption(counts: Count[], labelOf: (key: string) => string, color = '#1677ff'): ChartOption {
  // ECharts draws a category axis bottom-up: reverse so the first (largest) count is on top,
  // and a click's data index counts from the bottom (see `barIndex`).
  const rows = [...counts].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { ...GRID, top: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((c) => labelOf(c.key)), axisLabel: { width: 96, overflow: 'truncate' } },
    series: [{ type: 'bar', data: rows.map((c) => c.count), itemStyle: { color }, label: { show: true, position: 'right' } }],
  };
}

/** The count a click on `countBarOption`'s bar `dataIndex` stands for. */
export function barIndex(counts: Count[], dataIndex: number): Count | undefined {
  return counts[counts.length - 1 - dataIndex];
}

/** Counts by key as a ring; a click's data index is the count's index. */
export function pieOption(counts: Count[], labelOf: (key: string) => string): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        center: ['38%', '50%'],
        label: { show: false },
        data: counts.map((c) => ({ name: labelOf(c.key), value: c.count })),
      },
    ],
  };
}

/** Reached calls by score 1–5. */
export function satisfactionOption(scores: number[], labelOf: (score: number) => string): ChartOption {
  const colors = ['#cf1322', '#fa8c16', '#fadb14', '#73d13d', '#389e0d'];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: GRID,
    xAxis: { type: 'category', data: [1, 2, 3, 4, 5].map(labelOf) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: [0, 1, 2, 3, 4].map((i) => ({ value: scores[i] ?? 0, itemStyle: { color: colors[i] } })),
        label: { show: true, position: 'top' },
      },
    ],
  };
}

/** Open cases by age bucket. */
export function backlogOption(buckets: AgeBucket[], labelOf: (b: AgeBucket) => string): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: GRID,
    xAxis: { type: 'category', data: buckets.map(labelOf) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: buckets.map((b, i) => ({ value: b.count, itemStyle: { color: i >= 4 ? '#cf1322' : i >= 3 ? '#fa8c16' : '#1677ff' } })),
        label: { show: true, position: 'top' },
      },
    ],
  };
}

/** The cumulative share of each cause, largest first, in percent with one decimal. */
export function cumulativeShares(counts: Count[]): number[] {
  const total = counts.reduce((s, c) => s + c.count, 0);
  let running = 0;
  return counts.map((c) => {
    running += c.count;
    return total === 0 ? 0 : Math.round((running / total) * 1000) / 10;
  });
}

/** Bars of causes that have an improvement item: green, as the legend's 已有整改事项 says. */
export const COVERED_COLOR = '#52c41a';

/** The causes to mark on the Pareto and the legend entry that names the mark. */
export interface CoveredCauses {
  codes: ReadonlySet<string>;
  name: string;
}

/**
 * Root causes as a Pareto: bars by count, largest first, and the cumulative percent as a line.
 * With `covered`, the bars of those causes are green and the legend says what green means; a
 * click's data index is still the cause's index in `counts`, whichever series was clicked.
 */
export function paretoOption(
  counts: Count[],
  labelOf: (key: string) => string,
  countName: string,
  shareName: string,
  covered?: CoveredCauses,
): ChartOption {
  const marked = covered && counts.some((c) => covered.codes.has(c.key)) ? covered : undefined;
  const bars: BarSeriesOption = marked
    ? {
        type: 'bar',
        name: countName,
        // Shares its place with the legend's entry below, so the bars stay centred on their cause.
        stack: 'causes',
        data: counts.map((c) => (marked.codes.has(c.key) ? { value: c.count, itemStyle: { color: COVERED_COLOR } } : c.count)),
        itemStyle: { color: '#1677ff' },
      }
    : { type: 'bar', name: countName, data: counts.map((c) => c.count), itemStyle: { color: '#1677ff' } };
  // Their names under the axis are green too: the mark does not rest on the bar's colour alone.
  const labels = counts.map((c) => (marked?.codes.has(c.key) ? { value: labelOf(c.key), textStyle: { color: COVERED_COLOR } } : labelOf(c.key)));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: GRID,
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, width: 72, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      bars,
      { type: 'line', name: shareName, yAxisIndex: 1, data: cumulativeShares(counts), itemStyle: { color: '#fa8c16' } },
      // No bars of its own: the legend's key to the green ones, left out of the tooltip.
      ...(marked
        ? [{ type: 'bar' as const, name: marked.name, stack: 'causes', data: [], itemStyle: { color: COVERED_COLOR }, tooltip: { show: false } }]
        : []),
    ],
  };
}
