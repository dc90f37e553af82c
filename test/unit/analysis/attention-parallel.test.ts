// Attention data parallelism (adp) versus tensor-parallel attention with expert parallelism: weights, KV and collectives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { breakdownMarkdown, parallelDegreeHover } from '../../../server/src/analysis/report';
import { WorkloadEstimate } from '../../../server/src/analysis/types';
import { DeepSeekV3, hgxCluster, Llama70B, parallel, workload } from './fixtures';

const kinds = (e: WorkloadEstimate) => new Set(e.levels.flatMap((l) => l.collectives.map((c) => c.kind)));
const onLevel = (e: WorkloadEstimate, i: number) => new Set((e.levels[i]?.collectives ?? []).map((c) => c.kind));

function decode(devices: number, p: Parameters<typeof parallel>[0], model = DeepSeekV3) {
  return estimateWorkload(
    workload({
      model,
      system: hgxCluster(devices / 8),
      devices,
      parallel: parallel(p, devices),
      batch: { mode: 'per-device', value: 32, span: { start: 0, end: 0 } },
      context: 2000,
    }),
  );
}

describe('attention data parallel versus tensor-parallel attention', () => {
  const tpAttention = decode(8, { tp: 8, ep: 8, dp: 1, adp: 1 });
  const dpAttention = decode(8, { tp: 8, ep: 8, dp: 1, adp: 8 });

  it('adp replicates the attention weights on every rank; tp splits them', () => {
    assert.ok(tpAttention.valid && dpAttention.valid);
    assert.ok(dpAttention.memory.weights > tpAttention.memory.weights, 'non-expert weights are replicated under adp');
    // Routed experts are sharded by ep in both: the difference is the non-expert part only, split 8 ways under TP.
    const nonExpertTp = dpAttention.memory.weights - tpAttention.memory.weights;
    assert.ok(nonExpertTp > 0 && nonExpertTp < dpAttention.memory.weights);
  });

  it("adp keeps the KV cache of a rank's own sequences; TP attention replicates MLA's latent across the group", () => {
    assert.ok(Math.abs(tpAttention.memory.kvCache / dpAttention.memory.kvCache - 8) < 1e-9);
  });

  it('adp has no all-reduce and moves tokens by all-to-all; TP attention with EP inside its group all-reduces instead', () => {
    assert.deepEqual([...kinds(dpAttention)].sort(), ['ep-combine', 'ep-dispatch']);
    assert.deepEqual([...kinds(tpAttention)], ['tp-allreduce']);
    assert.notEqual(tpAttention.stepTime, dpAttention.stepTime);
  });

  it('the breakdown says which is modelled', () => {
    assert.match(tpAttention.parallelism, /attention tensor-parallel over 8 ranks/);
    assert.match(tpAttention.parallelism, /no all-to-all/);
    assert.match(tpAttention.parallelism, /MLA's latent\) replicated/);
    assert.match(dpAttention.parallelism, /attention data-parallel \(adp inside tp 8\)/);
    assert.match(dpAttention.parallelism, /all-to-all dispatch and combine/);
    assert.match(breakdownMarkdown(dpAttention), /Parallelism: attention data-parallel/);
  });

  it('adp 8 inside tp 8 is the same deployment as tp 1 with dp 8', () => {
    const flat = decode(8, { tp: 1, ep: 8, dp: 8, adp: 8 });
    assert.equal(flat.stepTime, dpAttention.stepTime);
    assert.deepEqual(flat.memory, dpAttention.memory);
  });

  it('expert parallelism beyond the tensor-parallel group sends tokens only over the levels outside it', () => {
    const e = decode(16, { tp: 8, ep: 16, dp: 2, adp: 2 });
    assert.ok(e.valid);
    assert.deepEqual([...onLevel(e, 0)], ['tp-allreduce'], 'NVLink: the group already holds its tokens');
    assert.ok(onLevel(e, 1).has('ep-dispatch') && onLevel(e, 1).has('ep-combine'), 'InfiniBand carries the dispatch');
    assert.match(e.parallelism, /beyond the tensor-parallel group of 8/);
  });

  it('a dense model under adp runs data-parallel: no collectives, all weights on every rank', () => {
    const tp = decode(8, { tp: 8, dp: 1, adp: 1 }, Llama70B);
    const dp = decode(8, { tp: 8, dp: 1, adp: 8 }, Llama70B);
    assert.ok(kinds(tp).has('tp-allreduce'));
    assert.equal(kinds(dp).size, 0);
    assert.ok(Math.abs(dp.memory.weights / tp.memory.weights - 8) < 1e-9);
    assert.match(dp.parallelism, /^data-parallel \(adp inside tp 8\): each rank holds all weights/);
    assert.match(tp.parallelism, /KV cache split by KV head/);
  });

  it('an adp that does not split tp evenly is ignored with a note', () => {
    const e = decode(8, { tp: 8, ep: 8, dp: 1, adp: 3 });
    assert.ok(e.notes.some((n) => /adp 3 is not dp 1 times a divisor of tp 8/.test(n)));
    assert.equal(e.stepTime, tpAttention.stepTime);
  });

  it('the adp hover spans the ranks of all attention replicas, not adp x tp', () => {
    const w = workload({
      model: DeepSeekV3,
      system: hgxCluster(2),
      devices: 16,
      parallel: parallel({ tp: 8, ep: 16, dp: 2, adp: 16 }, 16),
    });
    const hover = parallelDegreeHover(w, 'adp');
    // 16 replicas of one rank: both servers (NVLink inside, InfiniBand between), not a group of 128 ranks.
    assert.match(hover, /^\*\*adp 16\*\*: spans/);
    assert.equal(hover.split('\n').filter((l) => l.startsWith('- ')).length, 2, hover);
    assert.match(hover, /2 groups of 8/);
  });
});
