// Quick fixes from each diagnostic's own fixes (first preferred), imports for names declared elsewhere, "fix all",
// and the explicit rewrite of `batch max` into the batch it resolves to.
import * as path from 'node:path';
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from './protocol';
import { URI } from 'vscode-uri';
import { Span } from '../syntax/ast';
import { LineSource, linesOf } from '../syntax/lines';
import { TopoDiagnostic } from '../semantics/diagnostics';
import { FileAnalysis, Workspace } from '../semantics/program';
import { layoutRewrites } from './decisions';
import { diagnosticSources } from './diagnostics';
import { estimatesOf } from './estimates';
import { batchMaxRewrite, workloadField } from './finding-fixes';
import { toLspDiagnostic, toRange } from './ranges';
import type { FeatureRegistration } from './registry';
import { Services } from './services';
import { sameUri, workspaceTopoUris } from './workspace-files';

export const fixAllKind = `${CodeActionKind.SourceFixAll}.topo`;
type Fix = { title: string; span: Span; newText: string };

/** A fix as a text edit; a deletion that would leave its line blank takes the whole line, with its break. */
export function fixEdit(source: LineSource, fix: Fix): TextEdit {
  let { start, end } = fix.span;
  if (fix.newText === '') {
    const text = source.text;
    const lines = linesOf(source);
    const first = lines.lineOf(start);
    const last = lines.lineOf(end);
    if (text.slice(lines.lineStart(first), start).trim() === '' && text.slice(end, lines.lineEnd(last)).trim() === '') {
      start = lines.lineStart(first);
      end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : lines.lineEnd(last);
    }
  }
  return { range: toRange(source, { start, end }), newText: fix.newText };
}

export function quickFixes(
  uri: string,
  source: LineSource,
  d: TopoDiagnostic,
  lsp: Diagnostic = toLspDiagnostic(source, d),
): CodeAction[] {
  return (d.data?.fixes ?? []).map((fix, i) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [lsp],
    isPreferred: i === 0,
    edit: { changes: { [uri]: [fixEdit(source, fix)] } },
  }));
}

/** Where an import line goes: after the last import, else after the file's header comment, else at the top. */
function importInsertion(analysis: FileAnalysis): { offset: number; prefix: string; suffix: string } {
  const text = analysis.file.text;
  const lines = linesOf(analysis.file);
  const eol = lines.eol;
  const last = analysis.file.imports[analysis.file.imports.length - 1];
  if (last) {
    const next = lines.lineOf(last.span.end) + 1;
    return next < lines.lineCount
      ? { offset: lines.lineStart(next), prefix: '', suffix: eol }
      : { offset: text.length, prefix: eol, suffix: '' };
  }
  // A header: line comments then a blank line.
  const lineText = (line: number) => text.slice(lines.lineStart(line), lines.lineEnd(line)).trim();
  let line = 0;
  while (line + 1 < lines.lineCount && lineText(line).startsWith('//')) line++;
  const header = line > 0 && line + 1 < lines.lineCount && lineText(line) === '';
  return { offset: header ? lines.lineStart(line + 1) : 0, prefix: '', suffix: eol + eol };
}

function importsTransitively(workspace: Workspace, from: string, target: string, seen = new Set<string>()): boolean {
  if (sameUri(from, target)) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return (workspace.analyse(from)?.imports ?? []).some(
    (i) => i.uri !== undefined && importsTransitively(workspace, i.uri, target, seen),
  );
}

/** For an unknown name (TOPO200) declared with the right kind in another workspace file: import that file. */
export function importFixes(
  workspace: Workspace,
  analysis: FileAnalysis,
  d: TopoDiagnostic,
  uris: string[],
  lsp?: Diagnostic,
): CodeAction[] {
  const name = d.data?.name;
  const kind = d.data?.kind;
  const here = URI.parse(analysis.uri);
  if (d.code !== 'TOPO200' || typeof name !== 'string' || typeof kind !== 'string' || here.scheme !== 'file') return [];
  const actions: CodeAction[] = [];
  for (const uri of uris) {
    if (sameUri(uri, analysis.uri) || analysis.imports.some((i) => i.uri && sameUri(i.uri, uri))) continue;
    const file = workspace.parse(uri);
    if (!file?.declarations.some((decl) => decl.kind === kind && decl.name?.text === name)) continue;
    const other = workspace.analyse(uri);
    // Importing must not clash with this file's names nor close an import cycle.
    if (
      !other ||
      [...other.declarations.keys()].some((n) => analysis.declarations.has(n)) ||
      importsTransitively(workspace, uri, analysis.uri)
    )
      continue;
    const relative = path.relative(path.dirname(here.fsPath), URI.parse(uri).fsPath).split(path.sep).join('/');
    const place = importInsertion(analysis);
    const edit = {
      range: toRange(analysis.file, { start: place.offset, end: place.offset }),
      newText: `${place.prefix}import "${relative}"${place.suffix}`,
    };
    actions.push({
      title: `Import "${relative}" (declares ${kind} ${name})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lsp ?? toLspDiagnostic(analysis.file, d)],
      edit: { changes: { [analysis.uri]: [edit] } },
    });
  }
  return actions;
}

/** One edit applying the preferred fix of every diagnostic; fixes that overlap an earlier one wait for the next run. */
export function fixAll(uri: string, source: LineSource, diagnostics: TopoDiagnostic[]): CodeAction | undefined {
  // A misspelt field renamed by one fix is not also added as missing by another.
  const renamedTo = new Set(diagnostics.filter((d) => d.code === 'TOPO202').map((d) => d.data?.fixes?.[0]?.newText));
  const chosen = diagnostics
    .filter((d) => !(d.code === 'TOPO203' && renamedTo.has(d.data?.field as string)))
    .flatMap((d) => (d.data?.fixes?.length ? [d.data.fixes[0]] : []))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const edits: TextEdit[] = [];
  let end = -1;
  for (const fix of chosen) {
    if (fix.span.start < end) continue;
    edits.push(fixEdit(source, fix));
    end = Math.max(end, fix.span.end);
  }
  if (!edits.length) return undefined;
  return {
    title: `Fix all auto-fixable problems (${edits.length})`,
    kind: fixAllKind,
    edit: { changes: { [uri]: edits } },
  };
}

/** The current diagnostics of a document: the binder's, and the later analyses' when asked. */
function currentDiagnostics(services: Services, analysis: FileAnalysis, withSources: boolean): TopoDiagnostic[] {
  if (!withSources) return analysis.diagnostics;
  const extra = diagnosticSources.flatMap((source) =>
    services.guard('diagnostic source', [], () => source(analysis, services)),
  );
  return [...analysis.diagnostics, ...extra];
}

/** A diagnostic's code and range as one key: the client's diagnostics are matched to the current ones in one pass. */
const placeKey = (code: string, r: Diagnostic['range']) =>
  `${code}:${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;

/** The `batch max` write-outs whose field meets the requested span. */
export function batchMaxRewrites(uri: string, analysis: FileAnalysis, span: Span): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const { spec, estimate } of estimatesOf(analysis).values()) {
    const field = workloadField(analysis.file, spec, 'batch');
    if (!field || field.span.start > span.end || field.span.end < span.start) continue;
    const rewrite = batchMaxRewrite(analysis.file, spec, estimate);
    if (!rewrite) continue;
    const edit = { changes: { [uri]: [fixEdit(analysis.file, rewrite)] } };
    actions.push({ title: rewrite.title, kind: CodeActionKind.RefactorRewrite, edit });
  }
  return actions;
}

export const codeActionsFeature: FeatureRegistration = {
  capabilities: {
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind, CodeActionKind.RefactorRewrite] },
  },
  register(services) {
    services.connection.onCodeAction(async (params) => {
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
      const needsImports =
        wants(CodeActionKind.QuickFix) && params.context.diagnostics.some((d) => d.code === 'TOPO200');
      const uris = needsImports ? await workspaceTopoUris(services) : [];
      return services.guard<CodeAction[]>('codeAction', [], () => {
        const analysis = services.analysis(params.textDocument.uri);
        if (!analysis) return [];
        const file = analysis.file;
        const actions: CodeAction[] = [];
        if (wants(CodeActionKind.QuickFix)) {
          const known = new Set(analysis.diagnostics.map((d) => d.code));
          const current = currentDiagnostics(
            services,
            analysis,
            params.context.diagnostics.some((d) => !known.has(d.code as never)),
          );
          // Fixes come from the diagnostic as the current analysis has it: a stale one (the text moved) offers nothing.
          // Files that could be imported, filtered once for all the diagnostics of the request.
          const candidates = uris.filter(
            (u) => !sameUri(u, analysis.uri) && !analysis.imports.some((i) => i.uri && sameUri(i.uri, u)),
          );
          const byPlace = new Map<string, TopoDiagnostic>();
          for (const c of current) {
            const key = placeKey(c.code, toRange(file, c.span));
            if (!byPlace.has(key)) byPlace.set(key, c);
          }
          for (const lsp of params.context.diagnostics) {
            const d = byPlace.get(placeKey(String(lsp.code), lsp.range));
            if (!d) continue;
            const imports = importFixes(services.workspace, analysis, d, candidates, lsp);
            const exact = imports.length > 0;
            const fixes = quickFixes(analysis.uri, file, d, lsp);
            if (exact) for (const f of fixes) f.isPreferred = false;
            if (exact) imports[0].isPreferred = true;
            actions.push(...imports, ...fixes);
          }
        }
        if (wants(fixAllKind) && (only !== undefined || params.context.diagnostics.length > 0)) {
          const all = fixAll(analysis.uri, file, currentDiagnostics(services, analysis, true));
          if (all) actions.push(all);
        }
        if (wants(CodeActionKind.RefactorRewrite)) {
          const lines = linesOf(file);
          const span = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
          actions.push(
            ...batchMaxRewrites(analysis.uri, analysis, span),
            ...layoutRewrites(analysis.uri, analysis, span),
          );
        }
        return actions;
      });
    });
  },
};
