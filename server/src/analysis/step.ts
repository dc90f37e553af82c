// One step on one device: kernels (kernels.ts) plus collectives placed on fabric levels, micro-batches shared.
import { AcceleratorSpec, bytesPerElement, Precision, WeightKind } from '../semantics/types';
import { accumulate, allReduceCost, allToAllCost, LevelCost, pipelineSendCost } from './collectives';
import {
  DEFAULT_ATTENTION_EFFICIENCY,
  DEFAULT_GEMM_EFFICIENCY,
  DEFAULT_MEMORY_EFFICIENCY,
  LAYER_OVERHEAD_SECONDS,
  OVERLAP_HIDDEN_FRACTION,
} from './efficiency';
import { addOpTime, KERNEL_CLASSES, KernelClass, KernelCosts, kernels, kernelsPerStep, paddedTokens } from './kernels';
import { ModelShape } from './model';
import { FabricLevel, OperatorClass } from './types';

/** Everything about a workload that does not depend on the batch. */
export interface StepContext {
  shape: ModelShape;
  hidden: number;
  experts: number;
  active: number;
  chain: FabricLevel[];
  /** Tensor-parallel degree of attention and the other non-expert layers (below tpGroup under attention DP). */
  tp: number;
  /** Tensor-parallel group as written: ranks of one pipeline stage of one engine instance. */
  tpGroup: number;
  pp: number;
  ep: number;
  /**
   * Ranks each routed expert is split over (expert tensor parallelism): attention TP / ep when ep is below the
   * attention tensor-parallel group, else 1 (`expertTensorParallel`).
   */
  expertTp: number;
  /** Per layer kind: bytes per weight element and the GEMM peak rate used, FLOP/s (`precision experts fp4`). */
  byKind: Record<WeightKind, { weightBytes: number; gemmPeak: number }>;
  /** Peak rate of the attention core (scores and values over the KV cache), FLOP/s. */
  attentionPeak: number;
  hbmBandwidth: number;
  gemmEfficiency: number;
  attentionEfficiency: number;
  memoryEfficiency: number;
  /** Fixed seconds per GEMM or attention kernel (`acceleratorEfficiency().kernelFixed`). */
  kernelFixedSeconds: number;
  networkEfficiency?: number;
  kvBytes: number;
  /** Bytes per element of expert dispatch and of combine (BF16 unless written, as DeepEP does). */
  dispatchBytes: number;
  combineBytes: number;
  overlap: boolean;
  /**
   * Host memory (`offload`): its bandwidth per rank and the shares of the KV cache and of each kind's weights
   * held there, which each step reads over the link instead of from HBM.
   */
  host?: { bandwidth: number; kv: number; weights: Record<WeightKind, number> };
  /** Forward + backward multiplies FLOPs and collectives by 3 (training). */
  passes: number;
}

/** The work on one device in one step. */
export interface StepLoad {
  /** Decoding sequences per device. */
  decodeSeqs: number;
  /** Tokens verified per decoding sequence per step (1 + MTP drafts). */
  tokensPerSeq: number;
  /** KV length each decoding sequence reads. */
  decodeContext: number;
  /** Prompt tokens prefilled on this device in this step. */
  prefillTokens: number;
  /** Mean causal context of a prefill token (input / 2). */
  prefillContext: number;
  /** Tokens that need logits (decode tokens + one per finished prompt). */
  logitsTokens: number;
  /**
   * Prompt tokens on the busiest of the attention data-parallel ranks whose steps the MoE layer synchronises
   * (at least prefillTokens; absent: as prefillTokens). Attention and the other non-expert layers wait for it,
   * and the MoE exchange pads every rank's tokens to the busiest rank's (`paddedTokens`).
   */
  busiestPrefillTokens?: number;
}

export interface OpTime {
  flops: number;
  bytes: number;
  time: number;
  computeTime: number;
  memoryTime: number;
}

export interface StepCost {
  /** Kernel time: sum of roofline times. */
  kernelTime: number;
  /** Reading offloaded bytes from host memory, not overlapped with kernels (assumption). */
  hostMemoryTime: number;
  computeTime: number;
  memoryTime: number;
  commTime: number;
  exposedComm: number;
  overhead: number;
  stepTime: number;
  ops: Record<OperatorClass, OpTime>;
  byLayerKind: { dense: number; moe: number; head: number };
  levels: Map<number, LevelCost[]>;
}

const pos = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/** Collectives of one step, placed on levels, summed over layers. */
function collectives(ctx: StepContext, load: StepLoad): Map<number, LevelCost[]> {
  const s = ctx.shape;
  const levels = new Map<number, LevelCost[]>();
  const T = paddedTokens(load);
  const layers = s.denseLayers + s.moeLayers;
  const tp = Math.max(1, ctx.tp);
  if (tp > 1) {
    // Two all-reduces per layer (after attention and after the FFN or MoE) of the group's activations in BF16.
    // Under attention DP (tp 1 here) there are none: each rank runs attention on its own tokens.
    const bytes = T * tp * ctx.hidden * 2;
    accumulate(
      levels,
      allReduceCost(ctx.chain, tp, bytes, 'tp-allreduce', ctx.networkEfficiency),
      2 * layers * ctx.passes,
      true,
    );
  }
  if (s.moeLayers > 0 && ctx.ep > tp) {
    // Tokens reach experts outside the ranks that already hold them (the tensor-parallel group, whose
    // all-reduce combines experts inside it). Prefill-sized steps use DeepEP-style normal kernels
    // (deduplicated per group); decode steps the low-latency ones.
    const dedup = load.prefillTokens > load.decodeSeqs * load.tokensPerSeq;
    const exchange = (bytes: number, kind: 'ep-dispatch' | 'ep-combine') =>
      accumulate(
        levels,
        allToAllCost(ctx.chain, ctx.ep, T, ctx.active, ctx.hidden, bytes, kind, ctx.networkEfficiency, dedup, tp),
        s.moeLayers * ctx.passes,
        true,
      );
    exchange(ctx.dispatchBytes, 'ep-dispatch');
    exchange(ctx.combineBytes, 'ep-combine');
  }
  if (ctx.pp > 1) {
    const stage = Math.max(1, ctx.tpGroup);
    accumulate(
      levels,
      pipelineSendCost(ctx.chain, stage, T * ctx.hidden * 2, ctx.networkEfficiency),
      ctx.pp * (ctx.passes > 1 ? 2 : 1),
      true,
    );
  }
  return levels;
}

/** The MTP module as a model of one layer: a block of the model's kind plus the 2h x h projection. */
function draftShape(ctx: StepContext): ModelShape {
  const s = ctx.shape;
  const moe = s.moeLayers > 0;
  return {
    ...s,
    denseLayers: moe ? 0 : 1,
    moeLayers: moe ? 1 : 0,
    attentionParams: s.attentionParams + 2 * ctx.hidden * ctx.hidden,
  };
}

/** The MTP module's context: the step's context with the module's shape (`draftShape`). */
function draftContext(ctx: StepContext): StepContext {
  return { ...ctx, shape: draftShape(ctx) };
}

/**
 * The draft passes of MTP speculative decoding in one decode step: a step verifying 1 + K tokens per sequence runs
 * the MTP module K times to propose the next K drafts. The module is one more transformer block of the model's
 * kind (MLA and MoE for DeepSeek-V3), a projection of 2 x hidden to hidden and the shared LM head (DeepSeek-V3
 * technical report, arXiv 2412.19437, section 2.2); TensorRT-LLM's MTP Eagle calls it K times in the same step
 * (tech blog 2, "MTP Eagle"). Assumption: each pass carries one token per sequence (the first takes every accepted
 * token) over the sequence's context, and the module's weights are read like a layer's. Undefined without drafts
 * (prefill steps and decode without MTP). `draft` is the module's context (`draftContext`).
 */
function draftPasses(
  draft: () => StepContext,
  load: StepLoad,
): { count: number; kernels: KernelCosts; levels: Map<number, LevelCost[]> } | undefined {
  const count = Math.round(load.tokensPerSeq) - 1;
  if (!(count >= 1) || !(load.decodeSeqs > 0)) return undefined;
  const one: StepLoad = {
    decodeSeqs: load.decodeSeqs,
    tokensPerSeq: 1,
    decodeContext: load.decodeContext,
    prefillTokens: 0,
    prefillContext: 0,
    logitsTokens: load.decodeSeqs,
  };
  const ctx = draft();
  return { count, kernels: kernels(ctx, one), levels: collectives(ctx, one) };
}

/** Kernels and collectives of one micro-batch, MTP draft passes included: what a step repeats per micro-batch. */
interface MicroBatchCost {
  ops: Record<KernelClass, OpTime>;
  dense: number;
  moe: number;
  head: number;
  hostBytes: number;
  levels: Map<number, LevelCost[]>;
  /** Draft passes (0 without MTP drafts) and the GEMM and attention kernels each launches. */
  drafts: number;
  draftKernels: number;
}

function microBatchCost(ctx: StepContext, draft: () => StepContext, part: StepLoad): MicroBatchCost {
  const k = kernels(ctx, part);
  const levels = collectives(ctx, part);
  const drafts = draftPasses(draft, part);
  if (drafts) {
    for (const key of KERNEL_CLASSES) addOpTime(k.ops[key], drafts.kernels.ops[key], drafts.count);
    k.dense += drafts.count * drafts.kernels.dense;
    k.moe += drafts.count * drafts.kernels.moe;
    k.head += drafts.count * drafts.kernels.head;
    k.hostBytes += drafts.count * drafts.kernels.hostBytes;
    for (const list of drafts.levels.values()) accumulate(levels, list, drafts.count, true);
  }
  return {
    ops: k.ops,
    dense: k.dense,
    moe: k.moe,
    head: k.head,
    hostBytes: k.hostBytes,
    levels,
    drafts: drafts?.count ?? 0,
    draftKernels: drafts ? kernelsPerStep(draft().shape) : 0,
  };
}

const sameLoad = (a: StepLoad, b: StepLoad): boolean =>
  a.decodeSeqs === b.decodeSeqs &&
  a.tokensPerSeq === b.tokensPerSeq &&
  a.decodeContext === b.decodeContext &&
  a.prefillTokens === b.prefillTokens &&
  a.prefillContext === b.prefillContext &&
  a.logitsTokens === b.logitsTokens &&
  a.busiestPrefillTokens === b.busiestPrefillTokens;

/**
 * `stepCost` of one context, each micro-batch load costed once: with two-batch overlap, a step's half batch is the
 * whole micro-batch of the step at half its batch (batch 2 split in two carries batch 1). The costs are shared:
 * every step built from them copies what it scales. A batch search holds one per layout (`pointsOf`).
 */
export function stepCosts(ctx: StepContext): (load: StepLoad) => StepCost {
  let draft: StepContext | undefined;
  const draftOnce = () => (draft ??= draftContext(ctx));
  const costs = new Map<number, { part: StepLoad; cost: MicroBatchCost }[]>();
  const micro = (part: StepLoad): MicroBatchCost => {
    const key = part.decodeSeqs + part.prefillTokens;
    const known = costs.get(key);
    if (known) for (const k of known) if (sameLoad(k.part, part)) return k.cost;
    const cost = microBatchCost(ctx, draftOnce, part);
    if (known) known.push({ part, cost });
    else costs.set(key, [{ part, cost }]);
    return cost;
  };
  return (load) => stepOf(ctx, load, micro);
}

/**
 * The cost of one step. With two-batch overlap, two half micro-batches whose communication hides
 * (partly) behind kernels; the engine keeps one batch when splitting would be slower (small batches
 * that re-read weights twice), so the faster of the two is returned.
 */
export function stepCost(ctx: StepContext, load: StepLoad): StepCost {
  return stepCosts(ctx)(load);
}

/** The step of `load`, its micro-batches costed by `micro`: with overlap, the faster of split and single. */
function stepOf(ctx: StepContext, load: StepLoad, micro: (part: StepLoad) => MicroBatchCost): StepCost {
  if (!ctx.overlap) return stepWith(ctx, load, false, micro);
  const split = stepWith(ctx, load, true, micro);
  const single = stepWith(ctx, load, false, micro);
  return split.stepTime <= single.stepTime ? split : single;
}

/** `o` times `micro`, a new record. */
const scaled = (o: OpTime, micro: number): OpTime => ({
  flops: o.flops * micro,
  bytes: o.bytes * micro,
  time: o.time * micro,
  computeTime: o.computeTime * micro,
  memoryTime: o.memoryTime * micro,
});

function stepWith(
  ctx: StepContext,
  load: StepLoad,
  overlap: boolean,
  microBatch: (part: StepLoad) => MicroBatchCost,
): StepCost {
  const micro = overlap ? 2 : 1;
  const part: StepLoad = {
    decodeSeqs: load.decodeSeqs / micro,
    tokensPerSeq: load.tokensPerSeq,
    decodeContext: load.decodeContext,
    prefillTokens: load.prefillTokens / micro,
    prefillContext: load.prefillContext,
    logitsTokens: load.logitsTokens / micro,
  };
  if (load.busiestPrefillTokens !== undefined) part.busiestPrefillTokens = load.busiestPrefillTokens / micro;
  return new StepOf(ctx, microBatch(part), overlap);
}

/** A step's figures, and its breakdown by operator and by level built when first read: searches read only figures. */
abstract class LazyStep implements StepCost {
  // Set by each kind of step's constructor.
  kernelTime!: number;
  hostMemoryTime!: number;
  computeTime!: number;
  memoryTime!: number;
  commTime!: number;
  exposedComm!: number;
  overhead!: number;
  stepTime!: number;
  byLayerKind!: { dense: number; moe: number; head: number };
  #ops?: Record<OperatorClass, OpTime>;
  #levels?: Map<number, LevelCost[]>;

  get ops(): Record<OperatorClass, OpTime> {
    return (this.#ops ??= this.byOperator());
  }

  get levels(): Map<number, LevelCost[]> {
    return (this.#levels ??= this.byLevel());
  }

  protected abstract byOperator(): Record<OperatorClass, OpTime>;
  protected abstract byLevel(): Map<number, LevelCost[]>;
}

/** A step of one or two (`overlap`) micro-batches of cost `k`; its breakdown scales (copies) the micro-batch's. */
class StepOf extends LazyStep {
  #k: MicroBatchCost;
  #micro: number;
  #commBytes: number;

  constructor(ctx: StepContext, k: MicroBatchCost, overlap: boolean) {
    super();
    const micro = overlap ? 2 : 1;
    // The step's figures are the micro-batch's times `micro`, summed as its breakdown (below) sums them.
    let commTime = 0;
    let commBytes = 0;
    for (const list of k.levels.values())
      for (const c of list) {
        commTime += c.time * micro;
        commBytes += c.bytes * micro;
      }
    const { attention, 'dense-ffn': denseFfn, experts, 'lm-head': lmHead } = k.ops;
    const kernelTime = attention.time * micro + denseFfn.time * micro + experts.time * micro + lmHead.time * micro;
    const computeTime =
      attention.computeTime * micro +
      denseFfn.computeTime * micro +
      experts.computeTime * micro +
      lmHead.computeTime * micro;
    const exposedComm = overlap ? commTime - OVERLAP_HIDDEN_FRACTION * Math.min(commTime, kernelTime) : commTime;
    // Offloaded bytes cross the host link at the memory efficiency, before the kernels that use them (assumption:
    // no prefetch overlap, as a lower bound on what offload costs).
    const hostBandwidth = (ctx.host?.bandwidth ?? 0) * ctx.memoryEfficiency;
    const hostBytes = k.hostBytes * micro;
    const hostMemoryTime = hostBytes > 0 ? (hostBandwidth > 0 ? hostBytes / hostBandwidth : Infinity) : 0;
    const layers = ctx.shape.denseLayers + ctx.shape.moeLayers + k.drafts;
    const fixedKernels = kernelsPerStep(ctx.shape) + k.drafts * k.draftKernels;
    const overhead =
      (LAYER_OVERHEAD_SECONDS * layers + pos(ctx.kernelFixedSeconds) * fixedKernels) * micro * ctx.passes;
    this.kernelTime = kernelTime;
    this.hostMemoryTime = hostMemoryTime;
    this.computeTime = computeTime;
    this.memoryTime = kernelTime - computeTime;
    this.commTime = commTime;
    this.exposedComm = exposedComm;
    this.overhead = overhead;
    this.stepTime = kernelTime + hostMemoryTime + exposedComm + overhead;
    this.byLayerKind = { dense: k.dense * micro, moe: k.moe * micro, head: k.head * micro };
    this.#k = k;
    this.#micro = micro;
    this.#commBytes = commBytes;
  }

  protected byOperator(): Record<OperatorClass, OpTime> {
    const { attention, 'dense-ffn': denseFfn, experts, 'lm-head': lmHead } = this.#k.ops;
    const micro = this.#micro;
    return {
      attention: scaled(attention, micro),
      'dense-ffn': scaled(denseFfn, micro),
      experts: scaled(experts, micro),
      collectives: { flops: 0, bytes: this.#commBytes, time: this.exposedComm, computeTime: 0, memoryTime: 0 },
      'lm-head': scaled(lmHead, micro),
      'host-memory': {
        flops: 0,
        bytes: this.#k.hostBytes * micro,
        time: this.hostMemoryTime,
        computeTime: 0,
        memoryTime: this.hostMemoryTime,
      },
      overhead: { flops: 0, bytes: 0, time: this.overhead, computeTime: 0, memoryTime: 0 },
    };
  }

  protected byLevel(): Map<number, LevelCost[]> {
    const micro = this.#micro;
    const levels = new Map<number, LevelCost[]>();
    for (const [i, list] of this.#k.levels)
      levels.set(
        i,
        list.map((c) => ({ ...c, bytes: c.bytes * micro, time: c.time * micro })),
      );
    return levels;
  }
}

/**
 * The mean of two kinds of step taken in shares `wa` and `wb` (summing to 1): every figure weighted; the breakdown
 * (operators weighted, collectives merged per level and kind) built when first read, as `StepOf`'s. A serving engine
 * alternates steps that carry a prompt with steps that only decode (phases.ts, `servingSteps`).
 */
export function blendSteps(a: StepCost, wa: number, b: StepCost, wb: number): StepCost {
  return new BlendedStep(a, wa, b, wb);
}

class BlendedStep extends LazyStep {
  #parts: [StepCost, number, StepCost, number];

  constructor(a: StepCost, wa: number, b: StepCost, wb: number) {
    super();
    const mix = (x: number, y: number) => x * wa + y * wb;
    this.kernelTime = mix(a.kernelTime, b.kernelTime);
    this.hostMemoryTime = mix(a.hostMemoryTime, b.hostMemoryTime);
    this.computeTime = mix(a.computeTime, b.computeTime);
    this.memoryTime = mix(a.memoryTime, b.memoryTime);
    this.commTime = mix(a.commTime, b.commTime);
    this.exposedComm = mix(a.exposedComm, b.exposedComm);
    this.overhead = mix(a.overhead, b.overhead);
    this.stepTime = mix(a.stepTime, b.stepTime);
    this.byLayerKind = {
      dense: mix(a.byLayerKind.dense, b.byLayerKind.dense),
      moe: mix(a.byLayerKind.moe, b.byLayerKind.moe),
      head: mix(a.byLayerKind.head, b.byLayerKind.head),
    };
    this.#parts = [a, wa, b, wb];
  }

  protected byOperator(): Record<OperatorClass, OpTime> {
    const [a, wa, b, wb] = this.#parts;
    const ops = {} as Record<OperatorClass, OpTime>;
    for (const key of Object.keys(a.ops) as OperatorClass[]) {
      const x = a.ops[key];
      const y = b.ops[key];
      ops[key] = {
        flops: x.flops * wa + y.flops * wb,
        bytes: x.bytes * wa + y.bytes * wb,
        time: x.time * wa + y.time * wb,
        computeTime: x.computeTime * wa + y.computeTime * wb,
        memoryTime: x.memoryTime * wa + y.memoryTime * wb,
      };
    }
    return ops;
  }

  protected byLevel(): Map<number, LevelCost[]> {
    const [a, wa, b, wb] = this.#parts;
    const levels = new Map<number, LevelCost[]>();
    for (const list of a.levels.values()) accumulate(levels, list, wa);
    for (const list of b.levels.values()) accumulate(levels, list, wb);
    return levels;
  }
}

/** Peak rate at a precision, falling back to wider precisions; returns the precision used. */
export function peakAt(acc: AcceleratorSpec, wanted: Precision): { rate: number; precision: Precision | undefined } {
  const order: Precision[] = ['fp4', 'fp8', 'int8', 'bf16', 'fp16', 'fp32'];
  const sameWidth: Partial<Record<Precision, Precision>> = { fp8: 'int8', int8: 'fp8', bf16: 'fp16', fp16: 'bf16' };
  const first = acc.compute[wanted];
  if (first && first > 0) return { rate: first, precision: wanted };
  const twin = sameWidth[wanted];
  if (twin && (acc.compute[twin] ?? 0) > 0) return { rate: acc.compute[twin]!, precision: twin };
  for (const p of order.slice(order.indexOf(wanted) + 1)) {
    const r = acc.compute[p];
    if (r && r > 0) return { rate: r, precision: p };
  }
  return { rate: 0, precision: undefined };
}

/** Compute precision of a GEMM: the wider of weights and activations. */
export function widerPrecision(a: Precision, b: Precision): Precision {
  return bytesPerElement[a] >= bytesPerElement[b] ? a : b;
}

export const defaultEfficiencies = {
  gemm: DEFAULT_GEMM_EFFICIENCY,
  attention: DEFAULT_ATTENTION_EFFICIENCY,
  memory: DEFAULT_MEMORY_EFFICIENCY,
};
