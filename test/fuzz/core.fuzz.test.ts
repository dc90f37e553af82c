// Fuzz: mutated samples through the core (parse + analyse via Workspace + the editor features in-process).
// Never throws; every diagnostic and result has a valid span. Deterministic: FUZZ_SEED and FUZZ_CASES override.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { parse } from '../../server/src/syntax/shape';
import { Workspace } from '../../server/src/semantics/program';
import { codeLenses, estimateDiagnostics } from '../../server/src/features/estimates';
import { hoverAt } from '../../server/src/features/hover';
import { definitionAt, documentSymbols } from '../../server/src/features/symbols';
import { toLspDiagnostic } from '../../server/src/features/ranges';
import { formatEdits, formatText } from '../../server/src/features/format';
import { fixAll, fixEdit } from '../../server/src/features/codeActions';
import { catalogPath, readRepoFile, repoRoot, sourceFiles } from '../helpers/repo';
import { isValidSpan } from '../helpers/workspace';
import { int, mutate, pick, rng } from './mutate';

const seed = Number(process.env.FUZZ_SEED ?? 0x70b0);
const cases = Number(process.env.FUZZ_CASES ?? 10_000);

const nanSpan = (s: { start: number; end: number }) => Number.isNaN(s.start) || Number.isNaN(s.end);

/** Fix-all on a mutated document reaches a fixed point within 5 rounds; the document is restored after. */
function assertFixAllSettles(workspace: Workspace, uri: string, text: string, where: () => string): void {
  let current = text;
  for (let round = 0; ; round++) {
    const analysis = workspace.analyse(uri)!;
    const action = fixAll(uri, analysis.file, [...analysis.diagnostics, ...estimateDiagnostics(analysis, 0.3)]);
    if (!action) break;
    assert.ok(round < 5, `fix-all still offers ${action.title} after 5 rounds in ${where()}:\n${current}`);
    current = TextDocument.applyEdits(TextDocument.create(uri, 'topo', 1, current), action.edit!.changes![uri]);
    workspace.setDocument(uri, current, 1_000_000 + round);
  }
  workspace.setDocument(uri, text, 2_000_000);
}

describe('fuzz: the core', () => {
  it(`analyses ${cases} mutated documents without throwing, with valid spans (seed ${seed})`, () => {
    const r = rng(seed);
    const seeds = sourceFiles().map((f) => ({ file: f, text: readRepoFile(f) }));
    const workspace = new Workspace(undefined, catalogPath);
    const started = Date.now();
    for (let i = 0; i < cases; i++) {
      const base = pick(r, seeds);
      const { text, applied } = mutate(base.text, r);
      // Same directory as the sample, so its imports resolve (and imports of the mutated text may not).
      const uri = URI.file(path.join(repoRoot, path.dirname(base.file), `fuzz-${i % 4}.topo`)).toString();
      const where = () =>
        `case ${i} (seed ${seed}, from ${base.file}, ${applied.join(' + ')}): ${JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}...` : text)}`;
      try {
        workspace.setDocument(uri, text, i + 1);
        const lspDocument = TextDocument.create(uri, 'topo', i + 1, text);
        const analysis = workspace.analyse(uri);
        assert.ok(analysis, `no analysis for ${where()}`);
        // The incremental parser (reusing the previous mutant's chunks) must equal a whole parse.
        if (i % 50 === 0) assert.deepEqual(analysis.file, parse(text), `incremental parse differs in ${where()}`);
        // Incremental binding (reusing the previous mutant's declarations) must equal a fresh bind.
        if (i % 50 === 25) {
          const fresh = new Workspace(undefined, catalogPath);
          fresh.setDocument(uri, text, 1);
          const whole = fresh.analyse(uri)!;
          assert.deepEqual(
            analysis.diagnostics,
            whole.diagnostics,
            `incremental bind's diagnostics differ in ${where()}`,
          );
          assert.deepEqual(analysis.references, whole.references, `incremental bind's references differ in ${where()}`);
          assert.deepEqual(analysis.specs, whole.specs, `incremental bind's specs differ in ${where()}`);
        }
        for (const d of analysis.diagnostics) {
          assert.ok(!nanSpan(d.span), `diagnostic ${d.code} has a NaN span in ${where()}`);
          assert.ok(
            isValidSpan(d.span, text.length),
            `diagnostic ${d.code} span ${JSON.stringify(d.span)} out of range in ${where()}`,
          );
          assert.ok(d.message && d.code && d.severity, `empty diagnostic in ${where()}`);
          for (const fix of d.data?.fixes ?? [])
            assert.ok(isValidSpan(fix.span, text.length), `fix span ${JSON.stringify(fix)} in ${where()}`);
          // Ranges follow LSP's line breaks (\n, \r\n and a lone \r), as the client's document does.
          const { range } = toLspDiagnostic(analysis.file, d);
          const expected = { start: lspDocument.positionAt(d.span.start), end: lspDocument.positionAt(d.span.end) };
          assert.deepEqual(range, expected, `diagnostic ${d.code} range differs from the client's in ${where()}`);
        }
        for (const ref of analysis.references)
          assert.ok(isValidSpan(ref.span, text.length), `reference span in ${where()}`);
        documentSymbols(analysis);
        if (i % 5 === 0) {
          // The estimator on mutated workloads: readable lenses, findings with valid spans, never a throw.
          for (const lens of codeLenses(analysis))
            assert.doesNotMatch(lens.command!.title, /NaN|Infinity|undefined|null/, `lens in ${where()}`);
          for (const d of estimateDiagnostics(analysis, 0.3))
            assert.ok(isValidSpan(d.span, text.length), `finding ${d.code} span in ${where()}`);
        }
        if (i % 7 === 0) {
          // Formatting in any line-break style: the edits, applied as an editor does, give the formatted text.
          const variant = i % 21 === 0 ? text : text.replace(/\r\n?|\n/g, i % 14 === 0 ? '\r\n' : '\r');
          const formatted = formatText(variant);
          const edits = formatEdits(variant);
          if (formatted !== undefined)
            assert.equal(
              TextDocument.applyEdits(TextDocument.create(uri, 'topo', 1, variant), edits),
              formatted,
              `format edits in ${where()}`,
            );
          // Each fix's edit lands on its own span as the editor counts lines.
          const doc = TextDocument.create(uri, 'topo', 1, text);
          for (const fix of analysis.diagnostics.flatMap((d) => d.data?.fixes ?? []).filter((f) => f.newText !== '')) {
            const edit = fixEdit(analysis.file, fix);
            assert.deepEqual(
              { start: doc.offsetAt(edit.range.start), end: doc.offsetAt(edit.range.end) },
              fix.span,
              `fix "${fix.title}" in ${where()}`,
            );
          }
        }
        if (i % 35 === 0) assertFixAllSettles(workspace, uri, text, where);
        for (let k = 0; k < 3; k++) {
          const offset = int(r, text.length + 1);
          hoverAt(workspace, analysis, offset);
          definitionAt(workspace, analysis, offset);
        }
      } catch (e) {
        throw new Error(`${where()}\n${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz core: ${cases} cases in ${seconds.toFixed(1)} s, no exception, every span valid`);
  });
});
