// Text alternatives of the pictures: the layout, the step and the memory as tables of formatted cells.
import { bytes, group, ms, pct, rate, us } from '../analysis/report';
import { levelsOf } from './levels';
import { EstimateView, TableView, TopologyView } from './types';

export function layoutTable(t: TopologyView): TableView {
  const rows = levelsOf(t).map(({ view: v, depth }) => [
    `${'· '.repeat(depth)}${v.label}`, group(v.count), group(v.devicesPerInstance), group(v.instances),
    v.used ? `${group(v.used.instances)} (${group(v.used.devices)} devices)` : '—',
    v.fabric ? `${v.fabric.link}, ${rate(v.fabric.bandwidthPerDevice)} per device, ${us(v.fabric.latency)} per hop${v.fabric.oversubscription > 1 ? `, ${v.fabric.oversubscription}:1` : ''}` : '—',
    v.fabric?.load ? `${pct(v.fabric.load.share)} · ${bytes(v.fabric.load.bytesPerStep)}${v.fabric.load.bottleneck ? ' · bottleneck' : ''}` : '—',
  ]);
  if (t.scaleout) {
    const s = t.scaleout;
    rows.push(['scale-out', '—', group(t.devices), '—', '—', `${s.link}, ${rate(s.bandwidthPerDevice)} per device, ${us(s.latency)} per hop`,
      s.load ? `${pct(s.load.share)} · ${bytes(s.load.bytesPerStep)}${s.load.bottleneck ? ' · bottleneck' : ''}` : '—']);
  }
  return {
    caption: `Layout of ${t.system}${t.workload ? `, load of ${t.workload}` : ''}`,
    head: ['level', 'count', 'devices each', 'instances', 'used', 'fabric', 'share of step · bytes per step'],
    rows,
  };
}

export function stepTable(e: EstimateView): TableView {
  return {
    caption: `Step time of ${e.workload}: ${ms(e.stepTime)} (level times before overlap; exposed communication ${ms(e.exposedCommTime)})`,
    head: ['split', 'part', 'time', 'share of step'],
    rows: [
      ...e.byOperator.map((i) => ['operator', i.name, ms(i.time), pct(i.share)]),
      ...e.byLevel.map((i) => ['level', i.name, ms(i.time), pct(i.share)]),
    ],
  };
}

export function memoryTable(e: EstimateView): TableView {
  const m = e.memory;
  return {
    caption: `Memory per ${m.unit} of ${e.workload}`,
    head: ['part', 'bytes'],
    rows: [
      ['weights', bytes(m.weights)], ['KV cache', bytes(m.kvCache)], ['activations', bytes(m.activations)], ['reserve', bytes(m.reserve)],
      ['total', bytes(m.total)], ['capacity', `${bytes(m.capacity)}${m.fits ? '' : ' (does not fit)'}`],
    ],
  };
}
