// No silent defaults: a length a phase needs and the file omits is reported (TOPO209) with the value assumed and a fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { estimatesOf } from '../../../server/src/features/estimates';
import { analyseText, withCode } from '../../helpers/workspace';

const doc = (phase: string, fields: string) =>
  `system C {\n  server x 1 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n}\nworkload W {\n  model Llama3_70B\n  on C\n  phase ${phase}\n  parallel tp 8\n  batch 8 per device\n${fields}}\n`;

function assumed(text: string) {
  const a = analyseText(text);
  const found = withCode(a, 'TOPO209');
  const spec = a.specs.workload.get('W')!;
  const estimate = [...estimatesOf(a).values()].find((r) => r.spec.name === 'W')!.estimate;
  return {
    a,
    found,
    spec,
    estimate,
    fields: found.map((f) => `${f.diagnostic.data?.field} ${f.diagnostic.data?.assumed}`),
  };
}

/** Applies the first fix of each diagnostic, last first so offsets stay valid. */
function applyFixes(text: string, found: ReturnType<typeof withCode>): string {
  const edits = found.map((f) => f.diagnostic.data!.fixes![0]).sort((x, y) => y.span.start - x.span.start);
  for (const e of edits) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

describe('assumed sequence lengths (TOPO209)', () => {
  it('decode without context is estimated at 4,096 tokens and says so; the fix writes the field', () => {
    const text = doc('decode', '');
    const r = assumed(text);
    assert.deepEqual(r.fields, ['context 4096']);
    assert.equal(r.found[0].severity, 'information');
    assert.equal(r.found[0].at, 'W');
    assert.match(r.found[0].message, /4,096 tokens are assumed/);
    const fixed = applyFixes(text, r.found);
    assert.match(fixed, /\n {2}context 4096\n}/);
    const again = assumed(fixed);
    assert.deepEqual(again.fields, []);
    assert.equal(
      again.estimate.stepTime,
      r.estimate.stepTime,
      'writing the assumed value changes nothing but the diagnostic',
    );
  });

  it('a length written without a valid value is still said to be assumed, but gets no fix that would add a second', () => {
    const r = assumed(doc('decode', '  context\n'));
    assert.deepEqual(r.fields, ['context 4096']);
    assert.match(r.found[0].message, /no valid 'context'/);
    assert.equal(r.found[0].diagnostic.data?.fixes, undefined);
  });

  it('serving without input and output reports both; prefill and training without input report it', () => {
    assert.deepEqual(assumed(doc('serving', '')).fields.sort(), ['input 4096', 'output 1024']);
    assert.deepEqual(assumed(doc('serving', '  input 1000\n')).fields, ['output 1024']);
    assert.deepEqual(assumed(doc('prefill', '')).fields, ['input 4096']);
    assert.deepEqual(assumed(doc('training', '')).fields, ['input 4096']);
    assert.deepEqual(assumed(doc('serving', '  input 1000  output 1000\n')).fields, []);
    assert.deepEqual(assumed(doc('prefill', '  input 2000\n')).fields, []);
  });

  it('decode derives its context from input and output: the mean KV length input + output / 2', () => {
    const derived = assumed(doc('decode', '  input 2000  output 1000\n'));
    assert.deepEqual(derived.fields, []);
    const written = assumed(doc('decode', '  context 2500\n'));
    assert.equal(derived.estimate.stepTime, written.estimate.stepTime);
    assert.equal(derived.estimate.memory.kvCache, written.estimate.memory.kvCache);
    assert.ok(derived.estimate.notes.some((n) => /input \+ output \/ 2 = 2,500 tokens/.test(n)));
    const longer = assumed(doc('decode', '  input 2000  output 4000\n'));
    assert.ok(longer.estimate.memory.kvCache > derived.estimate.memory.kvCache);
  });

  it('decode with input only reads the input as its context and says so', () => {
    const r = assumed(doc('decode', '  input 3000\n'));
    assert.deepEqual(r.fields, ['context 3000']);
    assert.equal(r.estimate.memory.kvCache, assumed(doc('decode', '  context 3000\n')).estimate.memory.kvCache);
  });
});
