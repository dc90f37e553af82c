// Compares systems on one workload: tok/s per device, system, kW and dollar, each bound, and why the winner wins.
import { CompareSpec, SystemCosts, WorkloadSpec } from '../semantics/types';
import { estimateWorkload } from './estimate';
import { systemDevices as systemDevicesOfSpec } from './layout';
import { systemPower } from '../semantics/system-shape';
import { boundText } from './report';
import { curveAt, Degrees, searchLayouts } from './search';
import { Curve, CurvePoint, pointOf } from './sweep';
import { WorkloadEstimate } from './types';

export interface CompareRow {
  system: string;
  devices: number;
  layout: Degrees;
  /** The layout was found by the search (else it is the one written). */
  searched: boolean;
  estimate: WorkloadEstimate;
  point: CurvePoint;
  bound: string;
  /** Watts of the devices used: accelerators' board power plus what is not an accelerator, when the file gives both. */
  powerWatts?: number;
  perKw?: number;
  joulesPerToken?: number;
  /** Dollars per hour of the devices used, and per million tokens. */
  dollarsPerHour?: number;
  dollarsPerMillion?: number;
  /** What is left out of this row, said plainly (no power given, the estimate is invalid, no layout fits). */
  notes: string[];
}

export interface Comparison {
  name: string;
  /** Best tok/s per device first; systems without an estimate last. */
  rows: CompareRow[];
  /** Systems with no figures, and why. */
  missing: { system: string; reason: string }[];
  /** One sentence: which term of the step makes the winner win, against the runner-up. */
  why?: string;
}

const positive = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;
const systemDevicesOf = (w: WorkloadSpec): number => systemDevicesOfSpec(w.system);

/**
 * Power and price per token for a row's throughput; undefined figures where the file gives no power or price.
 * The comparison line's `power` and `price` come first; else the system's own (its levels' `power`, summed with its
 * accelerators' board power; its `price`). Whole-system figures are scaled to the share of its devices the row uses.
 */
export function costFigures(
  w: WorkloadSpec,
  costs: SystemCosts,
  tokensPerSecond: number,
): Pick<CompareRow, 'powerWatts' | 'perKw' | 'joulesPerToken' | 'dollarsPerHour' | 'dollarsPerMillion'> & {
  notes: string[];
} {
  const notes: string[] = [];
  const out: ReturnType<typeof costFigures> = { notes };
  const systemDevices = positive(w.devices) ? systemDevicesOf(w) : 0;
  const share = systemDevices > 0 ? Math.min(1, w.devices / systemDevices) : 1;
  const scaled = `scaled to the ${w.devices} of ${systemDevices} devices used`;
  const board = w.accelerator.powerWatts;
  const declared = systemPower(w.system);
  let watts: number | undefined;
  if (costs.power?.kind === 'total') watts = costs.power.watts * share;
  else if (costs.power) {
    if (positive(board)) watts = board * w.devices + costs.power.watts * share;
    else notes.push(`no power: ${w.accelerator.name} gives no board power and the comparison no 'power total'`);
  } else if (declared.missing)
    notes.push(
      `no power: ${declared.missing} gives no board power and neither ${w.system.name} ` +
        "nor the comparison a 'power total' that covers it",
    );
  else {
    watts = declared.watts * share;
    if (!declared.declared)
      notes.push('power counts the accelerators only (the file gives no power for switches, optics and CPUs)');
  }
  if (share < 1 && (costs.power || (declared.declared && !declared.missing))) notes.push(`power ${scaled}`);
  if (positive(watts) && positive(tokensPerSecond)) {
    out.powerWatts = watts;
    out.perKw = tokensPerSecond / (watts / 1000);
    out.joulesPerToken = watts / tokensPerSecond;
  }
  const price = costs.price ?? w.system.price;
  if (price && positive(price.amount) && positive(tokensPerSecond)) {
    // A comparison line's system-hour is its own devices'; the system's system-hour is all of the system's.
    const ofSystem = !costs.price && price.per === 'system-hour';
    const perHour = price.per === 'device-hour' ? price.amount * w.devices : price.amount * (ofSystem ? share : 1);
    if (ofSystem && share < 1) notes.push(`price ${scaled}`);
    if (positive(perHour)) {
      out.dollarsPerHour = perHour;
      out.dollarsPerMillion = (perHour / 3600 / tokensPerSecond) * 1e6;
    }
  }
  for (const k of ['powerWatts', 'perKw', 'joulesPerToken', 'dollarsPerHour', 'dollarsPerMillion'] as const) {
    if (out[k] !== undefined && !positive(out[k])) delete out[k];
  }
  return out;
}

function rowOf(entry: CompareSpec['entries'][number], search: boolean): CompareRow | { reason: string } {
  const w = entry.workload;
  let estimate: WorkloadEstimate;
  let layout: Degrees;
  if (search) {
    const r = searchLayouts(w, w.parallel.search);
    if (!r.best) return { reason: r.reasons[0] ?? 'no layout found' };
    ({ estimate, layout } = r.best);
  } else {
    estimate = estimateWorkload(w);
    const { tp, pp, ep, dp, adp } = w.parallel;
    layout = { tp, pp, ep, dp, adp };
  }
  const point = pointOf(w, estimate);
  if (!estimate.valid || !point) return { reason: estimate.reasons[0] ?? 'the estimate has no finite figures' };
  const costs = costFigures(w, entry.costs, point.total);
  const notes = [...costs.notes];
  if (!point.fits) notes.push('does not fit memory at this batch');
  if (!point.meetsSlo) notes.push('misses the SLO');
  return {
    system: entry.system.name,
    devices: w.devices,
    layout,
    searched: search,
    estimate,
    point,
    bound: boundText(estimate),
    ...costs,
    notes,
  };
}

/** Per token per device, the seconds of each term of the step: where two systems differ. */
function termsPerToken(e: WorkloadEstimate): Record<'compute' | 'memory' | 'exposed communication', number> {
  const tokens = Math.max(1e-9, e.batchPerDevice * (e.phase === 'prefill' ? 1 : e.tokensPerStep));
  const dies = e.devices > 0 ? e.ranks / e.devices : 1;
  const per = (t: number) => t / (tokens / dies);
  return { compute: per(e.computeTime), memory: per(e.memoryTime), 'exposed communication': per(e.exposedCommTime) };
}

/** Why the first row beats the second: the ratio per device and the term of the step that differs most. */
export function whyWinnerWins(a: CompareRow, b: CompareRow): string {
  const ratio = a.point.perDevice / b.point.perDevice;
  const ta = termsPerToken(a.estimate);
  const tb = termsPerToken(b.estimate);
  const terms = Object.keys(ta) as (keyof typeof ta)[];
  const term = terms.reduce((x, y) => (tb[y] - ta[y] > tb[x] - ta[x] ? y : x));
  const batch = a.point.batch / Math.max(1e-9, b.point.batch);
  const times = (x: number) => `${x >= 10 ? Math.round(x) : Math.round(x * 10) / 10}x`;
  return (
    `${a.system} gives ${times(ratio)} the tok/s per device of ${b.system}: ` +
    `the largest difference per token is ${term} ` +
    `(${a.system} bound by ${a.bound}, ${b.system} by ${b.bound}); batch per device ${times(batch)}`
  );
}

/** Ranks the systems of a comparison, each at its best layout when the comparison searches. */
export function compareSystems(spec: CompareSpec): Comparison {
  const rows: CompareRow[] = [];
  const missing: Comparison['missing'] = [];
  for (const entry of spec.entries) {
    const r = rowOf(entry, spec.search);
    if ('reason' in r) missing.push({ system: entry.system.name, reason: r.reason });
    else rows.push(r);
  }
  rows.sort((a, b) => b.point.perDevice - a.point.perDevice);
  const why = rows.length >= 2 && positive(rows[1].point.perDevice) ? whyWinnerWins(rows[0], rows[1]) : undefined;
  return { name: spec.name, rows, missing, ...(why ? { why } : {}) };
}

/** Each ranked system's throughput-interactivity curve at its layout, its operating point the row's (best first). */
export function comparisonCurves(spec: CompareSpec, c: Comparison): { name: string; curve: Curve }[] {
  return c.rows.flatMap((row) => {
    const entry = spec.entries.find((e) => e.system.name === row.system);
    return entry ? [{ name: row.system, curve: curveAt(entry.workload, row.layout, row.point) }] : [];
  });
}
