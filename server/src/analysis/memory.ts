// Memory per device: weights, KV cache, activations and reserve, and the largest batch that fits.
import { DEFAULT_MEMORY_RESERVE } from './efficiency';
import { WeightKind } from '../semantics/types';
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
}

const pos = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/**
 * Weight bytes held by one device: non-expert weights split by TP and PP, experts split by EP and PP, each layer
 * kind at its own precision (shared experts and the router at the experts').
 */
export function weightsPerDevice(m: MemoryContext): number {
  const s = m.shape;
  const tp = Math.max(1, m.tp), pp = Math.max(1, m.pp), ep = Math.max(1, m.ep);
  const bytes = (k: WeightKind) => (m.weightBytesOf?.[k] ?? m.weightBytes) + (m.trainingBytesPerParam ?? 0);
  const layers = s.denseLayers + s.moeLayers;
  const attention = (layers * s.attentionParams * bytes('attention')) / (tp * pp);
  const ffn = (s.denseLayers * s.denseFfnParams * bytes('ffn')) / (tp * pp);
  const moeShared = (s.moeLayers * (s.sharedParams + s.routerParams) * bytes('experts')) / (tp * pp);
  const embeddings = ((s.embeddingParams + s.lmHeadParams) * bytes('embeddings')) / tp;
  const localExperts = s.moeLayers > 0 ? Math.max(1, m.experts / ep) : 0;
  const experts = (s.moeLayers * localExperts * s.expertParams * bytes('experts')) / pp;
  return pos(attention + ffn + moeShared + embeddings + experts);
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
  const ffnWidth = Math.max(s.denseFfnParams / Math.max(1, 3 * m.hidden), (s.expertParams / Math.max(1, 3 * m.hidden)) * Math.max(1, m.active));
  const perToken = (6 * m.hidden + 2 * m.hidden * m.active + 2 * ffnWidth / Math.max(1, m.tp)) * 2;
  const layersKept = training ? (s.denseLayers + s.moeLayers) / Math.max(1, m.pp) : 1;
  return pos(tokens * perToken * layersKept);
}

/** Memory kept free: (1 - kv_fraction) of what weights and activations leave when the engine sets it, else a share of HBM. */
function reserveOf(m: MemoryContext, weights: number, activations: number): number {
  if (m.kvFraction !== undefined) return pos((1 - m.kvFraction) * (m.capacity - weights - activations));
  return pos(m.capacity * DEFAULT_MEMORY_RESERVE);
}

export function memoryBreakdown(m: MemoryContext, sequences: number, context: number, tokensInFlight: number, training = false): MemoryBreakdown {
  const weights = weightsPerDevice(m);
  const kvCache = training ? 0 : pos(sequences) * kvBytesPerSequence(m, context);
  const activations = activationBytes(m, tokensInFlight, training);
  const reserve = reserveOf(m, weights, activations);
  const total = weights + kvCache + activations + reserve;
  return { weights, kvCache, activations, reserve, total, capacity: pos(m.capacity), fits: total <= m.capacity && m.capacity > 0 };
}

/**
 * Largest number of sequences per device whose KV cache fits next to weights, activations and reserve:
 * n (kv + act) <= capacity (1 - reserve share) - weights, or with kv_fraction k,
 * n kv <= k (capacity - weights - n act), so n <= k (capacity - weights) / (kv + k act).
 */
export function largestBatchInMemory(m: MemoryContext, context: number, tokensPerSeq: number): number {
  const weights = weightsPerDevice(m);
  const kv = kvBytesPerSequence(m, context), act = activationBytes(m, tokensPerSeq);
  const k = m.kvFraction;
  const free = k !== undefined ? k * (m.capacity - weights) : m.capacity * (1 - DEFAULT_MEMORY_RESERVE) - weights;
  if (!(free > 0)) return 0;
  const perSeq = k !== undefined ? kv + k * act : kv + act;
  if (!(perSeq > 0)) return 1e6;
  return Math.max(0, Math.floor(free / perSeq));
}
