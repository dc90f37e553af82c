// The panel's view model and pictures: symbolic levels, a workload's load and bottleneck, bad input, clicks, escaping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { viewOf } from '../../../server/src/features/panel';
import { comparisonOf } from '../../../server/src/features/decisions';
import { estimatesOf } from '../../../server/src/features/estimates';
import { defaultSettings } from '../../../server/src/features/services';
import { Workspace } from '../../../server/src/semantics/program';
import { renderMemoryChart, renderStepChart } from '../../../server/src/views/charts';
import { renderDiagram } from '../../../server/src/views/diagram';
import { levelsOf } from '../../../server/src/views/levels';
import { panelAction } from '../../../server/src/views/messages';
import { escapeXml } from '../../../server/src/views/svg';
import { EstimateView } from '../../../server/src/views/types';
import { catalogPath, readRepoFile, repoRoot } from '../../helpers/repo';
import { analyse, curvePaths, findAll, hasClass, parseSvg, textOf, viewOfText } from './helpers';
import { renderPictures } from '../../../server/src/views/pictures';

const threshold = defaultSettings.bottleneckThreshold;

/** A system of `count` pods x 1,000 racks x 125 servers x 8 GPUs, with a fabric at each of three levels. */
function hugeSystem(pods: number): string {
  return `system Huge {
  pod x ${pods} {
    rack x 1000 {
      server x 125 {
        gpu H100 x 8
        fabric NVLink4
      }
      fabric IB400 oversubscription 2:1
    }
    fabric IB400 oversubscription 4:1
  }
  scaleout IB400
}
`;
}

describe('panel view model', () => {
  const workspace = new Workspace(undefined, catalogPath);
  const r1 = analyse(workspace, 'samples/deepseek-r1.topo');

  it('draws each level once, with its count, and the instances a workload uses', () => {
    const view = viewOf(workspace, r1, { workload: 'R1_decode_CM384' }, threshold);
    const levels = levelsOf(view.topology!).map(({ view: v }) => [
      v.label,
      v.count,
      v.devicesPerInstance,
      v.used?.instances ?? 0,
    ]);
    assert.deepEqual(levels, [
      ['CloudMatrix384', 1, 384, 1],
      ['rack compute', 12, 32, 5],
      ['server', 4, 8, 20],
      ['npu Ascend910C', 8, 1, 160],
      ['rack bus', 4, 0, 0],
    ]);
    assert.equal(view.topology!.root.used!.devices, 160);
    assert.equal(view.topology!.scaleout!.link, 'RoCE400');
  });

  it('marks the bottleneck level with its share and bytes per step, as the estimate has them', () => {
    const view = viewOf(workspace, r1, { workload: 'R1_decode_H100_RoCE' }, threshold);
    const estimate = estimatesOf(r1).get('R1_decode_H100_RoCE')!.estimate;
    assert.equal(estimate.bound.kind, 'link');
    const marked = levelsOf(view.topology!)
      .map(({ view: v }) => v.fabric)
      .filter((f) => f?.load?.bottleneck);
    assert.equal(marked.length, 1);
    const level = estimate.levels.find(
      (l) => l.linkName === marked[0]!.link && l.shareOfStep === estimate.bound.share,
    )!;
    assert.ok(level, 'the marked fabric is the bound level');
    assert.equal(marked[0]!.load!.bytesPerStep, level.bytesPerStep);
  });

  it('follows the cursor: a workload, its own system keeps the workload, another system drops it', () => {
    const text = r1.file.text;
    assert.equal(
      viewOf(workspace, r1, { offset: text.indexOf('phase prefill') }, threshold).selection.workload,
      'R1_prefill_CM384',
    );
    const comment = viewOf(workspace, r1, { offset: 0, workload: 'R1_decode_H100_IB' }, threshold);
    assert.equal(comment.selection.workload, 'R1_decode_H100_IB', 'a cursor on a comment keeps the last selection');
    const two =
      `system A {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric IB400\n}\n` +
      `system B {\n  server x 4 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n` +
      `workload W {\n  model Llama3_70B\n  on A\n  phase decode\n  parallel tp 8 dp 2\n  batch 8 per device\n}\n`;
    const inA = viewOfText(two, { offset: two.indexOf('fabric IB400'), workload: 'W' });
    assert.deepEqual(inA.selection, { system: 'A', workload: 'W' });
    assert.equal(inA.topology!.workload, 'W', 'the workload is drawn on its own system');
    assert.equal(inA.topology!.root.used!.devices, 16);
    const inB = viewOfText(two, { offset: two.indexOf('fabric RoCE400'), workload: 'W' });
    assert.deepEqual(inB.selection, { system: 'B', workload: undefined });
  });

  it('a changed link bandwidth changes the view', () => {
    const source = readRepoFile('samples/h100-roce.topo');
    const before = viewOfText(source, { system: 'H100_RoCE' }, 'h100-edit.topo');
    const after = viewOfText(
      source.replace(/fabric RoCE400 links 1/, 'fabric RoCE400 links 2'),
      { system: 'H100_RoCE' },
      'h100-edit.topo',
    );
    assert.equal(after.topology!.root.fabric!.bandwidthPerDevice, 2 * before.topology!.root.fabric!.bandwidthPerDevice);
  });

  it('a file with errors still draws what binds and says what is missing', async () => {
    const view = viewOfText(
      `system Good {
  server x 2 {
    gpu H100 x 8
    fabric NVLink4
  }
  fabric IB400
}
system Broken {
  server x 2 {
    gpu NoSuchChip x 8
  }
}
workload W {
  model NoSuchModel
  on Good
  phase decode
}
`,
      { system: 'Good' },
    );
    assert.equal(view.topology?.system, 'Good');
    assert.ok(
      view.missing.some((m) => /workload W .* not drawn/.test(m)),
      view.missing.join('\n'),
    );
    assert.ok(
      view.missing.some((m) => /NoSuchChip|NoSuchModel/.test(m)),
      view.missing.join('\n'),
    );
    const svg = parseSvg(await renderDiagram(view.topology!));
    assert.equal(findAll(svg, hasClass('topo-level')).length, levelsOf(view.topology!).length);
  });

  it('carries the curve of the selected workload, its operating point the estimate, and draws it with a table', async () => {
    const view = viewOf(workspace, r1, { workload: 'R1_decode_CM384' }, threshold);
    const [series] = view.curves!;
    const own = estimatesOf(r1).get('R1_decode_CM384')!.estimate;
    assert.equal(series.name, 'R1_decode_CM384');
    assert.ok(series.curve.points.length >= 5);
    assert.equal(series.curve.operating!.batch, own.batchPerDevice);
    assert.equal(view.tables.curves!.rows.length, series.curve.points.length);
    const pictures = await renderPictures(view);
    const svg = parseSvg(pictures.curveChart!);
    assert.equal(curvePaths(svg).length, 1);
    assert.match(textOf(svg), /TPOT SLO 50 ms/);
    const none = viewOf(workspace, r1, { system: 'CloudMatrix384' }, threshold);
    assert.equal(none.curves, null, 'no workload selected: no curve');
  });

  it('shows the comparison the cursor is in: each system curve at its layout, the side-by-side table', async () => {
    const compare = analyse(workspace, 'samples/compare.topo');
    const text = compare.file.text;
    const view = viewOf(workspace, compare, { offset: text.indexOf('slo tpot 15 ms') }, threshold);
    assert.deepEqual(view.selection, { compare: 'R1_decode_15ms' });
    const c = comparisonOf(compare.specs.compare.get('R1_decode_15ms')!);
    assert.deepEqual(
      view.comparison!.ranked,
      c.rows.map((r) => r.system),
    );
    assert.equal(view.comparison!.why, c.why);
    assert.deepEqual(
      view.curves!.map((s) => [s.name, s.curve.operating!.batch]),
      c.rows.map((r) => [r.system, r.point.batch]),
      'one curve per ranked system, its operating point the row one',
    );
    const table = view.tables.comparison!;
    assert.deepEqual(
      table.rows.map((r) => r[1]),
      c.rows.map((r) => r.system),
    );
    for (const h of ['tok/s per device', 'tok/s per system', 'tok/s per kW', '$ per M tokens', 'bound'])
      assert.ok(table.head.includes(h), `no column ${h}`);
    assert.equal(view.topology, undefined, 'a comparison draws no single layout');
    assert.deepEqual(view.missing, []);
    // A cursor on a comment keeps the comparison; the first comparison is the default of a file without workloads.
    assert.equal(
      viewOf(workspace, compare, { offset: 0, compare: 'Qwen235B_decode' }, threshold).selection.compare,
      'Qwen235B_decode',
    );
    assert.equal(viewOf(workspace, compare, {}, threshold).selection.compare, 'R1_decode_50ms');
    // The chart is the one `topo compare --format svg` draws, byte for byte.
    const pictures = await renderPictures(view);
    const svg = parseSvg(pictures.curveChart!);
    assert.equal(curvePaths(svg).length, c.rows.length);
    assert.match(textOf(svg), /TPOT SLO 15 ms/);
    const cli = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'dist', 'cli.js'),
        'compare',
        'samples/compare.topo',
        '--name',
        'R1_decode_15ms',
        '--format',
        'svg',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.equal(cli.status, 0, cli.stderr);
    // ECharts numbers its ids and classes per chart instance (zr0-, zr3-): the rest is the same.
    const unnumbered = (svg: string) => svg.replace(/zr\d+-[\w-]*/g, 'zr');
    assert.equal(unnumbered(cli.stdout), unnumbered(`${pictures.curveChart}\n`));
  });

  it('a comparison with a system that has no estimate shows a dash and the reason, never NaN or Infinity', async () => {
    const text = `import "gb200-nvl72.topo"
import "h100-roce.topo"
compare C {
  model DeepSeekR1
  phase decode
  precision int8
  parallel tp 16 dp 1
  slo tpot 50 ms
  systems {
    GB200_NVL72 devices 72
    H100_RoCE devices 1
  }
}
`;
    const view = viewOfText(text, { offset: text.indexOf('phase') });
    assert.equal(view.selection.compare, 'C');
    const shown = JSON.stringify([view.tables, view.comparison]);
    assert.doesNotMatch(shown, /NaN|Infinity/);
    assert.ok(
      view.comparison!.notes.some((n) => n.startsWith('H100_RoCE: no estimate')),
      view.comparison!.notes.join('\n'),
    );
    const missingRow = view.tables.comparison!.rows.find((r) => r[1] === 'H100_RoCE')!;
    assert.match(missingRow.at(-1)!, /no estimate/);
    const pictures = await renderPictures(view);
    if (pictures.curveChart) assert.doesNotMatch(pictures.curveChart, /NaN|Infinity/);
  });

  it('a file where nothing binds says so instead of drawing', () => {
    const view = viewOfText('workload W {\n  model Nope\n}\n');
    assert.equal(view.topology, undefined);
    assert.match(view.missing[0], /no system binds/);
  });

  it('a billion devices at three levels is as many groups as eight (drawing time: npm run bench)', async () => {
    const huge = viewOfText(hugeSystem(1000), { system: 'Huge' });
    const small = viewOfText(hugeSystem(1).replace('rack x 1000', 'rack x 1').replace('server x 125', 'server x 1'), {
      system: 'Huge',
    });
    assert.equal(huge.topology!.devices, 1e9);
    assert.equal(small.topology!.devices, 8);
    assert.equal(levelsOf(huge.topology!).length, levelsOf(small.topology!).length);
    const svg = parseSvg(await renderDiagram(huge.topology!));
    assert.match(textOf(svg), /×1,000/);
    assert.equal(findAll(svg, hasClass('topo-level')).length, 5, 'system, pod, rack, server, gpu');
  });
});

describe('panel messages', () => {
  const workspace = new Workspace(undefined, catalogPath);
  const view = viewOf(workspace, analyse(workspace, 'samples/cloudmatrix384.topo'), {}, threshold);

  it('a click on a known element reveals its source line', () => {
    const action = panelAction({ type: 'reveal', id: 'system.0.0.fabric' }, view);
    assert.equal(action?.type, 'reveal');
    const line =
      readRepoFile('samples/cloudmatrix384.topo').split('\n')[action!.type === 'reveal' ? action.target.line : -1];
    assert.match(line, /fabric UB/);
  });

  it('a message naming an unknown element, or malformed, is ignored and never throws', () => {
    for (const m of [
      { type: 'reveal', id: 'nope' },
      { type: 'reveal', id: '__proto__' },
      { type: 'reveal', id: 'constructor' },
      { type: 'reveal' },
      { type: 'reveal', id: 42 },
      { type: 'select', workload: 'Nope' },
      { type: 'select', system: 'toString' },
      { type: 'explode' },
      null,
      'reveal',
      7,
      [],
      {},
    ]) {
      assert.equal(panelAction(m, view), undefined, JSON.stringify(m));
    }
    assert.equal(panelAction({ type: 'select', compare: 'Nope' }, view), undefined);
    assert.equal(panelAction({ type: 'reveal', id: 'system' }, undefined), undefined);
    assert.deepEqual(panelAction({ type: 'ready' }, undefined), { type: 'ready' });
  });

  it('a comparison the view names can be selected, and its heading reveals its declaration', () => {
    const workspace = new Workspace(undefined, catalogPath);
    const compare = viewOf(workspace, analyse(workspace, 'samples/compare.topo'), {}, threshold);
    assert.deepEqual(panelAction({ type: 'select', compare: 'Llama70B_decode' }, compare), {
      type: 'select',
      compare: 'Llama70B_decode',
    });
    const reveal = panelAction({ type: 'reveal', id: 'compare:Llama70B_decode' }, compare);
    assert.equal(reveal?.type, 'reveal');
    const line = readRepoFile('samples/compare.topo').split('\n')[reveal!.type === 'reveal' ? reveal.target.line : -1];
    assert.match(line, /^compare Llama70B_decode \{/);
  });
});

describe('pictures', () => {
  it('escapes every string it writes into SVG', () => {
    assert.equal(escapeXml(`<a href="x">&'\u0001`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    const e: EstimateView = {
      workload: 'W<script>',
      phase: 'decode',
      valid: true,
      reasons: [],
      title: 't',
      stepTime: 0.01,
      exposedCommTime: 0,
      notes: [],
      byOperator: [
        { name: '<script>alert(1)</script>', time: 0.006, share: 0.6 },
        { name: 'a&b"c', time: 0.004, share: 0.4 },
      ],
      byLevel: [{ name: 'on device', time: 0.01, share: 1 }],
      memory: {
        unit: 'device',
        weights: 1e10,
        kvCache: 1e9,
        activations: 1e8,
        reserve: 1e9,
        total: 1.21e10,
        capacity: 8e10,
        fits: true,
      },
    };
    for (const svg of [renderStepChart(e), renderMemoryChart(e)]) {
      const root = parseSvg(svg);
      assert.equal(
        findAll(root, (x) => x.name === 'script' || x.name === 'style' || 'style' in x.attributes).length,
        0,
      );
    }
    assert.match(textOf(parseSvg(renderStepChart(e))), /<script>alert\(1\)<\/script>/, 'the name is shown as text');
  });
});

describe('topo draw', () => {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8' });

  it('writes the diagram as SVG that parses as XML, one group per level, the bottleneck marked', () => {
    const r = run('draw', 'samples/deepseek-r1.topo', '--system', 'H100_RoCE', '--workload', 'R1_decode_H100_RoCE');
    assert.equal(r.status, 0, r.stderr);
    const svg = parseSvg(r.stdout);
    const groups = findAll(svg, hasClass('topo-level')).map((g) => g.attributes['data-target']);
    const workspace = new Workspace(undefined, catalogPath);
    const view = viewOf(
      workspace,
      analyse(workspace, 'samples/deepseek-r1.topo'),
      { workload: 'R1_decode_H100_RoCE' },
      threshold,
    );
    assert.deepEqual(
      groups,
      levelsOf(view.topology!).map(({ view: v }) => v.id),
    );
    const marked = findAll(svg, hasClass('topo-bottleneck'));
    assert.equal(marked.length, 1);
    assert.match(textOf(marked[0]), /RoCE400[\s\S]*\d+% of step · [\d.]+ [KMGT]B per step[\s\S]*bottleneck/);
  });

  it('draws the charts and the view model, and fails clearly on bad arguments', () => {
    for (const picture of ['step', 'memory']) {
      const r = run('draw', 'samples/deepseek-r1.topo', '--workload', 'R1_decode_CM384', '--picture', picture);
      assert.equal(r.status, 0, r.stderr);
      parseSvg(r.stdout);
    }
    const json = run('draw', 'samples/cloudmatrix384.topo', '--format', 'json');
    assert.equal(JSON.parse(json.stdout).topology.system, 'CloudMatrix384');
    assert.equal(run('draw', 'samples/cloudmatrix384.topo', '--system', 'Nope').status, 1);
    assert.equal(run('draw', 'samples/cloudmatrix384.topo', '--picture', 'pie').status, 2);
    assert.equal(run('draw').status, 2);
    const missing = run('draw', 'samples/mistakes.topo');
    assert.equal(missing.status, 0, missing.stderr);
    assert.match(missing.stderr, /not drawn|line \d+:/);
  });
});
