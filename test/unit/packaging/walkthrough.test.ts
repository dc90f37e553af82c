// The walkthrough's media stay true: every Topo example in them analyses without errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Workspace } from '../../../server/src/semantics/program';
import { catalogPath, repoRoot } from '../../helpers/repo';

describe('walkthrough', () => {
  it('has Topo examples that analyse without errors', () => {
    const dir = path.join(repoRoot, 'walkthrough');
    const examples = (f: string) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/```topo\n([\s\S]*?)```/g)];
    const blocks = fs.readdirSync(dir).flatMap((f) => examples(f).map((m) => ({ f, text: m[1] })));
    assert.ok(blocks.length >= 1);
    const workspace = new Workspace(undefined, catalogPath);
    for (const [i, { f, text }] of blocks.entries()) {
      const uri = URI.file(path.join(dir, `example-${i}.topo`)).toString();
      workspace.setDocument(uri, text, 1);
      const analysis = workspace.analyse(uri)!;
      assert.deepEqual(
        analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        [],
        f,
      );
      assert.ok(analysis.specs.workload.size > 0, `${f} shows a workload`);
    }
  });
});
