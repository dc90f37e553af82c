// The analysed workspace: documents, imports, the built-in catalog, and analyses cached by document version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Declaration, DeclarationKind, SourceFile, Span } from '../syntax/ast';
import { IncrementalParser } from '../syntax/incremental';
import { parse } from '../syntax/shape';
import { bindDeclarations, BindingCache } from './bind-declarations';
import { diagnostic, TopoDiagnostic } from './diagnostics';
import { Exports, Reference, SpecsByKind } from './scope';
import { syncDiskHost } from '../disk';
import { FILE_BUDGET_BYTES, OUTLINE_BUDGET_BYTES, sizeText } from './budgets';

export interface ImportLink {
  path: string;
  span: Span;
  uri?: string;
  target?: FileAnalysis;
  /** The file is still being read (the server reads imports asynchronously and analyses again when they arrive). */
  pending?: boolean;
}

/** Everything known about one document at one version. */
export interface FileAnalysis {
  uri: string;
  version: number;
  file: SourceFile;
  /** First declaration of each name. */
  declarations: Map<string, Declaration>;
  specs: { [K in DeclarationKind]: Map<string, SpecsByKind[K]> };
  imports: ImportLink[];
  references: Reference[];
  diagnostics: TopoDiagnostic[];
  exports: Exports;
  /** Why the file was analysed in outline only (it is over the size budget), if it was. */
  outline?: string;
}

/** A file's text; undefined when there is no such file; why it was not read; or that it is still being read. */
export type HostRead = string | undefined | { refused: string } | { pending: true };

/** Reads files that are not open in the editor. */
export interface FileHost {
  read(uri: string): HostRead;
}

/** Reads from disk synchronously, regular files within the size budget only (the CLI and tests). */
export const nodeFileHost: FileHost = syncDiskHost;

export class Workspace {
  private open = new Map<string, { text: string; version: number }>();
  private parsed = new Map<string, { version: number; text: string; file: SourceFile }>();
  private parsers = new Map<string, IncrementalParser>();
  /** Per open document, the binding of each declaration tree, reused while the tree and its answers are the same. */
  private bindings = new Map<string, BindingCache>();
  /** Each analysis with the analyses it was bound against (its imports and the catalog). */
  private analysed = new Map<
    string,
    { analysis: FileAnalysis; dependencies: FileAnalysis[]; consulted: Map<string, SourceFile | undefined> }
  >();
  /** Files the host did not give: refused (with the reason) or still being read. */
  private unread = new Map<string, { refused: string } | { pending: true }>();
  readonly catalogUri: string;

  constructor(
    private host: FileHost = nodeFileHost,
    catalogPath: string = defaultCatalogPath(),
  ) {
    this.catalogUri = URI.file(catalogPath).toString();
  }

  setDocument(uri: string, text: string, version: number): void {
    this.open.set(uri, { text, version });
  }

  /** Records the editor's copy unless it is the version already known. */
  setDocumentIfChanged(uri: string, text: string, version: number): void {
    const known = this.open.get(uri);
    if (known && known.version === version && known.text.length === text.length) return;
    this.setDocument(uri, text, version);
  }

  closeDocument(uri: string): void {
    this.open.delete(uri);
    this.parsed.delete(uri);
    this.parsers.delete(uri);
    this.bindings.delete(uri);
    this.analysed.delete(uri);
  }

  /** A file changed on disk (or was read at last): forget what was read of it unless the editor has it open. */
  fileChanged(uri: string): void {
    this.unread.delete(uri);
    // Importers that found nothing there analyse again; the others notice their dependency is gone.
    for (const [importer, { analysis, dependencies }] of this.analysed) {
      if (analysis.imports.some((i) => i.uri === uri && !i.target)) this.analysed.delete(importer);
      else if (uri === this.catalogUri && importer !== uri && !dependencies.some((d) => d.uri === uri))
        this.analysed.delete(importer);
    }
    if (this.open.has(uri)) return;
    this.parsed.delete(uri);
    this.analysed.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  /** The text of a document: the editor's copy when open, else the file on disk. */
  text(uri: string): string | undefined {
    const known = this.open.get(uri)?.text ?? this.parsed.get(uri)?.text;
    if (known !== undefined) return known;
    const read = this.host.read(uri);
    return typeof read === 'string' ? read : undefined;
  }

  parse(uri: string): SourceFile | undefined {
    const doc = this.open.get(uri);
    const cached = this.parsed.get(uri);
    if (doc) {
      if (cached && cached.version === doc.version && cached.text === doc.text) return cached.file;
      let parser = this.parsers.get(uri);
      if (!parser) this.parsers.set(uri, (parser = new IncrementalParser()));
      // Over the outline budget not even parsed: an empty file with the document's text.
      const file = doc.text.length > OUTLINE_BUDGET_BYTES ? { ...parse(''), text: doc.text } : parser.parse(doc.text);
      this.parsed.set(uri, { version: doc.version, text: doc.text, file });
      return file;
    }
    if (cached) return cached.file;
    const text = this.host.read(uri);
    if (typeof text !== 'string') {
      if (text) this.unread.set(uri, text);
      else this.unread.delete(uri);
      return undefined;
    }
    this.unread.delete(uri);
    const file = parse(text);
    this.parsed.set(uri, { version: -1, text, file });
    return file;
  }

  catalog(): FileAnalysis | undefined {
    return this.analyse(this.catalogUri);
  }

  /** Analyses a document (and what it imports); cached while neither it nor anything it was bound against changed. */
  analyse(uri: string, stack: string[] = []): FileAnalysis | undefined {
    const fresh = this.fresh(uri, new Set());
    if (fresh) return fresh;
    const file = this.parse(uri);
    if (!file) return undefined;
    const consulted = new Map<string, SourceFile | undefined>();
    const analysis = this.bind(uri, file, [...stack, uri], consulted, outlineReason(file.text.length));
    const dependencies = analysis.imports.flatMap((i) => (i.target ? [i.target] : []));
    const catalog = uri === this.catalogUri ? undefined : this.analysed.get(this.catalogUri)?.analysis;
    if (catalog) dependencies.push(catalog);
    this.analysed.set(uri, { analysis, dependencies, consulted });
    return analysis;
  }

  /** Whether the last analysis of `uri` was bound against `target`, directly or through its imports. */
  dependsOn(uri: string, target: string, seen = new Set<string>()): boolean {
    if (seen.has(uri)) return false;
    seen.add(uri);
    const cached = this.analysed.get(uri);
    if (!cached) return false;
    return (
      cached.analysis.imports.some(
        (i) => i.uri === target || (i.uri !== undefined && this.dependsOn(i.uri, target, seen)),
      ) ||
      cached.consulted.has(target) || // a file on an import cycle of this one: it can open or close the cycle
      (target === this.catalogUri && uri !== this.catalogUri)
    );
  }

  /** The cached analysis of a document if it is still current: same version, and every dependency current and the same. */
  private fresh(uri: string, seen: Set<string>): FileAnalysis | undefined {
    const cached = this.analysed.get(uri);
    if (!cached) return undefined;
    const doc = this.open.get(uri);
    if (cached.analysis.version !== (doc ? doc.version : -1) || (doc && cached.analysis.file.text !== doc.text))
      return undefined;
    if (seen.has(uri)) return cached.analysis;
    seen.add(uri);
    for (const dep of cached.dependencies) if (this.fresh(dep.uri, seen) !== dep) return undefined;
    // A file on the import graph changed: a cycle may have opened or closed.
    // (A file that was missing counts only once it is open, as for imports below: no disk read per keystroke.)
    for (const [other, parsed] of cached.consulted) {
      if (other !== uri && (parsed === undefined ? this.open.has(other) : this.parse(other) !== parsed))
        return undefined;
    }
    // An import that was missing may have been opened since.
    for (const i of cached.analysis.imports) if (!i.target && i.uri && this.open.has(i.uri)) return undefined;
    return cached.analysis;
  }

  /** Whether an analysis is waiting for a file to be read: one of its imports (at any depth) or the catalog. */
  waitsForReads(analysis: FileAnalysis): boolean {
    const catalog = this.unread.get(this.catalogUri);
    if (analysis.uri !== this.catalogUri && catalog && 'pending' in catalog) return true;
    const importsWait = (a: FileAnalysis, seen: Set<string>): boolean => {
      if (seen.has(a.uri)) return false;
      seen.add(a.uri);
      return a.imports.some((i) => i.pending || (i.target !== undefined && importsWait(i.target, seen)));
    };
    return importsWait(analysis, new Set());
  }

  /** Binds a file; in outline (over the size budget) only its declarations' names and its imports. */
  private bind(
    uri: string,
    file: SourceFile,
    stack: string[],
    consulted: Map<string, SourceFile | undefined>,
    outline?: string,
  ): FileAnalysis {
    const diagnostics: TopoDiagnostic[] = file.syntaxIssues.map((i) =>
      diagnostic('TOPO100', 'error', i.message, i.span),
    );
    if (outline)
      diagnostics.push(
        diagnostic('TOPO210', 'information', outline, { start: 0, end: Math.max(0, file.text.search(/\r|\n/)) }),
      );
    const references: Reference[] = [];
    const declarations = new Map<string, Declaration>();
    for (let i = 0; i < file.declarations.length; i++) {
      const decl = file.declarations[i];
      if (!decl.name) {
        diagnostics.push(
          diagnostic('TOPO207', 'error', `this ${decl.kind} needs a name: ${decl.kind} Name { ... }`, decl.keywordSpan),
        );
        continue;
      }
      const first = declarations.get(decl.name.text);
      if (first) {
        diagnostics.push(
          diagnostic(
            'TOPO201',
            'error',
            `'${decl.name.text}' is already declared as ${first.kind === decl.kind ? 'a' : `a ${first.kind}, not this`} ${first.kind === decl.kind ? decl.kind : ''} above`
              .replace(/\s+/g, ' ')
              .trim(),
            decl.name.span,
          ),
        );
        continue;
      }
      declarations.set(decl.name.text, decl);
    }
    const imports = this.resolveImports(uri, file, stack, diagnostics, consulted);
    const visible: Exports[] = imports.flatMap((i) => (i.target ? [i.target.exports] : []));
    if (uri !== this.catalogUri) {
      const catalog = this.catalog();
      if (catalog) visible.push(catalog.exports);
    }
    for (let i = 0; i < file.declarations.length; i++) {
      const decl = file.declarations[i];
      if (!decl.name || declarations.get(decl.name.text) !== decl) continue;
      const clash = visible.find((e) => e.uri !== this.catalogUri && e.kindOf(decl.name!.text));
      if (clash)
        diagnostics.push(
          diagnostic(
            'TOPO201',
            'error',
            `'${decl.name.text}' is also declared in ${path.basename(URI.parse(clash.uri).fsPath)}, which this file imports`,
            decl.name.span,
          ),
        );
    }
    const specs = {
      accelerator: new Map(),
      link: new Map(),
      system: new Map(),
      model: new Map(),
      workload: new Map(),
      compare: new Map(),
    } as FileAnalysis['specs'];
    if (!outline) {
      const { bound, cache } = bindDeclarations(uri, file.text, declarations, visible, specs, this.bindings.get(uri));
      // Only an open document's trees outlive a version (the incremental parser keeps them).
      if (this.open.has(uri)) this.bindings.set(uri, cache);
      // Indexed loops: two per declaration per version, where iterators would allocate on every call.
      for (let i = 0; i < bound.length; i++) {
        const b = bound[i];
        for (let j = 0; j < b.diagnostics.length; j++) diagnostics.push(b.diagnostics[j]);
        for (let j = 0; j < b.references.length; j++) references.push(b.references[j]);
      }
      references.sort((a, b) => a.span.start - b.span.start);
    }
    const exports: Exports = {
      uri,
      lookup: (kind, name) => specs[kind].get(name) as never,
      kindOf: (name) => declarations.get(name)?.kind,
      names: (kind) => specs[kind].keys(),
    };
    diagnostics.sort((a, b) => a.span.start - b.span.start);
    return {
      uri,
      version: this.open.get(uri)?.version ?? -1,
      file,
      declarations,
      specs,
      imports,
      references,
      diagnostics,
      exports,
      ...(outline ? { outline } : {}),
    };
  }

  /** The document an import path names, relative to the importing document; undefined for an invalid path. */
  private importTarget(uri: string, importPath: string): string | undefined {
    const base = URI.parse(uri);
    try {
      return base.scheme === 'file'
        ? URI.file(path.resolve(path.dirname(base.fsPath), importPath)).toString()
        : base.with({ path: path.posix.resolve(path.posix.dirname(base.path), importPath) }).toString();
    } catch {
      return undefined;
    }
  }

  /**
   * The chain of imports from `from` back to `to` (both ends included), if there is one. Parses only: which
   * import closes a cycle depends on the import graph, never on which file was analysed first. Each file
   * consulted is recorded in `consulted`, so that the analysis is redone when one of them changes.
   */
  private importPath(
    from: string,
    to: string,
    consulted: Map<string, SourceFile | undefined>,
    seen = new Set<string>(),
  ): string[] | undefined {
    if (from === to) return [to];
    if (seen.has(from)) return undefined;
    seen.add(from);
    const file = this.parse(from);
    consulted.set(from, file);
    for (const imp of file?.imports ?? []) {
      const next = this.importTarget(from, imp.path);
      const rest = next === undefined ? undefined : this.importPath(next, to, consulted, seen);
      if (rest) return [from, ...rest];
    }
    return undefined;
  }

  private resolveImports(
    uri: string,
    file: SourceFile,
    stack: string[],
    diagnostics: TopoDiagnostic[],
    consulted: Map<string, SourceFile | undefined>,
  ): ImportLink[] {
    return file.imports.map((imp) => {
      const link: ImportLink = { path: imp.path, span: imp.pathSpan };
      const target = this.importTarget(uri, imp.path);
      if (target === undefined) {
        diagnostics.push(diagnostic('TOPO204', 'error', `'${imp.path}' is not a valid path`, imp.pathSpan));
        return link;
      }
      link.uri = target;
      // Every import on a cycle is reported, in every member, and none is followed: the followed imports form no cycle.
      const back = this.importPath(target, uri, consulted) ?? (stack.includes(target) ? [target, uri] : undefined);
      if (back) {
        const cycle = [uri, ...back].map((u) => path.basename(URI.parse(u).path)).join(' -> ');
        diagnostics.push(
          diagnostic('TOPO205', 'error', `import cycle: ${cycle}; the cycle is not followed`, imp.pathSpan),
        );
        return link;
      }
      const analysis = this.analyse(target, stack);
      const unread = analysis ? undefined : this.unread.get(target);
      if (unread && 'pending' in unread) {
        link.pending = true;
        return link;
      }
      if (!analysis) {
        const why = unread
          ? `cannot read '${imp.path}': ${unread.refused}`
          : `cannot find '${imp.path}' (looked for ${URI.parse(target).fsPath})`;
        diagnostics.push(diagnostic('TOPO204', 'error', why, imp.pathSpan));
        return link;
      }
      if (analysis.outline) {
        diagnostics.push(
          diagnostic(
            'TOPO204',
            'error',
            `cannot use '${imp.path}': it is over the size budget for full analysis, so its declarations are not bound`,
            imp.pathSpan,
          ),
        );
        return link;
      }
      link.target = analysis;
      return link;
    });
  }
}

/** Why a document of this many characters is analysed in outline only; undefined within the budget. */
function outlineReason(length: number): string | undefined {
  if (length > OUTLINE_BUDGET_BYTES)
    return `this file is ${sizeText(length)}, over the ${sizeText(OUTLINE_BUDGET_BYTES)} budget: it is not analysed`;
  if (length > FILE_BUDGET_BYTES)
    return `this file is ${sizeText(length)}, over the ${sizeText(FILE_BUDGET_BYTES)} budget for full analysis: only syntax, declaration names and imports are checked; values, estimates, lenses and hints are off`;
  return undefined;
}

/** The catalog ships beside the bundle: dist/../catalog/catalog.topo (or from the sources in tests). */
export function defaultCatalogPath(): string {
  const candidates = [
    path.join(__dirname, '..', 'catalog', 'catalog.topo'),
    path.join(__dirname, '..', '..', 'catalog', 'catalog.topo'),
    path.join(__dirname, '..', '..', '..', 'catalog', 'catalog.topo'),
  ];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}
