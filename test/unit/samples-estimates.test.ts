// Every sample workload carries its estimate as a `// ESTIMATE:` comment above it; the comments must match the estimator.
// UPDATE_ESTIMATES=1 rewrites them (an estimator change then shows as a diff of the samples).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { lensTitle } from '../../server/src/analysis/report';
import { estimatesOf } from '../../server/src/features/estimates';
import { Workspace } from '../../server/src/semantics/program';
import { catalogPath, repoRoot } from '../helpers/repo';

const marker = '// ESTIMATE: ';
const samples = ['deepseek-r1.topo', 'llama3-70b.topo', 'qwen3-235b.topo'];

describe('estimates written in the samples', () => {
  for (const sample of samples) {
    it(`${sample}: every workload has an ESTIMATE comment equal to its code lens`, () => {
      const file = path.join(repoRoot, 'samples', sample);
      const text = fs.readFileSync(file, 'utf8');
      const workspace = new Workspace(undefined, catalogPath);
      const analysis = workspace.analyse(URI.file(file).toString())!;
      const titles = new Map([...estimatesOf(analysis).values()].map((r) => [r.spec.name, lensTitle(r.estimate)]));
      const lines = text.split('\n');
      const out: string[] = [];
      const problems: string[] = [];
      for (const line of lines) {
        const m = /^workload\s+([A-Za-z0-9_]+)/.exec(line);
        if (m) {
          const expected = `${marker}${titles.get(m[1]) ?? 'no estimate'}`;
          const previous = out[out.length - 1] ?? '';
          if (previous.startsWith(marker)) {
            if (previous !== expected) problems.push(`${m[1]}:\n  written:  ${previous}\n  estimate: ${expected}`);
            out[out.length - 1] = expected;
          } else {
            problems.push(`${m[1]}: no ESTIMATE comment`);
            out.push(expected);
          }
        }
        out.push(line);
      }
      if (process.env.UPDATE_ESTIMATES) {
        fs.writeFileSync(file, out.join('\n'));
        return;
      }
      assert.equal(titles.size, [...text.matchAll(/^workload\s/gm)].length, 'every workload estimates');
      assert.deepEqual(
        problems,
        [],
        `run UPDATE_ESTIMATES=1 npm test after checking the change:\n${problems.join('\n')}`,
      );
    });
  }
});
