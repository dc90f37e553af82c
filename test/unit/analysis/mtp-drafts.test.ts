// MTP speculative decoding: a step verifying 1 + K tokens also runs the MTP module K times (one layer and the LM head).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { StepLoad, stepCost } from '../../../server/src/analysis/step';
import { DeepSeekV3, hgxCluster, Llama70B, parallel, workload } from './fixtures';

const decode = (seqs: number, tokensPerSeq: number): StepLoad => ({
  decodeSeqs: seqs,
  tokensPerSeq,
  decodeContext: 2000,
  prefillTokens: 0,
  prefillContext: 0,
  logitsTokens: seqs * tokensPerSeq,
});

describe('MTP draft passes', () => {
  const moe = setupWorkload(
    workload({ model: DeepSeekV3, system: hgxCluster(1), devices: 8, parallel: parallel({ ep: 8, dp: 8 }, 8) }),
  );

  it('run the LM head once more per draft on one token per sequence', () => {
    const s = moe.step.shape;
    const head = s.lmHeadParams || s.embeddingParams;
    const step = stepCost(moe.step, decode(32, 4));
    // Main pass: logits for 32 x 4 verified tokens; three draft passes: 32 tokens each.
    assert.equal(step.ops['lm-head'].flops, 2 * head * (32 * 4 + 3 * 32));
  });

  it('run one more MoE layer per draft: expert work grows by about one layer in 58 per draft', () => {
    const s = moe.step.shape;
    const none = stepCost(moe.step, decode(32, 1));
    const one = stepCost(moe.step, decode(32, 2));
    // One draft: the main pass verifies 2 tokens per sequence (twice the expert work of one) plus one MoE layer of 1.
    const perLayer = none.ops.experts.flops / s.moeLayers;
    const expected = 2 * none.ops.experts.flops + perLayer;
    assert.ok(Math.abs(one.ops.experts.flops / expected - 1) < 0.05, `${one.ops.experts.flops} ~ ${expected}`);
    assert.ok(one.overhead > none.overhead, 'a draft layer has its fixed cost too');
  });

  it('on a dense model the draft layer is a dense layer', () => {
    const dense = setupWorkload(workload({ model: Llama70B, system: hgxCluster(1), devices: 1 }));
    const none = stepCost(dense.step, decode(8, 1));
    const one = stepCost(dense.step, decode(8, 2));
    const perLayer = none.ops['dense-ffn'].flops / dense.step.shape.denseLayers;
    assert.ok(Math.abs(one.ops['dense-ffn'].flops - (2 * none.ops['dense-ffn'].flops + perLayer)) < 1);
    assert.equal(one.ops.experts.flops, 0);
  });

  it('prefill steps have no drafts', () => {
    const pre: StepLoad = { ...decode(0, 1), prefillTokens: 4096, prefillContext: 2048, logitsTokens: 1 };
    const s = moe.step.shape;
    const head = s.lmHeadParams || s.embeddingParams;
    assert.equal(stepCost(moe.step, pre).ops['lm-head'].flops, 2 * head * 1);
  });
});
