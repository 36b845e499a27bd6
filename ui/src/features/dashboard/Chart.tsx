import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartOption } from './chartOptions';

// Only the chart types the dashboard draws, so the bundle carries no more of ECharts than that.
// SVG rather than canvas: crisp at any zoom, and it needs no canvas (jsdom has none).
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** What a click on a bar, point or slice says: which series and which data item. */
export interface ChartClick {
  seriesIndex: number;
  seriesName?: string;
  dataIndex: number;
}

interface Props {
  option: ChartOption;
  height?: number;
  onClick?: (click: ChartClick) => void;
  testId?: string;
  /** What the chart shows, for screen readers. */
  label: string;
}

/** An ECharts chart that follows its option and its container's size. */
export function Chart({ option, height = 240, onClick, testId, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      const params = p as { seriesIndex?: number; seriesName?: string; dataIndex?: number };
      click.current?.({ seriesIndex: params.seriesIndex ?? 0, seriesName: params.seriesName, dataIndex: params.dataIndex ?? 0 });
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  // Options are rebuilt on every render of the page; redraw only when what they say changed.
  const drawn = JSON.stringify(option);
  useEffect(() => {
    chart.current?.setOption(JSON.parse(drawn) as echarts.EChartsCoreOption, { notMerge: true });
  }, [drawn]);

  return <div ref={box} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
