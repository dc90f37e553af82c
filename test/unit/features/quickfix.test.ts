// Every quick fix, applied to a document showing its diagnostic: the result parses, that diagnostic is gone, no new error appears.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CodeAction, TextEdit } from 'vscode-languageserver';
import { fixAll, importFixes, quickFixes } from '../../../server/src/features/codeActions';
import { estimateDiagnostics } from '../../../server/src/features/estimates';
import { TopoDiagnostic } from '../../../server/src/semantics/diagnostics';
import { nodeFileHost, Workspace } from '../../../server/src/semantics/program';
import { applyEdits, catalogPath, samplesDir, uriOf, workspaceWith } from './fixture';

/** The binder's diagnostics and the estimator's (TOPO5xx, at the default threshold), as the editor shows them. */
const diagnosticsOf = (workspace: Workspace, uri: string) => {
  const analysis = workspace.analyse(uri)!;
  return [...analysis.diagnostics, ...estimateDiagnostics(analysis, 0.3)];
};
const key = (d: TopoDiagnostic) => `${d.code} ${d.message}`;
const count = (ds: TopoDiagnostic[], pred: (d: TopoDiagnostic) => boolean) => ds.filter(pred).length;

/** Applies one action's edit and checks the three promises; returns the new text. */
function checkAction(
  workspace: Workspace,
  uri: string,
  text: string,
  target: TopoDiagnostic,
  action: CodeAction,
): string {
  const before = diagnosticsOf(workspace, uri);
  const edits = action.edit!.changes![uri] as TextEdit[];
  const fixed = applyEdits(text, edits);
  workspace.setDocument(uri, fixed, Math.floor(Math.random() * 1e9));
  const after = diagnosticsOf(workspace, uri);
  const what = `${target.code} "${target.message}" fixed by "${action.title}"`;
  assert.ok(
    count(after, (d) => d.code === 'TOPO100') <= count(before, (d) => d.code === 'TOPO100'),
    `${what}: the result does not parse\n${fixed}`,
  );
  assert.ok(
    count(after, (d) => key(d) === key(target)) < count(before, (d) => key(d) === key(target)),
    `${what}: the diagnostic is still there\n${fixed}`,
  );
  const codes = new Set(after.filter((d) => d.severity === 'error').map((d) => d.code));
  for (const code of codes) {
    const n = (ds: TopoDiagnostic[]) => count(ds, (d) => d.code === code && d.severity === 'error');
    assert.ok(
      n(after) <= n(before),
      `${what}: a new ${code} error appeared: ${after
        .filter((d) => d.code === code)
        .map((d) => d.message)
        .join('; ')}\n${fixed}`,
    );
  }
  workspace.setDocument(uri, text, Math.floor(Math.random() * 1e9));
  return fixed;
}

/** Checks every fix of every diagnostic of `code` in `text`; returns how many fixes were applied. */
function checkAll(text: string, code: string, others: Record<string, string> = {}): number {
  const workspace = workspaceWith(others);
  const uri = uriOf('main.topo');
  workspace.setDocument(uri, text, 1);
  const targets = workspace.analyse(uri)!.diagnostics.filter((d) => d.code === code);
  assert.ok(targets.length > 0, `no ${code} in:\n${text}`);
  let applied = 0;
  for (const d of targets) {
    const actions = [
      ...importFixes(workspace, workspace.analyse(uri)!, d, Object.keys(others).map(uriOf)),
      ...quickFixes(uri, { text }, d),
    ];
    for (const a of actions) {
      checkAction(workspace, uri, text, d, a);
      applied++;
    }
  }
  assert.ok(applied > 0, `${code} offers no fix`);
  return applied;
}

const link = (body: string) => `link L {\n${body}\n}\n`;
const cases: [string, string, Record<string, string>?][] = [
  ['TOPO200', 'system S {\n  gpu H10 x 8\n  fabric NVLink4\n}\n'],
  [
    'TOPO200',
    'system S {\n  gpu Mine x 8\n}\n',
    { 'hw.topo': 'accelerator Mine {\n  compute bf16 100 TFLOPS\n  memory 16 GB at 1 TB/s\n}\n' },
  ],
  ['TOPO202', link('  bandwith 400 Gb/s\n  latency 2 us')],
  ['TOPO203', 'accelerator A {\n  compute bf16 100 TFLOPS\n}\n'],
  ['TOPO203', 'accelerator A {\n  compute bf16 100 TFLOPS\n  memory 80 GB\n}\n'],
  ['TOPO203', 'model M {\n  ffn 100\n}\n'],
  ['TOPO208', link('  bandwidth 400 Gb/s\n  latency 2 us\n  latency 3 us')],
  ['TOPO300', 'accelerator A {\n  compute bf16 100 TFLOPS\n  memory 80 GB at 2000 GB\n}\n'],
  ['TOPO300', 'accelerator A {\n  compute bf16 100 TFLOPS\n  memory 80 GB at 2 TB/s\n  dies 2 GB\n}\n'],
  ['TOPO301', 'accelerator A {\n  compute bf16 362 TFLOP\n  memory 48 GB at 864\n}\n'],
  ['TOPO302', link('  bandwidth 400 GB/s\n  latency 2 us\n  family roce')],
  [
    'TOPO304',
    'model M {\n  layers 32  hidden 4096  vocab 128256\n  attention gqa { heads 32  kv_heads 8  head_dim 128 }\n  ffn 14336\n  params 80B\n}\n',
  ],
  ['TOPO305', link('  bandwidth 64 GB/s\n  latency 500 ns\n  medium opticall\n  family pcie')],
  ['TOPO305', 'system S {\n  server 4 {\n    gpu H100 x 8\n  }\n}\n'],
  [
    'TOPO403',
    'system S {\n  server x 16 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400 oversubscription 3:1\n}\n',
  ],
  [
    'TOPO400',
    'system S {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\nworkload W {\n  model Llama3_70B\n  on S devices 8\n  phase decode\n  parallel tp 3\n}\n',
  ],
  [
    'TOPO401',
    'system S {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\nworkload W {\n  model DeepSeekR1\n  on S devices 16\n  phase decode\n  precision fp8\n  parallel ep 32 dp 16\n}\n',
  ],
  [
    'TOPO402',
    'system S {\n  server x 2 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\nworkload W {\n  model Llama3_405B\n  on S devices 16\n  phase decode\n  precision fp8\n  parallel tp 16 dp 1\n}\n',
  ],
  [
    'TOPO405',
    'system S {\n  gpu H100 x 8\n  fabric NVLink4\n}\nworkload W {\n  model Llama3_70B\n  on S devices 16\n  phase decode\n}\n',
  ],
  [
    'TOPO305',
    'system S {\n  gpu H100 x 8\n  fabric NVLink4\n}\nworkload W {\n  model Llama3_70B\n  on S\n  phase decode\n  batch 8\n}\n',
  ],
  [
    'TOPO203',
    'system S {\n  gpu H100 x 8\n  fabric NVLink4\n}\nworkload W {\n  model Llama3_70B\n  on S\n  phase decode\n  speculative mtp 1\n}\n',
  ],
];

for (const [code, text, others] of cases) {
  test(`${code}: each fix removes the diagnostic without a new error (${text.split('\n')[1]?.trim() ?? ''})`, () => {
    checkAll(text, code, others);
  });
}

test('the import fix adds an import of the file declaring the name, and is preferred', () => {
  const workspace = workspaceWith({
    'lib/hw.topo': 'accelerator Mine {\n  compute bf16 100 TFLOPS\n  memory 16 GB at 1 TB/s\n}\n',
  });
  const uri = uriOf('main.topo');
  const text = '// header\n\nsystem S {\n  gpu Mine x 8\n}\n';
  workspace.setDocument(uri, text, 1);
  const d = workspace.analyse(uri)!.diagnostics.find((x) => x.code === 'TOPO200')!;
  const [action] = importFixes(workspace, workspace.analyse(uri)!, d, [uriOf('lib/hw.topo')]);
  assert.equal(action.title, 'Import "lib/hw.topo" (declares accelerator Mine)');
  assert.equal(
    applyEdits(text, action.edit!.changes![uri]),
    '// header\n\nimport "lib/hw.topo"\n\nsystem S {\n  gpu Mine x 8\n}\n',
  );
});

test('no import fix when importing would clash with a name of this file', () => {
  const workspace = workspaceWith({
    'hw.topo':
      'accelerator Mine {\n  compute bf16 100 TFLOPS\n  memory 16 GB at 1 TB/s\n}\nlink S {\n  bandwidth 1 GB/s\n  latency 1 us\n}\n',
  });
  const uri = uriOf('main.topo');
  workspace.setDocument(uri, 'system S {\n  gpu Mine x 8\n}\n', 1);
  const d = workspace.analyse(uri)!.diagnostics.find((x) => x.code === 'TOPO200')!;
  assert.deepEqual(importFixes(workspace, workspace.analyse(uri)!, d, [uriOf('hw.topo')]), []);
});

test('the first fix of a diagnostic is preferred; a deletion that empties a line removes the line', () => {
  const text = link('  bandwidth 400 Gb/s\n  latency 2 us\n  latency 3 us');
  const workspace = workspaceWith({});
  const uri = uriOf('main.topo');
  workspace.setDocument(uri, text, 1);
  const d = workspace.analyse(uri)!.diagnostics.find((x) => x.code === 'TOPO208')!;
  const [fix] = quickFixes(uri, { text }, d);
  assert.equal(fix.isPreferred, true);
  assert.equal(applyEdits(text, fix.edit!.changes![uri]), link('  bandwidth 400 Gb/s\n  latency 2 us'));
});

const mistakes = path.join(samplesDir, 'mistakes.topo');
test('every fix offered in samples/mistakes.topo keeps its promises', { skip: !fs.existsSync(mistakes) }, () => {
  const workspace = new Workspace(nodeFileHost, catalogPath);
  const uri = URI.file(mistakes).toString();
  const text = fs.readFileSync(mistakes, 'utf8');
  workspace.setDocument(uri, text, 1);
  const others = fs
    .readdirSync(samplesDir)
    .filter((f) => f.endsWith('.topo'))
    .map((f) => URI.file(path.join(samplesDir, f)).toString());
  let applied = 0;
  const codes = new Set<string>();
  for (const d of diagnosticsOf(workspace, uri)) {
    for (const a of [...importFixes(workspace, workspace.analyse(uri)!, d, others), ...quickFixes(uri, { text }, d)]) {
      checkAction(workspace, uri, text, d, a);
      applied++;
      codes.add(d.code);
    }
  }
  console.log(`mistakes.topo: ${applied} fixes over ${[...codes].sort().join(' ')}`);
  assert.ok(applied >= 10, `only ${applied} fixes applied (${[...codes].join(', ')})`);
});

test(
  'fix all applies the preferred fix of every diagnostic at once, in mistakes.topo too',
  { skip: !fs.existsSync(mistakes) },
  () => {
    const workspace = new Workspace(nodeFileHost, catalogPath);
    const uri = URI.file(mistakes).toString();
    const text = fs.readFileSync(mistakes, 'utf8');
    workspace.setDocument(uri, text, 1);
    const before = diagnosticsOf(workspace, uri);
    const action = fixAll(uri, { text }, before)!;
    const fixed = applyEdits(text, action.edit!.changes![uri]);
    workspace.setDocument(uri, fixed, 2);
    const after = diagnosticsOf(workspace, uri);
    assert.ok(count(after, (d) => d.code === 'TOPO100') <= count(before, (d) => d.code === 'TOPO100'));
    assert.ok(
      count(after, (d) => !!d.data?.fixes?.length) < count(before, (d) => !!d.data?.fixes?.length) / 2,
      `${after
        .filter((d) => d.data?.fixes?.length)
        .map(key)
        .join('\n')}`,
    );
    assert.ok(count(after, (d) => d.severity === 'error') < count(before, (d) => d.severity === 'error'));
  },
);
