// Decisions in the editor's core: TOPO520 when no layout can fit, no findings about unwritten degrees, lenses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CANDIDATES } from '../../../server/src/analysis/search';
import { decisionLenses, layoutFieldText, layoutSearchOf } from '../../../server/src/features/decisions';
import { codeLenses, estimateDiagnostics } from '../../../server/src/features/estimates';
import { analyseText, spanText } from '../../helpers/workspace';

const system = (n: number) => `system Box {\n  gpu H100 x ${n}\n  fabric NVLink4\n}\n`;
const searching = (model: string, n: number) =>
  `${system(n)}workload W {\n  model ${model}\n  on Box\n  phase decode\n  precision fp8\n  parallel search\n  context 4096\n}\n`;

describe('decisions in the editor', () => {
  it('TOPO520 on the parallel field when even the most sharded layout does not fit, and no TOPO502 about default degrees', () => {
    const a = analyseText(searching('DeepSeekR1', 2));
    const found = estimateDiagnostics(a, 0.3);
    assert.deepEqual(
      found.map((d) => d.code),
      ['TOPO520'],
    );
    assert.equal(spanText(a.file.text, found[0].span), 'parallel search');
    assert.match(
      found[0].message,
      /^no layout fits memory: the weights alone, split evenly over all 2 devices, are [\d.,]+ GB per device, and the most sharded layout \(tp \d+ pp \d+ ep \d+ dp \d+ adp \d+\) needs [\d.,]+ GB at batch 1; the device has 80 GB$/,
    );
  });

  it('a search that can fit has no diagnostic; its lens is on the parallel field, not the estimate of default degrees', () => {
    const a = analyseText(searching('Llama3_70B', 8));
    assert.deepEqual(estimateDiagnostics(a, 0.3), []);
    const titles = codeLenses(a).map((l) => l.command!.title);
    assert.equal(titles.filter((t) => t.startsWith('≈')).length, 0, 'no estimate lens for degrees nobody wrote');
    assert.equal(titles.filter((t) => t.startsWith('best layout ')).length, 1);
    assert.deepEqual(
      decisionLenses(a).map((l) => l.command!.title),
      titles.filter((t) => t.startsWith('best layout ')),
    );
  });

  it('TOPO520 on the system line of a searching comparison', () => {
    const a = analyseText(
      `${system(2)}compare C {\n  model DeepSeekR1\n  phase decode\n  parallel search\n  context 4096\n  systems {\n    Box\n  }\n}\n`,
    );
    const [d] = estimateDiagnostics(a, 0.3);
    assert.equal(d.code, 'TOPO520');
    assert.equal(spanText(a.file.text, d.span), 'Box');
    assert.match(d.message, /^no layout fits memory on Box: /);
  });

  it('no TOPO520 where the weights fit when split evenly, even if the most sharded candidate does not', () => {
    // 8 H100 hold 640 GB; DeepSeek-R1 in fp8 is about 671 GB: certain not to fit. In fp4 (about 336 GB) it may.
    const fp4 = analyseText(
      searching('DeepSeekR1', 8).replace('precision fp8', 'precision weights fp4 activations fp8 kv fp8'),
    );
    assert.deepEqual(
      estimateDiagnostics(fp4, 0.3)
        .map((d) => d.code)
        .filter((c) => c === 'TOPO520'),
      [],
    );
    assert.deepEqual(
      estimateDiagnostics(analyseText(searching('DeepSeekR1', 8)), 0.3).map((d) => d.code),
      ['TOPO520'],
    );
  });

  it('writes a layout with only the degrees that matter', () => {
    assert.equal(layoutFieldText({ tp: 8, pp: 1, ep: 1, dp: 1, adp: 1 }), 'tp 8 dp 1');
    assert.equal(layoutFieldText({ tp: 4, pp: 2, ep: 160, dp: 40, adp: 160 }), 'tp 4 pp 2 ep 160 dp 40 adp 160');
  });
});

describe('decisions on huge systems', () => {
  it('the no-fit check is arithmetic (no enumeration) and the search is bounded, on 720,720 servers', () => {
    const a = analyseText(
      `system S {\n  server x 720720 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n` +
        `workload W {\n  model DeepSeekR1\n  on S\n  phase decode\n  precision fp8\n  parallel search\n  context 4096\n}\n`,
    );
    const started = performance.now();
    assert.deepEqual(estimateDiagnostics(a, 0.3), []);
    assert.ok(performance.now() - started < 1000, 'well inside a keystroke budget even on a loaded machine');
    const r = layoutSearchOf(a.specs.workload.get('W')!);
    assert.equal(r.candidates, MAX_CANDIDATES);
    assert.match(r.reasons[0], new RegExp(`^more than ${MAX_CANDIDATES} layouts: the search stopped there`));
    assert.ok(r.best && Number.isFinite(r.best.point.perDevice));
  });
});
