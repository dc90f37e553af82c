// Kernel costs of one micro-batch on one device: roofline per operator per layer kind, and the kernels a pass launches.
import { expertImbalance, GEMM_HALF_ROWS } from './efficiency';
import { ModelShape } from './model';
import type { OpTime, StepContext, StepLoad } from './step';

const zero = (): OpTime => ({ flops: 0, bytes: 0, time: 0, computeTime: 0, memoryTime: 0 });
const pos = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/** The operator classes kernels run (the others are a step's collectives, host-memory reads and fixed overhead). */
export const KERNEL_CLASSES = ['attention', 'dense-ffn', 'experts', 'lm-head'] as const;
export type KernelClass = (typeof KERNEL_CLASSES)[number];

/**
 * Adds `times` runs of one kernel to `into`, each at its roofline: the larger of its compute time and its HBM time,
 * counted as compute or memory time by the side that sets it. Returns the time of one run.
 */
function addRoofline(
  into: OpTime,
  times: number,
  ctx: StepContext,
  flops: number,
  bytes: number,
  peak: number,
  eff: number,
  rows: number,
): number {
  const small = rows > 0 ? rows / (rows + GEMM_HALF_ROWS) : 1;
  const rate = peak * eff * Math.max(small, 0.02);
  const bw = ctx.hbmBandwidth * ctx.memoryEfficiency;
  const computeTime = rate > 0 ? pos(flops) / rate : 0;
  const memoryTime = bw > 0 ? pos(bytes) / bw : 0;
  const time = Math.max(computeTime, memoryTime);
  into.flops += pos(flops) * times;
  into.bytes += pos(bytes) * times;
  into.time += time * times;
  into.computeTime += (time === computeTime ? time : 0) * times;
  into.memoryTime += (time !== computeTime ? time : 0) * times;
  return time;
}

/** Parameters one of `tp` ranks holds of `params`, `replicated` of which every rank holds whole. */
export function perRank(params: number, replicated: number, tp: number): number {
  const whole = Math.min(pos(replicated), pos(params));
  return (pos(params) - whole) / Math.max(1, tp) + whole;
}

/**
 * Parameters of the shared experts and the router one of `tp` ranks holds: the shared experts split over the ranks,
 * the router whole on each. TensorRT-LLM's DeepSeek-R1 decode layer runs RouterGEMM in data parallelism over its TP8
 * attention ranks ("RouterGEMM: DP8", NVIDIA TensorRT-LLM tech blog 1, "Pushing Latency Boundaries: Optimizing
 * DeepSeek-R1 Performance on NVIDIA B200 GPUs", Parallelism Strategy table); DeepSeek's reference inference code keeps
 * the gate's weight unsplit (deepseek-ai/DeepSeek-V3, inference/model.py, Gate).
 */
export function sharedPerRank(s: ModelShape, tp: number): number {
  return perRank(s.sharedParams + s.routerParams, s.routerParams, tp);
}

/** Adds `times` copies of `x` to `into`, its time counted as compute or memory time by the side that sets all of it. */
export function addOpTime(into: OpTime, x: OpTime, times: number): void {
  into.flops += x.flops * times;
  into.bytes += x.bytes * times;
  into.time += x.time * times;
  into.computeTime += (x.time === x.computeTime ? x.time : 0) * times;
  into.memoryTime += (x.time !== x.computeTime ? x.time : 0) * times;
}

/**
 * Kernel costs of one micro-batch through all layers, by operator class and layer kind. Offloaded shares of the
 * bytes an operator reads come from host memory: they leave its HBM bytes and are summed in `hostBytes`.
 */
export function kernels(
  ctx: StepContext,
  load: StepLoad,
): { ops: Record<KernelClass, OpTime>; dense: number; moe: number; head: number; hostBytes: number } {
  const s = ctx.shape;
  let hostBytes = 0;
  /** The HBM part of `bytes` of which `share` is offloaded; the rest, `times` per step, is read from host memory. */
  const resident = (bytes: number, share: number | undefined, times: number): number => {
    const f = ctx.host ? Math.min(1, Math.max(0, share ?? 0)) : 0;
    hostBytes += pos(bytes * f * times);
    return bytes * (1 - f);
  };
  const offloaded = ctx.host?.weights;
  const tp = Math.max(1, ctx.tp);
  // Every layer runs the busiest rank's tokens (T): the non-expert layers wait for it, and the MoE exchange pads
  // every rank to it (paddedTokens).
  const busiest = Math.max(load.prefillTokens, load.busiestPrefillTokens ?? 0);
  const T = paddedTokens(load);
  const rowsTp = T * tp;
  const { attention: at, ffn, experts: ex, embeddings: em } = ctx.byKind;
  const ops: Record<KernelClass, OpTime> = {
    attention: zero(),
    'dense-ffn': zero(),
    experts: zero(),
    'lm-head': zero(),
  };
  const layers = s.denseLayers + s.moeLayers;
  // Attention: projections (GEMM) and the core (scores and values over the context, KV-cache read). Each rank reads
  // 1/tp of the split projections and all of the replicated ones (MLA's down-projections), which it runs on the
  // tokens of its whole tensor-parallel group.
  const projParams = perRank(s.attentionParams, s.replicatedAttentionParams, tp);
  const projBytes = resident(projParams * at.weightBytes, offloaded?.attention, layers);
  const proj = addRoofline(
    ops.attention,
    layers,
    ctx,
    2 * projParams * rowsTp * ctx.passes,
    projBytes,
    at.gemmPeak,
    ctx.gemmEfficiency,
    rowsTp,
  );
  const kvFactor = s.kvSplitsByTp ? Math.max(1, tp / Math.max(1, s.kvHeads)) : tp;
  const kvRead = load.decodeSeqs * load.decodeContext * s.kvElementsPerTokenLayer * ctx.kvBytes * kvFactor;
  const kvWrite = T * s.kvElementsPerTokenLayer * ctx.kvBytes;
  const coreFlops =
    (load.decodeSeqs * load.tokensPerSeq * load.decodeContext * s.attnFlopsPerContextDecode +
      busiest * load.prefillContext * s.attnFlopsPerContextPrefill) *
    ctx.passes;
  const core = addRoofline(
    ops.attention,
    layers,
    ctx,
    coreFlops,
    resident(kvRead, ctx.host?.kv, layers) + kvWrite,
    ctx.attentionPeak,
    ctx.attentionEfficiency,
    0,
  );
  const attnPerLayer = proj + core;
  // Dense FFN layers.
  const denseBytes = resident((s.denseFfnParams * ffn.weightBytes) / tp, offloaded?.ffn, s.denseLayers);
  const dense = addRoofline(
    ops['dense-ffn'],
    s.denseLayers,
    ctx,
    2 * s.denseFfnParams * T * ctx.passes,
    denseBytes,
    ffn.gemmPeak,
    ctx.gemmEfficiency,
    rowsTp,
  );
  // MoE layers: shared experts and router on every token, routed experts on received tokens.
  let moePerLayer = 0;
  if (s.moeLayers > 0) {
    // Shared experts and the router are part of the MoE layer: they take the experts' precision (`sharedPerRank`).
    const sharedParams = sharedPerRank(s, tp);
    const sharedBytes = resident(sharedParams * ex.weightBytes, offloaded?.experts, s.moeLayers);
    const shared = addRoofline(
      ops.experts,
      s.moeLayers,
      ctx,
      2 * sharedParams * rowsTp * ctx.passes,
      sharedBytes,
      ex.gemmPeak,
      ctx.gemmEfficiency,
      rowsTp,
    );
    const ep = Math.max(1, ctx.ep);
    const etp = Math.max(1, ctx.expertTp);
    const local = Math.max(1, ctx.experts / ep);
    // Each rank receives what it sends (padded to the busiest rank); the busiest expert rank gets expertImbalance
    // x that. With expert TP, the etp ranks of an expert slice see the tokens of all of them (T x etp) and each
    // computes and reads 1/etp of every expert (TensorRT-LLM tech blog 1, "Mixed TP4 with EP2").
    const sliceTokens = T * etp;
    const meanPerExpert = (sliceTokens * ctx.active * ep) / Math.max(1, ctx.experts);
    const received = sliceTokens * ctx.active * expertImbalance(ep, ctx.experts, meanPerExpert);
    const perExpert = received / local;
    const touched = local * (1 - Math.exp(-perExpert));
    const routedBytes = resident((touched * s.expertParams * ex.weightBytes) / etp, offloaded?.experts, s.moeLayers);
    const routed = addRoofline(
      ops.experts,
      s.moeLayers,
      ctx,
      (2 * s.expertParams * received * ctx.passes) / etp,
      routedBytes,
      ex.gemmPeak,
      ctx.gemmEfficiency,
      perExpert,
    );
    moePerLayer = shared + routed;
  }
  // LM head (vocabulary split across tensor-parallel ranks).
  const headParams = s.lmHeadParams || s.embeddingParams;
  const headBytes = resident((headParams * em.weightBytes) / tp, offloaded?.embeddings, 1);
  addRoofline(
    ops['lm-head'],
    1,
    ctx,
    2 * headParams * load.logitsTokens * ctx.passes,
    headBytes,
    em.gemmPeak,
    ctx.gemmEfficiency,
    load.logitsTokens * tp,
  );
  return {
    ops,
    dense: s.denseLayers * (attnPerLayer + dense),
    moe: s.moeLayers * (attnPerLayer + moePerLayer),
    head: ops['lm-head'].time,
    hostBytes,
  };
}

/**
 * Tokens each rank carries through a step's MoE layer: its own, padded to the busiest attention data-parallel
 * rank's when the ranks' loads differ (serving with in-flight batching). TensorRT-LLM's attention-DP MoE gathers
 * tokens across the DP ranks (allgather and reduce-scatter on one NVLink domain, no all-to-all) and pads each
 * rank's to the largest count first (tensorrt_llm/_torch/models/modeling_deepseekv3.py and modeling_qwen3_moe.py,
 * 2025: `use_dp_padding`, "pad to max(all_rank_num_tokens)"; SGLang's DpPaddingMode.MAX_LEN pads the same way).
 * Decode-only steps have equal ranks: no padding.
 */
export function paddedTokens(load: StepLoad): number {
  const own = load.decodeSeqs * load.tokensPerSeq + load.prefillTokens;
  return own + Math.max(0, (load.busiestPrefillTokens ?? 0) - load.prefillTokens);
}

/**
 * GEMM and attention kernels one pass through the layers launches, each with a fixed cost (`kernelFixedSeconds`).
 * Per layer, after TensorRT-LLM's DeepSeek-R1 decode layer (tech blog 1, "Everything in One Diagram"): MLA runs five
 * GEMMs (Fuse_A, UQ_QR, UK, UV, WO) and the attention kernel; GQA/MHA a fused QKV GEMM, the attention kernel and the
 * output GEMM; a dense FFN two GEMMs (gate-up, down); an MoE layer the router, two grouped GEMMs for the routed
 * experts and two GEMMs for the shared experts when it has them. Plus the LM head. Norms, RoPE, quantisation and
 * all-reduces are in LAYER_OVERHEAD_SECONDS and the collective floors.
 */
export function kernelsPerStep(s: ModelShape): number {
  const attention = s.kvSplitsByTp ? 3 : 6;
  const moe = 3 + (s.sharedParams > 0 ? 2 : 0);
  return s.denseLayers * (attention + 2) + s.moeLayers * (attention + moe) + 1;
}

/** Kernel costs of one micro-batch (`kernels`). */
export type KernelCosts = ReturnType<typeof kernels>;
