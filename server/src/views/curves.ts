// The throughput-interactivity chart: tok/s per device against tok/s per user (or TTFT), the SLO, operating points.
import { LineChart } from 'echarts/charts';
import { MarkPointComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { Curve, CurvePoint } from '../analysis/sweep';
import { axis, finish, PALETTE, render, TEXT } from './charts';

echarts.use([LineChart, MarkPointComponent]);

/** One curve of the chart: a workload (or a layout of it, or a system of a comparison) swept over its batch. */
export interface CurveSeries {
  name: string;
  curve: Curve;
}

/** What the x axis shows: tokens per second one user sees (decode, serving) or the time to first token (prefill). */
type XKind = 'perUser' | 'ttft';

export interface CurveChart {
  /** The standalone SVG; undefined when no curve has a point to draw. */
  svg?: string;
  /** Curves left out of the chart, and why (for the command to report). */
  left: string[];
}

const finitePositive = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));
const xKindOf = (c: Curve): XKind | undefined =>
  c.phase === 'prefill' ? 'ttft' : c.phase === 'training' ? undefined : 'perUser';
const xOf = (kind: XKind, p: CurvePoint): number | undefined =>
  kind === 'ttft' ? (finitePositive(p.ttft) ? p.ttft * 1e3 : undefined) : p.perUser;

/** The point as [x, y] when both are finite and positive. */
function plotted(kind: XKind, p: CurvePoint): [number, number] | undefined {
  const x = xOf(kind, p);
  return finitePositive(x) && finitePositive(p.perDevice) ? [x, p.perDevice] : undefined;
}

/** The SLO as a vertical line on this axis, when the curve's SLO constrains what the axis shows. */
function sloLine(kind: XKind, c: Curve): { x: number; label: string } | undefined {
  const limit = c.slo.limit;
  if (!finitePositive(limit)) return undefined;
  const ms = round(limit * 1e3);
  if (kind === 'perUser' && c.slo.name === 'tpot') {
    return { x: 1 / limit, label: `TPOT SLO ${ms} ms (${round(1 / limit)} tok/s per user)` };
  }
  if (kind === 'ttft' && c.slo.name === 'ttft') return { x: ms, label: `TTFT SLO ${ms} ms` };
  return undefined;
}

/**
 * The chart of `series` on one pair of axes. The axis follows the first curve that can be drawn; curves of the other
 * kind, and curves without a finite point, are left out and named in `left`. Points that are not finite never reach
 * the SVG: they are dropped and counted in its description.
 */
export function renderCurveChart(title: string, series: CurveSeries[]): CurveChart {
  const left: string[] = [];
  const kind = series.map((s) => xKindOf(s.curve)).find((k) => k !== undefined);
  const drawn: { name: string; data: [number, number][]; operating?: [number, number]; batch?: number }[] = [];
  const slos = new Map<number, string>();
  const notes: string[] = [];
  let dropped = 0;
  for (const { name, curve } of series) {
    const own = xKindOf(curve);
    if (!kind || own !== kind) {
      const why =
        own === undefined
          ? 'training has no tokens per user'
          : `it plots against ${own === 'ttft' ? 'TTFT (prefill)' : 'tok/s per user'}: draw it on its own`;
      left.push(`${name}: ${why}`);
      continue;
    }
    const data = curve.points.map((p) => plotted(kind, p)).filter((p): p is [number, number] => p !== undefined);
    dropped += curve.points.length - data.length;
    if (!data.length) {
      const why = curve.reasons.length ? curve.reasons.join('; ') : 'no point with finite figures';
      left.push(`${name}: no point to draw (${why})`);
      continue;
    }
    data.sort((a, b) => a[0] - b[0]);
    const operating = curve.operating && plotted(kind, curve.operating);
    drawn.push({ name, data, operating, batch: curve.operating?.batch });
    const slo = sloLine(kind, curve);
    if (slo) slos.set(slo.x, slo.label);
    else if (finitePositive(curve.slo.limit)) {
      notes.push(`${name}: its ${curve.slo.name.toUpperCase()} SLO is not on this axis`);
    }
  }
  if (!kind || !drawn.length) return { left };
  const xName = kind === 'ttft' ? 'TTFT (ms)' : 'tok/s per user (1 / TPOT)';
  const sloMarks = [...slos].map(([x, label]) => ({
    xAxis: round(x, 6),
    label: { ...TEXT, position: 'end', align: 'left', formatter: label },
  }));
  const option = {
    legend: {
      bottom: 0,
      left: 16,
      right: 16,
      itemWidth: 18,
      itemGap: 24,
      textStyle: TEXT,
      data: drawn.map((d) => d.name),
    },
    grid: { left: 72, right: 40, top: 48, bottom: 64 + 22 * Math.ceil(drawn.length / 3) },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 26, scale: false, ...axis },
    yAxis: { type: 'value', name: 'tok/s per device', nameLocation: 'middle', nameGap: 56, ...axis },
    series: drawn.map((d, i) => ({
      name: d.name,
      type: 'line',
      data: d.data,
      showSymbol: false,
      lineStyle: { width: 2 },
      markPoint: d.operating && {
        symbol: 'circle',
        symbolSize: 10,
        silent: true,
        itemStyle: { color: PALETTE[i % PALETTE.length], borderColor: 'currentColor', borderWidth: 1.5 },
        label: { ...TEXT, position: 'right', formatter: `batch ${d.batch}` },
        data: [{ name: 'operating point', coord: d.operating }],
      },
      markLine:
        i === 0 && sloMarks.length
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#e15759', width: 2, type: 'dashed' },
              data: sloMarks,
            }
          : undefined,
    })),
  };
  const desc = [
    `${drawn.length} curve(s), tok/s per device against ${xName}; the dot on each is its operating point`,
    ...[...slos.values()],
    ...notes,
    ...(dropped ? [`${dropped} point(s) without finite figures left out`] : []),
    ...left.map((l) => `left out: ${l}`),
  ].join('; ');
  const height = 380 + 22 * Math.ceil(drawn.length / 3);
  return { svg: finish(render(option, height), 'topo-curves', title, desc), left };
}
