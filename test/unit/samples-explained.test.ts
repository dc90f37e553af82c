// Samples open clean or explain each diagnostic: a comment on its line or just above it names the code it expects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkFiles } from '../../server/src/cli/check';
import { Workspace } from '../../server/src/semantics/program';
import { catalogPath, readRepoFile, repoRoot, sourceFiles } from '../helpers/repo';

/** How far above a diagnostic its explaining comment may stand (the comment block over a workload or a mistake). */
const REACH = 12;

describe('every sample diagnostic is explained in the file', () => {
  const workspace = new Workspace(undefined, catalogPath);
  for (const source of sourceFiles()) {
    it(source, () => {
      const lines = readRepoFile(source).split('\n');
      const { diagnostics } = checkFiles(workspace, [path.join(repoRoot, source)]);
      const unexplained = diagnostics.filter((d) => {
        const near = lines
          .slice(Math.max(0, d.line - 1 - REACH), d.line)
          .map((l) => l.slice(l.indexOf('//') + 1 || l.length));
        return !near.some((comment) => comment.includes(d.code));
      });
      assert.deepEqual(
        unexplained.map((d) => `${source}:${d.line} ${d.code}: ${d.message}`),
        [],
      );
    });
  }
});
