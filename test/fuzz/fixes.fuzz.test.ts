// Fuzz the quick fixes on mutated documents: every fix keeps braces balanced and comments intact outside what it
// means to replace, and fix-all reaches a fixed point within 5 rounds, each round parsing no worse than the last.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver';
import { Workspace } from '../../server/src/semantics/program';
import { estimateDiagnostics } from '../../server/src/features/estimates';
import { fixAll, fixEdit } from '../../server/src/features/codeActions';
import { TopoDiagnostic } from '../../server/src/semantics/diagnostics';
import { catalogPath, readRepoFile, repoRoot, sourceFiles } from '../helpers/repo';
import { mutate, pick, rng } from './mutate';

const seed = Number(process.env.FUZZ_SEED ?? 0x70b0) + 2;
const cases = Number(process.env.FUZZ_FIX_CASES ?? 600);
const MAX_ROUNDS = 5;

/** Braces that are structure: those inside strings and comments (`source "a}b"`) are text, not blocks. */
const structural = (s: string) => s.replace(/"(?:[^"\\\r\n]|\\.)*"|\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g, '');
const braceBalance = (text: string) => {
  const s = structural(text);
  return (s.match(/\{/g)?.length ?? 0) - (s.match(/\}/g)?.length ?? 0);
};
const comments = (s: string) => s.match(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g) ?? [];
const syntaxErrors = (ds: TopoDiagnostic[]) => ds.filter((d) => d.code === 'TOPO100').length;

function diagnosticsOf(workspace: Workspace, uri: string, text: string, version: number): TopoDiagnostic[] {
  workspace.setDocument(uri, text, version);
  const analysis = workspace.analyse(uri)!;
  return [...analysis.diagnostics, ...estimateDiagnostics(analysis, 0.3)];
}

describe('fuzz: quick fixes', () => {
  it(`every fix changes only its own text, and fix-all converges, on ${cases} mutated documents (seed ${seed})`, () => {
    const r = rng(seed);
    const seeds = sourceFiles().map((f) => ({ file: f, text: readRepoFile(f) }));
    const workspace = new Workspace(undefined, catalogPath);
    let version = 0;
    let fixesChecked = 0;
    let rounds = 0;
    for (let i = 0; i < cases; i++) {
      const base = pick(r, seeds);
      const { text, applied } = mutate(base.text, r);
      const uri = URI.file(path.join(repoRoot, path.dirname(base.file), `fuzz-fix-${i % 4}.topo`)).toString();
      const where = `case ${i} (seed ${seed}, from ${base.file}, ${applied.join(' + ')})`;
      const diagnostics = diagnosticsOf(workspace, uri, text, ++version);
      const source = { text };
      for (const d of diagnostics) {
        for (const fix of d.data?.fixes ?? []) {
          const edit = fixEdit(source, fix);
          const doc = TextDocument.create(uri, 'topo', 0, text);
          const removed = text.slice(doc.offsetAt(edit.range.start), doc.offsetAt(edit.range.end));
          const context =
            `${d.code} fix "${fix.title}" replacing ${JSON.stringify(removed.slice(0, 200))} ` +
            `with ${JSON.stringify(edit.newText.slice(0, 200))} in ${where}`;
          assert.equal(braceBalance(edit.newText), braceBalance(removed), `unbalances braces: ${context}`);
          for (const c of comments(removed)) assert.ok(edit.newText.includes(c), `deletes a comment: ${context}`);
          fixesChecked++;
        }
      }
      let current = text;
      let currentDiagnostics = diagnostics;
      for (let round = 1; ; round++) {
        const action = fixAll(uri, { text: current }, currentDiagnostics);
        if (!action) break;
        assert.ok(
          round <= MAX_ROUNDS,
          `fix-all still has edits after ${MAX_ROUNDS} rounds in ${where}: ` +
            JSON.stringify(action.edit?.changes?.[uri]?.slice(0, 3)),
        );
        const next = TextDocument.applyEdits(
          TextDocument.create(uri, 'topo', 0, current),
          action.edit!.changes![uri] as TextEdit[],
        );
        const nextDiagnostics = diagnosticsOf(workspace, uri, next, ++version);
        assert.ok(
          syntaxErrors(nextDiagnostics) <= syntaxErrors(currentDiagnostics),
          `fix-all round ${round} made parsing worse in ${where}:\n${JSON.stringify(next.slice(0, 400))}`,
        );
        current = next;
        currentDiagnostics = nextDiagnostics;
        rounds++;
      }
    }
    console.log(
      `fuzz fixes: ${cases} documents, ${fixesChecked} fixes checked, ${rounds} fix-all rounds, all converged`,
    );
  });
});
