// Findings from an estimate: link bottlenecks, memory that does not fit, unmeetable SLOs, slow-level groups.
import { bytesPerElement, Precision, WorkloadSpec } from '../semantics/types';
import { Span } from '../syntax/ast';
import { formatQuantity } from '../semantics/units';
import { tpBeyondFastDomain } from '../semantics/bind-workload';
import { fastDomain } from '../semantics/system-shape';
import { largestDegreeInside, levelsSpannedBy } from './layout';
import { batchCapacity } from './batch';
import { MemoryContext } from './memory';
import { setupWorkload } from './setup';
import { estimateWorkload } from './estimate';
import { WorkloadEstimate } from './types';

export type FindingCode = 'TOPO501' | 'TOPO502' | 'TOPO503' | 'TOPO504';

export interface Finding {
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
  span: Span;
  data: Record<string, unknown>;
}

export interface FindingThresholds {
  /** A link level whose time exceeds this share of the step is a bottleneck (default 0.3). */
  linkShare: number;
}

export const defaultThresholds: FindingThresholds = { linkShare: 0.3 };

const pct = (x: number) => `${Math.round(x * 100)}%`;
const gb = (x: number) => formatQuantity(x, 'bytes');

function spanOf(w: WorkloadSpec, ...keys: string[]): Span {
  for (const k of keys) {
    const p = (w.parallel.spans as Record<string, Span | undefined>)[k];
    if (p) return p;
    const f = w.fieldSpans[k];
    if (f) return f;
  }
  return w.site.nameSpan;
}

/** Which parallel degree puts traffic on a level: the one whose collectives dominate there. */
function degreeOnLevel(e: WorkloadEstimate, levelName: string): 'ep' | 'tp' | 'pp' | 'dp' {
  const l = e.levels.find((x) => x.levelName === levelName);
  let best: 'ep' | 'tp' | 'pp' | 'dp' = 'ep';
  let time = -1;
  for (const c of l?.collectives ?? []) {
    const d = c.kind.startsWith('ep') ? 'ep' : c.kind === 'tp-allreduce' ? 'tp' : c.kind === 'pp-send' ? 'pp' : 'dp';
    if (c.time > time) {
      time = c.time;
      best = d;
    }
  }
  return best;
}

/** Whether the workload still fits memory with `degree` set to `n`. */
function fitsWith(w: WorkloadSpec, degree: 'tp' | 'ep' | 'pp' | 'dp', n: number): boolean {
  const trial = estimateWorkload({ ...w, parallel: { ...w.parallel, [degree]: n } });
  return trial.valid && trial.memory.fits;
}

export function workloadFindings(
  w: WorkloadSpec,
  e: WorkloadEstimate,
  thresholds: Partial<FindingThresholds> = {},
): Finding[] {
  const t = { ...defaultThresholds, ...thresholds };
  const out: Finding[] = [];
  if (!e.valid) return out;
  const setup = setupWorkload(w);
  const chain = setup.step.chain; // in ranks: degrees count ranks
  // The fast domain by link speed, not by level index (CloudMatrix384's two unified-bus levels are one domain).
  const domain = fastDomain(w.system);
  const domainRanks = domain ? domain.devices * w.accelerator.dies : (chain[0]?.groupSize ?? 1);
  const domainIndex = Math.max(
    0,
    chain.findIndex((l) => l.groupSize >= domainRanks),
  );
  const inside = chain[domainIndex]?.levelName;
  // TOPO501: link bottleneck.
  for (const l of e.levels) {
    if (!(l.shareOfStep > t.linkShare)) continue;
    const degree = degreeOnLevel(e, l.levelName);
    const current = w.parallel[degree];
    // A smaller group helps only when the bottleneck is a level beyond the fast domain: shrinking it to fit inside.
    const levelIndex = chain.findIndex((c) => c.levelName === l.levelName);
    const beyondFastDomain = chain.length > 1 && levelIndex > domainIndex && current > domainRanks;
    let suggested = beyondFastDomain
      ? largestDegreeInside(chain, e.ranks, Math.max(1, current - 1), domainIndex)
      : current;
    const relief: string[] = [];
    if (!beyondFastDomain) {
      relief.push(
        `this is the fast domain itself: ${w.batch.mode !== 'max' ? 'a larger batch amortises per-layer collectives, or ' : ''}a system with faster scale-up links`,
      );
    } else {
      if (suggested > 1 && suggested < current) {
        // Check that the smaller group still fits memory before proposing it.
        if (fitsWith(w, degree, suggested)) relief.push(`${degree} ${suggested} stays inside ${inside}`);
        else {
          relief.push(`${degree} ${suggested} would stay inside ${inside} but does not fit memory`);
          suggested = current;
        }
      }
      if (w.batch.mode !== 'max') relief.push('a larger batch amortises fixed costs');
      relief.push('a system with a larger scale-up domain');
    }
    out.push({
      code: 'TOPO501',
      severity: 'warning',
      span: spanOf(w, degree, 'parallel'),
      message: `${l.linkName} at ${l.levelName} takes ${pct(l.shareOfStep)} of the step (${gb(l.bytesPerStep)} per device per step): ${relief.join('; ')}`,
      data: {
        linkName: l.linkName,
        levelName: l.levelName,
        share: l.shareOfStep,
        bytesPerStep: l.bytesPerStep,
        degree,
        current,
        suggested: suggested < current ? suggested : undefined,
      },
    });
  }
  // TOPO502: weights and KV cache do not fit.
  if (!e.memory.fits) {
    const s = setup;
    // Batches per rank that fit, by the phase's own memory accounting (prompts x input tokens in prefill,
    // decode plus replacement prompts in serving), as `batch max` finds them.
    const fitting = (memory: MemoryContext) => batchCapacity(w, { ...s, memory }).memoryLimit;
    const wanted = Math.max(1, e.batchPerDevice / s.dies);
    let precision: Precision | undefined;
    for (const p of ['fp8', 'int8', 'fp4'] as Precision[]) {
      if (bytesPerElement[p] >= s.memory.weightBytes) continue;
      if (fitting({ ...s.memory, weightBytes: bytesPerElement[p] }) >= wanted) {
        precision = p;
        break;
      }
    }
    const fitBatch = fitting(s.memory);
    out.push({
      code: 'TOPO502',
      severity: 'error',
      span: spanOf(w, 'batch', 'precision', 'model'),
      message:
        `weights (${gb(e.memory.weights)}) and KV cache (${gb(e.memory.kvCache)}) need ${gb(e.memory.total)} per device of ${gb(e.memory.capacity)}` +
        (fitBatch >= 1 ? `; batch ${fitBatch * s.dies} per device fits` : '') +
        (precision ? `; ${precision} weights fit` : ''),
      data: {
        precision,
        batch: fitBatch >= 1 ? fitBatch * s.dies : undefined,
        total: e.memory.total,
        capacity: e.memory.capacity,
      },
    });
  }
  // TOPO503: an SLO no batch can meet (every limit, at its percentile, with queueing: slo.ts).
  for (const c of e.slo ?? []) {
    if (!(c.unbounded || c.value > c.limit) || (w.batch.mode === 'max' && e.batchPerDevice > 1)) continue;
    const none = w.batch.mode === 'max' || e.batchPerDevice <= 1;
    const at = c.percentile !== undefined ? ` p${String(+(c.percentile * 100).toFixed(2)).replace('.', '')}` : '';
    const limit = `${c.name}${at} ${(c.limit * 1e3).toFixed(0)} ms`;
    const value = c.unbounded
      ? 'unbounded (requests arrive as fast as the engine serves them)'
      : `${(c.value * 1e3).toFixed(1)} ms`;
    out.push({
      code: 'TOPO503',
      severity: none ? 'error' : 'warning',
      span: w.fieldSpans.slo ?? w.site.nameSpan,
      message: none
        ? `no batch meets ${limit}: even batch 1 takes ${value}`
        : `${c.name}${at} is ${value} at batch ${e.batchPerDevice}, over the ${(c.limit * 1e3).toFixed(0)} ms SLO`,
      data: { slo: c.name, limit: c.limit, value: c.value, batch: e.batchPerDevice },
    });
  }
  // TOPO504: a parallel group that spans a slow level. One place, one diagnostic: a tp beyond the fast domain is
  // the binder's TOPO402, and a group whose slow level is already a TOPO501 bottleneck joins that finding.
  for (const degree of ['tp', 'ep'] as const) {
    const n = w.parallel[degree];
    if (!(n > 1)) continue;
    if (degree === 'tp' && tpBeyondFastDomain(w.parallel, w.system, w.accelerator.dies, w.ranks)) continue;
    const spanned = levelsSpannedBy(chain, n);
    if (spanned.length < 2) continue;
    const fast = spanned[0].level,
      slow = spanned[spanned.length - 1].level;
    if (!(slow.bandwidthPerDevice < fast.bandwidthPerDevice / 2)) continue;
    const inside = largestDegreeInside(chain, e.ranks, n, spanned[0].index);
    const suggested = inside > 1 && fitsWith(w, degree, inside) ? inside : undefined;
    const slowRate = `${(slow.bandwidthPerDevice / 1e9).toFixed(0)} GB/s per device`;
    const spans =
      `${degree} ${n} spans ${slow.levelName} (${slow.link.name}, ${slowRate}) beyond ${fast.levelName}` +
      ` (${fast.groupSize} devices on ${fast.link.name})`;
    const data = { degree, current: n, suggested, levelName: slow.levelName, linkName: slow.link.name };
    const bottleneck = out.find(
      (f) => f.code === 'TOPO501' && f.data.degree === degree && f.data.levelName === slow.levelName,
    );
    if (bottleneck) {
      bottleneck.message = `${spans}: ${bottleneck.message}`;
      const merged = bottleneck.data.suggested ?? suggested;
      bottleneck.data = { ...data, ...bottleneck.data, suggested: merged, spannedLevel: slow.levelName };
      continue;
    }
    out.push({
      code: 'TOPO504',
      severity: 'warning',
      span: spanOf(w, degree),
      message:
        spans +
        (suggested
          ? `; ${degree} ${suggested} stays inside`
          : inside > 1
            ? `; ${degree} ${inside} would stay inside but does not fit memory`
            : ''),
      data,
    });
  }
  return out;
}
