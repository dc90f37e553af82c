// Host memory tier: `host_memory C at B` on an accelerator, `offload kv P% experts P%` on a workload.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { searchBatch } from '../../../server/src/analysis/batch';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { largestBatchInMemory } from '../../../server/src/analysis/memory';
import { decodeContext } from '../../../server/src/analysis/phases';
import { breakdownMarkdown } from '../../../server/src/analysis/report';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { AcceleratorSpec, WorkloadSpec } from '../../../server/src/semantics/types';
import { describeAccelerator } from '../../../server/src/features/describe';
import { analyseText } from '../../helpers/workspace';
import { accelerator, DeepSeekV3, devices, fabric, link, Llama70B, parallel, system, workload } from './fixtures';

// GB200 per GPU (/work/shared/reference/hardware.md) and its share of Grace's LPDDR5X over NVLink-C2C
// (catalog/catalog.topo: 240 GB at 225 GB/s, an assumption stated there).
const GB200: AcceleratorSpec = {
  ...accelerator('GB200', { bf16: 2500e12, fp8: 5000e12, fp4: 10000e12 }, 186e9, 8e12),
  host: { memoryBytes: 240e9, bandwidth: 225e9 },
};
const NVLink5 = link('NVLink5', 'nvlink', 900e9, 1e-6);
const span = { start: 0, end: 0 };

function llama(over: Partial<WorkloadSpec>, acc = GB200): WorkloadSpec {
  return workload({
    model: Llama70B,
    system: system('One', [devices('gpu', acc, 1)], fabric(NVLink5)),
    devices: 1,
    precision: { weights: 'bf16', activations: 'bf16', kv: 'bf16' },
    parallel: parallel({}, 1),
    context: 8192,
    ...over,
  });
}

describe('host memory tier', () => {
  it('reads `host memory` on an accelerator and `offload` on a workload', () => {
    const a = analyseText(
      'accelerator G { compute bf16 2500 TFLOPS  memory 186 GB at 8 TB/s  host_memory 240 GB at 225 GB/s  arch blackwell }\n' +
        'system C { server x 1 { gpu G x 4  fabric NVLink5 } }\n' +
        'workload W { model DeepSeekV3  on C  phase decode  context 2048  offload kv 50% experts 100% weights 10% }',
    );
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    assert.deepEqual(a.specs.accelerator.get('G')!.host, { memoryBytes: 240e9, bandwidth: 225e9 });
    assert.deepEqual(a.specs.workload.get('W')!.offload, { kv: 0.5, experts: 1, weights: 0.1 });
    const bad = analyseText('workload W { model DeepSeekV3  on GB200_NVL72  phase decode  offload kv 150% }');
    assert.ok(bad.diagnostics.some((d) => d.code === 'TOPO303' && /cannot exceed 100%/.test(d.message)));
  });

  it('the catalog GB200 declares its share of Grace memory', () => {
    const a = analyseText('system C { server x 1 { gpu GB200 x 4  fabric NVLink5 } }');
    const host = a.specs.system.get('C')!.root.children[0].children[0].accelerator!.host;
    assert.deepEqual(host, { memoryBytes: 240e9, bandwidth: 225e9 });
    assert.match(
      describeAccelerator(a.specs.system.get('C')!.root.children[0].children[0].accelerator!),
      /Host memory: 240 GB at 225 GB\/s/,
    );
  });

  it('offloading half the KV cache lets a batch fit that did not', () => {
    // bf16 weights 141 GB of 186 GB, 10% reserved: 26 GB left; 12 sequences of 8,192 tokens hold 32 GB of KV.
    const batch = { mode: 'per-device' as const, value: 12, span };
    const before = estimateWorkload(llama({ batch }));
    const after = estimateWorkload(llama({ batch, offload: { kv: 0.5 } }));
    assert.equal(before.memory.fits, false);
    assert.equal(before.bound.kind, 'memory-capacity');
    assert.equal(after.memory.fits, true, JSON.stringify(after.memory));
    assert.ok(Math.abs(after.memory.host!.kvCache - before.memory.kvCache / 2) < 1);
    assert.ok(Math.abs(after.memory.kvCache - before.memory.kvCache / 2) < 1);
    const searched = (o: WorkloadSpec['offload']) =>
      estimateWorkload(llama({ batch: { mode: 'max', span }, offload: o })).batchSearch!.memoryLimit;
    assert.ok(searched({ kv: 0.5 }) > searched({}) * 1.5, `${searched({ kv: 0.5 })} vs ${searched({})}`);
  });

  it('offloaded bytes show in the breakdown and cost step time at the host bandwidth', () => {
    const batch = { mode: 'per-device' as const, value: 16, span };
    const base = estimateWorkload(llama({ batch }));
    const off = estimateWorkload(llama({ batch, offload: { kv: 0.5 } }));
    const kvRead = base.memory.kvCache; // one step reads every sequence's KV once
    const op = off.operators.find((o) => o.class === 'host-memory')!;
    assert.ok(Math.abs(op.bytes / (kvRead / 2) - 1) < 0.01, `${op.bytes} vs ${kvRead / 2}`);
    const efficiency = setupWorkload(llama({ batch })).step.memoryEfficiency;
    assert.ok(Math.abs(off.hostMemoryTime - op.bytes / (225e9 * efficiency)) < 1e-9);
    assert.ok(off.stepTime > base.stepTime + off.hostMemoryTime * 0.9, `${off.stepTime} vs ${base.stepTime}`);
    const md = breakdownMarkdown(off);
    assert.match(md, /\| host-memory reads \(offload\)/);
    assert.match(md, /\| host memory \(offload\) \| bytes \|/);
    assert.doesNotMatch(breakdownMarkdown(base), /host memory/);
  });

  it('offloaded experts leave HBM, are read over the link, and must fit host memory', () => {
    const r1 = (offload: WorkloadSpec['offload'], acc = GB200) =>
      workload({
        model: DeepSeekV3,
        system: system('NVL8', [devices('gpu', acc, 8)], fabric(NVLink5)),
        devices: 8,
        parallel: parallel({ ep: 8, dp: 8 }, 8),
        batch: { mode: 'per-device', value: 8, span },
        offload,
      });
    const base = estimateWorkload(r1({})),
      off = estimateWorkload(r1({ experts: 0.5 }));
    assert.ok(off.memory.weights < base.memory.weights);
    assert.ok(Math.abs(off.memory.host!.weights + off.memory.weights - base.memory.weights) < 1e3);
    assert.ok(off.hostMemoryTime > 0 && off.stepTime > base.stepTime);
    const small = { ...GB200, host: { memoryBytes: 40e9, bandwidth: 225e9 } };
    const all = estimateWorkload(r1({ weights: 1 }, small));
    assert.equal(all.memory.host!.fits, false, 'the 8-way share of 671B at fp8 is over 40 GB');
    assert.equal(all.memory.fits, false);
  });

  it('batch search agrees with largestBatchInMemory under offload', () => {
    for (const offload of [{ kv: 0.5 }, { kv: 1 }, { weights: 0.5, kv: 0.25 }]) {
      const w = llama({ batch: { mode: 'max', span }, offload });
      const s = setupWorkload(w);
      assert.equal(
        largestBatchInMemory(s.memory, decodeContext(w), s.verify),
        searchBatch(w, s).search.memoryLimit,
        JSON.stringify(offload),
      );
    }
  });

  it('offload on an accelerator without host memory gives no estimate, with the reason', () => {
    const plain = accelerator('NoHost', { bf16: 989e12 }, 80e9, 3.35e12);
    const e = estimateWorkload(llama({ offload: { kv: 0.5 } }, plain));
    assert.equal(e.valid, false);
    assert.match(e.reasons[0], /offload needs host memory, and NoHost declares none/);
  });
});
