// Layout findings as the editor shows them: fast domains by link speed, one diagnostic per place, fixes that keep
// the layout whole, and W8A8 beside weights-only FP8.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { estimateDiagnostics } from '../../../server/src/features/estimates';
import { TopoDiagnostic } from '../../../server/src/semantics/diagnostics';
import { analyseText, spanText } from '../../helpers/workspace';

const cloudMatrix = `system CM {
  rack compute x 12 {
    server x 4 {
      npu Ascend910C x 8
      fabric UB
    }
  }
  rack bus x 4
  fabric UB nonblocking tiers 2
  scaleout RoCE400
}
`;
const h100 = 'system S {\n  server x 4 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n';
const workload = (system: string, on: string, body: string) =>
  `${system}workload W {\n  ${on}\n  phase decode\n  ${body}\n}\n`;

/** Every diagnostic the editor would publish: the binder's and the estimator's. */
function published(text: string): { all: TopoDiagnostic[]; text: string } {
  const a = analyseText(text);
  return { all: [...a.diagnostics, ...estimateDiagnostics(a, 0.3)], text };
}

const apply = (text: string, fix: { span: { start: number; end: number }; newText: string }) =>
  text.slice(0, fix.span.start) + fix.newText + text.slice(fix.span.end);

describe('TOPO402: the fast domain follows the links, not the level index', () => {
  it('tp 32 on 16 CloudMatrix384 NPUs stays on the unified bus: no TOPO402, no TOPO504', () => {
    const { all } = published(
      workload(cloudMatrix, 'model DeepSeekR1\n  on CM devices 16', 'precision int8\n  parallel tp 32 dp 1'),
    );
    assert.deepEqual(
      all.filter((d) => d.code === 'TOPO402' || d.code === 'TOPO504').map((d) => d.message),
      [],
    );
  });

  it('a TOPO501 on the upper unified-bus level is the fast domain itself: no fix shrinks tp', () => {
    const a = analyseText(
      workload(cloudMatrix, 'model Llama3_405B\n  on CM devices 32', 'parallel tp 64 dp 1\n  batch 1 per device'),
    );
    const upper = estimateDiagnostics(a, 0.05).filter((d) => d.code === 'TOPO501' && / at CM /.test(d.message));
    assert.equal(upper.length, 1, JSON.stringify(estimateDiagnostics(a, 0.05).map((d) => d.message)));
    assert.match(upper[0].message, /this is the fast domain itself/);
    assert.deepEqual(upper[0].data?.fixes, []);
  });

  it('tp 16 on 8-GPU NVLink servers crosses RoCE: TOPO402 names the slower link', () => {
    const { all } = published(
      workload(h100, 'model Llama3_405B\n  on S devices 16', 'precision fp8\n  parallel tp 16 dp 1'),
    );
    const [d] = all.filter((x) => x.code === 'TOPO402');
    assert.ok(d, JSON.stringify(all.map((x) => x.message)));
    assert.match(
      d.message,
      /NVLink4 joins 8 ranks at one speed; the tensor-parallel all-reduce crosses the slower RoCE400/,
    );
  });
});

describe('one finding, one diagnostic', () => {
  it('TOPO402 and TOPO504 at the same tp are one diagnostic', () => {
    const { all, text } = published(
      workload(h100, 'model Llama3_405B\n  on S devices 16', 'precision fp8\n  parallel tp 16 dp 1'),
    );
    const atTp = all.filter((d) => spanText(text, d.span) === 'tp 16');
    assert.deepEqual(
      atTp.map((d) => d.code),
      ['TOPO402'],
    );
    assert.equal(atTp[0].data?.suggested, 8);
  });

  it('TOPO501 and TOPO504 at the same ep are one diagnostic, with the fix', () => {
    const big = h100.replace('server x 4', 'server x 12');
    const { all, text } = published(
      workload(
        big,
        'model DeepSeekR1\n  on S devices 72',
        'precision fp8\n  parallel ep 72 dp 72\n  batch 256 per device\n  context 2000',
      ),
    );
    const atEp = all.filter((d) => spanText(text, d.span) === 'ep 72');
    assert.equal(atEp.length, 1, JSON.stringify(atEp.map((d) => `${d.code} ${d.message}`)));
    assert.equal(atEp[0].code, 'TOPO501');
    assert.match(
      atEp[0].message,
      /^ep 72 spans S \(RoCE400, 50 GB\/s per device\) beyond server .*: RoCE400 at S takes \d+% of the step/,
    );
  });
});

describe('layout fixes keep the layout whole', () => {
  it('tp 16 dp 1 on two 8-GPU servers becomes tp 8 dp 2, and nothing about the layout is left', () => {
    const { all, text } = published(
      workload(h100, 'model Llama3_405B\n  on S devices 16', 'precision fp8\n  parallel tp 16 dp 1'),
    );
    const fix = all.find((d) => d.code === 'TOPO402')!.data!.fixes![0];
    assert.equal(fix.title, 'Set tp to 8 and dp to 2 (stays within NVLink4)');
    const fixed = apply(text, fix);
    assert.match(fixed, /parallel tp 8 dp 2\n/);
    const after = published(fixed).all.map((d) => d.code);
    for (const code of ['TOPO402', 'TOPO406', 'TOPO400', 'TOPO504'])
      assert.ok(!after.includes(code as never), `${code} after the fix: ${after}`);
  });

  it('a tp written without dp changes alone (dp follows the ranks)', () => {
    const { all, text } = published(
      workload(h100, 'model Llama3_405B\n  on S devices 16', 'precision fp8\n  parallel tp 16'),
    );
    const fix = all.find((d) => d.code === 'TOPO402')!.data!.fixes![0];
    assert.equal(apply(text, fix).includes('parallel tp 8\n'), true);
  });

  it('dp written before tp keeps its place: dp 1 tp 16 becomes dp 2 tp 8', () => {
    const { all, text } = published(
      workload(h100, 'model Llama3_405B\n  on S devices 16', 'precision fp8\n  parallel dp 1 pp 1 tp 16'),
    );
    const fix = all.find((d) => d.code === 'TOPO402')!.data!.fixes![0];
    assert.match(apply(text, fix), /parallel dp 2 pp 1 tp 8\n/);
  });
});

describe('TOPO502 offers W8A8 as well as FP8 weights', () => {
  const tooBig = (system: string, on: string, model: string, devices: number, tp: number) =>
    workload(system, `model ${model}\n  on ${on} devices ${devices}`, `parallel tp ${tp}\n  batch 8 per device`);

  it('W8A8 first where the accelerator computes in FP8 (H100)', () => {
    const { all, text } = published(tooBig(h100, 'S', 'Llama3_405B', 8, 8));
    const titles = all.find((d) => d.code === 'TOPO502')!.data!.fixes!.map((f) => f.title);
    assert.deepEqual(titles.slice(0, 2), [
      'Switch to fp8 weights and activations (W8A8, H100 computes in fp8)',
      'Switch to fp8 weights',
    ]);
    const first = all.find((d) => d.code === 'TOPO502')!.data!.fixes![0];
    assert.match(apply(text, first), /precision weights fp8 activations fp8 kv bf16\n/);
  });

  it('keeps the layer kinds and messages written at their own precision', () => {
    const text = workload(
      h100,
      'model Llama3_405B\n  on S devices 8',
      'parallel tp 8\n  batch 8 per device\n  ' +
        'precision weights bf16 activations bf16 kv bf16 attention bf16 embeddings bf16 dispatch bf16',
    );
    const { all } = published(text);
    const fix = all.find((d) => d.code === 'TOPO502')!.data!.fixes![0];
    assert.match(
      apply(text, fix),
      /precision weights fp[48] activations \w+ kv bf16 attention bf16 embeddings bf16 dispatch bf16\n/,
    );
  });

  it('weights only first where it does not (Ascend 910C has no FP8 rate)', () => {
    const single = 'system A {\n  server x 1 {\n    npu Ascend910C x 8\n    fabric UB\n  }\n}\n';
    const { all } = published(tooBig(single, 'A', 'Llama3_70B', 1, 2));
    const d = all.find((x) => x.code === 'TOPO502');
    assert.ok(d, JSON.stringify(all.map((x) => x.message)));
    const titles = d.data!.fixes!.map((f) => f.title);
    assert.ok(
      titles.indexOf('Switch to fp8 weights') <
        titles.findIndex((t) => t.startsWith('Switch to fp8 weights and activations')),
      titles.join(' | '),
    );
  });
});
