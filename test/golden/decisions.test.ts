// Golden decisions: the CSV of every comparison in the samples and of one workload's curve and layout search, under
// test/golden/expected/decisions/. An estimator change shows as a diff here; update with npm run test:update-golden.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { compareSystems } from '../../server/src/analysis/compare';
import { compareTable, csvTable, curveTable, searchTable } from '../../server/src/analysis/decision-report';
import { searchLayouts } from '../../server/src/analysis/search';
import { sweepWorkload } from '../../server/src/analysis/sweep';
import { Workspace } from '../../server/src/semantics/program';
import { catalogPath, repoRoot } from '../helpers/repo';
import { lineDiff } from '../helpers/diff';

const update = !!process.env.UPDATE_GOLDEN && process.env.UPDATE_GOLDEN !== '0';
const dir = path.join(repoRoot, 'test', 'golden', 'expected', 'decisions');

function golden(name: string, actual: string): void {
  const file = path.join(dir, name);
  if (update) {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== actual) fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `no golden file ${name}; create it with npm run test:update-golden`);
  const expected = fs.readFileSync(file, 'utf8');
  if (expected !== actual)
    assert.fail(
      `${name} differs (- expected, + actual):\n${lineDiff(expected, actual)}\nIf intended: npm run test:update-golden`,
    );
}

describe('golden decisions', () => {
  const workspace = new Workspace(undefined, catalogPath);
  const analyse = (f: string) => workspace.analyse(URI.file(path.join(repoRoot, 'samples', f)).toString())!;

  it('samples/compare.topo: every comparison', () => {
    const a = analyse('compare.topo');
    const tables = [...a.specs.compare.values()].map(
      (c) => `# ${c.name}\r\n${csvTable(compareTable(compareSystems(c), 'raw'))}`,
    );
    golden('compare.csv', tables.join(''));
  });

  it('R1_decode_CM384: the curve and the layout search', () => {
    const w = analyse('deepseek-r1.topo').specs.workload.get('R1_decode_CM384')!;
    golden('R1_decode_CM384.curve.csv', csvTable(curveTable(sweepWorkload(w), 'raw')));
    golden('R1_decode_CM384.search.csv', csvTable(searchTable(searchLayouts(w), 'raw')));
  });
});
