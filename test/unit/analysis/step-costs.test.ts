// Shared search work gives what the plain functions give: stepCosts is stepCost, layoutSetups is setupWorkload.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accumulate } from '../../../server/src/analysis/collectives';
import { enumerateLayouts, withLayout } from '../../../server/src/analysis/search';
import { LayoutDegrees, layoutSetups, setupWorkload } from '../../../server/src/analysis/setup';
import { StepCost, StepLoad, stepCost, stepCosts } from '../../../server/src/analysis/step';
import { WorkloadSpec } from '../../../server/src/semantics/types';
import { DeepSeekV3, hgxCluster, Llama70B, parallel, workload } from './fixtures';

/** Everything a step says: its figures and its breakdown (built when first read). */
const whole = (c: StepCost) => ({ ...c, ops: c.ops, byLayerKind: c.byLayerKind, levels: c.levels });

const decode = (seqs: number): StepLoad => ({
  decodeSeqs: seqs,
  tokensPerSeq: 2,
  decodeContext: 2000,
  prefillTokens: 0,
  prefillContext: 0,
  logitsTokens: seqs * 2,
});

describe('stepCosts', () => {
  // Two-batch overlap and one MTP draft: every step costs two micro-batches and each a draft pass.
  const moe = setupWorkload(
    workload({
      model: DeepSeekV3,
      system: hgxCluster(2),
      devices: 16,
      parallel: parallel({ tp: 8, ep: 16 }, 16),
      overlap: true,
      speculative: { mtp: 1, accept: 0.7 },
    }),
  ).step;

  it("is stepCost, figures and breakdown, batches sharing micro-batches (batch 2 split is batch 1's)", () => {
    const cost = stepCosts(moe);
    for (const seqs of [1, 2, 4, 2, 1, 3, 6, 3])
      assert.deepEqual(whole(cost(decode(seqs))), whole(stepCost(moe, decode(seqs))), `${seqs} sequences`);
  });

  it('gives loads that differ only outside its lookup key their own costs, never the first one', () => {
    const cost = stepCosts(moe);
    const base: StepLoad = { ...decode(8), prefillTokens: 64, prefillContext: 1000 };
    const others: StepLoad[] = [
      { ...base, decodeContext: 4000 },
      { ...base, tokensPerSeq: 1, logitsTokens: 8 },
      { ...base, logitsTokens: 1 },
      { ...base, prefillContext: 3000 },
      { ...base, busiestPrefillTokens: 640 },
      // The same sum of decode sequences and prompt tokens (the lookup key), split otherwise.
      { ...base, decodeSeqs: 64, prefillTokens: 8, logitsTokens: 128 },
    ];
    const first = whole(cost(base));
    for (const load of others) {
      const c = cost(load);
      assert.notDeepEqual(whole(c), first, JSON.stringify(load));
      assert.deepEqual(whole(c), whole(stepCost(moe, load)), JSON.stringify(load));
    }
    assert.deepEqual(whole(cost(base)), whole(stepCost(moe, base)));
  });

  it("leaves later steps as they were when a reader changes a step's breakdown (training adds its all-reduce)", () => {
    const cost = stepCosts(moe);
    const changed = cost(decode(4));
    const [index, [c]] = [...changed.levels][0];
    accumulate(changed.levels, [{ ...c, kind: 'dp-allreduce', levelIndex: index }], 1);
    changed.levels.get(index)![0].time *= 10;
    changed.ops.attention.time = 0;
    // Batch 4 runs its own micro-batch again, batch 8 split in two runs the same one.
    assert.deepEqual(whole(cost(decode(4))), whole(stepCost(moe, decode(4))));
    assert.deepEqual(whole(cost(decode(8))), whole(stepCost(moe, decode(8))));
  });
});

describe('layoutSetups', () => {
  const cases: [string, WorkloadSpec][] = [
    [
      'MoE serving, attention DP',
      workload({
        model: DeepSeekV3,
        system: hgxCluster(4),
        devices: 32,
        phase: 'serving',
        parallel: parallel({ tp: 8, ep: 32 }, 32),
      }),
    ],
    [
      'dense training on one node',
      workload({ model: Llama70B, system: hgxCluster(1), devices: 8, phase: 'training', input: 4096 }),
    ],
    [
      'dense decode with a weight precision the GPU lacks',
      workload({
        model: Llama70B,
        system: hgxCluster(2),
        devices: 16,
        precision: { weights: 'fp4', activations: 'fp4', kv: 'bf16' },
      }),
    ],
  ];
  // Degrees no search enumerates: notes and reasons of the layout among the workload's own.
  const odd: LayoutDegrees[] = [
    { tp: 8, pp: 1, ep: 4, dp: 4, adp: 12 },
    { tp: 64, pp: 4, ep: 1, dp: 1, adp: 1 },
    { tp: 3, pp: 1, ep: 1000, dp: 2, adp: 1 },
  ];

  for (const [name, w] of cases)
    it(`is setupWorkload at every layout: ${name}`, () => {
      const at = layoutSetups(w);
      const { layouts } = enumerateLayouts(w);
      assert.ok(layouts.length > 4);
      for (const d of [...layouts, ...odd]) assert.deepEqual(at(d), setupWorkload(withLayout(w, d)), JSON.stringify(d));
    });

  it('gives each setup its own notes and reasons (an estimate adds to them)', () => {
    const at = layoutSetups(cases[2][1]);
    const a = at(odd[0]);
    a.notes.push('added');
    a.reasons.push('added');
    const b = at(odd[0]);
    assert.ok(!b.notes.includes('added') && !b.reasons.includes('added'));
  });
});
