// Expert tensor parallelism: ep below the attention tensor-parallel group splits every expert tp / ep ways.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { weightsByKind } from '../../../server/src/analysis/memory';
import { expertTensorParallel, setupWorkload } from '../../../server/src/analysis/setup';
import { StepLoad, stepCost } from '../../../server/src/analysis/step';
import { DeepSeekV3, hgxCluster, parallel, workload } from './fixtures';

const layout = (p: Parameters<typeof parallel>[0]) =>
  setupWorkload(
    workload({
      model: DeepSeekV3,
      system: hgxCluster(1),
      devices: 8,
      parallel: parallel(p, 8),
      batch: { mode: 'global', value: 1, span: { start: 0, end: 0 } },
    }),
  );

describe('expert tensor parallelism (ep below the tensor-parallel group)', () => {
  it('is attention TP / ep when ep divides it, else 1', () => {
    assert.equal(expertTensorParallel(8, 2), 4);
    assert.equal(expertTensorParallel(8, 1), 8);
    assert.equal(expertTensorParallel(8, 8), 1);
    assert.equal(expertTensorParallel(1, 8), 1);
    assert.equal(expertTensorParallel(8, 3), 1);
  });

  it('tp 8 ep 2 holds one eighth of the routed experts per rank, as tp 8 ep 8 does', () => {
    const etp = layout({ tp: 8, ep: 2, dp: 1 });
    const ep8 = layout({ tp: 8, ep: 8, dp: 1 });
    assert.equal(etp.step.expertTp, 4);
    const a = weightsByKind(etp.memory).experts;
    const b = weightsByKind(ep8.memory).experts;
    assert.ok(Math.abs(a / b - 1) < 1e-9, `${a} = ${b}`);
  });

  it('each rank computes and reads 1/etp of every expert its EP slice receives', () => {
    const etp = layout({ tp: 8, ep: 2, dp: 1 });
    // Four decoding sequences on the group of 8 ranks: 0.5 per rank, the tokens replicated across the group.
    const load: StepLoad = {
      decodeSeqs: 0.5,
      tokensPerSeq: 1,
      decodeContext: 2000,
      prefillTokens: 0,
      prefillContext: 0,
      logitsTokens: 0.5,
    };
    const step = stepCost(etp.step, load);
    const s = etp.step.shape;
    // The EP slice (4 ranks) sees the group's 4 tokens x 8 experts each; one rank computes a quarter of them.
    const sliceTokens = 0.5 * 4;
    const routedFlops = step.ops.experts.flops - 2 * (s.sharedParams + s.routerParams) * 0.5 * s.moeLayers;
    assert.ok(routedFlops > 0);
    const perLayer = routedFlops / s.moeLayers;
    const atLeast = (2 * s.expertParams * sliceTokens * 8) / 4;
    assert.ok(perLayer >= atLeast * 0.999, `${perLayer} >= ${atLeast} (imbalance only adds)`);
    assert.ok(perLayer <= atLeast * 2, `${perLayer} <= ${2 * atLeast}`);
  });

  it('the breakdown says the experts are split inside each expert', () => {
    assert.match(layout({ tp: 8, ep: 2, dp: 1 }).parallelism, /4 ways inside each expert/);
  });
});
