// Estimates are kept by content: another document of the same text, now or later, gets the same estimates.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { estimatesOf } from '../../../server/src/features/estimates';
import { openAt } from './fixture';

// Its own process (node --test runs each file alone): the first analysis here meets an empty cache.
const workload = (name: string, batch: number) =>
  `workload ${name} {\n  model Llama3_70B\n  on S devices 8\n  phase decode\n  parallel tp 8\n  batch ${batch} per device\n  context 2048\n}\n`;
const text =
  'system S {\n  server x 1 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n}\n' +
  workload('A', 8) +
  workload('B', 16) +
  workload('C', 32);
const estimates = (name: string) => [...estimatesOf(openAt(text, {}, name).analysis).values()].map((r) => r.estimate);

test('the first analysis meets an empty cache; documents of the same text after it find its estimates', async () => {
  const first = estimates('a.topo');
  assert.ok(first.length > 2);
  // Another document of the same text, in the same turn of the event loop.
  const second = estimates('b.topo');
  second.forEach((e, i) => assert.equal(e, first[i], 'the same estimate, found by content'));
  await new Promise((resolve) => setTimeout(resolve, 5));
  const third = estimates('c.topo');
  third.forEach((e, i) => assert.equal(e, first[i], 'the same estimate, a turn later'));
});

test('a workload run on an edited model, then on the model as it was, finds its first estimate again', () => {
  const on = (hidden: number) =>
    text +
    `model M {\n  layers 32\n  hidden ${hidden}\n  vocab 32000\n  ffn 14336\n  attention gqa { heads 32 kv_heads 8 }\n}\n` +
    workload('D', 8).replace('Llama3_70B', 'M');
  const estimateOfD = (hidden: number, name: string) => estimatesOf(openAt(on(hidden), {}, name).analysis).get('D')!;
  const first = estimateOfD(4096, 'd1.topo').estimate;
  const edited = estimateOfD(5120, 'd2.topo').estimate;
  assert.notEqual(edited, first, 'another model, another estimate');
  assert.ok(edited.valid && first.valid && edited.stepTime !== first.stepTime);
  assert.equal(estimateOfD(4096, 'd3.topo').estimate, first, 'the model as it was: the first estimate, by content');
  // Two variants are kept per workload text: a third model drops the oldest.
  estimateOfD(6144, 'd4.topo');
  assert.notEqual(estimateOfD(4096, 'd5.topo').estimate, first, 'the oldest variant was dropped');
  assert.equal(estimateOfD(6144, 'd6.topo').estimate, estimateOfD(6144, 'd7.topo').estimate);
});
