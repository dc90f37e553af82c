// Every fix touches only its own text, in any line-break style, and fix-all reaches a fixed point within 5 rounds.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { batchMaxRewrites, fixAll, fixEdit } from '../../../server/src/features/codeActions';
import { estimateDiagnostics } from '../../../server/src/features/estimates';
import { TopoDiagnostic } from '../../../server/src/semantics/diagnostics';
import { nodeFileHost, Workspace } from '../../../server/src/semantics/program';
import { applyEdits, catalogPath, samplesDir, uriOf, workspaceWith } from './fixture';

/** The samples, each opened at its own path so that its imports resolve. */
const samples = fs
  .readdirSync(samplesDir)
  .filter((f) => f.endsWith('.topo'))
  .map((f) => ({
    name: f,
    text: fs.readFileSync(path.join(samplesDir, f), 'utf8'),
    uri: URI.file(path.join(samplesDir, f)).toString(),
  }));

const cluster = 'system S {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n';
/** Regression inputs of issue 8: blocks opened by accident, an unclosed workload, fixes that used to grow the line. */
export const regressions: Record<string, string> = {
  'batch{ swallows the fields after it': `${cluster}workload W {\n  model Llama3_70B\n  on S devices 8\n  phase decode\n  batch{\n  context 4096 // kept\n  output 128\n}\n`,
  'batch N{ swallows the fields after it': `${cluster}workload W {\n  model Llama3_70B\n  on S devices 8\n  phase decode\n  parallel tp 8\n  batch 4096 per device{\n  context 4096 // kept\n  output 128\n}\n`,
  'precision{ swallows the fields after it': `${cluster}workload W {\n  model Llama3_70B\n  on S devices 8\n  phase decode\n  precision{ // note\n  batch 64 per device\n}\n`,
  'unclosed phase{ swallows the fields and what a fix adds': `${cluster}workload W {\n  model Llama3_70B\n  on S devices 1\n  phase decode{\n  precision bf16\n  context 2048\n\nworkload V {\n  model Llama3_70B\n  on S devices 8\n}\n`,
  'unclosed workload ending in a number': `${cluster}workload W {\n  model Llama3_70B\n  on S devices 8\n  phase decode\n  context 4096`,
  'stray unit before at': 'accelerator A {\n  compute bf16 100 TFLOPS\n  memory 80 GB GB at 3.35 TB/s\n}\n',
  'params with a glued suffix':
    'model M {\n  layers 32  hidden 4096  vocab 128256\n  attention gqa { heads 32  kv_heads 8  head_dim 128 }\n  ffn 14336\n  params 235Bx\n}\n',
  'accept with a bad value': `${cluster}workload W {\n  model Llama3_70B\n  on S\n  phase decode\n  speculative mtp 1 accept 7x\n}\n`,
  'tp written with a suffix': `${cluster}workload W {\n  model Llama3_405B\n  on S devices 16\n  phase decode\n  precision fp8\n  parallel tp 16 dp 1\n}\n`,
};

const withBreaks = (text: string, eol: string) => text.replace(/\n/g, eol);
const styles: [string, string][] = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
];

/** A document opened in a fresh workspace: at the given URI (a sample on disk), or as /ws/main.topo. */
function open(text: string, at?: string): { workspace: Workspace; uri: string } {
  const workspace = at ? new Workspace(nodeFileHost, catalogPath) : workspaceWith({ 'main.topo': text });
  const uri = at ?? uriOf('main.topo');
  workspace.setDocument(uri, text, 1);
  return { workspace, uri };
}

const diagnosticsOf = (workspace: Workspace, uri: string): TopoDiagnostic[] => {
  const analysis = workspace.analyse(uri)!;
  return [...analysis.diagnostics, ...estimateDiagnostics(analysis, 0.3)];
};

/** The LSP edit of each fix covers exactly its span (or the whole lines of a deletion) and nothing else changes. */
function checkFixesStayInPlace(label: string, text: string, at?: string): number {
  const { workspace, uri } = open(text, at);
  const doc = TextDocument.create(uri, 'topo', 1, text);
  let checked = 0;
  for (const d of diagnosticsOf(workspace, uri)) {
    for (const fix of d.data?.fixes ?? []) {
      const what = `${label}: ${d.code} "${fix.title}"`;
      const edit = fixEdit({ text }, fix);
      const start = doc.offsetAt(edit.range.start);
      const end = doc.offsetAt(edit.range.end);
      if (fix.newText === '') {
        assert.ok(start <= fix.span.start && end >= fix.span.end, `${what}: the deletion misses its span`);
        assert.equal(
          text.slice(start, fix.span.start).trim() + text.slice(fix.span.end, end).trim(),
          '',
          `${what}: the deletion takes more than blank space`,
        );
      } else {
        assert.deepEqual({ start, end }, fix.span, `${what}: the edit lands at ${start}-${end}, not at its span`);
        const replaced = text.slice(start, end);
        assert.ok(!/[{}\r\n]/.test(replaced), `${what}: replaces ${JSON.stringify(replaced)}, more than a value`);
      }
      const applied = applyEdits(text, [edit]);
      assert.equal(applied.slice(0, start), text.slice(0, start), `${what}: text before the edit changed`);
      assert.equal(
        applied.slice(applied.length - (text.length - end)),
        text.slice(end),
        `${what}: text after the edit changed`,
      );
      checked++;
    }
  }
  return checked;
}

for (const [style, eol] of styles) {
  test(`every fix on every sample and regression input edits only its own range (${style} line breaks)`, () => {
    let checked = 0;
    for (const s of samples)
      checked += checkFixesStayInPlace(`${s.name} ${style}`, withBreaks(s.text.replace(/\r\n?/g, '\n'), eol), s.uri);
    for (const [name, text] of Object.entries(regressions))
      checked += checkFixesStayInPlace(`${name} ${style}`, withBreaks(text, eol));
    assert.ok(checked >= 25, `only ${checked} fixes checked`);
  });
}

/** Applies fix-all until it offers nothing; returns the rounds it took, failing beyond 5. */
function fixAllRounds(label: string, text: string, at?: string): { rounds: number; text: string } {
  const { workspace, uri } = open(text, at);
  let current = text;
  for (let round = 0; round <= 5; round++) {
    const action = fixAll(uri, { text: current }, diagnosticsOf(workspace, uri));
    if (!action) return { rounds: round, text: current };
    const next = applyEdits(current, action.edit!.changes![uri]);
    assert.notEqual(next, current, `${label}: fix-all offered edits that change nothing`);
    current = next;
    workspace.setDocument(uri, current, round + 2);
  }
  assert.fail(
    `${label}: fix-all still offers fixes after 5 rounds:\n${current}\n${diagnosticsOf(workspace, uri)
      .filter((d) => d.data?.fixes?.length)
      .map((d) => `${d.code} ${d.message}`)
      .join('\n')}`,
  );
}

test('fix-all converges within 5 rounds on every sample and regression input, in every line-break style', () => {
  for (const [style, eol] of styles) {
    for (const s of samples) fixAllRounds(`${s.name} ${style}`, withBreaks(s.text.replace(/\r\n?/g, '\n'), eol), s.uri);
    for (const [name, text] of Object.entries(regressions)) fixAllRounds(`${name} ${style}`, withBreaks(text, eol));
  }
});

test('a fix on a field that opened a block by accident never replaces the block', () => {
  for (const name of [
    'batch{ swallows the fields after it',
    'batch N{ swallows the fields after it',
    'precision{ swallows the fields after it',
  ]) {
    const text = regressions[name];
    const { workspace, uri } = open(text);
    const action = fixAll(uri, { text }, diagnosticsOf(workspace, uri));
    const fixed = action ? applyEdits(text, action.edit!.changes![uri]) : text;
    for (const kept of ['context 4096 // kept', 'output 128', '// note', 'batch 64 per device']) {
      if (text.includes(kept)) assert.ok(fixed.includes(kept), `${name}: '${kept}' was deleted:\n${fixed}`);
    }
    assert.equal(fixed.split('}').length, text.split('}').length, `${name}: a closing brace was deleted:\n${fixed}`);
  }
});

test('the precision fix in a workload never closed adds a line after its last field, not inside a number', () => {
  const text = regressions['unclosed workload ending in a number'];
  const { workspace, uri } = open(text);
  const d = diagnosticsOf(workspace, uri).find((x) => x.code === 'TOPO502');
  assert.ok(d, 'the workload does not fit: TOPO502');
  const fix = d.data!.fixes!.find((f) => f.title === 'Switch to fp8 weights')!;
  const fixed = applyEdits(text, [fixEdit({ text }, fix)]);
  assert.match(fixed, /\n {2}context 4096\n {2}precision weights fp8 activations bf16 kv bf16$/);
});

test('fixes that used to grow their line each round settle after one', () => {
  const expected: Record<string, RegExp> = {
    'stray unit before at': /\n {2}memory 80 GB at 3\.35 TB\/s\n/,
    'params with a glued suffix': /\n {2}params \S+\n\}/,
    'accept with a bad value': /\n {2}speculative mtp 1 accept 7%?x\n/,
  };
  for (const [name, pattern] of Object.entries(expected)) {
    const { rounds, text } = fixAllRounds(name, regressions[name]);
    assert.ok(rounds <= 1, `${name}: ${rounds} rounds`);
    assert.match(text, pattern, `${name}:\n${text}`);
  }
});

test('the tp fix replaces the numbers as written, even with a count suffix, and keeps the layout whole', () => {
  const text = `${cluster}workload W {\n  model Llama3_405B\n  on S devices 16\n  phase decode\n  precision fp8\n  parallel tp 0.016K dp 1\n}\n`;
  const { workspace, uri } = open(text);
  const d = diagnosticsOf(workspace, uri).find((x) => x.code === 'TOPO402');
  assert.ok(d, 'TOPO402 on tp 0.016K');
  const fixed = applyEdits(text, [fixEdit({ text }, d.data!.fixes![0])]);
  assert.match(fixed, /\n {2}parallel tp 8 dp 2\n/);
});

const batchMax = `${cluster}workload W {\n  model Llama3_70B\n  on S\n  phase decode\n  precision fp8\n  context 4096\n  batch max\n}\n`;

test('fix-all leaves `batch max` alone; writing it out is a separate rewrite on the batch field', () => {
  const { workspace, uri } = open(batchMax);
  assert.equal(fixAll(uri, { text: batchMax }, diagnosticsOf(workspace, uri)), undefined);
  const analysis = workspace.analyse(uri)!;
  const at = batchMax.indexOf('batch max');
  assert.deepEqual(batchMaxRewrites(uri, analysis, { start: 0, end: 1 }), [], 'not offered away from the field');
  const [action] = batchMaxRewrites(uri, analysis, { start: at + 7, end: at + 7 });
  assert.equal(action.kind, 'refactor.rewrite');
  const fixed = applyEdits(batchMax, action.edit!.changes![uri]);
  const n = /batch (\d+) per device\n/.exec(fixed);
  assert.ok(n, fixed);
  assert.equal(fixed.replace(n[0], 'batch max\n'), batchMax, 'only the value changed');
  assert.match(action.title, new RegExp(`${n[1]} per device`));
});
