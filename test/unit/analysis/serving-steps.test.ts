// Serving steps carry whole prompts (or budget-sized chunks), not the mean prompt tokens spread over every step.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { operatingPoint, servingPrefillPerSeq, servingSteps } from '../../../server/src/analysis/phases';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { blendSteps, stepCost } from '../../../server/src/analysis/step';
import { hgxCluster, Llama70B, parallel, workload } from './fixtures';

const span = { start: 0, end: 0 };
const serve = (batch: number, maxTokens?: number) =>
  workload({
    model: Llama70B,
    system: hgxCluster(1),
    devices: 2,
    parallel: parallel({ tp: 2 }, 2),
    phase: 'serving',
    batch: { mode: 'per-device', value: batch, span },
    input: 5000,
    output: 500,
    engine: maxTokens ? { maxTokens } : {},
  });

describe('serving steps', () => {
  // 4 sequences per device, one token each per step; a prompt's share per device is 5000 / 2 = 2500 tokens, and
  // 4 / 500 sequences finish per step, so 40 prompt tokens arrive per step on average.
  const load = (prefillTokens: number) => ({
    decodeSeqs: 4,
    tokensPerSeq: 1,
    decodeContext: 5250,
    prefillTokens,
    prefillContext: 2500,
    logitsTokens: 4,
  });

  it('cost more than the mean prompt tokens spread over a memory-bound decode step', () => {
    const w = serve(4);
    const s = setupWorkload(w);
    assert.equal(4 * s.outputPerStep * servingPrefillPerSeq(w), 40);
    const spread = stepCost(s.step, load(40));
    const { step } = servingSteps(w, s, 4);
    // Spread, 40 prompt tokens ride on the decode step's weight reads; whole, the prompt's compute is paid.
    assert.ok(step.stepTime > spread.stepTime * 1.05, `${step.stepTime} > ${spread.stepTime}`);
    assert.equal(operatingPoint(w, s, 4).stepTime, step.stepTime);
  });

  it('are the mean of the steps that carry a prompt and those that only decode, in their shares', () => {
    const w = serve(4);
    const s = setupWorkload(w);
    const share = 40 / 2500;
    const expected = share * stepCost(s.step, load(2500)).stepTime + (1 - share) * stepCost(s.step, load(0)).stepTime;
    const { step } = servingSteps(w, s, 4);
    assert.ok(Math.abs(step.stepTime - expected) < 1e-12 * expected, `${step.stepTime} = ${expected}`);
  });

  it('wait for the first token over every chunk of the prompt: one step within the budget, more under a small one', () => {
    const w = serve(4);
    const s = setupWorkload(w);
    // 5000 tokens fit the default 8192-token iteration: the first token comes after the one step carrying them.
    assert.equal(servingSteps(w, s, 4).ttft, stepCost(s.step, load(2500)).stepTime);
    // 2048 tokens per iteration: 1024 per device less 4 decode tokens, so ceil(2500 / 1020) = 3 chunks of 1020.
    const small = serve(4, 2048);
    const ss = setupWorkload(small);
    assert.equal(servingSteps(small, ss, 4).ttft, 3 * stepCost(ss.step, load(1020)).stepTime);
  });
});

describe('blending two steps', () => {
  it('weights every time and merges collectives per level and kind', () => {
    const w = serve(8);
    const s = setupWorkload(w);
    const load = { decodeSeqs: 8, tokensPerSeq: 1, decodeContext: 5250, prefillContext: 2500, logitsTokens: 8 };
    const a = stepCost(s.step, { ...load, prefillTokens: 2000 });
    const b = stepCost(s.step, { ...load, prefillTokens: 0 });
    const m = blendSteps(a, 0.25, b, 0.75);
    assert.ok(Math.abs(m.stepTime - (0.25 * a.stepTime + 0.75 * b.stepTime)) < 1e-15);
    assert.ok(Math.abs(m.ops.attention.flops - (0.25 * a.ops.attention.flops + 0.75 * b.ops.attention.flops)) < 1);
    const total = (x: typeof a) => [...x.levels.values()].flat().reduce((n, c) => n + c.time, 0);
    assert.ok(Math.abs(total(m) - (0.25 * total(a) + 0.75 * total(b))) < 1e-15);
    for (const list of m.levels.values()) assert.equal(new Set(list.map((c) => c.kind)).size, list.length);
  });
});
