import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the bar chart, drawn as SVG (crisp at any zoom, and jsdom has no canvas), as the dashboard does.
echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

interface Props {
  before: number;
  after: number;
  beforeLabel: string;
  afterLabel: string;
  /** What the chart shows, for screen readers. */
  label: string;
}

/** Two bars: the complaints in the window before the action was done, and in the window after. */
export function EffectChart({ before, after, beforeLabel, afterLabel, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const option: Option = {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: [beforeLabel, afterLabel] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: label,
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: [
            { value: before, itemStyle: { color: '#8c8c8c' } },
            { value: after, itemStyle: { color: after < before ? '#52c41a' : '#ff4d4f' } },
          ],
        },
      ],
    };
    chart.current?.setOption(option, { notMerge: true });
  }, [before, after, beforeLabel, afterLabel, label]);

  return <div ref={box} role="img" aria-label={label} data-testid="effect-chart" style={{ width: '100%', height: 180 }} />;
}
