// Neovim (Debian's, headless) as a second LSP client: test/nvim/init.lua starts
// `node dist/server.js --stdio`, opens samples and writes what it received as JSON;
// these tests assert on that JSON.
//
//   npm run test:nvim      (TOPO_SKIP_BUILD=1 reuses dist/)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, after, describe, it } from 'node:test';
import { EXTENSION_ROOT, ROOT, buildExtension, tempDir } from '../../scripts/real-editor/lib.mjs';

// `≈1,870 tok/s per device · 299k tok/s total ...`, `≈6,765 input tok/s per device · ...`
const THROUGHPUT = /≈\s*\d[\d,.]*\s*[kM]?\s+(?:[a-z]+\s+)?tok\/s per device/;
let results;
let tmp;

const file = (name) => results.files.find((f) => f.file.endsWith(`/${name}`));
const workloadFiles = () => results.files.filter((f) => f.workloads.length && !f.file.endsWith('/mistakes.topo'));

describe('Neovim LSP client', { timeout: 300_000 }, () => {
  before(() => {
    buildExtension();
    const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(nvim.status, 0, 'nvim is not installed; run bash scripts/real-editor/setup.sh');
    tmp = tempDir('nvim');
    // A copy of the samples, so imports resolve and nothing in the project changes.
    cpSync(join(ROOT, 'samples'), join(tmp, 'samples'), { recursive: true });
    const names = ['mistakes.topo', 'deepseek-r1.topo', 'llama3-70b.topo', 'h100-roce.topo'].filter((n) =>
      existsSync(join(tmp, 'samples', n)),
    );
    const resultsPath = join(tmp, 'results.json');
    const run = spawnSync('nvim', ['--headless', '-u', join(ROOT, 'test/nvim/init.lua'), '-i', 'NONE', '-n'], {
      cwd: join(tmp, 'samples'),
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        ...process.env,
        TOPO_SERVER: join(EXTENSION_ROOT, 'dist/server.js'),
        TOPO_NVIM_FILES: names.map((n) => join(tmp, 'samples', n)).join(','),
        TOPO_NVIM_RESULTS: resultsPath,
        XDG_STATE_HOME: join(tmp, 'state'), // keep lsp.log out of the user's home
        XDG_DATA_HOME: join(tmp, 'data'),
        XDG_CONFIG_HOME: join(tmp, 'config'),
      },
    });
    assert.ok(
      existsSync(resultsPath),
      `nvim wrote no results (exit ${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`,
    );
    results = JSON.parse(readFileSync(resultsPath, 'utf8'));
    console.log(`# Neovim ${results.nvim}, server ${results.server_name ?? '(no serverInfo)'}`);
    assert.equal(results.error, undefined, `init.lua failed: ${results.error}`);
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('detects the topo filetype and starts the server over stdio', () => {
    assert.equal(results.filetype, 'topo');
    assert.ok(results.files.length > 0);
    for (const f of results.files) assert.equal(f.error, undefined, `${f.file}: ${f.error}`);
  });

  it('receives diagnostics with TOPO codes for mistakes.topo', () => {
    const m = file('mistakes.topo');
    assert.ok(m, 'samples/mistakes.topo is missing');
    assert.ok(m.diagnostics.length > 0, 'no diagnostics arrived');
    const uncoded = m.diagnostics.filter((d) => !/^TOPO\d{3,4}$/.test(String(d.code)));
    assert.deepEqual(uncoded, [], 'diagnostics without a TOPO code');
    const mentioned = [
      ...new Set(readFileSync(join(ROOT, 'samples/mistakes.topo'), 'utf8').match(/TOPO\d{3,4}/g) ?? []),
    ];
    const reported = new Set(m.diagnostics.map((d) => d.code));
    assert.deepEqual(
      mentioned.filter((c) => !reported.has(c)).sort(),
      [],
      'codes named in mistakes.topo but not received',
    );
  });

  it('gets a code lens with tok/s on every workload (textDocument/codeLens)', () => {
    const files = workloadFiles();
    assert.ok(files.length > 0, 'no opened sample declares a workload');
    const missing = [];
    for (const f of files) {
      assert.equal(f.lens_error ?? undefined, undefined, `codeLens request failed: ${f.lens_error}`);
      for (const w of f.workloads) {
        const titles = f.lenses.filter((l) => l.line === w.line).map((l) => l.title);
        if (!titles.some((t) => THROUGHPUT.test(String(t))))
          missing.push(`${f.file.split('/').pop()}:${w.line + 1} ${w.name} [${titles.join(' | ')}]`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('gets a hover with the breakdown on a workload name (textDocument/hover)', () => {
    const [f] = workloadFiles();
    assert.ok(f, 'no opened sample declares a workload');
    assert.equal(f.hover_error ?? undefined, undefined, `hover request failed: ${f.hover_error}`);
    assert.match(String(f.hover), THROUGHPUT, `hover on ${f.workloads[0].name}: ${f.hover}`);
    assert.match(String(f.hover), /compute/i);
    assert.match(String(f.hover), /memory|HBM/i);
    assert.match(String(f.hover), /bound:/);
    assert.match(String(f.hover), /\|\s*share\s*\|/, 'no breakdown table with a share column');
  });

  it('runs a workload lens (vim.lsp.codelens.run): the server executes it and shows the breakdown', () => {
    assert.ok(results.lens_run, 'no workload lens was run');
    const message = String(results.lens_run.message);
    assert.match(message, new RegExp(`${results.lens_run.workload} \\((decode|prefill)\\)`), message);
    assert.match(message, /\| operator \| time \| share \| limited by \|/);
    assert.doesNotMatch(message, /\*\*/, 'the breakdown is shown as plain text');
  });

  it('applies the quick fix for TOPO302 (vim.lsp.buf.code_action) and the diagnostic goes', () => {
    const { fix } = results;
    assert.ok(fix, 'mistakes.topo was not opened');
    assert.equal(fix.error, undefined, fix.error);
    assert.match(String(fix.chosen), /Gb\/s/, `offered: ${fix.titles.join(' | ')}`);
    assert.match(String(fix.line_after), /bandwidth 400 Gb\/s/);
    assert.equal(fix.still_reported, false, 'TOPO302 is still reported after the fix');
  });

  it('gets document symbols naming the workloads (textDocument/documentSymbol)', () => {
    const missing = workloadFiles().flatMap((f) =>
      f.workloads.filter((w) => !f.symbols.includes(w.name)).map((w) => `${f.file.split('/').pop()}: ${w.name}`),
    );
    assert.deepEqual(missing, []);
  });
});
