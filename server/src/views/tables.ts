// Text alternatives of the pictures: the layout, the step, the memory, curves and comparisons as tables of cells.
import type { Comparison } from '../analysis/compare';
import { compareTable } from '../analysis/decision-report';
import { bytes, group, pct, rate, time } from '../analysis/report';
import type { Curve } from '../analysis/sweep';
import { levelsOf } from './levels';
import { EstimateView, FabricView, TableView, TopologyView } from './types';

export function layoutTable(t: TopologyView): TableView {
  const fabric = (f: FabricView) =>
    `${f.link}, ${rate(f.bandwidthPerDevice)} per device, ${time(f.latency)} per hop${f.oversubscription > 1 ? `, ${f.oversubscription}:1` : ''}`;
  const load = (f: FabricView) =>
    f.load ? `${pct(f.load.share)} · ${bytes(f.load.bytesPerStep)}${f.load.bottleneck ? ' · bottleneck' : ''}` : '—';
  const rows = levelsOf(t).map(({ view: v, depth }) => [
    `${'· '.repeat(depth)}${v.label}`,
    group(v.count),
    group(v.devicesPerInstance),
    group(v.instances),
    v.used ? `${group(v.used.instances)} (${group(v.used.devices)} devices)` : '—',
    v.fabric ? fabric(v.fabric) : '—',
    v.fabric ? load(v.fabric) : '—',
  ]);
  if (t.scaleout) rows.push(['scale-out', '—', group(t.devices), '—', '—', fabric(t.scaleout), load(t.scaleout)]);
  return {
    caption: `Layout of ${t.system}${t.workload ? `, load of ${t.workload}` : ''}`,
    head: ['level', 'count', 'devices each', 'instances', 'used', 'fabric', 'share of step · bytes per step'],
    rows,
  };
}

export function stepTable(e: EstimateView): TableView {
  return {
    caption:
      `Step time of ${e.workload}: ${time(e.stepTime)}` +
      ` (level times before overlap; exposed communication ${time(e.exposedCommTime)})`,
    head: ['split', 'part', 'time', 'share of step'],
    rows: [
      ...e.byOperator.map((i) => ['operator', i.name, time(i.time), pct(i.share)]),
      ...e.byLevel.map((i) => ['level', i.name, time(i.time), pct(i.share)]),
    ],
  };
}

export function memoryTable(e: EstimateView): TableView {
  const m = e.memory;
  return {
    caption: `Memory per ${m.unit} of ${e.workload}`,
    head: ['part', 'bytes'],
    rows: [
      ['weights', bytes(m.weights)],
      ['KV cache', bytes(m.kvCache)],
      ['activations', bytes(m.activations)],
      ['reserve', bytes(m.reserve)],
      ['total', bytes(m.total)],
      ['capacity', `${bytes(m.capacity)}${m.fits ? '' : ' (does not fit)'}`],
    ],
  };
}

/** The curve's points: batch, latency, tokens per second per user and per device, the bound, the SLO. */
export function curveTable(c: Curve): TableView {
  const prefill = c.phase === 'prefill';
  const cell = (n: number | undefined, f: (x: number) => string) =>
    n !== undefined && Number.isFinite(n) ? f(n) : '—';
  return {
    caption: `${c.workload}: tokens per second per device against ${prefill ? 'time to first token' : 'per user'}`,
    head: ['batch per device', prefill ? 'TTFT' : 'TPOT', 'tok/s per user', 'tok/s per device', 'bound', 'SLO'],
    rows: c.points.map((p) => [
      group(p.batch),
      cell(prefill ? p.ttft : p.tpot, time),
      cell(p.perUser, (x) => group(x)),
      cell(p.perDevice, (x) => group(x)),
      p.boundText,
      p === c.operating ? 'operating point' : p.meetsSlo ? 'meets' : 'misses',
    ]),
  };
}

/** The systems of a comparison side by side: the same cells as its hover and `topo compare` (a dash, never NaN). */
export function comparisonTable(c: Comparison): TableView {
  const { headers, rows } = compareTable(c, 'display');
  return { caption: `${c.name}: the systems side by side, best tok/s per device first`, head: headers, rows };
}
