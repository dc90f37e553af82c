// Publishes diagnostics: on open and on every change, debounced briefly, stale versions dropped.
import { Diagnostic } from 'vscode-languageserver';
import { FileAnalysis } from '../semantics/program';
import { toLspDiagnostic } from './ranges';
import { Services } from './services';

/** Extra diagnostics from later analyses (the estimator), computed from the same analysis. */
export type DiagnosticSource = (analysis: FileAnalysis, services: Services) => import('../semantics/diagnostics').TopoDiagnostic[];
export const diagnosticSources: DiagnosticSource[] = [];

const DEBOUNCE_MS = 15;

export function registerDiagnostics(services: Services): { revalidateAll(): void } {
  const { documents, connection } = services;
  const timers = new Map<string, NodeJS.Timeout>();

  const publish = (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const diagnostics = services.guard<Diagnostic[]>('diagnostics', [], () => {
      const analysis = services.analysis(uri);
      if (!analysis) return [];
      const all = [...analysis.diagnostics];
      for (const source of diagnosticSources) all.push(...services.guard('diagnostic source', [], () => source(analysis, services)));
      all.sort((a, b) => a.span.start - b.span.start);
      return all.map((d) => toLspDiagnostic(analysis.file, d));
    });
    // A newer version arrived while we worked: its own run will publish.
    if (documents.get(uri)?.version !== version) return;
    void connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      publish(uri);
    }, delay));
  };

  const revalidateAll = () => {
    for (const doc of documents.all()) schedule(doc.uri, DEBOUNCE_MS);
  };

  documents.onDidOpen((e) => {
    services.workspace.setDocumentIfChanged(e.document.uri, e.document.getText(), e.document.version);
    publish(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    services.workspace.setDocumentIfChanged(e.document.uri, e.document.getText(), e.document.version);
    schedule(e.document.uri, DEBOUNCE_MS);
    // Files that import this one (directly or not) may change too.
    for (const doc of documents.all()) if (doc.uri !== e.document.uri && services.workspace.dependsOn(doc.uri, e.document.uri)) schedule(doc.uri, DEBOUNCE_MS * 10);
  });
  // A .topo file changed outside the editor (the client watches **/*.topo): re-read it, then revalidate its importers.
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) services.workspace.fileChanged(change.uri);
    for (const doc of documents.all()) if (params.changes.some((c) => services.workspace.dependsOn(doc.uri, c.uri))) schedule(doc.uri, DEBOUNCE_MS);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    services.workspace.closeDocument(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  return { revalidateAll };
}
