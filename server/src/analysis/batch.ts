// `batch max`: the largest batch per device that fits memory, the engine's limits and the latency SLO.
import { WorkloadSpec } from '../semantics/types';
import {
  byBatch,
  DEFAULT_ENGINE,
  DEFAULT_PREFILL_TOKENS,
  memoryAt,
  OperatingPoint,
  PointAt,
  pointsOf,
  servingPrefillPerSeq,
} from './phases';
import { meetsSlo, sloChecks } from './slo';
import { Setup } from './setup';
import { BatchSearchResult, MemoryBreakdown, SloCheck } from './types';

const CAP = 1 << 20;

/**
 * Largest b in [lo, hi] with ok(b), assuming ok is monotone (true then false); lo - 1 when none. Bisects, or, given
 * a `gauge` that rises with b and passes 1 about where ok turns false (a latency over its limit, memory over
 * capacity), probes where the secant of its last two probes crosses 1, and bisects when that does not halve the
 * bracket (at most about twice bisection's probes). Either way the bracket keeps ok true at its low end and false
 * at its high end, so for a monotone ok the answer is bisection's; the gauge only saves probes (operating points).
 */
export function largest(lo: number, hi: number, ok: (b: number) => boolean, gauge?: (b: number) => number): number {
  if (hi < lo || !ok(lo)) return lo - 1;
  let a = lo;
  if (!gauge) {
    let b = hi;
    while (a < b) {
      const mid = Math.floor((a + b + 1) / 2);
      if (ok(mid)) a = mid;
      else b = mid - 1;
    }
    return a;
  }
  if (ok(hi)) return hi;
  // ok(a) and not ok(c): the answer is in [a, c - 1]. The guess is the secant of the last two probes.
  let c = hi;
  let older = { b: a, g: gauge(a) },
    last = { b: c, g: gauge(c) };
  const probe = (b: number): void => {
    if (ok(b)) a = b;
    else c = b;
    older = last;
    last = { b, g: gauge(b) };
  };
  while (c - a > 1) {
    const width = c - a;
    const guess = last.b + ((1 - last.g) * (last.b - older.b)) / (last.g - older.g);
    if (Number.isFinite(guess)) probe(Math.min(c - 1, Math.max(a + 1, Math.floor(guess))));
    if (c - a > 1 && (!Number.isFinite(guess) || c - a > width / 2)) probe(Math.floor((a + c) / 2));
  }
  return a;
}

/** How far `checks` are from their limits: the largest value / limit (Infinity when one is unbounded). */
function sloGauge(checks: SloCheck[]): number {
  return Math.max(0, ...checks.map((c) => (c.unbounded || !(c.limit > 0) ? Infinity : c.value / c.limit)));
}

/** How full memory is: total / capacity, of HBM and of host memory under offload. */
function memoryGauge(m: MemoryBreakdown): number {
  const host = m.host ? m.host.total / m.host.capacity : 0;
  return Math.max(m.capacity > 0 ? m.total / m.capacity : Infinity, host);
}

/**
 * The engine's cap on the batch per device, if any applies to the phase. Limits are per engine instance
 * (the tp x pp ranks of one replica, written tp: attention-DP ranks inside it share them) and per scheduled
 * micro-batch: under pp, pp micro-batches of B x tp sequences are in flight, each filled up to the limits
 * (TensorRT-LLM docs, "Scheduler": the MicroBatchScheduler skips requests in flight; vLLM schedules each
 * pipeline virtual engine separately), so the cap per device is limit / tp whatever pp.
 */
export function engineLimit(w: WorkloadSpec, s: Setup): number {
  const tp = Math.max(1, s.step.tpGroup);
  const serving = w.phase === 'serving';
  const maxBatch = w.engine.maxBatch ?? (serving ? DEFAULT_ENGINE.maxBatch : undefined);
  const maxTokens =
    w.engine.maxTokens ??
    (serving ? DEFAULT_ENGINE.maxTokens : w.phase === 'prefill' ? DEFAULT_PREFILL_TOKENS * tp : undefined);
  let limit = CAP;
  if (w.phase === 'prefill') {
    if (maxTokens !== undefined) limit = Math.min(limit, Math.floor(maxTokens / tp / Math.max(1, w.input || 1)));
    if (maxBatch !== undefined) limit = Math.min(limit, Math.floor(maxBatch / tp));
    return Math.max(1, limit);
  }
  if (maxBatch !== undefined) limit = Math.min(limit, Math.floor(maxBatch / tp));
  if (maxTokens !== undefined) {
    const perSeq = s.verify + (serving ? s.outputPerStep * servingPrefillPerSeq(w) : 0);
    limit = Math.min(limit, Math.floor(maxTokens / tp / Math.max(1e-9, perSeq)));
  }
  return Math.max(1, limit);
}

/** The largest batch per rank memory and the engine's limits allow (0 when not even one fits), and what stops it. */
export function batchCapacity(w: WorkloadSpec, s: Setup): { memoryLimit: number; engine: number; capacity: number } {
  // Each probe asks whether the batch fits and how full it is: one memory account per batch.
  const memory = byBatch((b) => memoryAt(w, s, b));
  const memoryLimit = Math.max(
    0,
    largest(
      1,
      CAP,
      (b) => memory(b).fits,
      (b) => memoryGauge(memory(b)),
    ),
  );
  const engine = engineLimit(w, s);
  return { memoryLimit, engine, capacity: Math.min(memoryLimit, engine) };
}

/**
 * Searches the batch; always returns an operating point (batch >= 1) and what stopped the search. Every limit of
 * the SLO bounds it (TPOT and TTFT, at their percentiles, with queueing when requests arrive over time: slo.ts).
 * `at` gives the operating points, each batch computed once (`pointsOf`); the caller may pass its own to reuse them.
 */
export function searchBatch(
  w: WorkloadSpec,
  s: Setup,
  at: PointAt = pointsOf(w, s),
): { point: OperatingPoint; search: BatchSearchResult; capacity: OperatingPoint } {
  const { memoryLimit, engine, capacity: hi } = batchCapacity(w, s);
  const capacity = at(Math.max(1, hi));
  const checks = byBatch((b) => sloChecks(w, s, b, capacity, at));
  const limited = checks(1).length > 0;
  let sloLimit = -1;
  let batch: number;
  let stoppedBy: BatchSearchResult['stoppedBy'];
  let slo: BatchSearchResult['slo'];
  if (limited)
    sloLimit = Math.max(
      0,
      largest(
        1,
        Math.max(1, hi),
        (b) => meetsSlo(checks(b)),
        (b) => sloGauge(checks(b)),
      ),
    );
  if (hi < 1) {
    batch = 1;
    stoppedBy = 'memory';
  } else if (limited && sloLimit < hi) {
    batch = Math.max(1, sloLimit);
    stoppedBy = 'slo';
    slo = checks(sloLimit + 1).find((c) => c.unbounded || c.value > c.limit)?.name;
  } else if (engine < memoryLimit) {
    batch = engine;
    stoppedBy = 'engine';
  } else if (memoryLimit >= CAP) {
    batch = CAP;
    stoppedBy = 'none';
  } else {
    batch = memoryLimit;
    stoppedBy = 'memory';
  }
  const search = { batch, stoppedBy, memoryLimit, sloLimit, ...(slo ? { slo } : {}) };
  return { point: at(batch), search, capacity };
}
