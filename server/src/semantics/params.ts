// Parameter counts computed from a model's architecture (norms and biases are left out: under 0.01%).
import { ModelSpec } from './types';

export interface ParameterCounts {
  embeddings: number;
  attentionPerLayer: number;
  denseFfnPerLayer: number;
  /** Routed experts of one MoE layer, all of them. */
  expertsPerLayer: number;
  /** One routed expert. */
  expertSize: number;
  sharedPerLayer: number;
  routerPerLayer: number;
  denseLayers: number;
  moeLayers: number;
  total: number;
  /** Parameters one token touches. */
  active: number;
}

export function attentionParameters(m: ModelSpec): number {
  const a = m.attention;
  const h = m.hidden;
  if (a.kind === 'mla') {
    const rope = a.ropeDim ?? 0;
    const qkDim = a.headDim + rope;
    const v = a.vHeadDim ?? a.headDim;
    const q = a.qRank ? h * a.qRank + a.qRank * a.heads * qkDim : h * a.heads * qkDim;
    const kvRank = a.kvRank ?? 512;
    const kv = h * (kvRank + rope) + kvRank * a.heads * (a.headDim + v);
    return q + kv + a.heads * v * h;
  }
  return h * a.heads * a.headDim + 2 * h * a.kvHeads * a.headDim + a.heads * a.headDim * h;
}

export function parameterCounts(m: ModelSpec): ParameterCounts {
  const h = m.hidden;
  const embeddings = m.vocab * h * (m.tiedEmbeddings ? 1 : 2);
  const attentionPerLayer = attentionParameters(m);
  const moe = m.moe;
  const denseLayers = moe ? Math.min(moe.denseLayers, m.layers) : m.layers;
  const moeLayers = m.layers - denseLayers;
  const denseFfn = moe ? (moe.denseFfn ?? m.ffn ?? 0) : (m.ffn ?? 0);
  const denseFfnPerLayer = 3 * h * denseFfn;
  const expertSize = moe ? 3 * h * moe.expertFfn : 0;
  const expertsPerLayer = moe ? moe.experts * expertSize : 0;
  const sharedPerLayer = moe ? moe.shared * expertSize : 0;
  const routerPerLayer = moe ? h * moe.experts : 0;
  const perMoeLayer = attentionPerLayer + expertsPerLayer + sharedPerLayer + routerPerLayer;
  const perDenseLayer = attentionPerLayer + denseFfnPerLayer;
  const total = embeddings + denseLayers * perDenseLayer + moeLayers * perMoeLayer;
  const activePerMoeLayer = attentionPerLayer + (moe ? moe.active * expertSize : 0) + sharedPerLayer + routerPerLayer;
  const active = embeddings + denseLayers * perDenseLayer + moeLayers * activePerMoeLayer;
  return {
    embeddings,
    attentionPerLayer,
    denseFfnPerLayer,
    expertsPerLayer,
    expertSize,
    sharedPerLayer,
    routerPerLayer,
    denseLayers,
    moeLayers,
    total,
    active,
  };
}
