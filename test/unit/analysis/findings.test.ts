// Tests of findings and report formatting: bottleneck data for quick fixes, memory, SLO, batch max, lens titles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { workloadFindings } from '../../../server/src/analysis/findings';
import {
  breakdownMarkdown,
  estimateJson,
  lensTitle,
  parallelDegreeHover,
  systemLensTitle,
} from '../../../server/src/analysis/report';
import {
  DeepSeekV3,
  devices,
  fabric,
  H100,
  hgxCluster,
  IB400,
  level,
  Llama70B,
  NVLink4,
  parallel,
  system,
  workload,
} from './fixtures';

const span = { start: 0, end: 0 };

test('TOPO501 with TOPO504 merged: EP72 across InfiniBand is one finding, with a suggested degree inside the node', () => {
  const w = workload({
    model: DeepSeekV3,
    system: hgxCluster(12),
    devices: 72,
    parallel: parallel({ ep: 72 }, 72),
    batch: { mode: 'per-device', value: 256, span },
  });
  const e = estimateWorkload(w);
  const f = workloadFindings(w, e);
  const bottleneck = f.find((x) => x.code === 'TOPO501');
  assert.ok(bottleneck, JSON.stringify(f));
  assert.equal(bottleneck.data.linkName, 'IB400');
  assert.equal(bottleneck.data.degree, 'ep');
  // EP8 would stay inside the node, but 671B parameters in FP8 do not fit 8 x 80 GB: no degree is proposed.
  assert.equal(bottleneck.data.suggested, undefined);
  // The group spans the slow level that is the bottleneck: one diagnostic at the ep degree, not two.
  assert.equal(f.filter((x) => x.code === 'TOPO504').length, 0);
  assert.equal(f.filter((x) => x.span.start === bottleneck.span.start && x.span.end === bottleneck.span.end).length, 1);
  assert.equal(bottleneck.data.spannedLevel, bottleneck.data.levelName);
  assert.match(
    bottleneck.message,
    /^ep 72 spans \S+ \(IB400, 50 GB\/s per device\) beyond .*: IB400 at .* takes \d+% of the step/,
  );
});

test('TOPO501 proposes the largest EP inside the node when it fits (H200, 141 GB)', () => {
  const H200 = { ...H100, name: 'H200', memoryBytes: 141e9, memoryBandwidth: 4.8e12 };
  const sys = system('H200x16', [level('node', 2, [devices('gpu', H200, 8)], fabric(NVLink4))], fabric(IB400));
  const w = workload({
    model: DeepSeekV3,
    system: sys,
    devices: 16,
    parallel: parallel({ ep: 16 }, 16),
    batch: { mode: 'per-device', value: 128, span },
  });
  const f = workloadFindings(w, estimateWorkload(w));
  const b = f.find((x) => x.code === 'TOPO501');
  assert.ok(b, JSON.stringify(f.map((x) => x.message)));
  assert.equal(b.data.suggested, 8);
  assert.equal(
    f.find((x) => x.code === 'TOPO504'),
    undefined,
  );
});

test('TOPO502: a 70B model in BF16 on one GPU does not fit, FP8 or a smaller batch is proposed', () => {
  const w = workload({
    model: Llama70B,
    system: hgxCluster(1),
    devices: 1,
    precision: { weights: 'bf16', activations: 'bf16', kv: 'bf16' },
    batch: { mode: 'per-device', value: 8, span },
  });
  const e = estimateWorkload(w);
  assert.equal(e.bound.kind, 'memory-capacity');
  const f = workloadFindings(w, e).find((x) => x.code === 'TOPO502');
  assert.ok(f);
});

test("TOPO502: the batch it proposes fits, by each phase's memory (prefill holds batch x input tokens in flight)", () => {
  const H141 = { ...H100, name: 'H141', memoryBytes: 141e9 }; // an H200's capacity: 671B in INT8 over 8 leaves room
  const dies2 = { ...H141, name: 'TwoDie', dies: 2, memoryBytes: 282e9 };
  for (const [phase, acc] of [
    ['prefill', H141],
    ['serving', H141],
    ['decode', H141],
    ['prefill', dies2],
  ] as const) {
    const sys = system('S', [level('node', 1, [devices('gpu', acc, 8)], fabric(NVLink4))]);
    const ranks = 8 * acc.dies;
    const at = (batch: number) =>
      workload({
        model: DeepSeekV3,
        system: sys,
        devices: 8,
        phase,
        parallel: parallel({ ep: ranks }, ranks),
        input: 4096,
        context: 4096,
        output: 1000,
        precision: { weights: 'int8', activations: 'int8', kv: 'bf16' },
        batch: { mode: 'per-device', value: batch, span },
      });
    const w = at(4096);
    const f = workloadFindings(w, estimateWorkload(w)).find((x) => x.code === 'TOPO502');
    const batch = f?.data.batch as number;
    assert.ok(batch >= 1, `${phase}: ${JSON.stringify(f)}`);
    assert.equal(estimateWorkload(at(batch)).memory.fits, true, `${phase}: batch ${batch} per device does not fit`);
    assert.equal(
      estimateWorkload(at(batch + acc.dies)).memory.fits,
      false,
      `${phase}: batch ${batch} is not the largest`,
    );
  }
});

test('TOPO503: an SLO that even batch 1 misses; a met SLO with batch max is no finding (the lens shows the batch)', () => {
  const w = workload({
    model: Llama70B,
    system: hgxCluster(1),
    devices: 8,
    parallel: parallel({ tp: 8 }, 8),
    batch: { mode: 'max', span },
    slo: { tpot: 1e-4 },
  });
  const f = workloadFindings(w, estimateWorkload(w));
  assert.ok(f.some((x) => x.code === 'TOPO503' && x.severity === 'error'));
  const ok = { ...w, slo: { tpot: 0.05 } };
  const e = estimateWorkload(ok);
  assert.deepEqual(
    workloadFindings(ok, e).map((x) => x.code),
    [],
  );
  assert.ok(e.batchSearch && e.batchSearch.batch >= 1);
  assert.match(lensTitle(e), new RegExp(` · batch max ${e.batchSearch.batch} · `));
});

test('report: lens title, system lens, breakdown, hover and JSON', () => {
  const w = workload({
    model: DeepSeekV3,
    system: hgxCluster(12),
    devices: 72,
    parallel: parallel({ ep: 72 }, 72),
    batch: { mode: 'per-device', value: 256, span },
  });
  const e = estimateWorkload(w);
  // H100 here declares no arch: its regime has no validation points, and the lens says so.
  assert.match(
    lensTitle(e),
    /^≈[\d,]+ tok\/s per device \(not validated\) · [\dk.,M]+ tok\/s total · TPOT [\d.]+ ms · bound: IB400 all-to-all \(\d+%\)$/,
  );
  assert.match(
    systemLensTitle(hgxCluster(12)) ?? '',
    /^96 devices · fp8 190 PFLOPS, bf16 94.9 PFLOPS · HBM 7.68 TB at 322 TB\/s · NVLink4 450 GB\/s per device in groups of 8 · /,
  );
  assert.match(breakdownMarkdown(e), /\| node \| NVLink4 \|/);
  assert.match(parallelDegreeHover(w, 'ep', e), /H100x96/);
  assert.doesNotThrow(() => JSON.parse(estimateJson(e)));
});

test('counts beyond 2^53 give no estimate and no findings, not garbage figures', () => {
  const sys = hgxCluster(1e17);
  const w = workload({ model: Llama70B, system: sys, devices: 8e17, parallel: parallel({ tp: 3e17 }, 8e17) });
  const e = estimateWorkload(w);
  assert.equal(e.valid, false);
  assert.match(e.reasons.join(' '), /beyond 2\^53: the count is not exact/);
  assert.deepEqual(workloadFindings(w, e), []);
});
