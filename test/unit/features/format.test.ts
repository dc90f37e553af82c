// The formatter: idempotent on every sample, keeps every comment, indents by block, aligns values and trailing comments.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatEdits, formatText } from '../../../server/src/features/format';
import { parse } from '../../../server/src/syntax/shape';
import { applyEdits, catalogPath, samplesDir } from './fixture';

const comments = (text: string) => parse(text).comments.map((c) => c.text.trimEnd());
const files = [...fs.readdirSync(samplesDir).filter((f) => f.endsWith('.topo')).map((f) => path.join(samplesDir, f)), catalogPath];

for (const file of files) {
  test(`formatting ${path.basename(file)} twice gives the same text as once, and keeps every comment and declaration`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const once = formatText(text)!;
    assert.equal(formatText(once), once);
    assert.deepEqual(comments(once), comments(text));
    const shape = (t: string) => parse(t).declarations.map((d) => `${d.kind} ${d.name?.text} ${d.block?.fields.map((f) => f.name).join(',')}`);
    assert.deepEqual(shape(once), shape(text));
    assert.equal(parse(once).syntaxIssues.length, parse(text).syntaxIssues.length);
    assert.equal(applyEdits(text, formatEdits(text)), once);
  });
}

test('indents two spaces per block, normalises spacing, aligns values of single-field lines', () => {
  const input = 'link  UB{\nbandwidth   392 GB/s\n      latency 200 ns // per hop\n efficiency 90 %\n}\n\n\n\nmodel M {\n layers 61 hidden 7168   vocab 129280\n attention mla {heads 128  q_rank 1536}\n}\n';
  assert.equal(formatText(input), [
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
  ].join('\n'));
});

test('system levels are indented but not aligned; a common comment column the author chose is kept', () => {
  const input = 'system S {\nserver x 2 {\n    gpu H100 x 8          // eight\n    fabric NVLink4        // NVSwitch\n  }\n}\n';
  assert.equal(formatText(input), 'system S {\n  server x 2 {\n    gpu H100 x 8          // eight\n    fabric NVLink4        // NVSwitch\n  }\n}\n');
  // Columns that differ are brought to the nearest common one.
  assert.equal(formatText('link L {\n  latency 2 us // a\n  family roce     // b\n}\n'), 'link L {\n  latency 2 us  // a\n  family  roce  // b\n}\n');
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
