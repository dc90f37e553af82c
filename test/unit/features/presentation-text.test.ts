// What lenses, breakdowns, hovers and inlay hints say: figures checked as numbers, formatted with units, file text escaped.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MarkupContent } from 'vscode-languageserver';
import { escapeMarkdown, markdownToText } from '../../../server/src/analysis/markdown';
import { breakdownMarkdown, boundText, lensTitle } from '../../../server/src/analysis/report';
import { codeLenses, estimatesOf } from '../../../server/src/features/estimates';
import { hoverAt } from '../../../server/src/features/hover';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { openAt } from './fixture';

const amd = `link InfinityFabric {
  source "AMD: xGMI"
  bandwidth 2 GB/s
  latency 1 us
  family xgmi
}
system MI300X_NaN {
  server x 2 {
    gpu H100 x 8
    fabric InfinityFabric
  }
  fabric RoCE400
}
workload Infinity_TP {
  model Llama3_70B
  on MI300X_NaN devices 8
  phase decode
  parallel tp 8
  batch 16 per device
  context 2048
}
`;

const hoverText = (marked: string) => {
  const { workspace, analysis, offset } = openAt(marked);
  const h = hoverAt(workspace, analysis, offset);
  return h ? (h.contents as MarkupContent).value : '';
};

test('names containing Infinity or NaN keep their lenses: the figures are checked, not the text', () => {
  const { analysis } = openAt(amd);
  const titles = codeLenses(analysis).map((l) => l.command!.title);
  assert.equal(titles.length, 2, 'a system lens and a workload lens');
  assert.ok(
    titles.every((t) => !t.includes('unavailable')),
    titles.join('\n'),
  );
  assert.match(titles[0], /InfinityFabric 2 GB\/s per device in groups of 8/);
  assert.match(titles[1], /bound: InfinityFabric all-reduce \(\d+%\)$/);
});

test('a figure that is not a finite non-negative number makes the lens say which one, whatever the names', () => {
  const { analysis } = openAt(amd);
  const e = [...estimatesOf(analysis).values()][0].estimate;
  assert.match(
    lensTitle({ ...e, throughputPerDevice: Number.NaN }),
    /^estimate unavailable: the throughput per device is out of range$/,
  );
  assert.match(lensTitle({ ...e, tpot: -0.01 }), /^estimate unavailable: the TPOT is out of range$/);
  assert.match(lensTitle({ ...e, throughputTotal: Infinity }), /total throughput is out of range/);
});

test('system lenses: units from the unit table, separators and labels; no lens for a system with errors', () => {
  const { analysis } = openAt(
    'system Big {\n  pod x 1000000 {\n    gpu GB200 x 72\n    fabric NVLink5\n  }\n}\nsystem Broken {\n  gpu NoSuchChip x 8\n}\n',
  );
  const titles = codeLenses(analysis).map((l) => l.command!.title);
  assert.equal(titles.length, 1, titles.join('\n'));
  assert.match(
    titles[0],
    /^72,000,000 devices · fp4 [\d,.]+ EFLOPS, fp8 [\d,.]+ EFLOPS, int8 [\d,.]+ EFLOPS, bf16 [\d,.]+ EFLOPS · HBM [\d,.]+ PB at [\d,.]+ TB\/s · NVLink5 900 GB\/s per device in groups of 72$/,
  );
  assert.doesNotMatch(titles[0], /\d{5,}(?![\d,])/, 'every long number has separators');
});

test('the bound in the lens is a row of the breakdown with the same share, and overlap is explained', () => {
  const { analysis } = openAt(
    amd.replace('bandwidth 2 GB/s', 'bandwidth 2000 GB/s').replace('context 2048', 'context 2048\n  overlap two-batch'),
  );
  const e = [...estimatesOf(analysis).values()][0].estimate;
  const md = breakdownMarkdown(e);
  const share = /\((\d+%)\)$/.exec(boundText(e))![1];
  const row = e.bound.kind === 'compute' ? 'compute-limited kernels' : 'memory-bandwidth-limited kernels';
  assert.ok(e.bound.kind === 'compute' || e.bound.kind === 'memory-bandwidth', e.bound.kind);
  assert.match(md, new RegExp(`\\| ${row} \\(the bound\\) \\| [^|]+ \\| ${share} \\|`));
  assert.match(md, /exposed communication/);
  const t = '[\\d.,]+ (?:ns|µs|ms|s)';
  assert.match(
    md,
    new RegExp(`Collectives take ${t} per step: ${t} exposed \\(in the step above\\), ${t} hidden behind kernels`),
  );
  const slow = [...estimatesOf(openAt(amd).analysis).values()][0].estimate;
  const linkShare = /\((\d+%)\)$/.exec(boundText(slow))![1];
  assert.match(
    breakdownMarkdown(slow),
    new RegExp(
      `\\| MI300X_NaN server \\(the bound\\) \\| InfinityFabric \\| 8 \\| [^|]+ \\| [^|]+ \\| ${linkShare} \\|`.replace(
        'MI300X_NaN server',
        '[^|]*',
      ),
    ),
  );
});

test('Markdown built from file text is escaped: images, links, HTML and emphasis come back as written', () => {
  // (`|` marks the cursor in these fixtures: the table-cell character is checked on the helper below.)
  const evil = '![x](http://e/x.png) [a](http://e) <img src=x> **b** _c_';
  const hover = hoverText(`link L| {\n  source "${evil}"\n  bandwidth 400 Gb/s\n  latency 2 us\n}\n`);
  assert.ok(hover.includes(escapeMarkdown(evil)), hover);
  for (const raw of [/(?<!\\)!(?<!\\)\[x/, /(?<!\\)<img/, /(?<!\\)\[a(?<!\\)\]/, /(?<!\\)\*\*b/])
    assert.doesNotMatch(hover, raw);
  assert.equal(markdownToText(escapeMarkdown(evil)), evil);
  assert.equal(escapeMarkdown('a | b'), 'a \\| b');
});

test('hovers keep their line breaks, tables stand apart, and a quantity says its value once', () => {
  const model = hoverText('workload W {\n  model Llama3_70B|\n}\n');
  assert.match(model, /Attention: GQA[^\n]* {2}\nDense FFN [\d,]+ {2}\nParameters/);
  const system = hoverText(
    'system S| {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n',
  );
  for (const md of [
    system,
    hoverText('accelerator A| {\n  compute bf16 989 TFLOPS\n  memory 80 GB at 3.35 TB/s\n}\n'),
  ]) {
    const lines = md.split('\n');
    lines.forEach((line, i) => {
      if (line.startsWith('|') && !lines[i - 1].startsWith('|'))
        assert.equal(lines[i - 1], '', `a blank line before the table at: ${line}`);
      if (/^\|[-:|]+\|$/.test(line))
        assert.equal(
          line.split('|').length,
          lines[i - 1].split('|').length,
          `header and separator agree: ${lines[i - 1]}`,
        );
    });
  }
  const q = hoverText('link L {\n  bandwidth 400 Gb|/s\n  latency 2 us\n}\n');
  assert.equal(q.match(/50 GB\/s/g)?.length, 1, q);
});

test('inlay hints stand apart from the numbers before them, and batch max shows the batch it found', () => {
  const text =
    'system S {\n  server x 4 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n' +
    'workload W {\n  model Llama3_70B\n  on S\n  phase decode\n  parallel tp 8 dp 4\n  batch max\n  slo tpot 50 ms\n}\n';
  const { analysis } = openAt(text);
  const hints = inlayHints(analysis);
  const labels = hints.map((h) => h.label as string);
  assert.ok(labels.includes('(4 servers, 32 devices in all)'), labels.join(' | '));
  assert.ok(
    hints.every((h) => h.paddingLeft && !/^\d/.test(h.label as string)),
    'no hint starts with a digit',
  );
  const e = [...estimatesOf(analysis).values()][0].estimate;
  const batchLine = text.split('\n').findIndex((l) => l.includes('batch max'));
  const hint = hints.find((h) => h.position.line === batchLine);
  const why = e.batchSearch!.stoppedBy === 'memory' ? 'memory' : 'the tpot SLO';
  assert.equal(hint?.label, `= ${e.batchSearch!.batch} per device (stopped by ${why})`);
  assert.match(lensTitle(e), new RegExp(` · batch max ${e.batchSearch!.batch} · `));
});
