// MLA's down-projections (Fuse_A) and the router are held and read whole on every attention tensor-parallel rank.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { StepLoad, stepCost } from '../../../server/src/analysis/step';
import { weightsByKind } from '../../../server/src/analysis/memory';
import { modelShape } from '../../../server/src/analysis/model';
import { perRank } from '../../../server/src/analysis/kernels';
import { DeepSeekV3, hgxCluster, Llama70B, parallel, workload } from './fixtures';

// No context: the attention bytes are the projections' weights and one token's KV-cache write.
const decode = (seqs: number): StepLoad => ({
  decodeSeqs: seqs,
  tokensPerSeq: 1,
  decodeContext: 0,
  prefillTokens: 0,
  prefillContext: 0,
  logitsTokens: seqs,
});

const tp8 = () =>
  setupWorkload(
    workload({ model: DeepSeekV3, system: hgxCluster(1), devices: 8, parallel: parallel({ tp: 8, ep: 8, dp: 1 }, 8) }),
  );

describe('weights every tensor-parallel rank holds whole', () => {
  it("MLA's down-projections: W_DQ (hidden x q rank) and W_DKV with W_KR (hidden x (kv rank + rope))", () => {
    const s = modelShape(DeepSeekV3);
    assert.equal(s.replicatedAttentionParams, 7168 * 1536 + 7168 * (512 + 64));
    assert.equal(modelShape(Llama70B).replicatedAttentionParams, 0, 'GQA splits every projection');
  });

  it('a rank of TP8 attention reads 1/8 of the split projections and all of the replicated ones', () => {
    const w = tp8();
    const s = w.step.shape;
    const step = stepCost(w.step, decode(1));
    const layers = s.denseLayers + s.moeLayers;
    const proj = ((s.attentionParams - s.replicatedAttentionParams) / 8 + s.replicatedAttentionParams) * layers;
    const kvWrite = layers * s.kvElementsPerTokenLayer * w.step.kvBytes;
    assert.ok(Math.abs(step.ops.attention.bytes - proj * w.step.byKind.attention.weightBytes - kvWrite) < 1);
  });

  it('the router is read whole on every rank, the shared experts split', () => {
    const s = modelShape(DeepSeekV3);
    assert.equal(perRank(s.sharedParams + s.routerParams, s.routerParams, 8), s.sharedParams / 8 + s.routerParams);
  });

  it('memory holds them whole on every rank too', () => {
    const w = tp8();
    const s = w.step.shape;
    const layers = s.denseLayers + s.moeLayers;
    const m = weightsByKind({ ...w.memory, tp: 8 });
    const attention = layers * ((s.attentionParams - s.replicatedAttentionParams) / 8 + s.replicatedAttentionParams);
    assert.ok(Math.abs(m.attention / (attention * w.step.byKind.attention.weightBytes) - 1) < 1e-9);
  });

  it('without tensor-parallel attention nothing changes (every weight is whole already)', () => {
    assert.equal(perRank(100, 30, 1), 100);
    assert.equal(perRank(100, 0, 4), 25);
  });
});
