// Golden files: the expected diagnostics of every sample and catalog file, in the CLI format, written next to
// the sources under test/golden/expected/<dir>/<name>.diagnostics.txt. A change in output fails with a diff.
// Update deliberately with `npm run test:update-golden` (or UPDATE_GOLDEN=1 npm test) and review the git diff.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkFiles, formatCliDiagnostic } from '../../server/src/cli/check';
import { Workspace } from '../../server/src/semantics/program';
import { catalogPath, repoRoot, sourceFiles } from '../helpers/repo';
import { lineDiff } from '../helpers/diff';

const update = !!process.env.UPDATE_GOLDEN && process.env.UPDATE_GOLDEN !== '0';
const expectedDir = path.join(repoRoot, 'test', 'golden', 'expected');
const header = (source: string) =>
  `# Expected diagnostics of ${source} (topo check format). Regenerate: npm run test:update-golden\n`;

export function expectedPathOf(source: string): string {
  return path.join(expectedDir, path.dirname(source), `${path.basename(source, '.topo')}.diagnostics.txt`);
}

/** The machine-independent text: the repository root in messages becomes <root>. */
export function normalise(text: string): string {
  return text.split(repoRoot).join('<root>');
}

function actualOf(workspace: Workspace, source: string): string {
  // The same core and format as `topo check`.
  const { diagnostics, missing } = checkFiles(workspace, [path.join(repoRoot, source)]);
  assert.deepEqual(missing, [], `cannot read ${source}`);
  const lines = diagnostics.map((d) => formatCliDiagnostic({ ...d, file: source }));
  return normalise(header(source) + lines.map((l) => `${l}\n`).join(''));
}

describe('golden diagnostics', () => {
  const workspace = new Workspace(undefined, catalogPath);
  const sources = sourceFiles();

  it('has sample and catalog files to check', () => {
    assert.ok(
      sources.includes('samples/mistakes.topo') && sources.includes('catalog/catalog.topo'),
      sources.join(', '),
    );
  });

  for (const source of sources) {
    it(source, () => {
      const actual = actualOf(workspace, source);
      const file = expectedPathOf(source);
      if (update) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== actual) {
          fs.writeFileSync(file, actual);
          console.log(`updated ${path.relative(repoRoot, file)}`);
        }
        return;
      }
      assert.ok(
        fs.existsSync(file),
        `no golden file ${path.relative(repoRoot, file)}; create it with npm run test:update-golden`,
      );
      const expected = fs.readFileSync(file, 'utf8');
      if (expected !== actual) {
        assert.fail(
          `diagnostics of ${source} differ from ${path.relative(repoRoot, file)} (- expected, + actual):\n${lineDiff(expected, actual)}\nIf the change is intended: npm run test:update-golden, then review the diff.`,
        );
      }
    });
  }

  it('has no golden file without a source', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.diagnostics.txt')) files.push(p);
      }
    };
    walk(expectedDir);
    const known = new Set(sources.map(expectedPathOf));
    const orphans = files.filter((f) => !known.has(f)).map((f) => path.relative(repoRoot, f));
    if (update) for (const o of orphans) fs.rmSync(path.join(repoRoot, o));
    else
      assert.deepEqual(orphans, [], 'golden files whose source is gone: delete them (npm run test:update-golden does)');
  });

  it("mistakes.topo shows every diagnostic code, the estimator's TOPO5xx included", async () => {
    const { diagnosticCodes } = await import('../../server/src/semantics/diagnostics');
    const actual = actualOf(workspace, 'samples/mistakes.topo');
    const retired = (meaning: string) => meaning.startsWith('Retired:');
    // TOPO210 needs a file over the 1 MB size budget: test/unit/semantics/binder.test.ts and test/protocol/files.test.ts show it.
    const missing = Object.entries(diagnosticCodes)
      .filter(([c, m]) => !retired(m) && c !== 'TOPO210' && !actual.includes(` ${c}: `))
      .map(([c]) => c);
    assert.deepEqual(missing, []);
  });

  it('the other samples and the catalog have no errors', () => {
    for (const source of sources.filter((s) => s !== 'samples/mistakes.topo')) {
      assert.doesNotMatch(actualOf(workspace, source), /: error TOPO/, source);
    }
  });

  it('the real CLI prints exactly the golden lines, and exits 1 on errors and 0 without', () => {
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    assert.ok(fs.existsSync(cli), 'run npm run build first');
    for (const source of ['samples/mistakes.topo', 'samples/h100-roce.topo']) {
      const run = spawnSync(process.execPath, [cli, 'check', source], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(run.status, source.includes('mistakes') ? 1 : 0, run.stderr);
      assert.equal(normalise(header(source) + run.stdout), actualOf(workspace, source));
    }
    const json = spawnSync(process.execPath, [cli, 'check', 'samples/mistakes.topo', '--format', 'json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const parsed = JSON.parse(json.stdout) as { code: string; line: number }[];
    assert.equal(
      parsed.length,
      actualOf(workspace, 'samples/mistakes.topo')
        .split('\n')
        .filter((l) => l.startsWith('samples/')).length,
    );
  });
});
