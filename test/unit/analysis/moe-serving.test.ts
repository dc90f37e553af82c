// MoE mechanisms: expert load imbalance by EP and tokens per expert; attention-DP serving waits for its busiest rank.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EXPERT_IMBALANCE, expertImbalance } from '../../../server/src/analysis/efficiency';
import { busiestRankPrefill, operatingPoint } from '../../../server/src/analysis/phases';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { paddedTokens } from '../../../server/src/analysis/kernels';
import { stepCost } from '../../../server/src/analysis/step';
import { DeepSeekV3, hgxCluster, parallel, workload } from './fixtures';

describe('expert load imbalance', () => {
  it('is 1 without expert parallelism', () => {
    assert.equal(expertImbalance(1, 256, 10), 1);
  });

  it('grows with EP at the same tokens per expert', () => {
    const at = (ep: number) => expertImbalance(ep, 256, 8);
    assert.ok(at(8) < at(32) && at(32) < at(256), `${at(8)} < ${at(32)} < ${at(256)}`);
  });

  it('falls with tokens per expert towards the routing skew alone', () => {
    const at = (mu: number) => expertImbalance(32, 256, mu);
    assert.ok(at(1) > at(16) && at(16) > at(1024));
    assert.ok(Math.abs(at(1e9) - EXPERT_IMBALANCE) < 1e-3);
  });

  it('never exceeds ep (the busiest rank holds at most every token)', () => {
    assert.ok(expertImbalance(4, 256, 1e-6) <= 4);
  });
});

describe('attention-DP serving waits for the busiest rank', () => {
  const span = { start: 0, end: 0 };
  const serve = (p: Parameters<typeof parallel>[0]) =>
    workload({
      model: DeepSeekV3,
      system: hgxCluster(1),
      devices: 8,
      parallel: parallel(p, 8),
      phase: 'serving',
      batch: { mode: 'per-device', value: 64, span },
      input: 1000,
      output: 1000,
      engine: {},
    });

  it('the busiest of 8 synchronised ranks prefills more than the mean, within its token budget', () => {
    const w = serve({ ep: 8, dp: 8 });
    const s = setupWorkload(w);
    const mean = 64 * s.outputPerStep * (1000 / 1000);
    const busiest = busiestRankPrefill(w, s, mean, 64);
    assert.ok(busiest > mean, `${busiest} > ${mean}`);
    assert.ok(busiest <= 8192 - 64);
  });

  it('is the mean when attention is tensor-parallel over the whole EP group (one scheduler)', () => {
    const w = serve({ tp: 8, ep: 8, dp: 1 });
    const s = setupWorkload(w);
    assert.equal(busiestRankPrefill(w, s, 64, 64), 64);
  });

  /** 64 sequences per device, each rank prefilling the mean 64 prompt tokens. */
  const meanLoad = {
    decodeSeqs: 64,
    tokensPerSeq: 1,
    decodeContext: 1500,
    prefillTokens: 64,
    prefillContext: 500,
    logitsTokens: 64,
  };

  it('the step is slower than the same step with every rank at the mean', () => {
    const w = serve({ ep: 8, dp: 8 });
    const s = setupWorkload(w);
    const p = operatingPoint(w, s, 64);
    const flat = stepCost(s.step, meanLoad);
    assert.ok(p.stepTime > flat.stepTime, `${p.stepTime} > ${flat.stepTime}`);
  });

  it("pads every rank's MoE tokens to the busiest rank's: experts and dispatch/combine carry the padded count", () => {
    const w = serve({ ep: 8, dp: 8 });
    const s = setupWorkload(w);
    const load = meanLoad;
    const flat = stepCost(s.step, load);
    const busy = stepCost(s.step, { ...load, busiestPrefillTokens: 1000 });
    assert.equal(paddedTokens({ ...load, busiestPrefillTokens: 1000 }), 64 + 1000);
    assert.equal(paddedTokens(load), 128, 'equal ranks: no padding');
    // Padded tokens: 1,064 per rank instead of 128, 8.3x the mean.
    const ratio = busy.ops.collectives.bytes / flat.ops.collectives.bytes;
    assert.ok(Math.abs(ratio - 1064 / 128) < 0.01, `dispatch and combine bytes x${ratio}`);
    assert.ok(busy.ops.experts.flops > 5 * flat.ops.experts.flops, 'routed experts run the padded tokens');
    assert.ok(
      s.notes.some((n) => n.includes('pads every rank')),
      s.notes.join('; '),
    );
  });
});
