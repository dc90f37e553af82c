// `topo sweep` and `topo compare`: the curve and the comparison as a table, JSON and CSV, with clear failures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { URI } from 'vscode-uri';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { parseArgs } from '../../../server/src/cli/args';
import { Workspace } from '../../../server/src/semantics/program';
import { catalogPath, repoRoot, samplesDir } from '../../helpers/repo';
import { curvePaths, findAll, parseSvg, textOf } from '../views/helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
const r1 = 'samples/deepseek-r1.topo';

describe('topo sweep', () => {
  const w = new Workspace(undefined, catalogPath)
    .analyse(URI.file(path.join(repoRoot, r1)).toString())!
    .specs.workload.get('R1_decode_NVL72_50ms')!;

  it('prints the curve as a table with the SLO point and the operating point marked', () => {
    const r = run('sweep', r1, '--workload', 'R1_decode_NVL72_50ms');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^R1_decode_NVL72_50ms: curve, \d+ points, memory limit \d+ per device, TPOT SLO 50 ms\n\nbatch +TPOT/,
    );
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
    assert.match(
      r.stdout,
      /layout search, \d+ layouts, best layout tp \d+ pp \d+ ep \d+ dp \d+ adp \d+: ≈[\d,]+ tok\/s per device/,
    );
    assert.match(r.stdout, /\nrank +layout +batch per device/);
  });

  it('fails clearly on a workload that is not there, and on options of other commands', () => {
    const r = run('sweep', r1, '--workload', 'Nope');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no workload 'Nope'/);
    assert.deepEqual(parseArgs(['sweep', r1, '--name', 'x']), {
      error: '--name is an option of compare',
      command: 'sweep',
    });
    assert.deepEqual(parseArgs(['check', r1, '--search']), {
      error: '--search is an option of sweep',
      command: 'check',
    });
    assert.match(
      (parseArgs(['compare', r1, '--format', 'sarif']) as { error: string }).error,
      /--format takes table, json, csv or svg/,
    );
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
    assert.deepEqual(
      all.map((c: { name: string }) => c.name),
      ['R1_decode_50ms', 'R1_decode_15ms', 'Llama70B_decode', 'Qwen235B_decode'],
    );
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

const curvesOf = (svg: string) => curvePaths(parseSvg(svg));
const textsOf = (svg: string) => findAll(parseSvg(svg), (e) => e.name === 'text').map(textOf);

describe('topo sweep and compare --format svg', () => {
  it('sweep draws a curve per workload with the SLO line; prefill workloads are left out of a decode chart, named', () => {
    const r = run('sweep', r1, '--format', 'svg');
    assert.equal(r.status, 1, 'a workload left out is not a clean run');
    const texts = textsOf(r.stdout);
    assert.ok(texts.includes('TPOT SLO 50 ms (20 tok/s per user)'));
    for (const w of ['R1_decode_CM384', 'R1_decode_NVL72_50ms', 'R1_decode_H100_RoCE']) assert.ok(texts.includes(w), w);
    assert.equal(curvesOf(r.stdout).length, texts.filter((t) => t.startsWith('R1_decode')).length);
    assert.match(r.stderr, /left out of the chart: R1_prefill_CM384: it plots against TTFT \(prefill\)/);
    const one = run('sweep', r1, '--workload', 'R1_prefill_CM384', '--format', 'svg');
    assert.equal(one.status, 0, one.stderr);
    assert.ok(textsOf(one.stdout).includes('TTFT (ms)'));
  });

  it('sweep --search draws one curve per layout of the best few', () => {
    const r = run('sweep', r1, '--workload', 'R1_decode_NVL72_50ms', '--search', '--format', 'svg');
    assert.equal(r.status, 0, r.stderr);
    const layouts = textsOf(r.stdout).filter((t) => /^R1_decode_NVL72_50ms tp \d+/.test(t));
    assert.ok(layouts.length >= 2, layouts.join());
    assert.equal(curvesOf(r.stdout).length, layouts.length);
  });

  it('compare draws one curve per system with the SLO line and a legend entry each', () => {
    const r = run('compare', 'samples/compare.topo', '--name', 'R1_decode_50ms', '--format', 'svg');
    assert.equal(r.status, 0, r.stderr);
    const texts = textsOf(r.stdout);
    for (const s of ['CloudMatrix384', 'GB200_NVL72', 'H100_RoCE']) {
      assert.equal(texts.filter((t) => t === s).length, 1, s);
    }
    assert.equal(curvesOf(r.stdout).length, 3);
    assert.ok(texts.includes('TPOT SLO 50 ms (20 tok/s per user)'));
    const all = run('compare', 'samples/compare.topo', '--format', 'svg');
    assert.equal(all.status, 2);
    assert.match(all.stderr, /draws one comparison; pick one with --name \(R1_decode_50ms, R1_decode_15ms/);
    assert.equal(all.stdout, '');
  });

  it('a workload with no point to draw exits 1 with a clear message and writes no chart', () => {
    const text =
      'import "h100-roce.topo"\nworkload Too_big {\n  model DeepSeekR1\n  on H100_RoCE devices 1\n' +
      '  phase decode\n  precision bf16\n  batch 1\n  context 4096\n}\n';
    const args = [cli, 'sweep', '-', '--format', 'svg'];
    const r = spawnSync(process.execPath, args, { cwd: samplesDir, encoding: 'utf8', input: text });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /left out of the chart: Too_big: no point to draw \(.+\)\n/);
    assert.match(r.stderr, /nothing to draw: no curve has a point with finite figures/);
  });
});
