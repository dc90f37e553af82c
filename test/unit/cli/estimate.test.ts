// `topo estimate` prints the same figures as the code lenses, as text or JSON, and fails clearly on bad input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { URI } from 'vscode-uri';
import { lensTitle } from '../../../server/src/analysis/report';
import { estimatesOf } from '../../../server/src/features/estimates';
import { Workspace } from '../../../server/src/semantics/program';
import { catalogPath, repoRoot } from '../../helpers/repo';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8' });
const sample = 'samples/deepseek-r1.topo';

describe('topo estimate', () => {
  const workspace = new Workspace(undefined, catalogPath);
  const analysis = workspace.analyse(URI.file(path.join(repoRoot, sample)).toString())!;
  const expected = estimatesOf(analysis).get('R1_decode_CM384')!.estimate;

  it('prints the lens text and the breakdown of one workload', () => {
    assert.ok(fs.existsSync(cli), 'run npm run build first');
    const r = run('estimate', sample, '--workload', 'R1_decode_CM384');
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.startsWith(`R1_decode_CM384: ${lensTitle(expected)}\n`));
    assert.match(r.stdout, /\| operator \| time \| share \| limited by \|/);
    assert.doesNotMatch(r.stdout, /R1_decode_H100_RoCE/);
  });

  it('prints every workload of the file as JSON with the same numbers', () => {
    const r = run('estimate', sample, '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const all = JSON.parse(r.stdout) as { workload: string; throughputPerDevice: number; bound: { kind: string } }[];
    assert.equal(all.length, analysis.specs.workload.size);
    const cm = all.find((e) => e.workload === 'R1_decode_CM384')!;
    assert.equal(cm.throughputPerDevice, expected.throughputPerDevice);
    assert.equal(cm.bound.kind, expected.bound.kind);
  });

  it('fails with a message for an unknown workload, a missing file and a bad option', () => {
    const unknown = run('estimate', sample, '--workload', 'Nope');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no workload 'Nope'.*R1_decode_CM384/);
    const missing = run('estimate', 'samples/none.topo');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read samples\/none.topo/);
    const bad = run('estimate', sample, '--format', 'xml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format takes text or json/);
  });
});

describe('topo estimate over several inputs', () => {
  it('takes a directory and names the file of each estimate', () => {
    const r = run('estimate', 'samples', '--format', 'json');
    const all = JSON.parse(r.stdout) as { file: string; workload: string; valid: boolean }[];
    assert.equal(r.status, all.every((e) => e.valid) ? 0 : 1, r.stderr);
    assert.ok(all.some((e) => e.file === 'samples/deepseek-r1.topo' && e.workload === 'R1_decode_CM384'));
    assert.ok(new Set(all.map((e) => e.file)).size >= 3, 'estimates from several samples');
  });

  it('reports a --workload that no input has, and refuses --format sarif', () => {
    const none = run('estimate', 'samples/*.topo', '--workload', 'Nope');
    assert.equal(none.status, 1);
    assert.match(none.stderr, /no workload 'Nope' in \d+ files/);
    const sarif = run('estimate', sample, '--format', 'sarif');
    assert.equal(sarif.status, 2);
    assert.match(sarif.stderr, /--format takes text or json, not sarif/);
  });
});
