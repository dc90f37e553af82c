// Tests of estimateWorkload: roofline bounds, batch search, MoE traffic, invalid inputs, speed at scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { DEFAULT_MEMORY_EFFICIENCY } from '../../../server/src/analysis/efficiency';
import { modelShape } from '../../../server/src/analysis/model';
import {
  DeepSeekV3,
  H100,
  hgxCluster,
  Llama70B,
  link,
  parallel,
  system,
  level,
  devices,
  fabric,
  workload,
} from './fixtures';

const span = { start: 0, end: 0 };

test('model shapes: DeepSeek-V3 has about 671B parameters, 37B active; Llama 3 70B about 70.6B', () => {
  const ds = modelShape(DeepSeekV3);
  assert.ok(Math.abs(ds.totalParams / 671e9 - 1) < 0.02, `${ds.totalParams}`);
  assert.ok(Math.abs(ds.activeParamsPerToken / 37.5e9 - 1) < 0.05, `${ds.activeParamsPerToken}`);
  assert.equal(ds.kvElementsPerTokenLayer, 576);
  const ll = modelShape(Llama70B);
  assert.ok(Math.abs(ll.totalParams / 70.6e9 - 1) < 0.01, `${ll.totalParams}`);
  assert.equal(ll.kvElementsPerTokenLayer, 2 * 8 * 128);
});

test('a memory-bound step: Llama 70B decode at batch 1 reads its weights once', () => {
  const w = workload({
    model: Llama70B,
    system: hgxCluster(1),
    devices: 8,
    parallel: parallel({ tp: 8 }, 8),
    context: 1000,
  });
  const e = estimateWorkload(w);
  assert.equal(e.valid, true, e.reasons.join('; '));
  assert.equal(e.bound.kind === 'memory-bandwidth' || e.bound.kind === 'link', true);
  const weightsPerGpu = modelShape(Llama70B).totalParams / 8; // fp8: one byte
  const floor = weightsPerGpu / (3.35e12 * DEFAULT_MEMORY_EFFICIENCY);
  assert.ok(e.memoryTime >= floor * 0.95, `${e.memoryTime} < ${floor}`);
  assert.ok(e.computeTime < e.memoryTime / 10);
});

test('a compute-bound step: Llama 70B prefill of 8 x 4,096 tokens per GPU', () => {
  const w = workload({
    model: Llama70B,
    system: hgxCluster(1),
    devices: 8,
    phase: 'prefill',
    parallel: parallel({ tp: 8 }, 8),
    input: 4096,
    batch: { mode: 'per-device', value: 8, span },
  });
  const e = estimateWorkload(w);
  assert.equal(e.bound.kind, 'compute');
  // 2 x params x tokens per GPU (TP splits weights, each GPU sees all group tokens / 8 of the work).
  const flops = 2 * modelShape(Llama70B).totalParams * 8 * 4096;
  assert.ok(e.computeTime > flops / 1979e12, 'at least the peak-rate time');
  assert.ok(e.throughputKind === 'input' && e.throughputPerDevice > 0 && e.ttft! > 0);
});

test('batch max stops at memory when there is no SLO', () => {
  const w = workload({
    model: Llama70B,
    system: hgxCluster(1),
    devices: 8,
    parallel: parallel({ tp: 8 }, 8),
    context: 4000,
    batch: { mode: 'max', span },
  });
  const e = estimateWorkload(w);
  assert.equal(e.batchSearch?.stoppedBy, 'memory');
  assert.equal(e.memory.fits, true);
  const more = estimateWorkload({ ...w, batch: { mode: 'per-device', value: e.batchPerDevice + 1, span } });
  assert.equal(more.memory.fits, false);
});

test('batch max stops at the TPOT SLO', () => {
  const base = workload({
    model: Llama70B,
    system: hgxCluster(1),
    devices: 8,
    parallel: parallel({ tp: 8 }, 8),
    context: 4000,
    batch: { mode: 'max', span },
  });
  const free = estimateWorkload(base);
  const slo = free.tpot! * 0.7;
  const e = estimateWorkload({ ...base, slo: { tpot: slo } });
  assert.equal(e.batchSearch?.stoppedBy, 'slo');
  assert.ok(e.tpot! <= slo);
  const more = estimateWorkload({
    ...base,
    slo: { tpot: slo },
    batch: { mode: 'per-device', value: e.batchPerDevice + 1, span },
  });
  assert.ok(more.tpot! > slo);
});

test('MoE decode with EP across InfiniBand is bound by the InfiniBand level', () => {
  const w = workload({
    model: DeepSeekV3,
    system: hgxCluster(12),
    devices: 72,
    parallel: parallel({ ep: 72 }, 72),
    batch: { mode: 'per-device', value: 256, span },
    context: 2000,
  });
  const e = estimateWorkload(w);
  assert.equal(e.bound.kind, 'link');
  assert.equal(e.levels.length, 2);
  assert.ok(e.levels[1].bytesPerStep > e.levels[0].bytesPerStep, 'most destinations are off-node');
  assert.ok(e.layerKinds.some((k) => k.kind === 'moe') && e.layerKinds.some((k) => k.kind === 'dense'));
});

test('two-batch overlap hides communication behind compute', () => {
  const w = workload({
    model: DeepSeekV3,
    system: hgxCluster(12),
    devices: 72,
    parallel: parallel({ ep: 72 }, 72),
    batch: { mode: 'per-device', value: 256, span },
    context: 2000,
  });
  const off = estimateWorkload(w),
    on = estimateWorkload({ ...w, overlap: true });
  assert.ok(on.exposedCommTime < off.exposedCommTime);
});

test('speculative MTP raises tokens per step to 1 + accepted drafts', () => {
  const w = workload({
    model: DeepSeekV3,
    system: hgxCluster(12),
    devices: 72,
    parallel: parallel({ ep: 72 }, 72),
    batch: { mode: 'per-device', value: 64, span },
    speculative: { mtp: 1, accept: 0.7 },
  });
  const e = estimateWorkload(w);
  assert.ok(Math.abs(e.tokensPerStep - 1.7) < 1e-12);
  assert.ok(Math.abs(e.tpot! - e.stepTime / 1.7) < 1e-12);
});

test('invalid inputs give valid: false with reasons, never a throw or a NaN', () => {
  const zeroBw = system(
    'Broken',
    [level('node', 2, [devices('gpu', H100, 8)], fabric(link('NV', 'nvlink', 0, 1e-6)))],
    fabric(link('IB', 'infiniband', 0, 1e-6)),
  );
  const e1 = estimateWorkload(
    workload({ model: Llama70B, system: zeroBw, devices: 16, parallel: parallel({ tp: 16 }, 16) }),
  );
  assert.equal(e1.valid, false);
  const empty = system('Empty', [level('rack', 4, [])]);
  const e2 = estimateWorkload(workload({ model: Llama70B, system: empty, devices: 0 }));
  assert.equal(e2.valid, false);
  assert.ok(e2.reasons.length > 0);
  const noFp8 = { ...H100, compute: { bf16: 989e12 } };
  const e3 = estimateWorkload(
    workload({
      model: Llama70B,
      system: system('Bf16Only', [
        level('node', 1, [devices('gpu', noFp8, 8)], fabric(link('NV', 'nvlink', 450e9, 1e-6))),
      ]),
      devices: 8,
      parallel: parallel({ tp: 8 }, 8),
    }),
  );
  assert.equal(e3.valid, true);
  assert.ok(e3.notes.some((n) => n.includes('bf16')));
  const noCompute = { ...H100, compute: {} };
  const e4 = estimateWorkload(
    workload({
      model: Llama70B,
      system: system('None', [level('node', 1, [devices('gpu', noCompute, 8)])]),
      devices: 8,
    }),
  );
  assert.equal(e4.valid, false);
  for (const e of [e1, e2, e3, e4]) {
    JSON.stringify(e, (_k, v) => {
      if (typeof v === 'number') assert.ok(Number.isFinite(v) && (v >= 0 || v === -1), `bad ${v}`);
      return v;
    });
  }
});

test('an estimate on 100,000 devices is the same symbolic work as one on 96 (timing: npm run bench)', () => {
  const make = (nodes: number) =>
    workload({
      model: DeepSeekV3,
      system: hgxCluster(nodes),
      devices: nodes * 8,
      parallel: parallel({ ep: 64 }, nodes * 8),
      batch: { mode: 'max', span },
      slo: { tpot: 0.05 },
    });
  const small = estimateWorkload(make(12)),
    big = estimateWorkload(make(12500));
  assert.equal(big.devices, 100000);
  // Nothing in the result grows with the device count: the same levels, operators and collectives.
  assert.equal(big.levels.length, small.levels.length);
  assert.equal(big.operators.length, small.operators.length);
  assert.deepEqual(
    big.levels.map((l) => l.collectives.length),
    small.levels.map((l) => l.collectives.length),
  );
  assert.ok(JSON.stringify(big).length < JSON.stringify(small).length * 1.1);
});
