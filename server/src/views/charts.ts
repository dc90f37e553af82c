// The estimate in charts: step time by operator class and by level, memory per device against capacity (ECharts SSR).
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { bytes, pct, time } from '../analysis/report';
import { escapeXml } from './svg';
import { EstimateView, ShareItem } from './types';

echarts.use([BarChart, GridComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

/** Categorical colours readable on light and dark backgrounds; text and axes follow the theme through currentColor. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
export const TEXT = { color: 'currentColor', fontFamily: 'sans-serif', fontSize: 12 };
const WIDTH = 640;

/** ECharts' SVG with inline style attributes turned into presentation attributes and its stylesheet dropped, so the
 * webview's Content-Security-Policy (no inline styles) has nothing to refuse; a title and description for readers. */
export function finish(svg: string, id: string, title: string, desc: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ style="font-size:(\d+)px;font-family:([^;"]*);?[^"]*"/g, ' font-size="$1" font-family="$2"')
    .replace(/ style="[^"]*"/g, '')
    .replace(/<svg /, `<svg class="topo-chart" role="img" aria-labelledby="${id}-title ${id}-desc" `)
    .replace(
      /(<svg[^>]*>)/,
      `$1<title id="${id}-title">${escapeXml(title)}</title>` + `<desc id="${id}-desc">${escapeXml(desc)}</desc>`,
    );
}

export function render(option: echarts.EChartsCoreOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: TEXT, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export const axis = {
  axisLabel: TEXT,
  nameTextStyle: TEXT,
  axisLine: { lineStyle: { color: 'currentColor', opacity: 0.5 } },
  splitLine: { lineStyle: { color: 'currentColor', opacity: 0.15 } },
};
const toMs = (s: number) => Math.round(s * 1e6) / 1e3;

/** Two stacked bars: the step by operator class and by level (the device's own work, then each fabric level). */
export function renderStepChart(e: EstimateView): string {
  const row = (items: ShareItem[], index: number) =>
    items
      .filter((i) => i.time > 0)
      .map((i) => ({
        name: i.name,
        type: 'bar',
        stack: 'step',
        barWidth: 28,
        data: index === 0 ? [toMs(i.time), '-'] : ['-', toMs(i.time)],
      }));
  const series = [...row(e.byOperator, 0), ...row(e.byLevel, 1)];
  const option = {
    legend: { bottom: 0, left: 16, right: 16, itemWidth: 14, textStyle: TEXT },
    grid: { left: 90, right: 24, top: 28, bottom: 24 + 22 * Math.ceil(series.length / 4), containLabel: false },
    xAxis: {
      type: 'value',
      name: 'ms per step (level times before overlap)',
      nameLocation: 'middle',
      nameGap: 24,
      ...axis,
    },
    yAxis: { type: 'category', data: ['by operator', 'by level'], inverse: true, ...axis },
    series,
  };
  const desc = [...e.byOperator, ...e.byLevel].map((i) => `${i.name} ${time(i.time)} (${pct(i.share)})`).join('; ');
  const height = 150 + 22 * Math.ceil(series.length / 4);
  return finish(render(option, height), 'topo-step', `Step time of ${e.workload}: ${time(e.stepTime)}`, desc);
}

/** One stacked bar of memory per device (or rank) with the capacity marked. */
export function renderMemoryChart(e: EstimateView): string {
  const m = e.memory;
  const gb = (b: number) => Math.round(b / 1e7) / 100;
  const parts: [string, number][] = [
    ['weights', m.weights],
    ['KV cache', m.kvCache],
    ['activations', m.activations],
    ['reserve', m.reserve],
  ];
  const series: object[] = parts.map(([name, value]) => ({
    name,
    type: 'bar',
    stack: 'memory',
    barWidth: 28,
    data: [gb(value)],
  }));
  if (m.capacity > 0) {
    Object.assign(series[0], {
      markLine: {
        symbol: 'none',
        silent: true,
        lineStyle: { color: '#e15759', width: 2, type: 'solid' },
        label: { ...TEXT, formatter: `capacity ${bytes(m.capacity)}` },
        data: [{ xAxis: gb(m.capacity) }],
      },
    });
  }
  const option = {
    legend: { bottom: 0, left: 16, right: 16, itemWidth: 14, textStyle: TEXT },
    grid: { left: 90, right: 24, top: 32, bottom: 56 },
    xAxis: {
      type: 'value',
      name: 'GB',
      nameLocation: 'middle',
      nameGap: 24,
      max: Math.ceil(Math.max(gb(m.total), gb(m.capacity)) * 1.05) || 1,
      ...axis,
    },
    yAxis: { type: 'category', data: [`per ${m.unit}`], ...axis },
    series,
  };
  const total = `total ${bytes(m.total)} of ${bytes(m.capacity)}${m.fits ? '' : ' (does not fit)'}`;
  const desc = `${parts.map(([n, v]) => `${n} ${bytes(v)}`).join('; ')}; ${total}`;
  return finish(render(option, 150), 'topo-memory', `Memory per ${m.unit} of ${e.workload}`, desc);
}
