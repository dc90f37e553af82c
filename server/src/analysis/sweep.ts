// The throughput–interactivity curve of a workload: its batch swept geometrically from 1 to the memory limit.
import { WorkloadSpec } from '../semantics/types';
import { formatQuantity } from '../semantics/units';
import { estimateWorkload } from './estimate';
import { boundText } from './report';
import { Bound, WorkloadEstimate } from './types';

/** Points on a curve at most: the sweep is geometric, never one point per batch. */
export const MAX_CURVE_POINTS = 24;

export interface CurvePoint {
  /** Sequences (prompts for prefill) per device. */
  batch: number;
  stepTime: number;
  tpot?: number;
  ttft?: number;
  /** Tokens per second one user sees: 1 / TPOT (TPOT counts accepted drafts already); prompt tokens / TTFT in prefill. */
  perUser?: number;
  perDevice: number;
  total: number;
  bound: Bound;
  /** The bound in words, as the lens says it. */
  boundText: string;
  fits: boolean;
  /** Meets the SLO (true when there is none). */
  meetsSlo: boolean;
}

export interface Curve {
  workload: string;
  phase: WorkloadSpec['phase'];
  /** The latency the SLO constrains, and its limit in seconds when the file sets one. */
  slo: { name: 'tpot' | 'ttft'; limit?: number };
  /** Largest batch per device that fits memory (0 when even batch 1 does not). */
  memoryLimit: number;
  points: CurvePoint[];
  /** The workload's own estimate as a point: the operating point (its batch max, or its written batch). */
  operating?: CurvePoint;
  /** The largest batch on the curve that meets the SLO, when there is an SLO. */
  sloPoint?: CurvePoint;
  /** Why there is no curve, or what it leaves out. */
  reasons: string[];
}

/** The latency an SLO on this phase constrains (as the batch search reads it). */
export function sloOf(w: WorkloadSpec): Curve['slo'] {
  if (w.phase === 'prefill') return { name: 'ttft', limit: w.slo.ttft };
  if (w.phase === 'serving' && w.slo.tpot === undefined && w.slo.ttft !== undefined)
    return { name: 'ttft', limit: w.slo.ttft };
  return { name: 'tpot', limit: w.phase === 'training' ? undefined : w.slo.tpot };
}

const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

/** A curve point from an estimate; undefined when any figure is not a finite positive number. */
export function pointOf(w: WorkloadSpec, e: WorkloadEstimate): CurvePoint | undefined {
  if (!e.valid || !finite(e.throughputPerDevice) || !finite(e.stepTime)) return undefined;
  const slo = sloOf(w);
  const latency = slo.name === 'tpot' ? e.tpot : e.ttft;
  const perUser =
    e.phase === 'prefill'
      ? finite(e.ttft)
        ? Math.max(1, w.input || w.context || 1) / e.ttft
        : undefined
      : e.phase === 'training'
        ? undefined
        : finite(e.tpot)
          ? 1 / e.tpot
          : undefined;
  return {
    batch: e.batchPerDevice,
    stepTime: e.stepTime,
    tpot: e.tpot,
    ttft: e.ttft,
    perUser,
    perDevice: e.throughputPerDevice,
    total: e.throughputTotal,
    bound: e.bound,
    boundText: boundText(e),
    fits: e.memory.fits,
    meetsSlo: slo.limit === undefined || (latency !== undefined && latency <= slo.limit),
  };
}

/** `w` at a fixed batch per device (the rest of the workload as written). */
export function atBatch(w: WorkloadSpec, batchPerDevice: number): WorkloadSpec {
  return { ...w, batch: { mode: 'per-device', value: batchPerDevice, span: w.batch.span } };
}

/** `w` with `batch max`: the estimator's own search for the largest batch meeting memory, engine and SLO. */
export function atBatchMax(w: WorkloadSpec): WorkloadSpec {
  return { ...w, batch: { mode: 'max', span: w.batch.span } };
}

/** `w` with its TPOT SLO set to `limit` seconds (the rest of the workload as written). */
export function withTpot(w: WorkloadSpec, limit: number): WorkloadSpec {
  return { ...w, slo: { ...w.slo, tpot: limit } };
}

/** Geometric batches from 1 to `limit`, at most `count` of them, whole numbers, ascending and distinct. */
export function geometricBatches(limit: number, count = MAX_CURVE_POINTS): number[] {
  if (!(limit >= 1) || !Number.isFinite(limit)) return [];
  const n = Math.max(2, Math.min(count, MAX_CURVE_POINTS));
  const out = new Set<number>([1]);
  for (let i = 1; i < n; i++) out.add(Math.max(1, Math.round(Math.pow(limit, i / (n - 1)))));
  out.add(Math.floor(limit));
  return [...out].filter((b) => b <= limit).sort((a, b) => a - b);
}

/**
 * The curve of `w`: one estimate per batch on a geometric grid up to the memory limit (found by the estimator's
 * `batch max`), plus the workload's own operating point and the SLO's largest batch, which lie on the curve, and
 * the batches per device of `also` (a published benchmark's, for example) that do not pass the memory limit.
 */
export function sweepWorkload(w: WorkloadSpec, count = MAX_CURVE_POINTS, also: readonly number[] = []): Curve {
  const slo = sloOf(w);
  const own = estimateWorkload(w);
  const searched = w.batch.mode === 'max' ? own : estimateWorkload(atBatchMax(w));
  const reasons = [...own.reasons];
  const curve: Curve = { workload: w.name, phase: w.phase, slo, memoryLimit: 0, points: [], reasons };
  if (!own.valid || !searched.valid || !searched.batchSearch) {
    if (!reasons.length) reasons.push('the estimate is not valid');
    return curve;
  }
  const memoryLimit = Math.floor(searched.batchSearch.memoryLimit);
  curve.memoryLimit = memoryLimit;
  if (!(memoryLimit >= 1)) {
    const one = estimateWorkload(atBatch(w, 1));
    const dies = one.devices > 0 ? one.ranks / one.devices : 1;
    const need = gb(one.memory.total * dies);
    const has = gb(one.memory.capacity * dies);
    reasons.push(`does not fit memory even at batch 1: needs ${need} per device, the device has ${has}`);
    return curve;
  }
  const batches = new Set(geometricBatches(memoryLimit, count));
  for (const b of also) if (b > 0 && b <= memoryLimit) batches.add(b);
  const points: CurvePoint[] = [];
  for (const b of [...batches].sort((a, c) => a - c)) {
    const p = pointOf(w, b === own.batchPerDevice ? own : estimateWorkload(atBatch(w, b)));
    if (p) points.push(p);
  }
  /** `p` itself when the curve has a point at its batch already, else `p` put on the curve. */
  const onCurve = (p: CurvePoint | undefined): CurvePoint | undefined => {
    if (!p) return undefined;
    const same = points.find((q) => q.batch === p.batch);
    if (same) return same;
    points.push(p);
    points.sort((a, c) => a.batch - c.batch);
    return p;
  };
  curve.operating = onCurve(pointOf(w, own));
  // The SLO point is batch max's own answer (whole sequences per die), not a grid batch that happens to meet the SLO.
  // sloLimit < 1: even batch 1 misses the SLO, and no point meets it.
  if (slo.limit !== undefined && searched.batchSearch.sloLimit >= 1)
    curve.sloPoint = searched === own ? curve.operating : onCurve(pointOf(w, searched));
  curve.points = points;
  if (points.length < batches.size) reasons.push('some batches gave no finite estimate and are left out');
  return curve;
}

const gb = (bytes: number): string => formatQuantity(bytes, 'bytes');
