// The formatter: idempotent on every sample, keeps every comment, indents by block, aligns values and trailing comments.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatEdits, formatText } from '../../../server/src/features/format';
import { parse } from '../../../server/src/syntax/shape';
import { applyEdits, catalogPath, samplesDir } from './fixture';

const comments = (text: string) => parse(text).comments.map((c) => c.text.trimEnd());
const files = [
  ...fs
    .readdirSync(samplesDir)
    .filter((f) => f.endsWith('.topo'))
    .map((f) => path.join(samplesDir, f)),
  catalogPath,
];

for (const file of files) {
  test(`formatting ${path.basename(file)} twice gives the same text as once, and keeps every comment and declaration`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const once = formatText(text)!;
    assert.equal(formatText(once), once);
    assert.deepEqual(comments(once), comments(text));
    const shape = (t: string) =>
      parse(t).declarations.map((d) => `${d.kind} ${d.name?.text} ${d.block?.fields.map((f) => f.name).join(',')}`);
    assert.deepEqual(shape(once), shape(text));
    assert.equal(parse(once).syntaxIssues.length, parse(text).syntaxIssues.length);
    assert.equal(applyEdits(text, formatEdits(text)), once);
  });
}

test('indents two spaces per block, normalises spacing, aligns values of single-field lines', () => {
  const input =
    'link  UB{\nbandwidth   392 GB/s\n      latency 200 ns // per hop\n efficiency 90 %\n}\n\n\n\nmodel M {\n layers 61 hidden 7168   vocab 129280\n attention mla {heads 128  q_rank 1536}\n}\n';
  assert.equal(
    formatText(input),
    [
      'link UB {',
      '  bandwidth  392 GB/s',
      '  latency    200 ns  // per hop',
      '  efficiency 90%',
      '}',
      '',
      'model M {',
      '  layers 61  hidden 7168  vocab 129280',
      '  attention mla { heads 128  q_rank 1536 }',
      '}',
      '',
    ].join('\n'),
  );
});

test('system levels are indented but not aligned; a common comment column the author chose is kept', () => {
  const input =
    'system S {\nserver x 2 {\n    gpu H100 x 8          // eight\n    fabric NVLink4        // NVSwitch\n  }\n}\n';
  assert.equal(
    formatText(input),
    'system S {\n  server x 2 {\n    gpu H100 x 8          // eight\n    fabric NVLink4        // NVSwitch\n  }\n}\n',
  );
  // Columns that differ are brought to the nearest common one.
  assert.equal(
    formatText('link L {\n  latency 2 us // a\n  family roce     // b\n}\n'),
    'link L {\n  latency 2 us  // a\n  family  roce  // b\n}\n',
  );
});

test('a file with characters the language does not know is left alone', () => {
  assert.equal(formatText('link L {\n  bandwidth 4 GB/s @\n}\n'), undefined);
  assert.deepEqual(formatEdits('link L {\n  bandwidth 4 GB/s @\n}\n'), []);
});

test('block comments are kept verbatim, unclosed blocks still format', () => {
  const input = '/* a\n   b */\nmodel M {\n  /* inline */ layers 2\n  hidden 3\n';
  const out = formatText(input)!;
  assert.ok(out.startsWith('/* a\n   b */\nmodel M {\n'));
  assert.equal(formatText(out), out);
});

test('a comment with a long run of spaces before its text formats in linear time', () => {
  const text = `link L {\n  latency 2 us //${' '.repeat(200_000)}x\n  bandwidth 1 GB/s\n}\n`;
  const started = performance.now();
  const out = formatText(text)!;
  assert.ok(performance.now() - started < 1000, `took ${Math.round(performance.now() - started)} ms`);
  assert.ok(out.includes(`//${' '.repeat(200_000)}x`), 'the comment is kept verbatim');
});

for (const [style, eol] of [
  ['CRLF', '\r\n'],
  ['lone CR', '\r'],
]) {
  test(`a ${style} file formats with its own line breaks, and its edits land where LSP counts lines`, () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
      const converted = text.replace(/\n/g, eol);
      const out = formatText(converted)!;
      assert.equal(out, formatText(text)!.replace(/\n/g, eol), `${path.basename(file)}: formats like its LF copy`);
      assert.equal(
        applyEdits(converted, formatEdits(converted)),
        out,
        `${path.basename(file)}: the edits give the formatted text`,
      );
    }
    const messy = ['link L {', 'bandwidth   4 GB/s', '   latency 2 us // hop', '}', ''].join(eol);
    assert.equal(
      applyEdits(messy, formatEdits(messy)),
      ['link L {', '  bandwidth 4 GB/s', '  latency   2 us  // hop', '}', ''].join(eol),
    );
  });
}

test('indentation follows the client: tabSize and insertSpaces', () => {
  const input = 'link L {\nbandwidth 4 GB/s // a\nlatency 2 us\n}\nsystem S {\nserver x 2 {\ngpu H100 x 8\n}\n}\n';
  assert.equal(
    formatText(input, { tabSize: 4, insertSpaces: true }),
    'link L {\n    bandwidth 4 GB/s  // a\n    latency   2 us\n}\nsystem S {\n    server x 2 {\n        gpu H100 x 8\n    }\n}\n',
  );
  assert.equal(
    formatText(input, { tabSize: 4, insertSpaces: false }),
    'link L {\n\tbandwidth 4 GB/s  // a\n\tlatency   2 us\n}\nsystem S {\n\tserver x 2 {\n\t\tgpu H100 x 8\n\t}\n}\n',
  );
  // Nonsense sizes fall back or are bounded.
  assert.equal(formatText(input, { tabSize: 0, insertSpaces: true }), formatText(input));
  assert.ok(formatText(input, { tabSize: 1e9, insertSpaces: true })!.length < input.length * 20);
});

test('formatting 10,000 nested levels returns small edits, bounded indentation and no RangeError', () => {
  const depth = 10_000;
  const text = `model M {\n${'a {\n'.repeat(depth)}${'}\n'.repeat(depth)}}\n`;
  const started = performance.now();
  const edits = formatEdits(text);
  const size = edits.reduce((n, e) => n + e.newText.length, 0);
  assert.ok(size < 2_000_000, `${size} characters of edits`);
  assert.ok(performance.now() - started < 5000, `took ${Math.round(performance.now() - started)} ms`);
  const out = applyEdits(text, edits);
  assert.equal(out, formatText(text));
  assert.ok(
    Math.max(...out.split('\n').map((l) => l.length)) <= 2 * 32 + 3,
    'indentation stops at the parser nesting limit',
  );
});

test('an edit per changed line run, not one edit over everything between the first and last change', () => {
  const text = fs.readFileSync(files[0], 'utf8');
  const once = formatText(text)!;
  const lines = once.split('\n');
  const first = lines.findIndex((l) => l.startsWith('  '));
  const last =
    lines.length -
    2 -
    [...lines]
      .reverse()
      .slice(1)
      .findIndex((l) => l.startsWith('  '));
  assert.ok(first >= 0 && last > first + 2);
  lines[first] = lines[first].replace(/^ {2}/, '');
  lines[last] = lines[last].replace(/^ {2}/, '      ');
  const messy = lines.join('\n');
  const edits = formatEdits(messy);
  assert.equal(edits.length, 2);
  assert.deepEqual(
    edits.map((e) => [e.range.start.line, e.newText]),
    [
      [first, '  '],
      [last, ''],
    ],
  );
  assert.equal(applyEdits(messy, edits), once);
});

test('in a file of mixed line breaks, no edit ends between the \\r and \\n of a CRLF (LSP cannot say that position)', () => {
  const text = '// GB200 NVL72\n    gpu GB200 x 4\r\n';
  const formatted = formatText(text)!;
  assert.equal(formatted, '// GB200 NVL72\ngpu GB200 x 4\n');
  assert.equal(applyEdits(text, formatEdits(text)), formatted);
});

test('a file longer than one run of the lexer (format-lines.ts) formats as its parts do, joined', () => {
  for (const name of ['deepseek-r1.topo', 'cloudmatrix384.topo', 'compare.topo']) {
    // Every line's indent dropped: each copy needs indents, alignment and comment columns computed again.
    const messy = fs
      .readFileSync(path.join(samplesDir, name), 'utf8')
      .split('\n')
      .map((line) => line.trimStart())
      .join('\n');
    const once = formatText(messy)!;
    const copies = Math.ceil(50_000 / messy.length);
    assert.ok(copies >= 3, name);
    assert.equal(formatText(Array(copies).fill(messy).join('\n')), Array(copies).fill(once).join('\n'), name);
  }
});
