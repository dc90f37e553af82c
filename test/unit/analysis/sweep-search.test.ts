// The curve (batch swept to the memory limit) and the layout search, against the estimator itself and brute force.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { enumerateLayouts, searchLayouts, withLayout } from '../../../server/src/analysis/search';
import {
  atBatchMax,
  geometricBatches,
  MAX_CURVE_POINTS,
  sweepWorkload,
  withTpot,
} from '../../../server/src/analysis/sweep';
import { Workspace } from '../../../server/src/semantics/program';
import { WorkloadSpec } from '../../../server/src/semantics/types';
import { catalogPath, repoRoot } from '../../helpers/repo';
import { analyseText } from '../../helpers/workspace';

const server = `system Box {\n  gpu H100 x 8\n  fabric NVLink4\n}\n`;
const dense = (extra = '') =>
  `${server}workload W {\n  model Llama3_70B\n  on Box\n  phase decode\n  precision fp8\n` +
  `  parallel tp 8\n  batch max\n  context 4096\n${extra}}\n`;

function workload(text: string, name = 'W'): WorkloadSpec {
  const w = analyseText(text).specs.workload.get(name);
  assert.ok(w, 'the workload binds');
  return w;
}

function sampleWorkloads(): WorkloadSpec[] {
  const out: WorkloadSpec[] = [];
  for (const f of ['deepseek-r1.topo', 'llama3-70b.topo', 'qwen3-235b.topo']) {
    const a = new Workspace(undefined, catalogPath).analyse(URI.file(path.join(repoRoot, 'samples', f)).toString())!;
    out.push(...a.specs.workload.values());
  }
  return out;
}

const finiteFigures = (x: unknown): boolean =>
  JSON.stringify(x, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`non-finite ${v}`);
    return v;
  }) !== undefined;

describe('curve', () => {
  it('geometric batches are bounded, whole, ascending and end at the limit, whatever the limit', () => {
    for (const limit of [1, 7, 262, 1 << 20, 1e15]) {
      const b = geometricBatches(limit);
      assert.ok(b.length <= MAX_CURVE_POINTS + 1 && b[0] === 1 && b.at(-1) === Math.floor(limit));
      assert.ok(b.every((x, i) => Number.isInteger(x) && (i === 0 || x > b[i - 1])));
    }
    assert.deepEqual(geometricBatches(0), []);
    assert.deepEqual(geometricBatches(NaN), []);
  });

  it("TPOT grows and tok/s per user falls with the batch; the operating point is the workload's own estimate", () => {
    const w = workload(dense('  slo tpot 30 ms\n'));
    const c = sweepWorkload(w);
    assert.ok(c.points.length >= 5);
    for (let i = 1; i < c.points.length; i++) {
      assert.ok(c.points[i].tpot! >= c.points[i - 1].tpot!, 'TPOT never falls as the batch grows');
      assert.ok(c.points[i].perUser! <= c.points[i - 1].perUser!);
      assert.ok(c.points[i].perDevice >= c.points[i - 1].perDevice * 0.999, 'throughput grows with the batch');
    }
    const own = estimateWorkload(w);
    assert.equal(c.operating!.batch, own.batchPerDevice);
    assert.equal(c.operating!.perDevice, own.throughputPerDevice);
    assert.equal(c.sloPoint!.batch, own.batchPerDevice, 'the SLO point is where batch max stopped');
    // the panel's table marks the operating point by identity: it must be the curve's own point, not a copy
    assert.ok(c.points.includes(c.operating!) && c.points.includes(c.sloPoint!));
    assert.ok(
      c.points.some((p) => !p.meetsSlo),
      'larger batches miss the SLO',
    );
    assert.equal(c.points.at(-1)!.batch, c.memoryLimit);
    assert.ok(finiteFigures(c));
  });

  it("on a two-die device the SLO point is batch max's answer, not a grid batch between whole batches per die", () => {
    // R1 decode on Ascend 910C (2 dies): at TPOT 15 ms the search stops at 4 per die (8 per device); the grid's 9 per
    // device (4.5 per die) also met the SLO and was taken as the SLO point, so the curve disagreed with the estimate.
    const r1 = sampleWorkloads().find((x) => x.name === 'R1_decode_CM384')!;
    for (const tpot of [0.015, 0.03, 0.05]) {
      const w = withTpot(r1, tpot);
      const c = sweepWorkload(w);
      const own = estimateWorkload(atBatchMax(w));
      assert.equal(c.sloPoint!.batch, own.batchPerDevice, `TPOT ${tpot}`);
      assert.equal(c.sloPoint!.perDevice, own.throughputPerDevice, `TPOT ${tpot}`);
      assert.ok(c.points.includes(c.sloPoint!), 'the SLO point lies on the curve');
    }
  });

  it('puts the batches asked for on the curve, up to the memory limit', () => {
    const w = workload(dense());
    const c = sweepWorkload(w, MAX_CURVE_POINTS, [0.5, 3.5, 1e9]);
    assert.ok(c.points.some((p) => p.batch === 0.5) && c.points.some((p) => p.batch === 3.5));
    assert.ok(c.points.every((p) => p.batch <= c.memoryLimit));
  });

  it('prefill is read against TTFT: tok/s per user is prompt tokens / TTFT, and TTFT grows with the batch', () => {
    const w = workload(
      `${server}workload P {\n  model Llama3_70B\n  on Box\n  phase prefill\n  precision fp8\n  parallel tp 8\n` +
        `  input 2048\n  slo ttft 2 s\n}\n`,
      'P',
    );
    const c = sweepWorkload(w);
    assert.equal(c.slo.name, 'ttft');
    assert.ok(c.points.length >= 3);
    for (let i = 1; i < c.points.length; i++) assert.ok(c.points[i].ttft! >= c.points[i - 1].ttft!);
    for (const p of c.points) assert.equal(p.perUser, 2048 / p.ttft!);
    assert.equal(c.operating!.perDevice, estimateWorkload(w).throughputPerDevice);
  });

  it('serving has both latencies on every point', () => {
    const w = workload(
      `${server}workload S {\n  model Llama3_70B\n  on Box\n  phase serving\n  precision fp8\n  parallel tp 8\n` +
        `  input 1024\n  output 256\n  slo tpot 40 ms\n}\n`,
      'S',
    );
    const c = sweepWorkload(w);
    assert.ok(c.points.length >= 3 && c.points.every((p) => p.tpot! > 0 && p.ttft! > 0));
    assert.equal(c.sloPoint!.batch, estimateWorkload(w).batchPerDevice);
  });

  it('a workload that does not fit at batch 1 has no curve and says what it needs', () => {
    const w = workload(
      `system One {\n  gpu H100 x 1\n}\nworkload W {\n  model DeepSeekR1\n  on One\n  phase decode\n  context 4096\n}\n`,
    );
    const c = sweepWorkload(w);
    assert.equal(c.points.length, 0);
    assert.match(
      c.reasons.join(' '),
      /does not fit memory even at batch 1: needs [\d.,]+ TB per device, the device has 80 GB/,
    );
  });

  it('sweeps every sample workload with finite figures only', () => {
    for (const w of sampleWorkloads()) {
      const c = sweepWorkload(w);
      assert.ok(finiteFigures(c), w.name);
      if (w.batch.mode === 'max' && c.operating)
        assert.equal(c.operating.perDevice, estimateWorkload(w).throughputPerDevice, w.name);
    }
  });
});

describe('layout search', () => {
  it('finds the same best layout as brute force over a small space', () => {
    for (const extra of ['  slo tpot 25 ms\n', '']) {
      const w = workload(dense(extra));
      const { layouts } = enumerateLayouts(w);
      assert.ok(layouts.length > 3 && layouts.every((d) => d.tp * d.pp * d.dp === w.ranks));
      let best = 0;
      for (const d of layouts) {
        const e = estimateWorkload(atBatchMax(withLayout(w, d)));
        const meets = w.slo.tpot === undefined || (e.tpot !== undefined && e.tpot <= w.slo.tpot);
        if (e.valid && e.memory.fits && meets) best = Math.max(best, e.throughputPerDevice);
      }
      const r = searchLayouts(w);
      assert.ok(best > 0);
      assert.equal(r.best!.point.perDevice, best);
      assert.ok(r.front.length >= 1 && r.front.every((f) => f.point.meetsSlo));
    }
  });

  it('on a MoE model, brute force over tp, ep and adp agrees with the search', () => {
    const w = workload(
      `system Eight {\n  gpu H100 x 8\n  fabric NVLink4\n}\nsystem Sixteen {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric IB400\n}\n` +
        `workload M {\n  model Qwen3_235B_A22B\n  on Sixteen\n  phase decode\n  precision fp8\n  parallel tp 8 ep 16\n  context 2048\n  slo tpot 60 ms\n}\n`,
      'M',
    );
    const { layouts } = enumerateLayouts(w, { pp: [1, 1] });
    let best = 0;
    for (const d of layouts) {
      const e = estimateWorkload(atBatchMax(withLayout(w, d)));
      if (e.valid && e.memory.fits && e.tpot! <= 0.06) best = Math.max(best, e.throughputPerDevice);
    }
    assert.equal(searchLayouts(w, { pp: [1, 1] }).best!.point.perDevice, best);
  });

  it("for every sample workload, finds at least the written layout's throughput on the same devices and SLO", () => {
    for (const w of sampleWorkloads()) {
      const r = searchLayouts(w);
      const written = estimateWorkload(atBatchMax(w));
      const meets = !w.slo.tpot || (written.tpot !== undefined && written.tpot <= w.slo.tpot);
      if (!written.valid || !written.memory.fits || !meets || w.phase === 'training') continue;
      assert.ok(r.best, `${w.name}: a layout is found`);
      assert.ok(
        r.best.point.perDevice >= written.throughputPerDevice,
        `${w.name}: ${r.best.point.perDevice} < ${written.throughputPerDevice}`,
      );
      assert.ok(finiteFigures(r.top.map((t) => t.point)), w.name);
    }
  });

  it('no layout fits: says what the smallest layout needs per device and what the device has', () => {
    const w = workload(
      `system One {\n  gpu H100 x 2\n  fabric NVLink4\n}\nworkload W {\n  model DeepSeekR1\n  on One\n  phase decode\n  context 4096\n}\n`,
    );
    const r = searchLayouts(w);
    assert.equal(r.best, undefined);
    assert.match(
      r.reasons[0],
      /^no layout fits: the smallest needs [\d.,]+ GB per device at batch 1, the device has 80 GB$/,
    );
  });

  it('limits narrow the candidates; a range no layout meets says so', () => {
    const w = workload(dense());
    assert.ok(enumerateLayouts(w, { tp: [2, 4] }).layouts.every((d) => d.tp >= 2 && d.tp <= 4));
    assert.match(searchLayouts(w, { tp: [3, 3] }).reasons[0], /no layout divides the 8 ranks/);
  });
});
