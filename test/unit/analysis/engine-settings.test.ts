// Engine settings: KV-cache memory fraction, and max batch / max tokens per engine instance under tp, pp and adp.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engineLimit, searchBatch } from '../../../server/src/analysis/batch';
import { DEFAULT_MEMORY_RESERVE } from '../../../server/src/analysis/efficiency';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { largestBatchInMemory } from '../../../server/src/analysis/memory';
import { decodeContext } from '../../../server/src/analysis/phases';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { WorkloadSpec } from '../../../server/src/semantics/types';
import { analyseText } from '../../helpers/workspace';
import { hgxCluster, Llama70B, parallel, workload } from './fixtures';

const span = { start: 0, end: 0 };
function decode(p: Parameters<typeof parallel>[0], engine: WorkloadSpec['engine'], devices = 8): WorkloadSpec {
  return workload({
    model: Llama70B,
    system: hgxCluster(devices / 8),
    devices,
    parallel: parallel(p, devices),
    batch: { mode: 'max', span },
    context: 2000,
    engine,
  });
}

describe('engine kv_fraction', () => {
  it('is read from the file', () => {
    const a = analyseText(
      'system C { server x 1 { gpu H100 x 8  fabric NVLink4 } }\nworkload W { model Llama3_70B  on C  phase decode  context 2048  engine max_batch 64 kv_fraction 80% }',
    );
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(a.specs.workload.get('W')!.engine, { maxBatch: 64, maxTokens: undefined, kvFraction: 0.8 });
  });

  it('gives the KV cache that share of what weights and activations leave; the rest is the reserve', () => {
    const w = decode({ tp: 8, dp: 1 }, { kvFraction: 0.8 });
    const e = estimateWorkload(w);
    const m = e.memory;
    const left = m.capacity - m.weights - m.activations;
    assert.ok(Math.abs(m.reserve - 0.2 * left) < 1, 'reserve = (1 - kv_fraction) x (capacity - weights - activations)');
    assert.ok(m.kvCache <= 0.8 * left + 1 && m.fits);
    assert.equal(e.batchSearch?.stoppedBy, 'memory');
  });

  it('a larger fraction fits a larger batch, and the batch search agrees with largestBatchInMemory', () => {
    const low = decode({ tp: 8, dp: 1 }, { kvFraction: 0.5 }),
      high = decode({ tp: 8, dp: 1 }, { kvFraction: 0.95 });
    const a = searchBatch(low, setupWorkload(low)).search.memoryLimit,
      b = searchBatch(high, setupWorkload(high)).search.memoryLimit;
    assert.ok(b > a);
    for (const w of [low, high, decode({ tp: 8, dp: 1 }, {})]) {
      const s = setupWorkload(w);
      assert.equal(largestBatchInMemory(s.memory, decodeContext(w), s.verify), searchBatch(w, s).search.memoryLimit);
    }
  });

  it('without it, DEFAULT_MEMORY_RESERVE of HBM is kept free', () => {
    const e = estimateWorkload(decode({ tp: 8, dp: 1 }, {}));
    assert.ok(Math.abs(e.memory.reserve - DEFAULT_MEMORY_RESERVE * e.memory.capacity) < 1);
  });
});

describe('max batch and max tokens per engine instance', () => {
  const limit = (p: Parameters<typeof parallel>[0], engine: WorkloadSpec['engine'], devices = 8) => {
    const w = decode(p, engine, devices);
    return engineLimit(w, setupWorkload(w));
  };

  it('max_batch is shared by the tensor-parallel group: per device, max_batch / tp', () => {
    assert.equal(limit({ tp: 1, dp: 8 }, { maxBatch: 64 }), 64);
    assert.equal(limit({ tp: 2, dp: 4 }, { maxBatch: 64 }), 32);
    assert.equal(limit({ tp: 8, dp: 1 }, { maxBatch: 64 }), 8);
  });

  it('under pp each of the pp micro-batches in flight is scheduled up to the limits: pp does not divide them', () => {
    // Per device: the instance holds B x tp x pp sequences in pp micro-batches of B x tp each (TensorRT-LLM
    // MicroBatchScheduler, vLLM's per-virtual-engine schedulers); a micro-batch of max_batch is B = max_batch / tp.
    assert.equal(limit({ tp: 2, pp: 2, dp: 2 }, { maxBatch: 64 }), 32);
    assert.equal(limit({ tp: 2, pp: 4, dp: 1 }, { maxBatch: 64 }), 32);
    assert.equal(limit({ tp: 1, pp: 2, dp: 4 }, { maxTokens: 1000 }), Math.floor(1000 / 1));
    assert.equal(limit({ tp: 4, pp: 2, dp: 1 }, { maxTokens: 1000 }), Math.floor(1000 / 4));
  });

  it('attention data parallelism inside the group does not change the instance: its ranks share the limits', () => {
    assert.equal(limit({ tp: 8, dp: 1, adp: 8 }, { maxBatch: 64 }), limit({ tp: 8, dp: 1, adp: 1 }, { maxBatch: 64 }));
  });

  it('batch max stops at the engine when memory allows more', () => {
    const w = decode({ tp: 8, dp: 1 }, { maxBatch: 16 });
    const e = estimateWorkload(w);
    assert.equal(e.batchSearch?.stoppedBy, 'engine', JSON.stringify({ s: e.batchSearch, m: e.memory }));
    assert.equal(e.batchPerDevice, 2);
  });
});
