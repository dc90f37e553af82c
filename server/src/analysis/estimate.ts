// estimateWorkload: throughput, latency, memory, traffic per level, breakdowns and the bound of a workload; never throws.
import { WorkloadSpec } from '../semantics/types';
import { batchCapacity, searchBatch } from './batch';
import { OperatingPoint, pointsOf } from './phases';
import { Setup, setupWorkload } from './setup';
import { arrivalsModelled, sloChecks } from './slo';
import { Bound, LevelTraffic, OperatorClass, WorkloadEstimate } from './types';
import { uncertaintyOf } from './uncertainty';

const MODELLED: Record<WorkloadSpec['phase'], string> = {
  decode: 'decode on dedicated devices (prefill elsewhere): one step decodes every sequence of the batch',
  prefill:
    'prefill on dedicated devices: one step prefills the batch of prompts; ' +
    'TTFT is that step (plus queueing under a TTFT limit)',
  serving:
    'serving with prefill and decode on the same devices (in-flight batching, chunked prefill), steady state: each step decodes the batch and prefills the prompts that replace finished sequences',
  training:
    'training step: forward and backward (3x forward FLOPs), pipeline bubble (p-1)/(m+p-1) with one micro-batch per sequence, data-parallel gradient all-reduce',
};

const ARRIVALS_NOTE =
  'the SLO is checked with requests arriving as a Poisson process: TTFT adds the M/D/1 ' +
  'queueing wait at the utilisation the batch implies, a TPOT percentile is the step at that percentile of the ' +
  'running batch';

/**
 * A plain structure with every non-finite or negative number replaced by 0, recording the path of each one found.
 * Only what holds one is copied (most estimates have none: the structure itself is returned, nothing is allocated);
 * the path is kept as a stack of keys and joined only for a bad number.
 */
export function sanitize(value: unknown, path: (string | number)[], bad: string[]): unknown {
  if (typeof value === 'number') {
    if (value === -1 && path[path.length - 1] === 'sloLimit') return value;
    if (!Number.isFinite(value) || value < 0) {
      bad.push(path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join(''));
      return 0;
    }
    return value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const clean = sanitize(value[i], path, bad);
      path.pop();
      if (clean !== value[i]) (copy ??= value.slice())[i] = clean;
    }
    return copy ?? value;
  }
  if (value && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const k in value) {
      if (k === 'span') continue;
      const v = (value as Record<string, unknown>)[k];
      path.push(k);
      const clean = sanitize(v, path, bad);
      path.pop();
      if (clean !== v) (copy ??= { ...value })[k] = clean;
    }
    return copy ?? value;
  }
  return value;
}

function levelsOf(s: Setup, p: OperatingPoint): LevelTraffic[] {
  const out: LevelTraffic[] = [];
  const step = p.stepTime;
  for (const [index, list] of [...p.step.levels.entries()].sort((a, b) => a[0] - b[0])) {
    const f = s.step.chain[index];
    if (!f) continue;
    const bytes = list.reduce((a, c) => a + c.bytes, 0);
    const time = list.reduce((a, c) => a + c.time, 0);
    out.push({
      levelName: f.levelName,
      linkName: f.link.name,
      family: f.link.family,
      groupSize: f.groupSize,
      bytesPerStep: bytes,
      time,
      utilisation: step > 0 && f.bandwidthPerDevice > 0 ? Math.min(1, bytes / (step * f.bandwidthPerDevice)) : 0,
      shareOfStep: step > 0 ? time / step : 0,
      latencyPerHop: f.latency,
      hops: f.hops,
      oversubscription: f.oversubscription,
      bandwidthPerDevice: f.bandwidthPerDevice,
      collectives: list.map(({ levelIndex: _i, ...c }) => c),
      span: f.span,
    });
  }
  return out;
}

function boundOf(p: OperatingPoint, levels: LevelTraffic[]): Bound {
  const step = p.stepTime > 0 ? p.stepTime : 1;
  if (!p.memory.fits)
    return { kind: 'memory-capacity', share: p.memory.capacity > 0 ? p.memory.total / p.memory.capacity : 1 };
  let best: Bound = { kind: 'compute', share: p.step.computeTime / step };
  const mem = p.step.memoryTime / step;
  if (mem > best.share) best = { kind: 'memory-bandwidth', share: mem };
  const host = p.step.hostMemoryTime / step;
  if (host > best.share) best = { kind: 'host-memory', share: host };
  for (const l of levels)
    if (l.shareOfStep > best.share)
      best = { kind: 'link', linkName: l.linkName, levelName: l.levelName, share: l.shareOfStep };
  return best;
}

function emptyEstimate(w: WorkloadSpec, reasons: string[]): WorkloadEstimate {
  return {
    workload: w.name,
    phase: w.phase,
    valid: false,
    reasons,
    notes: [],
    modelled: MODELLED[w.phase] ?? '',
    parallelism: '',
    devices: 0,
    ranks: 0,
    batchPerDevice: 0,
    batchGlobal: 0,
    tokensPerStep: 1,
    stepTime: 0,
    throughputPerDevice: 0,
    throughputTotal: 0,
    throughputKind: 'output',
    computeTime: 0,
    memoryTime: 0,
    exposedCommTime: 0,
    hostMemoryTime: 0,
    memory: { weights: 0, kvCache: 0, activations: 0, reserve: 0, total: 0, capacity: 0, fits: false },
    levels: [],
    operators: [],
    layerKinds: [],
    bound: { kind: 'compute', share: 0 },
    computePrecision: w.precision?.weights ?? 'bf16',
  };
}

/** The estimate of one workload. Invalid inputs give `valid: false` with reasons, never a throw. */
export function estimateWorkload(w: WorkloadSpec): WorkloadEstimate {
  // Beyond 2^53 a count is not exact (x 1e18 servers): figures from it would be garbage, so there are none.
  const counts = { devices: w.devices, ranks: w.ranks, ...w.parallel, spans: undefined };
  const inexact = Object.entries(counts)
    .filter(([, v]) => typeof v === 'number' && !Number.isSafeInteger(v))
    .map(([k]) => k);
  if (inexact.length)
    return emptyEstimate(w, [`${inexact.join(', ')} beyond 2^53: the count is not exact, so nothing is estimated`]);
  try {
    return estimateUnchecked(w);
  } catch (e) {
    return emptyEstimate(w, [`internal error while estimating: ${e instanceof Error ? e.message : String(e)}`]);
  }
}

function estimateUnchecked(w: WorkloadSpec): WorkloadEstimate {
  const s = setupWorkload(w);
  let point: OperatingPoint;
  let batchSearch: WorkloadEstimate['batchSearch'];
  let capacity: OperatingPoint | undefined;
  const at = pointsOf(w, s);
  if (w.batch.mode === 'max') {
    const r = searchBatch(w, s, at);
    point = r.point;
    batchSearch = r.search;
    capacity = r.capacity;
  } else {
    const perRank = w.batch.mode === 'global' ? w.batch.value / Math.max(1, s.ranks) : w.batch.value / s.dies;
    point = at(Number.isFinite(perRank) && perRank > 0 ? perRank : 1);
    if (!(w.batch.value > 0)) s.notes.push('batch is not positive: estimated at 1 per device');
  }
  const limited = w.slo.tpot !== undefined || w.slo.ttft !== undefined;
  const checks = !limited
    ? []
    : sloChecks(
        w,
        s,
        point.batch,
        capacity ??
          (() => {
            const hi = batchCapacity(w, s).capacity;
            // A fixed batch above what memory and the engine allow runs at its own rate: utilisation 1.
            return at(Math.max(1, hi, point.batch));
          })(),
        at,
      );
  if (arrivalsModelled(w) && checks.length) s.notes.push(ARRIVALS_NOTE);
  const levels = levelsOf(s, point);
  const step = point.stepTime;
  const operators = (Object.keys(point.step.ops) as OperatorClass[])
    .map((k) => {
      const o = point.step.ops[k];
      const limitedBy =
        k === 'collectives' || k === 'host-memory'
          ? ('link' as const)
          : k === 'overhead'
            ? ('fixed' as const)
            : o.computeTime >= o.memoryTime
              ? ('compute' as const)
              : ('memory' as const);
      return { class: k, flops: o.flops, bytes: o.bytes, time: o.time, limitedBy, share: step > 0 ? o.time / step : 0 };
    })
    .filter((o) => o.time > 0 || o.flops > 0);
  const shape = s.step.shape;
  const lk = point.step.byLayerKind;
  const layerKinds = (
    [
      ['dense', shape.denseLayers, lk.dense],
      ['moe', shape.moeLayers, lk.moe],
      ['head', 1, lk.head],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([kind, layers, time]) => ({ kind, layers, time, share: step > 0 ? time / step : 0 }));
  const reasons = [...s.reasons];
  const kind = w.phase === 'prefill' ? 'input' : w.phase === 'training' ? 'training' : 'output';
  const raw: WorkloadEstimate = {
    workload: w.name,
    phase: w.phase,
    valid: reasons.length === 0,
    reasons,
    notes: s.notes,
    modelled: MODELLED[w.phase],
    parallelism: s.parallelism,
    devices: s.devices,
    ranks: s.ranks,
    batchPerDevice: point.batch * s.dies,
    batchGlobal: point.batch * s.ranks,
    batchSearch: batchSearch && {
      ...batchSearch,
      batch: batchSearch.batch * s.dies,
      memoryLimit: batchSearch.memoryLimit * s.dies,
      sloLimit: batchSearch.sloLimit > 0 ? batchSearch.sloLimit * s.dies : batchSearch.sloLimit,
    },
    tokensPerStep: s.outputPerStep,
    stepTime: step,
    tpot: point.tpot,
    ttft: point.ttft,
    slo: checks.length ? checks : undefined,
    throughputPerDevice: point.throughputPerDevice * s.dies,
    throughputTotal: point.throughputPerDevice * s.ranks,
    throughputKind: kind,
    computeTime: point.step.computeTime,
    memoryTime: point.step.memoryTime,
    exposedCommTime: point.step.exposedComm,
    hostMemoryTime: point.step.hostMemoryTime,
    memory: point.memory,
    levels,
    operators,
    layerKinds,
    bound: boundOf(point, levels),
    computePrecision: s.computePrecision,
    uncertainty: uncertaintyOf(w),
  };
  const bad: string[] = [];
  const clean = sanitize(raw, ['estimate'], bad) as WorkloadEstimate;
  if (bad.length) {
    clean.valid = false;
    clean.reasons = [
      ...clean.reasons,
      `non-finite or negative values replaced by 0: ${bad.slice(0, 4).join(', ')}${bad.length > 4 ? ', …' : ''}`,
    ];
  }
  if (clean.reasons.length) clean.valid = false;
  return clean;
}
