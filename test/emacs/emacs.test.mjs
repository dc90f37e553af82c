// Emacs (Debian's emacs-nox, batch mode) with eglot as a third-party LSP client: test/emacs/init.el starts
// `node dist/server.js --stdio` on a copy of samples/mistakes.topo and writes what it saw as JSON;
// these tests assert on that JSON: diagnostics, a workload lens's command, the TOPO302 quick fix.
//
//   npm run test:emacs      (TOPO_SKIP_BUILD=1 reuses dist/)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXTENSION_ROOT, ROOT, buildExtension, tempDir } from '../../scripts/real-editor/lib.mjs';

let results;
let tmp;

describe('Emacs eglot LSP client', { timeout: 180_000 }, () => {
  before(() => {
    buildExtension();
    const emacs = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
    assert.equal(emacs.status, 0, 'emacs is not installed; run bash scripts/real-editor/setup.sh');
    tmp = tempDir('emacs');
    // A copy of the samples, so imports resolve and the quick fix changes nothing in the project.
    cpSync(join(ROOT, 'samples'), join(tmp, 'samples'), { recursive: true });
    const resultsPath = join(tmp, 'results.json');
    const run = spawnSync('emacs', ['--batch', '-Q', '-l', join(ROOT, 'test/emacs/init.el')], {
      cwd: join(tmp, 'samples'),
      encoding: 'utf8',
      timeout: 150_000,
      env: {
        ...process.env,
        HOME: tmp, // nothing of the user's Emacs setup, and nothing written to it
        TOPO_SERVER: join(EXTENSION_ROOT, 'dist/server.js'),
        TOPO_EMACS_FILE: join(tmp, 'samples', 'mistakes.topo'),
        TOPO_EMACS_RESULTS: resultsPath,
      },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.ok(existsSync(resultsPath), `emacs wrote no results (exit ${run.status ?? run.signal}):\n${output}`);
    results = JSON.parse(readFileSync(resultsPath, 'utf8'));
    console.log(`# Emacs ${results.emacs}, server ${results.server ?? '(no serverInfo)'}`);
    assert.equal(results.error, undefined, `init.el failed: ${results.error}\n${run.stderr}`);
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('starts the server for topo-mode over stdio', () => {
    assert.equal(results.mode, 'topo-mode');
    assert.equal(results.server, 'topo-language-server');
  });

  it('lists the diagnostics of mistakes.topo in flymake, with every code the file names', () => {
    const mentioned = [
      ...new Set(readFileSync(join(ROOT, 'samples/mistakes.topo'), 'utf8').match(/TOPO\d{3,4}/g) ?? []),
    ];
    assert.deepEqual(
      results.codes.filter((c) => !/^TOPO\d{3,4}$/.test(c)),
      [],
      'diagnostics without a TOPO code',
    );
    const reported = new Set(results.codes);
    assert.deepEqual(
      mentioned.filter((c) => !reported.has(c)).sort(),
      [],
      'codes named in mistakes.topo but not listed',
    );
  });

  it("runs a workload lens's command in the server: the breakdown comes back and is shown as plain text", () => {
    assert.match(String(results.lens_title), /tok\/s per device/);
    assert.match(String(results.lens_result), /\| operator \| time \| share \| limited by \|/);
    assert.match(String(results.lens_shown), /\| operator \| time \| share \| limited by \|/);
    assert.doesNotMatch(String(results.lens_shown), /\*\*/);
  });

  it('applies the TOPO302 quick fix from eglot-code-actions, and flymake no longer lists TOPO302', () => {
    assert.ok(
      results.fix_offered?.some((t) => /Gb\/s/.test(t)),
      `offered: ${results.fix_offered}`,
    );
    assert.match(String(results.fix_line), /bandwidth 400 Gb\/s/);
    assert.equal(results.fix_still_reported, false);
  });
});
