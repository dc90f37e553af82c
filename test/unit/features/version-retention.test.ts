// Typing keeps no earlier version of the document alive: not through estimates, not through the parser's chunks.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { estimateDiagnostics } from '../../../server/src/features/estimates';
import { Workspace } from '../../../server/src/semantics/program';
import { generateTopo } from '../../../bench/generate';
import { catalogPath, uriOf } from './fixture';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
/** The heap in use after three full collections, each after a turn of the event loop. */
async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

test('200 versions typed in a workload of a long name keep a few MB, not 200 copies of the text', async () => {
  // Names of 13 characters or more: V8 cuts them from the text as views that keep the whole text alive.
  const text = generateTopo(3000).replace(/workload Serve/g, 'workload ServeLongWorkloadName');
  const uri = uriOf('typing.topo');
  const workspace = new Workspace(undefined, catalogPath);
  workspace.catalog();
  const at = text.indexOf('batch ', text.indexOf('workload ServeLong'));
  const lineEnd = text.indexOf('\n', at);
  const analyse = (batch: number, version: number) => {
    workspace.setDocument(uri, `${text.slice(0, at)}batch ${batch} per device${text.slice(lineEnd)}`, version);
    estimateDiagnostics(workspace.analyse(uri)!, 0.5);
  };
  analyse(1, 1);
  const before = await heapAfterGc();
  for (let v = 2; v <= 201; v++) analyse(v, v);
  const grown = (await heapAfterGc()) - before;
  // One estimate per version is cached (about 10 KB each); a kept text would add its length (over 60 KB) each.
  const kept = (200 * text.length) / 2;
  assert.ok(grown < kept, `heap grew ${(grown / 1e6).toFixed(1)} MB over 200 versions of a ${text.length}-char text`);
});

test('150 versions, each editing another declaration, keep no earlier text in the chunks the parser keeps', async () => {
  let text = generateTopo(10_000);
  const uri = uriOf('chunks.topo');
  const workspace = new Workspace(undefined, catalogPath);
  workspace.catalog();
  const batches: number[] = [];
  for (let i = text.indexOf('batch '); i >= 0; i = text.indexOf('batch ', i + 1)) batches.push(i);
  assert.ok(batches.length > 151);
  workspace.setDocument(uri, text, 1);
  workspace.analyse(uri);
  const before = await heapAfterGc();
  for (let v = 2; v <= 151; v++) {
    const at = batches[v];
    text = `${text.slice(0, at)}batch ${(v % 7) + 1}${text.slice(text.indexOf(' per', at))}`;
    workspace.setDocument(uri, text, v);
    workspace.analyse(uri);
  }
  const grown = (await heapAfterGc()) - before;
  const kept = (150 * text.length) / 2;
  assert.ok(grown < kept, `heap grew ${(grown / 1e6).toFixed(1)} MB over 150 versions of a ${text.length}-char text`);
});
