// GEMM and attention efficiency come from an accelerator's declared architecture and figures, never from its name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceleratorEfficiency } from '../../../server/src/analysis/efficiency';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { estimatesOf } from '../../../server/src/features/estimates';
import { analyseText, withCode } from '../../helpers/workspace';

const chip = (name: string, extra = '') =>
  `accelerator ${name} {\n  compute bf16 2500 TFLOPS, fp8 5000 TFLOPS\n  memory 186 GB at 8 TB/s\n${extra}}\n`;
const serverOf = (name: string) => `system S_${name} {\n  gpu ${name} x 8\n  fabric NVLink5\n}\n`;
const workloadOn = (name: string) =>
  `workload W_${name} {\n  model Llama3_1_70B\n  on S_${name}\n  phase decode\n  precision fp8\n  parallel tp 8\n  batch 64 per device\n  context 2048\n}\n`;

function estimates(text: string) {
  const a = analyseText(text);
  return { analysis: a, byName: new Map([...estimatesOf(a).values()].map((r) => [r.spec.name, r])) };
}

/** The estimate without what legitimately carries the name (workload name, notes quoting the accelerator). */
function figures(e: ReturnType<typeof estimateWorkload>) {
  return {
    step: e.stepTime,
    tput: e.throughputPerDevice,
    tpot: e.tpot,
    memory: e.memory,
    operators: e.operators,
    levels: e.levels.map((l) => l.time),
  };
}

describe('efficiency by architecture', () => {
  for (const arch of ['', '  arch blackwell\n', '  efficiency gemm 50% attention 30%\n']) {
    it(`two identical accelerators with different names estimate identically (${arch.trim() || 'no arch'})`, () => {
      const { byName } = estimates(
        chip('GB200', arch) +
          chip('Zeta', arch) +
          serverOf('GB200') +
          serverOf('Zeta') +
          workloadOn('GB200') +
          workloadOn('Zeta'),
      );
      const a = byName.get('W_GB200')!.estimate,
        b = byName.get('W_Zeta')!.estimate;
      assert.ok(a.valid && b.valid);
      assert.deepEqual(figures(a), figures(b));
    });
  }

  it('the architecture selects the defaults: Blackwell GEMMs run at a lower fraction of peak than Hopper', () => {
    const hopper = acceleratorEfficiency({ arch: 'hopper' });
    const blackwell = acceleratorEfficiency({ arch: 'blackwell' });
    assert.equal(hopper.origin, 'arch');
    assert.ok(Math.abs(blackwell.gemm / hopper.gemm - 0.55 / 0.78) < 1e-12, 'scaled by the measured GEMM ceilings');
    assert.ok(Math.abs(blackwell.attention / blackwell.gemm - hopper.attention / hopper.gemm) < 1e-12);
    const { byName } = estimates(
      chip('X', '  arch hopper\n') +
        chip('Y', '  arch blackwell\n') +
        serverOf('X') +
        serverOf('Y') +
        workloadOn('X') +
        workloadOn('Y'),
    );
    const x = byName.get('W_X')!.estimate,
      y = byName.get('W_Y')!.estimate;
    assert.ok(
      y.operators.find((o) => o.class === 'lm-head')!.time >= x.operators.find((o) => o.class === 'lm-head')!.time,
    );
    assert.ok(y.stepTime > x.stepTime, 'same peak, lower GEMM efficiency: a longer step');
  });

  it('declared efficiencies replace the defaults; a declared GEMM figure carries attention with it', () => {
    const own = acceleratorEfficiency({ arch: 'hopper', efficiency: { gemm: 0.5, memory: 0.9 } });
    const base = acceleratorEfficiency({ arch: 'hopper' });
    assert.equal(own.origin, 'declared');
    assert.equal(own.gemm, 0.5);
    assert.equal(own.memory, 0.9);
    assert.ok(Math.abs(own.attention / own.gemm - base.attention / base.gemm) < 1e-12);
    assert.equal(acceleratorEfficiency({ efficiency: { gemm: 0.5, attention: 0.2 } }).attention, 0.2);
  });

  it('an accelerator without an architecture gets the documented default, an information diagnostic and a note', () => {
    const { analysis, byName } = estimates(chip('Nova') + serverOf('Nova') + workloadOn('Nova'));
    const found = withCode(analysis, 'TOPO209');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'information');
    assert.equal(found[0].at, 'Nova');
    const fix = (found[0].diagnostic.data?.fixes ?? [])[0];
    assert.equal(fix?.newText.trim(), 'arch other');
    const unknown = acceleratorEfficiency(undefined);
    assert.equal(unknown.origin, 'unknown');
    assert.deepEqual(
      { g: unknown.gemm, a: unknown.attention },
      { g: acceleratorEfficiency({ arch: 'hopper' }).gemm, a: acceleratorEfficiency({ arch: 'hopper' }).attention },
    );
    assert.ok(byName.get('W_Nova')!.estimate.notes.some((n) => /declares no architecture/.test(n)));
    const declared = estimates(chip('Nova', '  arch other\n') + serverOf('Nova') + workloadOn('Nova'));
    assert.equal(withCode(declared.analysis, 'TOPO209').length, 0);
    assert.ok(!declared.byName.get('W_Nova')!.estimate.notes.some((n) => /declares no architecture/.test(n)));
  });

  it('the catalog declares an architecture for each of its accelerators', () => {
    const names = ['Ascend910C', 'H100', 'H800', 'H200', 'B200', 'GB200'];
    const a = analyseText(names.map((n) => `system S_${n} { gpu ${n} x 1 }`).join('\n'));
    for (const name of names) {
      const acc = a.specs.system.get(`S_${name}`)?.root.children[0]?.accelerator;
      assert.ok(acc?.arch, `${name} has an arch`);
    }
  });
});
