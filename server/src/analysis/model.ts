// Model arithmetic: parameters per layer kind, FLOPs per token, KV-cache bytes per token (GQA and absorbed MLA).
import { ModelSpec } from '../semantics/types';

export interface ModelShape {
  /** Attention projection parameters per layer. */
  attentionParams: number;
  /**
   * Of `attentionParams`, those every tensor-parallel rank holds and reads whole: MLA's down-projections (W_DQ,
   * W_DKV, W_KR; `mlaDownProjections`), 0 for GQA/MHA.
   */
  replicatedAttentionParams: number;
  /** Dense FFN parameters per dense layer (gated: three matrices). */
  denseFfnParams: number;
  /** Parameters of one routed expert. */
  expertParams: number;
  /** Shared-expert parameters per MoE layer. */
  sharedParams: number;
  /** Router parameters per MoE layer. */
  routerParams: number;
  denseLayers: number;
  moeLayers: number;
  /** Embedding plus LM head parameters (one matrix when tied). */
  embeddingParams: number;
  lmHeadParams: number;
  /** KV-cache elements per token per layer (latent + rope for MLA; 2 x kvHeads x headDim otherwise). */
  kvElementsPerTokenLayer: number;
  /** Attention-core FLOPs per query token per context token per layer (decode / absorbed form). */
  attnFlopsPerContextDecode: number;
  /** Attention-core FLOPs per query token per context token per layer (prefill / non-absorbed form). */
  attnFlopsPerContextPrefill: number;
  /** Whether the KV cache splits across tensor-parallel ranks (GQA/MHA heads) or is replicated (MLA latent). */
  kvSplitsByTp: boolean;
  kvHeads: number;
  totalParams: number;
  activeParamsPerToken: number;
}

const pos = (x: number | undefined): number => (x !== undefined && Number.isFinite(x) && x > 0 ? x : 0);

export function modelShape(m: ModelSpec): ModelShape {
  const h = pos(m.hidden);
  const a = m.attention;
  const heads = pos(a.heads);
  const headDim = pos(a.headDim);
  let attentionParams: number;
  let kvElements: number;
  let decodeCore: number;
  let prefillCore: number;
  let kvSplits = true;
  let replicated = 0;
  if (a.kind === 'mla') {
    const qRank = pos(a.qRank);
    const kvRank = pos(a.kvRank);
    const rope = pos(a.ropeDim);
    const vDim = pos(a.vHeadDim) || headDim;
    const qProj = qRank > 0 ? h * qRank + qRank * heads * (headDim + rope) : h * heads * (headDim + rope);
    const kvA = h * (kvRank + rope);
    const kvB = kvRank * heads * (headDim + vDim);
    const o = heads * vDim * h;
    attentionParams = qProj + kvA + kvB + o;
    replicated = mlaDownProjections(h, qRank, kvA);
    kvElements = kvRank + rope;
    // Absorbed form (DeepSeek-V2 paper, FlashMLA): scores over the latent plus rope, values over the latent.
    decodeCore = 2 * heads * (kvRank + rope) + 2 * heads * kvRank;
    // Prefill keeps the per-head form: q.k over headDim + rope, p.v over vDim.
    prefillCore = 2 * heads * (headDim + rope) + 2 * heads * vDim;
    kvSplits = false;
  } else {
    const kvHeads = pos(a.kvHeads) || heads;
    attentionParams = h * heads * headDim + 2 * h * kvHeads * headDim + heads * headDim * h;
    kvElements = 2 * kvHeads * headDim;
    decodeCore = 4 * heads * headDim;
    prefillCore = decodeCore;
  }
  const moe = m.moe;
  const layers = pos(m.layers);
  const denseLayers = moe ? Math.min(layers, pos(moe.denseLayers)) : layers;
  const moeLayers = moe ? layers - denseLayers : 0;
  const denseFfn = moe ? pos(moe.denseFfn) || pos(m.ffn) : pos(m.ffn);
  const denseFfnParams = 3 * h * denseFfn;
  const expertParams = moe ? 3 * h * pos(moe.expertFfn) : 0;
  const sharedParams = moe ? pos(moe.shared) * expertParams : 0;
  const routerParams = moe ? h * pos(moe.experts) : 0;
  const embeddingParams = h * pos(m.vocab);
  const lmHeadParams = m.tiedEmbeddings ? 0 : h * pos(m.vocab);
  const experts = moe ? pos(moe.experts) : 0;
  const active = moe ? pos(moe.active) : 0;
  const totalParams =
    layers * attentionParams +
    denseLayers * denseFfnParams +
    moeLayers * (experts * expertParams + sharedParams + routerParams) +
    embeddingParams +
    lmHeadParams;
  const activeParamsPerToken =
    layers * attentionParams +
    denseLayers * denseFfnParams +
    moeLayers * (active * expertParams + sharedParams + routerParams) +
    (m.tiedEmbeddings ? embeddingParams : lmHeadParams);
  return {
    attentionParams,
    replicatedAttentionParams: replicated,
    denseFfnParams,
    expertParams,
    sharedParams,
    routerParams,
    denseLayers,
    moeLayers,
    embeddingParams,
    lmHeadParams,
    kvElementsPerTokenLayer: kvElements,
    attnFlopsPerContextDecode: decodeCore,
    attnFlopsPerContextPrefill: prefillCore,
    kvSplitsByTp: kvSplits,
    kvHeads: a.kind === 'mla' ? 1 : pos(a.kvHeads) || heads,
    totalParams,
    activeParamsPerToken,
  };
}

/**
 * MLA's down-projections, held whole on every tensor-parallel rank: W_DQ (hidden x q rank, when the query is
 * low-rank) and W_DKV with W_KR (`kvA`: hidden x (kv rank + rope)). TensorRT-LLM's DeepSeek-R1 decode layer runs
 * them as one Fuse_A_GEMM in data parallelism over the 8 ranks of its TP8 attention ("Fuse_A GEMM: Data Parallelism
 * 8 (DP8)", and they "cannot be easily sharded (they are DP-based)": NVIDIA TensorRT-LLM tech blog 1, "Pushing
 * Latency Boundaries: Optimizing DeepSeek-R1 Performance on NVIDIA B200 GPUs", Parallelism Strategy table and
 * "Dense GEMM optimization"); DeepSeek's reference inference code holds wq_a and wkv_a as plain (replicated)
 * Linear layers beside its column- and row-parallel ones (deepseek-ai/DeepSeek-V3, inference/model.py, MLA).
 */
function mlaDownProjections(hidden: number, qRank: number, kvA: number): number {
  return (qRank > 0 ? hidden * qRank : 0) + kvA;
}
