// The batch searches cost memory only: memoryAt is the operating point's memory, phase by phase.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchCapacity, searchBatch } from '../../../server/src/analysis/batch';
import { memoryAt, operatingPoint, pointsOf } from '../../../server/src/analysis/phases';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { WorkloadSpec } from '../../../server/src/semantics/types';
import { DeepSeekV3, hgxCluster, Llama70B, parallel, workload } from './fixtures';

const phases: WorkloadSpec['phase'][] = ['decode', 'prefill', 'serving', 'training'];

describe('memoryAt', () => {
  for (const phase of phases)
    for (const model of [Llama70B, DeepSeekV3])
      it(`is the operating point's memory: ${phase}, ${model.name}`, () => {
        const w = workload({ model, system: hgxCluster(2), devices: 16, parallel: parallel({ tp: 8 }, 16), phase });
        const s = setupWorkload(w);
        for (const batch of [0, 1, 7, 64, 1000])
          assert.deepEqual(memoryAt(w, s, batch), operatingPoint(w, s, batch).memory);
      });

  it('bounds the batch search: the largest batch that fits, and the next that does not', () => {
    const w = workload({ model: Llama70B, system: hgxCluster(1), devices: 8, parallel: parallel({ tp: 8 }, 8) });
    const s = setupWorkload(w);
    const { memoryLimit } = batchCapacity(w, s);
    assert.ok(memoryLimit > 1);
    assert.equal(operatingPoint(w, s, memoryLimit).memory.fits, true);
    assert.equal(operatingPoint(w, s, memoryLimit + 1).memory.fits, false);
  });
});

describe('pointsOf', () => {
  const w = workload({
    model: DeepSeekV3,
    system: hgxCluster(2),
    devices: 16,
    parallel: parallel({ tp: 8, ep: 16 }, 16),
    slo: { tpot: 0.05, percentiles: { tpot: 0.9 } },
  });
  const s = setupWorkload(w);

  it('is the operating point, each batch computed once', () => {
    const at = pointsOf(w, s);
    for (const batch of [1, 7, 64]) {
      assert.deepEqual(at(batch), operatingPoint(w, s, batch));
      assert.equal(at(batch), at(batch));
    }
  });

  it('the batch search asks for batches more than once; with the memo its answer is the same as without', () => {
    const asked = new Map<number, number>();
    const plain = (b: number) => {
      asked.set(b, (asked.get(b) ?? 0) + 1);
      return operatingPoint(w, s, b);
    };
    const unshared = searchBatch(w, s, plain);
    assert.ok(unshared.search.sloLimit > 1, 'the SLO limits the batch');
    assert.ok(
      [...asked.values()].some((n) => n > 1),
      'some batch is asked for twice',
    );
    assert.deepEqual(searchBatch(w, s), unshared);
  });
});
