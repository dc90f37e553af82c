// Layout search: every tp, pp, ep, dp, adp that divides the ranks and fits memory, each at its best batch under the SLO.
import { divisorsAtMost, greatestCommonDivisor, largestDivisorAtMost } from '../semantics/divisors';
import { fastDomain } from '../semantics/system-shape';
import { parameterCounts } from '../semantics/params';
import { bytesPerElement, ParallelSpec, SearchLimits, WorkloadSpec } from '../semantics/types';
import { formatQuantity } from '../semantics/units';
import { estimateWorkload } from './estimate';
import { searchBatch } from './batch';
import { memoryAt, operatingPoint, OperatingPoint, pointsOf } from './phases';
import { meetsSlo, sloChecks } from './slo';
import { layoutSetups, Setup, setupWorkload } from './setup';
import { atBatchMax, Curve, CurvePoint, pointOf, sloOf, sweepWorkload } from './sweep';
import { WorkloadEstimate } from './types';

export type Degrees = Pick<ParallelSpec, 'tp' | 'pp' | 'ep' | 'dp' | 'adp'>;

export interface LayoutResult {
  layout: Degrees;
  /** The estimate at the layout's best batch under the SLO (the estimator's own `batch max`). */
  estimate: WorkloadEstimate;
  point: CurvePoint;
}

export interface SearchResult {
  workload: string;
  /** Layouts enumerated (each divides the ranks). */
  candidates: number;
  /** Layouts that fit memory at batch 1, meet the SLO there and the estimator can model. */
  feasible: number;
  /** Layouts estimated at their best batch (the others were bounded out: they cannot beat the top ones). */
  evaluated: number;
  best?: LayoutResult;
  /** The layout as written, at its best batch under the same SLO, when the estimator can model it. */
  written?: LayoutResult;
  /** The best few, best first. */
  top: LayoutResult[];
  /** Layouts no other beats on both tok/s per device and tok/s per user, by tok/s per device descending. */
  front: LayoutResult[];
  /** Why nothing was found, or what the search left out. */
  reasons: string[];
}

/**
 * Layouts enumerated at most; the divisor lists keep real spaces below it (CloudMatrix384's 768 dies give 6,087
 * layouts), and a larger space is cut and says so.
 */
export const MAX_CANDIDATES = 20000;
/** Layouts searched at their best batch at least, for a Pareto front beyond the best few. */
export const FULL_ESTIMATES = 24;
const TOP = 5;
const BATCH_CAP = 1 << 20;
/** Slack on the screening bound for latencies that are not quite convex in the batch. */
const SCREEN_MARGIN = 1.0;

const inRange = (x: number, r: [number, number] | undefined) => !r || (x >= r[0] && x <= r[1]);
const key = (d: Degrees) => `tp ${d.tp} pp ${d.pp} ep ${d.ep} dp ${d.dp} adp ${d.adp}`;

/** The workload with other degrees (spans kept: fixes replace the written ones). */
export function withLayout(w: WorkloadSpec, d: Degrees): WorkloadSpec {
  return { ...w, parallel: { ...w.parallel, ...d } };
}

/** The curve of `w` at another layout, its operating point the one given (a layout's best batch under the SLO). */
export function curveAt(w: WorkloadSpec, layout: Degrees, operating: CurvePoint): Curve {
  return { ...sweepWorkload(withLayout(w, layout)), operating };
}

/**
 * Every layout that divides the ranks: tp up to the attention heads, dividing the fast domain, pp up to the layers,
 * dp = ranks / (tp x pp), ep dividing a pipeline stage (1 for a dense model), adp = dp x a divisor of tp.
 */
export function enumerateLayouts(
  w: WorkloadSpec,
  limits: SearchLimits = w.parallel.search ?? {},
): { layouts: Degrees[]; truncated: boolean } {
  const ranks = w.ranks;
  if (!Number.isSafeInteger(ranks) || ranks < 1) return { layouts: [], truncated: false };
  const dies = Math.max(1, Math.round(ranks / Math.max(1, w.devices)));
  const fast = fastDomain(w.system);
  const heads = Math.max(1, w.model.attention.heads || 1);
  // Tensor-parallel groups tile the fast domain: tp divides both the ranks and the domain's ranks.
  const domain = fast ? greatestCommonDivisor(ranks, fast.devices * dies) : ranks;
  const tpCap = Math.min(heads, limits.tp?.[1] ?? ranks);
  const layouts: Degrees[] = [];
  let truncated = false;
  for (const tp of divisorsAtMost(domain, tpCap)) {
    if (!inRange(tp, limits.tp)) continue;
    for (const pp of divisorsAtMost(ranks / tp, Math.min(Math.max(1, w.model.layers), limits.pp?.[1] ?? ranks))) {
      const dp = ranks / (tp * pp);
      if (!inRange(pp, limits.pp) || !inRange(dp, limits.dp)) continue;
      const eps = w.model.moe ? divisorsAtMost(ranks / pp, limits.ep?.[1] ?? ranks) : [1];
      for (const ep of eps) {
        if (!inRange(ep, limits.ep)) continue;
        for (const inside of divisorsAtMost(tp, tp)) {
          const adp = dp * inside;
          if (!inRange(adp, limits.adp)) continue;
          if (layouts.length >= MAX_CANDIDATES) {
            truncated = true;
            break;
          }
          layouts.push({ tp, pp, ep, dp, adp });
        }
      }
    }
  }
  return { layouts, truncated };
}

interface Screened {
  layout: Degrees;
  /** Throughput per device at the memory limit: no batch under the SLO does better (throughput grows with batch). */
  upper: number;
}

/**
 * A cheap upper bound of a layout's throughput under the SLO, from two operating points (batch 1 and 2 per
 * rank; the figures only, no breakdown). Memory is affine in the batch, so the memory limit follows; latency
 * is convex in the batch (sums of roofline maxima), so its tangent at batch 1 bounds it from below, and
 * throughput = batch x c / latency is bounded by batch x c / tangent at the largest batch allowed. A margin
 * covers what is not convex (message-size efficiencies); the best few are then estimated in full.
 */
function screen(
  w: WorkloadSpec,
  d: Degrees,
  setupAt: (d: Degrees) => Setup,
  dies: number,
  smallest: { need: number; capacity: number },
): Screened | undefined {
  const c = withLayout(w, d);
  const s = setupAt(d);
  if (s.reasons.length) return undefined;
  // Memory first: a layout that does not fit at batch 1 costs no step.
  const fit = memoryAt(c, s, 1);
  if (!fit.fits) {
    if (fit.total * dies < smallest.need)
      Object.assign(smallest, { need: fit.total * dies, capacity: fit.capacity * dies });
    return undefined;
  }
  // One memo for both batches: batch 2 split for two-batch overlap runs batch 1's micro-batch.
  const at = pointsOf(c, s);
  const one = at(1);
  const two = at(2);
  const l1 = sloLatency(c, one);
  const l2 = sloLatency(c, two);
  const lat1 = l1.value ?? one.stepTime;
  const lat2 = l2.value ?? two.stepTime;
  if (l1.limit !== undefined && !(lat1 <= l1.limit)) return undefined;
  const perSeq = two.memory.total - one.memory.total;
  const memoryLimit =
    perSeq > 0 ? Math.max(1, Math.floor((one.memory.capacity - (one.memory.total - perSeq)) / perSeq)) : BATCH_CAP;
  const slope = Math.max(0, lat2 - lat1);
  const sloLimit = l1.limit !== undefined && slope > 0 ? 1 + (l1.limit - lat1) / slope : BATCH_CAP;
  const batch = Math.max(1, Math.min(memoryLimit + 1, sloLimit, BATCH_CAP));
  // Throughput per rank is batch x k / latency (k from batch 1); the tangent bounds latency from below.
  const k = one.throughputPerDevice * lat1;
  const upper =
    SCREEN_MARGIN *
    dies *
    Math.max(
      one.throughputPerDevice,
      two.throughputPerDevice,
      (batch * k) / Math.max(lat1, lat1 + slope * (batch - 1)),
    );
  return Number.isFinite(upper) && upper > 0 ? { layout: d, upper } : undefined;
}

function evaluate(w: WorkloadSpec, d: Degrees): LayoutResult | undefined {
  const estimate = estimateWorkload(atBatchMax(withLayout(w, d)));
  if (!estimate.valid || !estimate.memory.fits) return undefined;
  const point = pointOf(w, estimate);
  if (!point || !point.meetsSlo) return undefined;
  return { layout: d, estimate, point };
}

/** Layouts of `results` that no other beats on both tok/s per device and tok/s per user. */
export function paretoFront<T extends { perDevice: number; perUser?: number }>(results: T[]): T[] {
  const sorted = [...results].sort((a, b) => b.perDevice - a.perDevice || (b.perUser ?? 0) - (a.perUser ?? 0));
  const front: T[] = [];
  let bestUser = -Infinity;
  for (const r of sorted) {
    const user = r.perUser ?? 0;
    if (user > bestUser) {
      front.push(r);
      bestUser = user;
    }
  }
  return front;
}

interface Exact {
  layout: Degrees;
  perDevice: number;
  perUser?: number;
}

/**
 * The mean latency the SLO bounds at a point (TPOT, or TTFT for prefill and a TTFT-only serving SLO) and its limit.
 * For the screen only: percentiles and queueing make the limit stricter, so a batch found from the mean stays an
 * upper bound, and every layout that passes the screen is checked exactly (`exact`).
 */
function sloLatency(w: WorkloadSpec, p: OperatingPoint): { value?: number; limit?: number } {
  if (w.phase === 'prefill') return { value: p.ttft, limit: w.slo.ttft };
  if (w.phase === 'serving' && w.slo.tpot === undefined && w.slo.ttft !== undefined)
    return { value: p.ttft, limit: w.slo.ttft };
  return { value: p.tpot, limit: w.slo.tpot };
}

/** A layout at the estimator's own best batch (its `batch max` search), figures only; undefined if it misses the SLO. */
function exact(w: WorkloadSpec, d: Degrees, setupAt: (d: Degrees) => Setup): Exact | undefined {
  const c = withLayout(w, d);
  const s = setupAt(d);
  if (s.reasons.length) return undefined;
  const at = pointsOf(c, s);
  const { point, capacity } = searchBatch(c, s, at);
  // The estimator's own SLO check (percentiles and queueing included), so a layout found meets what its estimate says.
  if (!point.memory.fits || !meetsSlo(sloChecks(c, s, point.batch, capacity, at))) return undefined;
  const perDevice = point.throughputPerDevice * s.dies;
  if (!Number.isFinite(perDevice) || !(perDevice > 0)) return undefined;
  const perUser =
    c.phase === 'training'
      ? undefined
      : c.phase === 'prefill'
        ? Math.max(1, c.input || c.context || 1) / (point.ttft ?? Infinity)
        : 1 / (point.tpot ?? Infinity);
  return { layout: d, perDevice, perUser };
}

/**
 * Searches the layouts of `w` (on its devices, at its SLO). Exact for the best few: layouts are searched at
 * their best batch in order of their screening bound until the next bound cannot beat the TOP-th best found;
 * the best few and the Pareto front among those searched are then estimated in full.
 */
export function searchLayouts(w: WorkloadSpec, limits?: SearchLimits): SearchResult {
  const { layouts, truncated } = enumerateLayouts(w, limits);
  const dies = Math.max(1, Math.round(w.ranks / Math.max(1, w.devices)));
  const result: SearchResult = {
    workload: w.name,
    candidates: layouts.length,
    feasible: 0,
    evaluated: 0,
    top: [],
    front: [],
    reasons: [],
  };
  if (truncated)
    result.reasons.push(`more than ${MAX_CANDIDATES} layouts: the search stopped there; narrow it with limits`);
  const { tp, pp, ep, dp, adp } = w.parallel;
  const written = evaluate(w, { tp, pp, ep, dp, adp });
  if (written) result.written = written;
  const smallest = { need: Infinity, capacity: 0 };
  // What the layouts' setups share is built once.
  const setupAt = layoutSetups(w);
  const screened = layouts
    .flatMap((d) => screen(w, d, setupAt, dies, smallest) ?? [])
    .sort((a, b) => b.upper - a.upper);
  result.feasible = screened.length;
  const found: Exact[] = [];
  for (const s of screened) {
    const bar = found.length >= TOP ? found[TOP - 1].perDevice : 0;
    if (result.evaluated >= FULL_ESTIMATES && s.upper <= bar) break;
    result.evaluated++;
    const r = exact(w, s.layout, setupAt);
    if (!r) continue;
    // Kept by tok/s per device descending, a new layout after its equals (as a stable sort would place it).
    let lo = 0,
      hi = found.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (found[mid].perDevice >= r.perDevice) lo = mid + 1;
      else hi = mid;
    }
    found.splice(lo, 0, r);
  }
  const full = new Map<string, LayoutResult>();
  if (written) full.set(key(written.layout), written);
  for (const r of [...found.slice(0, TOP), ...paretoFront(found)]) {
    const k = key(r.layout);
    if (full.has(k)) continue;
    const e = evaluate(w, r.layout);
    if (e) full.set(k, e);
  }
  const all = [...full.values()].sort((a, b) => b.point.perDevice - a.point.perDevice);
  result.top = all.slice(0, TOP);
  result.best = all[0];
  result.front = paretoFront(all.map((r) => ({ ...r, perDevice: r.point.perDevice, perUser: r.point.perUser }))).map(
    ({ layout, estimate, point }) => ({ layout, estimate, point }),
  );
  if (!all.length || !layouts.length) result.reasons.push(noLayoutReason(w, layouts.length, smallest));
  return result;
}

function noLayoutReason(w: WorkloadSpec, candidates: number, smallest: { need: number; capacity: number }): string {
  if (!candidates) return `no layout divides the ${w.ranks} ranks within the search limits`;
  if (Number.isFinite(smallest.need)) {
    return (
      `no layout fits: the smallest needs ${formatQuantity(smallest.need, 'bytes')} per device at batch 1, ` +
      `the device has ${formatQuantity(smallest.capacity, 'bytes')}`
    );
  }
  const slo = sloOf(w);
  if (slo.limit !== undefined)
    return `no layout meets ${slo.name.toUpperCase()} ${formatQuantity(slo.limit, 'time')} even at batch 1`;
  return 'the estimator can model none of the layouts';
}

/**
 * Whether no layout can fit, for certain: the weights alone, split evenly over every rank, exceed a rank's memory
 * (a lower bound of any layout's need); with the most sharded candidate (largest tp, then pp, then ep, attention
 * tensor-parallel) at batch 1 for the message. One operating point, cheap enough for the diagnostics path; the
 * search itself never runs there. `fits` is false only when no layout can fit.
 */
export function mostShardedFit(
  w: WorkloadSpec,
  limits: SearchLimits = w.parallel.search ?? {},
): { layout: Degrees; need: number; evenWeights: number; capacity: number; fits: boolean } | undefined {
  // Arithmetic, never an enumeration: the largest tp, then pp, then ep the search may take, attention tensor-parallel.
  const ranks = w.ranks;
  if (!Number.isSafeInteger(ranks) || ranks < 1) return undefined;
  const dies = Math.max(1, Math.round(ranks / Math.max(1, w.devices)));
  const fast = fastDomain(w.system);
  const domain = fast ? greatestCommonDivisor(ranks, fast.devices * dies) : ranks;
  const heads = Math.max(1, w.model.attention.heads || 1);
  const tp = largestDivisorAtMost(domain, Math.min(heads, limits.tp?.[1] ?? ranks)) ?? 1;
  const pp = largestDivisorAtMost(ranks / tp, Math.min(Math.max(1, w.model.layers), limits.pp?.[1] ?? ranks)) ?? 1;
  const ep = w.model.moe ? (largestDivisorAtMost(ranks / pp, limits.ep?.[1] ?? ranks) ?? 1) : 1;
  const dp = ranks / (tp * pp);
  const best: Degrees = { tp, pp, ep, dp, adp: dp };
  if ((['tp', 'pp', 'ep', 'dp'] as const).some((k) => !inRange(best[k], limits[k]))) return undefined;
  const c = withLayout(w, best);
  const s = setupWorkload(c);
  if (s.reasons.length) return undefined;
  const m = operatingPoint(c, s, 1).memory;
  const evenWeights = (parameterCounts(w.model).total * bytesPerElement[w.precision.weights]) / Math.max(1, w.devices);
  if (![m.total, m.capacity, evenWeights].every(Number.isFinite)) return undefined;
  const capacity = m.capacity * s.dies;
  return { layout: best, need: m.total * s.dies, evenWeights, capacity, fits: m.fits || evenWeights <= capacity };
}
