// Memory per device: weights, KV cache, activations and reserve, and the largest batch that fits.
import { DEFAULT_MEMORY_RESERVE } from './efficiency';
import { perRank, sharedPerRank } from './kernels';
import { WeightKind, weightKinds } from '../semantics/types';
import { ModelShape } from './model';
import { MemoryBreakdown } from './types';

export interface MemoryContext {
  shape: ModelShape;
  hidden: number;
  experts: number;
  active: number;
  tp: number;
  pp: number;
  ep: number;
  /** Ranks each routed expert is split over (expert TP; `expertTensorParallel`). */
  expertTp: number;
  /** Bytes per weight element, and for the layer kinds written at their own precision (`precision experts fp4`). */
  weightBytes: number;
  weightBytesOf?: Partial<Record<WeightKind, number>>;
  kvBytes: number;
  capacity: number;
  /** Training keeps gradients and optimizer state: bytes per parameter on top of the weights. */
  trainingBytesPerParam?: number;
  /**
   * `engine kv_fraction`: the share of the memory left after weights and activations that the KV cache may
   * take (TensorRT-LLM kv_cache_free_gpu_mem_fraction); the rest is the reserve. Unset: DEFAULT_MEMORY_RESERVE.
   */
  kvFraction?: number;
  /** What the workload holds in the accelerator's host memory (`offload`), and that tier's capacity per rank. */
  offload?: Offload;
}

/** Shares of the KV cache and of each layer kind's weights held in host memory, and its capacity per rank, bytes. */
export interface Offload {
  kv: number;
  weights: Record<WeightKind, number>;
  hostCapacity: number;
}

const pos = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/**
 * Weight bytes of one rank by layer kind, wherever they are held: non-expert weights split by TP and PP (MLA's
 * down-projections and the router whole on every TP rank: kernels.ts, `perRank`), experts split by EP, expert TP and
 * PP, each kind at its own precision (shared experts and the router at the experts').
 */
export function weightsByKind(m: MemoryContext): Record<WeightKind, number> {
  const s = m.shape;
  const tp = Math.max(1, m.tp),
    pp = Math.max(1, m.pp),
    ep = Math.max(1, m.ep);
  const bytes = (k: WeightKind) => (m.weightBytesOf?.[k] ?? m.weightBytes) + (m.trainingBytesPerParam ?? 0);
  const layers = s.denseLayers + s.moeLayers;
  const localExperts = s.moeLayers > 0 ? Math.max(1, m.experts / ep) : 0;
  const etp = Math.max(1, m.expertTp);
  const shared = sharedPerRank(s, tp);
  const experts = s.moeLayers * ((localExperts * s.expertParams) / (etp * pp) + shared / pp);
  const attention = perRank(s.attentionParams, s.replicatedAttentionParams, tp);
  return {
    attention: pos((layers * attention * bytes('attention')) / pp),
    ffn: pos((s.denseLayers * s.denseFfnParams * bytes('ffn')) / (tp * pp)),
    experts: pos(experts * bytes('experts')),
    embeddings: pos(((s.embeddingParams + s.lmHeadParams) * bytes('embeddings')) / tp),
  };
}

/** Weight bytes of one rank, HBM and host memory together (`w`: its `weightsByKind`, when known). */
export function weightsPerDevice(m: MemoryContext, w = weightsByKind(m)): number {
  return weightKinds.reduce((a, k) => a + w[k], 0);
}

/** Weight bytes one rank holds in host memory (`offload`; `w`: its `weightsByKind`, when known). */
export function offloadedWeights(m: MemoryContext, w = weightsByKind(m)): number {
  return weightKinds.reduce((a, k) => a + w[k] * (m.offload?.weights[k] ?? 0), 0);
}

/** KV-cache bytes per sequence on one device for a KV length `context` (all layers; MLA latent replicated across TP). */
export function kvBytesPerSequence(m: MemoryContext, context: number): number {
  const s = m.shape;
  const tp = Math.max(1, m.tp);
  const factor = s.kvSplitsByTp ? Math.max(1, tp / Math.max(1, s.kvHeads)) : tp;
  return pos(context * s.kvElementsPerTokenLayer * m.kvBytes * (s.denseLayers + s.moeLayers) * factor);
}

/**
 * Activation bytes in flight for `tokens` tokens per device in one step. Assumption: a handful of
 * hidden-sized BF16 buffers per token (residual, norm, attention output, dispatch and combine
 * buffers for each routed copy) plus the widest FFN intermediate; training keeps them per layer.
 */
export function activationBytes(m: MemoryContext, tokens: number, training = false): number {
  const s = m.shape;
  const ffnWidth = Math.max(
    s.denseFfnParams / Math.max(1, 3 * m.hidden),
    (s.expertParams / Math.max(1, 3 * m.hidden)) * Math.max(1, m.active),
  );
  const perToken = (6 * m.hidden + 2 * m.hidden * m.active + (2 * ffnWidth) / Math.max(1, m.tp)) * 2;
  const layersKept = training ? (s.denseLayers + s.moeLayers) / Math.max(1, m.pp) : 1;
  return pos(tokens * perToken * layersKept);
}

/** Memory kept free: (1 - kv_fraction) of what weights and activations leave when the engine sets it, else a share of HBM. */
function reserveOf(m: MemoryContext, weights: number, activations: number): number {
  if (m.kvFraction !== undefined) return pos((1 - m.kvFraction) * (m.capacity - weights - activations));
  return pos(m.capacity * DEFAULT_MEMORY_RESERVE);
}

export function memoryBreakdown(
  m: MemoryContext,
  sequences: number,
  context: number,
  tokensInFlight: number,
  training = false,
): MemoryBreakdown {
  const byKind = weightsByKind(m);
  const hostWeights = offloadedWeights(m, byKind);
  const weights = pos(weightsPerDevice(m, byKind) - hostWeights);
  const kvAll = training ? 0 : pos(sequences) * kvBytesPerSequence(m, context);
  const kvShare = m.offload?.kv ?? 0;
  const kvCache = kvAll * (1 - kvShare);
  const activations = activationBytes(m, tokensInFlight, training);
  const reserve = reserveOf(m, weights, activations);
  const total = weights + kvCache + activations + reserve;
  const capacity = pos(m.capacity);
  const out: MemoryBreakdown = {
    weights,
    kvCache,
    activations,
    reserve,
    total,
    capacity,
    fits: total <= m.capacity && m.capacity > 0,
  };
  if (m.offload) {
    const host = {
      weights: hostWeights,
      kvCache: kvAll * kvShare,
      total: hostWeights + kvAll * kvShare,
      capacity: pos(m.offload.hostCapacity),
      fits: true,
    };
    host.fits = host.total <= host.capacity;
    out.host = host;
    out.fits = out.fits && host.fits;
  }
  return out;
}

/**
 * Largest number of sequences per device whose KV cache fits next to weights, activations and reserve:
 * n (kv + act) <= capacity (1 - reserve share) - weights, or with kv_fraction k,
 * n kv <= k (capacity - weights - n act), so n <= k (capacity - weights) / (kv + k act).
 * With `offload`, HBM holds the resident share of weights and KV, host memory the rest: both must fit.
 */
export function largestBatchInMemory(m: MemoryContext, context: number, tokensPerSeq: number): number {
  const hostWeights = offloadedWeights(m);
  const weights = weightsPerDevice(m) - hostWeights;
  const kvAll = kvBytesPerSequence(m, context),
    act = activationBytes(m, tokensPerSeq);
  const kvShare = m.offload?.kv ?? 0;
  const kv = kvAll * (1 - kvShare);
  const k = m.kvFraction;
  const free = k !== undefined ? k * (m.capacity - weights) : m.capacity * (1 - DEFAULT_MEMORY_RESERVE) - weights;
  if (!(free > 0)) return 0;
  if (m.offload && !(m.offload.hostCapacity - hostWeights >= 0)) return 0;
  const perSeq = k !== undefined ? kv + k * act : kv + act;
  const hostLimit =
    m.offload && kvAll * kvShare > 0 ? (m.offload.hostCapacity - hostWeights) / (kvAll * kvShare) : Infinity;
  if (!(perSeq > 0)) return Math.min(1e6, Math.floor(hostLimit));
  return Math.max(0, Math.floor(Math.min(free / perSeq, hostLimit)));
}
