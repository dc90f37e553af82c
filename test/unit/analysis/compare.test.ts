// Comparisons: ranked rows, power and price per token by arithmetic, no NaN or infinity, and the sample's claims.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { compareSystems, costFigures } from '../../../server/src/analysis/compare';
import {
  compareLensTitle,
  compareMarkdown,
  compareTable,
  csvTable,
} from '../../../server/src/analysis/decision-report';
import { Workspace } from '../../../server/src/semantics/program';
import { catalogPath, repoRoot } from '../../helpers/repo';
import { analyseText } from '../../helpers/workspace';

const systems = `system Box {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\nsystem Rack {\n  gpu GB200 x 72\n  fabric NVLink5\n}\n`;

function comparison(lines: string, parallel = 'search') {
  const a = analyseText(
    `${systems}compare C {\n  model Llama3_70B\n  phase decode\n  precision fp8\n  parallel ${parallel}\n  context 2048\n` +
      `  slo tpot 40 ms\n  systems {\n${lines}  }\n}\n`,
  );
  return { analysis: a, spec: a.specs.compare.get('C')! };
}

describe('comparisons', () => {
  it('ranks by tok/s per device and says why the winner wins', () => {
    const { spec } = comparison('    Box devices 8\n    Rack devices 8\n');
    const c = compareSystems(spec);
    assert.deepEqual(
      c.rows.map((r) => r.system),
      ['Rack', 'Box'],
    );
    assert.ok(c.rows[0].point.perDevice > c.rows[1].point.perDevice);
    assert.ok(c.rows.every((r) => r.point.meetsSlo && r.searched));
    assert.match(
      c.why!,
      /^Rack gives [\d.]+x the tok\/s per device of Box: the largest difference per token is (compute|memory|exposed communication)/,
    );
    assert.match(compareLensTitle(c), /^compare: 1\. Rack [\d,.k]+ · 2\. Box [\d,.k]+ tok\/s per device$/);
  });

  it("power and price per token are arithmetic on the row's throughput, scaled to the devices used", () => {
    const { spec } = comparison(
      '    Box devices 8 power total 20 kW price 4 usd per device-hour\n    Rack devices 8 power other 36 kW\n',
    );
    const box = spec.entries[0].workload,
      rack = spec.entries[1].workload;
    const a = costFigures(box, spec.entries[0].costs, 1000);
    assert.equal(a.powerWatts, (20000 * 8) / 16);
    assert.equal(a.perKw, 1000 / 10);
    assert.equal(a.joulesPerToken, 10000 / 1000);
    assert.equal(a.dollarsPerHour, 32);
    assert.ok(Math.abs(a.dollarsPerMillion! - (32 / 3600 / 1000) * 1e6) < 1e-9);
    const b = costFigures(rack, spec.entries[1].costs, 1000);
    assert.equal(b.powerWatts, 1200 * 8 + (36000 * 8) / 72, 'board power plus the share of the rest');
    assert.match(b.notes.join(' '), /scaled to the 8 of 72 devices/);
  });

  it("uses the system's own power and price when the line gives none; the line's replace them", () => {
    const a = analyseText(
      `system Pod {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n    power total 10.2 kW\n  }\n` +
        `  rack net x 1 {\n    power other 4 kW\n  }\n  fabric RoCE400\n  price 160 usd per system-hour\n}\n` +
        `system Npu {\n  npu Ascend910C x 8\n  power other 1 kW\n  price 2 usd per device-hour\n}\n` +
        `compare C {\n  model Llama3_70B\n  phase decode\n  precision fp8\n  parallel tp 8\n  context 2048\n` +
        `  systems {\n    Pod devices 8\n    Pod devices 8 power total 9 kW price 30 usd per system-hour\n    Npu\n  }\n}\n`,
    );
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const [pod, line, npu] = a.specs.compare.get('C')!.entries;
    const own = costFigures(pod.workload, pod.costs, 1000);
    assert.equal(own.powerWatts, ((2 * 10200 + 4000) * 8) / 16, 'the servers total and the network rack, half used');
    assert.equal(own.dollarsPerHour, 160 / 2, "the system's system-hour, scaled to the half used");
    assert.match(own.notes.join('; '), /power scaled to the 8 of 16 devices used; price scaled to the 8 of 16/);
    const written = costFigures(line.workload, line.costs, 1000);
    assert.equal(written.powerWatts, 9000 / 2);
    assert.equal(written.dollarsPerHour, 30, "a line's system-hour is its own devices'");
    const ascend = costFigures(npu.workload, npu.costs, 1000);
    assert.equal(ascend.powerWatts, undefined);
    assert.match(
      ascend.notes.join(' '),
      /no power: Ascend910C gives no board power and neither Npu nor the comparison/,
    );
    assert.equal(ascend.dollarsPerHour, 16);
  });

  it('no throughput, no power or no price gives no figure, never NaN or infinity', () => {
    const { spec } = comparison('    Box devices 8 power total 20 kW price 4 usd per device-hour\n');
    for (const tps of [0, NaN, Infinity, -1]) {
      const f = costFigures(spec.entries[0].workload, spec.entries[0].costs, tps);
      assert.deepEqual(
        [f.perKw, f.joulesPerToken, f.dollarsPerMillion],
        [undefined, undefined, undefined],
        String(tps),
      );
    }
    const none = costFigures(spec.entries[0].workload, {}, 1000);
    assert.equal(none.dollarsPerMillion, undefined);
    const table = compareTable(compareSystems(spec));
    assert.doesNotMatch(JSON.stringify(table), /NaN|Infinity/);
  });

  it('a system where nothing fits is listed without figures, with the reason', () => {
    const a = analyseText(
      `system One {\n  gpu H100 x 1\n}\n${systems}compare C {\n  model DeepSeekR1\n  phase decode\n  parallel search\n  context 4096\n` +
        `  systems {\n    One\n    Rack\n  }\n}\n`,
    );
    const c = compareSystems(a.specs.compare.get('C')!);
    assert.deepEqual(
      c.rows.map((r) => r.system),
      ['Rack'],
    );
    assert.equal(c.missing[0].system, 'One');
    assert.match(
      c.missing[0].reason,
      /^no layout fits: the smallest needs .* per device at batch 1, the device has 80 GB$/,
    );
    assert.match(csvTable(compareTable(c, 'raw')), /no estimate: no layout fits/);
  });

  it('without search, each system runs the written degrees', () => {
    const { spec } = comparison('    Box devices 8\n    Rack devices 8\n', 'tp 8');
    const c = compareSystems(spec);
    assert.ok(c.rows.every((r) => !r.searched && r.layout.tp === 8));
  });

  it('the hover escapes names from the file', () => {
    const { spec } = comparison('    Box devices 8\n');
    const md = compareMarkdown({ ...compareSystems(spec), name: 'C_<b>*x*' });
    assert.match(md, /\*\*C\\_\\<b\\>\\\*x\\\*\*\*/);
  });
});

describe('samples/compare.topo: what its comments say holds', () => {
  const file = path.join(repoRoot, 'samples', 'compare.topo');
  const a = new Workspace(undefined, catalogPath).analyse(URI.file(file).toString())!;
  const get = (name: string) => compareSystems(a.specs.compare.get(name)!);

  it('binds without diagnostics and every system gets an estimate in every comparison', () => {
    assert.deepEqual(a.diagnostics, []);
    for (const name of ['R1_decode_50ms', 'R1_decode_15ms', 'Llama70B_decode', 'Qwen235B_decode']) {
      const c = get(name);
      assert.deepEqual(c.missing, [], name);
      assert.ok(
        c.rows.every((r) => r.perKw !== undefined && r.point.meetsSlo),
        name,
      );
    }
  });

  it('R1 at 50 ms: GB200 NVL72 leads per device and per kW, CloudMatrix384 per system, the H100 cluster is link-bound', () => {
    const c = get('R1_decode_50ms');
    const by = new Map(c.rows.map((r) => [r.system, r]));
    assert.equal(c.rows[0].system, 'GB200_NVL72');
    assert.ok(by.get('GB200_NVL72')!.perKw! > by.get('CloudMatrix384')!.perKw!);
    assert.ok(by.get('CloudMatrix384')!.point.total > by.get('GB200_NVL72')!.point.total);
    assert.equal(by.get('H100_RoCE')!.estimate.bound.kind, 'link');
  });

  it('Llama 3 70B: per device the 910C ranks below the H100 (no 2.5x lead from the chip)', () => {
    const by = new Map(get('Llama70B_decode').rows.map((r) => [r.system, r.point.perDevice]));
    assert.ok(by.get('CloudMatrix384')! < by.get('H100_RoCE')!);
  });

  it('R1 at 15 ms: the estimate per CloudMatrix384 device is several times the measured 538 tok/s', () => {
    const cm = get('R1_decode_15ms').rows.find((r) => r.system === 'CloudMatrix384')!;
    assert.ok(cm.point.perDevice > 2 * 538);
  });
});
