// Degree fixes keep the layout whole: tp x pp x dp still equals the ranks after the edit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resizeDegree } from '../../../server/src/semantics/relayout';
import { analyseText } from '../../helpers/workspace';

const system = 'system S {\n  server x 4 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n';
function layout(parallel: string) {
  const text = `${system}workload W {\n  model Llama3_70B\n  on S\n  phase decode\n  parallel ${parallel}\n}\n`;
  const w = analyseText(text).specs.workload.get('W')!;
  const apply = (fix: { span: { start: number; end: number }; newText: string }) =>
    /parallel ([^\n]*)/.exec(text.slice(0, fix.span.start) + fix.newText + text.slice(fix.span.end))![1];
  return { text, w, apply };
}

describe('resizeDegree', () => {
  it('rebalances dp for a tp or pp change of a whole layout', () => {
    const a = layout('tp 16 pp 1 dp 2');
    assert.equal(a.apply(resizeDegree(a.text, a.w.parallel, a.w.ranks, 'tp', 8)!), 'tp 8 pp 1 dp 4');
    const b = layout('pp 4 tp 8 dp 1');
    assert.equal(b.apply(resizeDegree(b.text, b.w.parallel, b.w.ranks, 'pp', 2)!), 'pp 2 tp 8 dp 2');
  });

  it('changes only the degree when dp is not written, or for ep', () => {
    const a = layout('tp 16 ep 32');
    assert.equal(a.apply(resizeDegree(a.text, a.w.parallel, a.w.ranks, 'tp', 8)!), 'tp 8 ep 32');
    assert.equal(a.apply(resizeDegree(a.text, a.w.parallel, a.w.ranks, 'ep', 8)!), 'tp 16 ep 8');
  });

  it('offers no fix that would break a whole layout (a smaller dp alone)', () => {
    const a = layout('tp 8 dp 4');
    assert.equal(resizeDegree(a.text, a.w.parallel, a.w.ranks, 'dp', 2), undefined);
  });

  it('leaves a layout that did not cover the ranks to TOPO406', () => {
    const a = layout('tp 16 dp 1');
    assert.equal(a.apply(resizeDegree(a.text, a.w.parallel, a.w.ranks, 'tp', 8)!), 'tp 8 dp 1');
  });
});
