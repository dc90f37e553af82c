// `topo sweep` and `topo compare`: the curve and the comparison as a table, JSON and CSV, with clear failures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { URI } from 'vscode-uri';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { parseArgs } from '../../../server/src/cli/args';
import { Workspace } from '../../../server/src/semantics/program';
import { catalogPath, repoRoot } from '../../helpers/repo';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const r1 = 'samples/deepseek-r1.topo';

describe('topo sweep', () => {
  const w = new Workspace(undefined, catalogPath).analyse(URI.file(path.join(repoRoot, r1)).toString())!.specs.workload.get('R1_decode_NVL72_50ms')!;

  it('prints the curve as a table with the SLO point and the operating point marked', () => {
    const r = run('sweep', r1, '--workload', 'R1_decode_NVL72_50ms');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^R1_decode_NVL72_50ms: curve, \d+ points, memory limit \d+ per device, TPOT SLO 50 ms\n\nbatch +TPOT/);
    assert.match(r.stdout, /meets +operating\+slo\n/);
    assert.match(r.stdout, /misses/);
    assert.doesNotMatch(r.stdout, /NaN|Infinity|R1_decode_CM384/);
  });

  it('JSON carries the same operating point as the estimate; CSV has plain numbers in seconds', () => {
    const json = JSON.parse(run('sweep', r1, '--workload', 'R1_decode_NVL72_50ms', '--format', 'json').stdout);
    assert.equal(json.length, 1);
    assert.equal(json[0].operating.perDevice, estimateWorkload(w).throughputPerDevice);
    assert.equal(json[0].slo.name, 'tpot');
    const csv = run('sweep', r1, '--workload', 'R1_decode_NVL72_50ms', '--format', 'csv').stdout.split('\r\n');
    assert.equal(csv[0], 'name,batch,TPOT (s),TTFT (s),tok/s per user,tok/s per device,tok/s total,bound,SLO,mark');
    assert.match(csv[1], /^R1_decode_NVL72_50ms,1,0\.\d+,,[\d.]+,\d+,\d+,/);
  });

  it('--search adds the layout search: the best few with their bounds', () => {
    const r = run('sweep', r1, '--workload', 'R1_decode_NVL72_50ms', '--search');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /layout search, \d+ layouts, best layout tp \d+ pp \d+ ep \d+ dp \d+ adp \d+: ≈[\d,]+ tok\/s per device/);
    assert.match(r.stdout, /\nrank +layout +batch per device/);
  });

  it('fails clearly on a workload that is not there, and on options of other commands', () => {
    const r = run('sweep', r1, '--workload', 'Nope');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no workload 'Nope'/);
    assert.deepEqual(parseArgs(['sweep', r1, '--name', 'x']), { error: '--name is an option of compare', command: 'sweep' });
    assert.deepEqual(parseArgs(['check', r1, '--search']), { error: '--search is an option of sweep', command: 'check' });
    assert.match((parseArgs(['compare', r1, '--format', 'sarif']) as { error: string }).error, /--format takes table, json or csv/);
  });
});

describe('topo compare', () => {
  it('prints each comparison ranked, with why the winner wins', () => {
    const r = run('compare', 'samples/compare.topo', '--name', 'Llama70B_decode');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Llama70B_decode\n\w+ gives [\d.]+x the tok\/s per device of \w+/);
    assert.match(r.stdout, /rank +system +devices +layout/);
    assert.equal((r.stdout.match(/\(searched\)/g) ?? []).length, 3);
  });

  it('JSON rows carry figures per device, per system and per kW, without full estimates', () => {
    const all = JSON.parse(run('compare', 'samples/compare.topo', '--format', 'json').stdout);
    assert.deepEqual(all.map((c: { name: string }) => c.name), ['R1_decode_50ms', 'R1_decode_15ms', 'Llama70B_decode', 'Qwen235B_decode']);
    const row = all[0].rows[0];
    assert.ok(row.point.perDevice > 0 && row.point.total > 0 && row.perKw > 0 && row.joulesPerToken > 0);
    assert.equal(row.estimate, undefined);
  });

  it('a file without comparisons exits 1 and says so', () => {
    const r = run('compare', r1);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no compare declaration/);
  });
});
