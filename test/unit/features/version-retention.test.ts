// Typing in a workload keeps no earlier version of the document alive through what is cached across versions.
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
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

test('200 versions typed in a workload of a long name keep a few MB, not 200 copies of the text', () => {
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
  const before = heapAfterGc();
  for (let v = 2; v <= 201; v++) analyse(v, v);
  const grown = heapAfterGc() - before;
  // One estimate per version is cached (about 10 KB each); a kept text would add its length (over 60 KB) each.
  const kept = (200 * text.length) / 2;
  assert.ok(grown < kept, `heap grew ${(grown / 1e6).toFixed(1)} MB over 200 versions of a ${text.length}-char text`);
});
