// A fixed cost per GEMM or attention kernel: what batch-1 decode pays beyond bytes and FLOPs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceleratorEfficiency } from '../../../server/src/analysis/efficiency';
import { modelShape } from '../../../server/src/analysis/model';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { kernelsPerStep } from '../../../server/src/analysis/kernels';
import { StepLoad, stepCost } from '../../../server/src/analysis/step';
import { DeepSeekV3, hgxCluster, Llama70B, parallel, workload } from './fixtures';

const one: StepLoad = {
  decodeSeqs: 1,
  tokensPerSeq: 1,
  decodeContext: 2000,
  prefillTokens: 0,
  prefillContext: 0,
  logitsTokens: 1,
};

describe('fixed cost per kernel', () => {
  it('counts the kernels of a pass: MLA 6 + MoE with shared experts 5 per layer, GQA 3 + dense FFN 2', () => {
    const ds = modelShape(DeepSeekV3);
    assert.equal(kernelsPerStep(ds), ds.denseLayers * (6 + 2) + ds.moeLayers * (6 + 5) + 1);
    assert.equal(kernelsPerStep(modelShape(Llama70B)), 80 * 5 + 1);
  });

  it('is 3 us on Hopper and Blackwell (DeepGEMM fit), none on Ascend (fused operators)', () => {
    assert.equal(acceleratorEfficiency({ arch: 'hopper' }).kernelFixed, 3e-6);
    assert.equal(acceleratorEfficiency({ arch: 'blackwell' }).kernelFixed, 3e-6);
    assert.equal(acceleratorEfficiency({ arch: 'ascend' }).kernelFixed, 0);
  });

  it('adds kernels x fixed cost to each step, which dominates batch-1 decode of a dense model', () => {
    const s = setupWorkload(
      workload({ model: Llama70B, system: hgxCluster(1), devices: 8, parallel: parallel({ tp: 8 }, 8) }),
    );
    const withFixed = stepCost(s.step, one);
    const without = stepCost({ ...s.step, kernelFixedSeconds: 0 }, one);
    const kernels = kernelsPerStep(s.step.shape);
    assert.ok(Math.abs(withFixed.stepTime - without.stepTime - kernels * 3e-6) < 1e-12);
    assert.ok(withFixed.overhead > without.overhead);
  });
});
