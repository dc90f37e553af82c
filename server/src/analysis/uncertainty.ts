// The error band of an estimate: its regime (architecture x phase x load x dense or MoE) and its held-out validation error.
import { WorkloadSpec } from '../semantics/types';
import bands from './uncertainty.json';

/** A regime's errors on held-out validation points, as `npm run validate -- --write-bands` wrote them. */
export interface RegimeBand {
  /** Held-out points in the regime. */
  points: number;
  /** Median and largest |predicted - measured| / measured over them. */
  median: number;
  max: number;
}

/** The committed bands (server/src/analysis/uncertainty.json), by regime name. */
export interface BandFile {
  about: string;
  /** Every held-out point of every regime: its median is the least band a regime shows (see `uncertaintyOf`). */
  overall?: RegimeBand;
  regimes: Record<string, RegimeBand>;
}

/** An estimate's uncertainty: its regime and, when that regime has held-out points, their errors. */
export interface Uncertainty {
  regime: string;
  /**
   * The band shown, ±band: the largest held-out |error| of the regime, or the median over all held-out points when
   * that is larger (`floored`); absent without held-out points in the regime.
   */
  band?: number;
  heldOut?: RegimeBand;
  /** All held-out points, when their median sets the band: the regime's few points were closer than typical. */
  floored?: RegimeBand;
}

export type Load = 'offline' | 'latency-limited';

/**
 * The load a workload describes: latency-limited when it writes an SLO (`slo tpot 50 ms`) or runs at most one
 * sequence per device (`batch 1 global`: one request at a time); offline otherwise (the highest throughput).
 */
export function loadOf(w: WorkloadSpec): Load {
  if (w.slo.tpot !== undefined || w.slo.ttft !== undefined) return 'latency-limited';
  const b = w.batch;
  const perDevice =
    b.mode === 'global' ? b.value / Math.max(1, w.devices) : b.mode === 'per-device' ? b.value : Infinity;
  return perDevice <= 1 ? 'latency-limited' : 'offline';
}

/**
 * `blackwell serving offline moe`: the accelerator's declared architecture (else other), the phase, the load, and
 * whether the model is dense or MoE (their errors differ most: MoE serving on one server runs far more optimistic).
 */
export function regimeOf(w: WorkloadSpec): string {
  return `${w.accelerator?.arch ?? 'other'} ${w.phase} ${loadOf(w)} ${w.model?.moe ? 'moe' : 'dense'}`;
}

/**
 * The band of a regime in a band file: none for a regime without held-out points. A regime's band is never below
 * the median held-out error of the whole validation: one or two points that happened to land close are no evidence
 * that the regime is more accurate than the estimator typically is.
 */
export function uncertaintyOf(w: WorkloadSpec, file: BandFile = bands as BandFile): Uncertainty {
  const regime = regimeOf(w);
  const heldOut = Object.prototype.hasOwnProperty.call(file.regimes, regime) ? file.regimes[regime] : undefined;
  if (!heldOut || !(heldOut.points > 0)) return { regime };
  const overall = file.overall;
  if (overall && overall.points > 0 && overall.median > heldOut.max)
    return { regime, band: overall.median, heldOut, floored: overall };
  return { regime, band: heldOut.max, heldOut };
}
