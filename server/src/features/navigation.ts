// Navigation: find references, rename across importing files (never the catalog), document highlights, workspace symbols.
import {
  DocumentHighlight,
  DocumentHighlightKind,
  Location,
  ResponseError,
  SymbolInformation,
  SymbolKind,
  TextEdit,
  WorkspaceEdit,
} from './protocol';
import { DeclarationKind, SourceFile, Span } from '../syntax/ast';
import { FileAnalysis, Workspace } from '../semantics/program';
import { DefinitionSite } from '../semantics/types';
import { declarationNameAt, referenceAt } from './locate';
import { toRange } from './ranges';
import type { FeatureRegistration } from './registry';
import { sameUri, workspaceTopoUris } from './workspace-files';

/** The declaration a name under the cursor stands for: a use or the declared name itself. */
export interface Target {
  name: string;
  kind: DeclarationKind;
  site: DefinitionSite;
}

export function targetAt(analysis: FileAnalysis, offset: number): Target | undefined {
  const ref = referenceAt(analysis, offset);
  if (ref) return { name: ref.name, kind: ref.kind, site: ref.target };
  const decl = declarationNameAt(analysis.file, offset);
  if (!decl?.name || analysis.declarations.get(decl.name.text) !== decl) return undefined;
  return {
    name: decl.name.text,
    kind: decl.kind,
    site: { uri: analysis.uri, nameSpan: decl.name.span, span: decl.span },
  };
}

const sameSite = (a: DefinitionSite, b: DefinitionSite) =>
  a.nameSpan.start === b.nameSpan.start && sameUri(a.uri, b.uri);

/** Every place naming the target: its declaration (when asked) and every resolved use in the given files. */
export function referencesTo(
  workspace: Workspace,
  target: Target,
  uris: string[],
  includeDeclaration: boolean,
): { uri: string; file: SourceFile; span: Span; declaration: boolean }[] {
  const out: { uri: string; file: SourceFile; span: Span; declaration: boolean }[] = [];
  const files = new Set([target.site.uri, ...uris]);
  for (const uri of files) {
    const analysis = workspace.analyse(uri);
    if (!analysis) continue;
    const file = analysis.file;
    if (includeDeclaration && sameUri(uri, target.site.uri))
      out.push({ uri, file, span: target.site.nameSpan, declaration: true });
    for (const r of analysis.references)
      if (sameSite(r.target, target.site)) out.push({ uri, file, span: r.span, declaration: false });
  }
  return out;
}

const namePattern = /^[A-Za-z_\u00b5][A-Za-z0-9_\u00b5]*(?:[.-][A-Za-z0-9_]+)*$/;
const reserved = new Set(['accelerator', 'link', 'system', 'model', 'workload', 'compare', 'import']);

/** Why a rename cannot happen, or undefined when it can. */
export function renameRefusal(
  workspace: Workspace,
  analysis: FileAnalysis,
  target: Target | undefined,
  newName?: string,
): string | undefined {
  if (!target) return 'Only the name of an accelerator, link, system, model or workload can be renamed.';
  if (sameUri(target.site.uri, workspace.catalogUri))
    return `'${target.name}' is declared in the built-in catalog, which cannot be renamed; declare your own ${target.kind} under a new name instead.`;
  if (newName === undefined) return undefined;
  if (!namePattern.test(newName))
    return `'${newName}' is not a valid name: use letters, digits and _, optionally joined by . or - (Llama3.1-70B).`;
  if (reserved.has(newName)) return `'${newName}' is a keyword.`;
  const home = sameUri(target.site.uri, analysis.uri) ? analysis : workspace.analyse(target.site.uri);
  if (
    newName !== target.name &&
    home &&
    (home.declarations.has(newName) || home.imports.some((i) => i.target?.declarations.has(newName)))
  )
    return `'${newName}' is already declared.`;
  return undefined;
}

export function renameEdit(workspace: Workspace, target: Target, uris: string[], newName: string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const r of referencesTo(workspace, target, uris, true))
    (changes[r.uri] ??= []).push({ range: toRange(r.file, r.span), newText: newName });
  return { changes };
}

export function documentHighlights(analysis: FileAnalysis, offset: number): DocumentHighlight[] {
  const target = targetAt(analysis, offset);
  if (!target) return [];
  const file = analysis.file;
  const out: DocumentHighlight[] = [];
  if (sameUri(target.site.uri, analysis.uri))
    out.push({ range: toRange(file, target.site.nameSpan), kind: DocumentHighlightKind.Write });
  for (const r of analysis.references)
    if (sameSite(r.target, target.site)) out.push({ range: toRange(file, r.span), kind: DocumentHighlightKind.Read });
  return out;
}

const symbolKinds: Record<DeclarationKind, SymbolKind> = {
  accelerator: SymbolKind.Class,
  link: SymbolKind.Interface,
  system: SymbolKind.Module,
  model: SymbolKind.Struct,
  workload: SymbolKind.Event,
  compare: SymbolKind.Array,
};

/** True when the letters of the query appear in order in the name (case-insensitive). */
export function fuzzyMatch(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length;
}

/** Declarations of the given files and the catalog whose names match the query. */
export function workspaceSymbols(workspace: Workspace, uris: string[], query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const uri of [...uris, workspace.catalogUri]) {
    const file = workspace.parse(uri);
    if (!file) continue;
    const container =
      uri === workspace.catalogUri ? 'catalog' : decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
    for (const d of file.declarations) {
      if (!d.name || !fuzzyMatch(query, d.name.text)) continue;
      out.push({
        name: d.name.text,
        kind: symbolKinds[d.kind],
        containerName: `${d.kind} · ${container}`,
        location: { uri, range: toRange(file, d.name.span) },
      });
    }
  }
  return out;
}

export const navigationFeature: FeatureRegistration = {
  capabilities: {
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentHighlightProvider: true,
    workspaceSymbolProvider: true,
  },
  register(services) {
    const { connection } = services;
    const withAnalysis = <T>(uri: string, fallback: T, run: (a: FileAnalysis) => T) => {
      const analysis = services.analysis(uri);
      return analysis ? run(analysis) : fallback;
    };
    const offsetOf = (a: FileAnalysis, position: { line: number; character: number }) =>
      services.documents.get(a.uri)!.offsetAt(position);
    connection.onReferences(async (params) => {
      const uris = await workspaceTopoUris(services);
      return services.guard<Location[]>('references', [], () =>
        withAnalysis(params.textDocument.uri, [], (a) => {
          const target = targetAt(a, offsetOf(a, params.position));
          if (!target) return [];
          return referencesTo(services.workspace, target, uris, params.context.includeDeclaration).map((r) => ({
            uri: r.uri,
            range: toRange(r.file, r.span),
          }));
        }),
      );
    });
    connection.onPrepareRename((params) =>
      withAnalysis(params.textDocument.uri, null, (a) => {
        const target = targetAt(a, offsetOf(a, params.position));
        const refusal = renameRefusal(services.workspace, a, target);
        if (refusal) throw new ResponseError(-32803, refusal);
        const offset = offsetOf(a, params.position);
        const span = referenceAt(a, offset)?.span ?? target!.site.nameSpan;
        return { range: toRange(a.file, span), placeholder: target!.name };
      }),
    );
    connection.onRenameRequest(async (params) => {
      const uris = await workspaceTopoUris(services);
      return withAnalysis(params.textDocument.uri, null, (a) => {
        const target = targetAt(a, offsetOf(a, params.position));
        const refusal = renameRefusal(services.workspace, a, target, params.newName);
        if (refusal) throw new ResponseError(-32803, refusal);
        return renameEdit(services.workspace, target!, uris, params.newName);
      });
    });
    connection.onDocumentHighlight((params) =>
      services.guard('documentHighlight', [], () =>
        withAnalysis(params.textDocument.uri, [], (a) => documentHighlights(a, offsetOf(a, params.position))),
      ),
    );
    connection.onWorkspaceSymbol(async (params) => {
      const uris = await workspaceTopoUris(services);
      return services.guard('workspaceSymbol', [], () => workspaceSymbols(services.workspace, uris, params.query));
    });
  },
};
