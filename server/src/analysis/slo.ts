// Latency limits as a server meets them: TPOT and TTFT at a percentile, with requests arriving over time.
import { WorkloadSpec } from '../semantics/types';
import { batchAtPercentile, mdOneWait } from './arrivals';
import { operatingPoint, OperatingPoint, PointAt } from './phases';
import { Setup } from './setup';
import { SloCheck } from './types';

/**
 * Whether the SLO is checked with requests arriving over time: a TTFT limit or a percentile on either limit.
 * A mean TPOT limit alone is checked at the mean batch, with no arrivals (a closed loop, as offline benchmarks run).
 */
export function arrivalsModelled(w: WorkloadSpec): boolean {
  const p = w.slo.percentiles ?? {};
  return w.slo.ttft !== undefined || p.tpot !== undefined || p.ttft !== undefined;
}

/**
 * The latencies the SLO limits at `batch` running sequences (prompts for prefill) per rank, given the operating
 * point at the largest batch memory and the engine allow (`capacity`). Model, when arrivals are modelled:
 * - Requests arrive as a Poisson process. The engine instance (tp x pp ranks) is one server of requests whose
 *   service time is 1 / its largest request rate (at `capacity`); utilisation = throughput at `batch` /
 *   throughput at `capacity`. TTFT = waiting time of an M/D/1 queue at that utilisation (at the TTFT percentile,
 *   arrivals.ts) + the prefill time of one request (its chunks in serving, one step in prefill).
 * - Each request stays for its own time, so the running batch is Poisson with mean `batch` (M/G/infinity); the
 *   TPOT at percentile p is the step at the batch's p-quantile, at most `capacity`.
 * Decode pools (disaggregated) have no TTFT limit here: their prompts were prefilled elsewhere.
 * `at` gives the operating points (a batch search passes its memo: `pointsOf`).
 */
export function sloChecks(
  w: WorkloadSpec,
  s: Setup,
  batch: number,
  capacity: OperatingPoint,
  at: PointAt = (b) => operatingPoint(w, s, b),
): SloCheck[] {
  const point = at(batch);
  const out: SloCheck[] = [];
  const arrivals = arrivalsModelled(w);
  const pct = w.slo.percentiles ?? {};
  if (w.slo.tpot !== undefined && w.phase !== 'prefill' && w.phase !== 'training') {
    const p = arrivals ? pct.tpot : undefined;
    const percentileBatch = p !== undefined ? Math.min(capacity.batch, batchAtPercentile(batch, p)) : batch;
    const value = percentileBatch === batch ? point.tpot : at(percentileBatch).tpot;
    if (value !== undefined) out.push({ name: 'tpot', limit: w.slo.tpot, value, percentile: p });
  }
  if (w.slo.ttft !== undefined && (w.phase === 'prefill' || w.phase === 'serving')) {
    const own = point.ttft ?? point.stepTime;
    const wait = arrivals ? queueWait(w, s, point, capacity, pct.ttft) : 0;
    const unbounded = !Number.isFinite(wait);
    const value = own + (unbounded ? 0 : wait);
    out.push({ name: 'ttft', limit: w.slo.ttft, value, percentile: pct.ttft, ...(unbounded ? { unbounded } : {}) });
  }
  return out;
}

/** Utilisation of the engine at `point`: its request rate over the rate at `capacity`, in [0, 1]. */
export function utilisation(point: OperatingPoint, capacity: OperatingPoint): number {
  const top = capacity.throughputPerDevice;
  if (!(top > 0)) return 0;
  return Math.min(1, Math.max(0, point.throughputPerDevice / top));
}

/** M/D/1 waiting time of a request before its prefill starts, at percentile p (undefined: the mean); Infinity at utilisation 1. */
export function queueWait(
  w: WorkloadSpec,
  s: Setup,
  point: OperatingPoint,
  capacity: OperatingPoint,
  p?: number,
): number {
  const tokensPerRequest = Math.max(1, w.phase === 'prefill' ? w.input || w.context || 1 : w.output || 1);
  const instanceRanks = Math.max(1, s.step.tpGroup * s.step.pp);
  const rate = (capacity.throughputPerDevice * instanceRanks) / tokensPerRequest;
  if (!(rate > 0)) return Infinity;
  return mdOneWait(1 / rate, utilisation(point, capacity), p);
}

/** Whether every limit is met. */
export function meetsSlo(checks: SloCheck[]): boolean {
  return checks.every((c) => !c.unbounded && c.value <= c.limit);
}
