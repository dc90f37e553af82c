// The batch searches cost memory only: memoryAt is the operating point's memory, phase by phase.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchCapacity } from '../../../server/src/analysis/batch';
import { memoryAt, operatingPoint } from '../../../server/src/analysis/phases';
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
