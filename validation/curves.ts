// Reads each published point of a validation curve off the sweep of its workload (analysis/sweep.ts).
import { CurvePoint, MAX_CURVE_POINTS, sweepWorkload, withTpot } from '../server/src/analysis/sweep';
import type { WorkloadSpec } from '../server/src/semantics/types';
import type { CurveCondition, CurvePointMeasured, ValidationCurve } from './points';

export interface CurveRow {
  measured: CurvePointMeasured;
  /** The sweep's point for it: at the published batch, at the curve's end past it, or the SLO point of its TPOT. */
  predicted?: CurvePoint;
  /** The published batch lies past the curve's end (its memory limit): compared at the end. */
  pastEnd: boolean;
  /** Signed relative error of tok/s per device, when there is a predicted point. */
  err?: number;
}

export interface CurveReading {
  /** The sweep's end, sequences per device. */
  memoryLimit: number;
  reasons: string[];
  rows: CurveRow[];
}

/** A condition's batch per device on `spec` (a concurrency spreads over the devices), or undefined for a TPOT. */
export function batchPerDevice(at: CurveCondition, spec: WorkloadSpec): number | undefined {
  if (!('batch' in at)) return undefined;
  return at.per === 'global' ? at.batch / Math.max(1, spec.devices) : at.batch;
}

/**
 * The curve's points on `spec`: one sweep holds every published batch (a batch past its memory limit reads its last
 * point, where the server queues the rest); a TPOT reads the sweep under that SLO at its SLO point (batch max).
 */
export function readCurve(curve: ValidationCurve, spec: WorkloadSpec): CurveReading {
  const batches = curve.points.map((p) => batchPerDevice(p.at, spec)).filter((b): b is number => b !== undefined);
  const sweep = sweepWorkload(spec, MAX_CURVE_POINTS, batches);
  const end = sweep.points[sweep.points.length - 1];
  const rows = curve.points.map((measured): CurveRow => {
    const b = batchPerDevice(measured.at, spec);
    const pastEnd = b !== undefined && b > sweep.memoryLimit;
    const predicted =
      b === undefined
        ? sweepWorkload(withTpot(spec, (measured.at as { tpot: number }).tpot)).sloPoint
        : pastEnd
          ? end
          : sweep.points.find((q) => q.batch === b);
    const err = predicted ? (predicted.perDevice - measured.measured) / measured.measured : undefined;
    return { measured, predicted, pastEnd, ...(err !== undefined && Number.isFinite(err) ? { err } : {}) };
  });
  return { memoryLimit: sweep.memoryLimit, reasons: sweep.reasons, rows };
}
