// In-memory documents for core tests: a FileHost over a map of files, and one-call analysis of a text.
import * as fs from 'node:fs';
import { URI } from 'vscode-uri';
import { FileAnalysis, FileHost, Workspace } from '../../server/src/semantics/program';
import { TopoDiagnostic } from '../../server/src/semantics/diagnostics';
import { Span } from '../../server/src/syntax/ast';
import { catalogPath } from './repo';

/** The catalog is read from disk (it is part of the product); every other file comes from `files`. */
export class MemoryHost implements FileHost {
  readonly reads: string[] = [];
  constructor(readonly files: Record<string, string> = {}) {}
  read(uri: string): string | undefined {
    this.reads.push(uri);
    const fsPath = URI.parse(uri).fsPath;
    if (Object.prototype.hasOwnProperty.call(this.files, fsPath)) return this.files[fsPath];
    if (fsPath === catalogPath) return fs.readFileSync(catalogPath, 'utf8');
    return undefined;
  }
}

export const uriOf = (fsPath: string) => URI.file(fsPath).toString();

/** A workspace whose files live in memory under /mem. */
export function memoryWorkspace(files: Record<string, string> = {}): { workspace: Workspace; host: MemoryHost } {
  const host = new MemoryHost(files);
  return { workspace: new Workspace(host, catalogPath), host };
}

let counter = 0;
/** Analyses one document given as text (open in the workspace, as the editor would have it). */
export function analyseText(text: string, workspace?: Workspace): FileAnalysis {
  const ws = workspace ?? memoryWorkspace().workspace;
  const uri = uriOf(`/mem/doc${++counter}.topo`);
  ws.setDocument(uri, text, 1);
  const analysis = ws.analyse(uri);
  if (!analysis) throw new Error('an open document must always be analysed');
  return analysis;
}

export function codes(diagnostics: TopoDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

/** The text a span covers. */
export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Diagnostics of one code, with the text each points at, for readable assertions. */
export function withCode(
  analysis: FileAnalysis,
  code: string,
): { message: string; at: string; severity: string; diagnostic: TopoDiagnostic }[] {
  return analysis.diagnostics
    .filter((d) => d.code === code)
    .map((d) => ({
      message: d.message,
      at: spanText(analysis.file.text, d.span),
      severity: d.severity,
      diagnostic: d,
    }));
}

/** Checks a span lies inside a text of the given length, with integer, ordered ends. */
export function isValidSpan(span: Span, length: number): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= length
  );
}
