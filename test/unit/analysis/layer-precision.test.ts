// Precision per layer kind: `precision weights fp8 experts fp4 ...` sets weight bytes, GEMM rates and message bytes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { weightsPerDevice } from '../../../server/src/analysis/memory';
import { modelShape } from '../../../server/src/analysis/model';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { WorkloadPrecision, WorkloadSpec } from '../../../server/src/semantics/types';
import { analyseText } from '../../helpers/workspace';
import { accelerator, DeepSeekV3, devices, fabric, link, parallel, system, workload } from './fixtures';

// GB200 per GPU, dense: /work/shared/reference/hardware.md (NVIDIA GB200 NVL72 datasheet): 2,500 / 5,000 / 10,000
// TFLOPS at BF16 / FP8 / FP4, 186 GB HBM3e at 8 TB/s; NVLink 5 900 GB/s each way.
const GB200 = accelerator('GB200', { bf16: 2500e12, fp8: 5000e12, fp4: 10000e12 }, 186e9, 8e12);
const NVLink5 = link('NVLink5', 'nvlink', 900e9, 1e-6);
const NVL72 = system('NVL72', [devices('gpu', GB200, 72)], fabric(NVLink5));
const span = { start: 0, end: 0 };

function r1(precision: WorkloadPrecision, over: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return workload({
    model: DeepSeekV3,
    system: NVL72,
    devices: 72,
    precision,
    parallel: parallel({ tp: 1, ep: 72, dp: 72 }, 72),
    batch: { mode: 'per-device', value: 64, span },
    context: 2000,
    ...over,
  });
}
const fp8: WorkloadPrecision = { weights: 'fp8', activations: 'fp8', kv: 'fp8' };

describe('precision per layer kind', () => {
  it('reads every key, and the single-precision and per-tensor forms keep their meaning', () => {
    const text = (p: string) =>
      `system C { server x 1 { gpu GB200 x 4  fabric NVLink5 } }\n` +
      `workload W { model DeepSeekV3  on C  phase decode  context 2048  precision ${p} }`;
    const spec = (p: string) => {
      const a = analyseText(text(p));
      assert.deepEqual(
        a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        [],
      );
      return a.specs.workload.get('W')!.precision;
    };
    assert.deepEqual(spec('weights fp8 experts fp4 attention fp8 kv fp8 dispatch fp8 combine bf16'), {
      weights: 'fp8',
      activations: 'bf16',
      kv: 'fp8',
      experts: 'fp4',
      attention: 'fp8',
      dispatch: 'fp8',
      combine: 'bf16',
    });
    assert.deepEqual(spec('ffn int8 embeddings bf16'), {
      weights: 'bf16',
      activations: 'bf16',
      kv: 'bf16',
      ffn: 'int8',
      embeddings: 'bf16',
    });
    assert.deepEqual(spec('fp4'), { weights: 'fp4', activations: 'fp4', kv: 'fp8' });
    assert.deepEqual(spec('weights fp8 activations bf16 kv bf16'), { weights: 'fp8', activations: 'bf16', kv: 'bf16' });
    const bad = analyseText(text('expert fp4'));
    assert.ok(bad.diagnostics.some((d) => d.code === 'TOPO305' && /did you mean 'experts'/.test(d.message)));
  });

  it('experts in FP4 hold half the bytes of routed and shared experts; the other kinds keep theirs', () => {
    const all = setupWorkload(r1(fp8)),
      fp4 = setupWorkload(r1({ ...fp8, experts: 'fp4' }));
    const s = modelShape(DeepSeekV3);
    const expertBytes = s.moeLayers * ((256 / 72) * s.expertParams + s.sharedParams + s.routerParams); // fp8: 1 byte
    const saved = weightsPerDevice(all.memory) - weightsPerDevice(fp4.memory);
    assert.ok(Math.abs(saved - expertBytes / 2) < 1e3, `${saved} vs ${expertBytes / 2}`);
    const attnBf16 = setupWorkload(r1({ ...fp8, attention: 'bf16' }));
    const attentionBytes = (s.denseLayers + s.moeLayers) * s.attentionParams;
    assert.ok(Math.abs(weightsPerDevice(attnBf16.memory) - weightsPerDevice(all.memory) - attentionBytes) < 1e3);
    const e = estimateWorkload(r1({ ...fp8, experts: 'fp4' }));
    assert.ok(Math.abs(e.memory.weights - weightsPerDevice(fp4.memory)) < 1);
  });

  it("each operator computes at its kind's rate: FP4 experts halve the experts' compute time, attention stays", () => {
    const prefill = (p: WorkloadPrecision) =>
      r1(p, { phase: 'prefill', input: 4096, batch: { mode: 'per-device', value: 4, span } });
    const s = setupWorkload(prefill({ ...fp8, experts: 'fp4', attention: 'bf16' }));
    assert.equal(s.step.byKind.experts.gemmPeak, 10000e12);
    assert.equal(s.step.byKind.attention.gemmPeak, 2500e12);
    assert.equal(s.step.byKind.ffn.gemmPeak, 5000e12);
    assert.equal(s.computePrecision, 'fp8; attention bf16, experts fp4');
    const op = (p: WorkloadPrecision, k: string) => estimateWorkload(prefill(p)).operators.find((o) => o.class === k)!;
    const a = op(fp8, 'experts'),
      b = op({ ...fp8, experts: 'fp4' }, 'experts');
    assert.equal(a.flops, b.flops);
    assert.equal(a.limitedBy, 'compute');
    assert.ok(Math.abs(b.time / a.time - 0.5) < 0.01, `${b.time / a.time}`);
    assert.equal(op(fp8, 'attention').time, op({ ...fp8, experts: 'fp4' }, 'attention').time);
  });

  it('dispatch and combine precisions set the all-to-all bytes', () => {
    const bytesOf = (p: WorkloadPrecision, kind: string) =>
      estimateWorkload(r1(p))
        .levels.flatMap((l) => l.collectives)
        .filter((c) => c.kind === kind)
        .reduce((a, c) => a + c.bytes, 0);
    const bf16 = { ...fp8, dispatch: 'bf16' as const };
    assert.ok(bytesOf(fp8, 'ep-dispatch') > 0);
    assert.ok(Math.abs(bytesOf(bf16, 'ep-dispatch') / bytesOf(fp8, 'ep-dispatch') - 2) < 1e-9);
    assert.ok(Math.abs(bytesOf({ ...fp8, combine: 'fp8' }, 'ep-combine') / bytesOf(fp8, 'ep-combine') - 0.5) < 1e-9);
    assert.equal(bytesOf({ ...fp8, combine: 'fp8' }, 'ep-dispatch'), bytesOf(fp8, 'ep-dispatch'));
  });

  it('a kind at a precision the accelerator lacks falls back to a wider rate with a note', () => {
    const e = estimateWorkload(
      workload({
        model: DeepSeekV3,
        system: system(
          'H',
          [devices('gpu', accelerator('NoFp4', { fp8: 1979e12, bf16: 989e12 }, 80e9, 3.35e12), 8)],
          fabric(NVLink5),
        ),
        devices: 8,
        precision: { ...fp8, experts: 'fp4' },
        parallel: parallel({ ep: 8, dp: 8 }, 8),
      }),
    );
    assert.ok(
      e.notes.some((n) => /no fp4 rate: experts GEMMs use its fp8 rate/.test(n)),
      e.notes.join('\n'),
    );
  });
});
