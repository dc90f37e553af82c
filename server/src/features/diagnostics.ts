// Publishes diagnostics (or answers pulls): each version once, only the newest of a burst, never while an import is read.
import { Diagnostic, DocumentDiagnosticReport } from './protocol';
import { DIAGNOSTICS_BUDGET } from '../semantics/budgets';
import { diagnostic, TopoDiagnostic } from '../semantics/diagnostics';
import { FileAnalysis } from '../semantics/program';
import { toLspDiagnostic } from './ranges';
import { settle } from './request-gate';
import { Services } from './services';

/** Extra diagnostics from later analyses (the estimator), computed from the same analysis. */
export type DiagnosticSource = (analysis: FileAnalysis, services: Services) => TopoDiagnostic[];
export const diagnosticSources: DiagnosticSource[] = [];

/**
 * Changes this close together are analysed once. Short: the edits already received are dispatched before each
 * analysis anyway (`settle`), and an analysis costs about what the edited declarations cost.
 */
const DEBOUNCE_MS = 5;

export interface DiagnosticsPublisher {
  /** Runs a document's pending diagnostics now (a request for it comes after them); resolves when done. */
  flush(uri: string): Promise<void>;
  /** Every open document again (the settings changed). */
  revalidateAll(): void;
  /** Files change (`change` forgets what was known of them): the open documents that depended on them again. */
  dependenciesChange(uris: string[], change: () => void): void;
  /**
   * Answers a pull (`textDocument/diagnostic`): waits for the imports being read, then the full report, or `unchanged`
   * when the client already has it.
   */
  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport>;
  /** How many diagnostics notifications were sent. */
  readonly published: number;
}

/** The first DIAGNOSTICS_BUDGET diagnostics in text order, and a notice at the top when there were more. */
export function withinBudget(all: TopoDiagnostic[], analysis: FileAnalysis): TopoDiagnostic[] {
  if (all.length <= DIAGNOSTICS_BUDGET) return all;
  const firstLine = { start: 0, end: Math.max(0, analysis.file.text.search(/\r|\n/)) };
  const count = (n: number) => n.toLocaleString('en-US');
  const message =
    `${count(all.length)} problems: the first ${count(DIAGNOSTICS_BUDGET)} are shown (the budget of one ` +
    'file); fix them to see the rest, or run topo check for all of them';
  return [diagnostic('TOPO210', 'information', message, firstLine), ...all.slice(0, DIAGNOSTICS_BUDGET)];
}

export function registerDiagnostics(services: Services): DiagnosticsPublisher {
  const { documents, connection, workspace } = services;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  /** What was last sent per document: its version and the diagnostics, to send each version's diagnostics once. */
  const sent = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  let published = 0;

  /** What the client last pulled per document (pull mode): the report's id, the document's version and its diagnostics. */
  const pulled = new Map<string, { resultId: string; version: number; json: string }>();
  let reports = 0;
  let refreshAsked = false;

  const diagnosticsOf = (analysis: FileAnalysis) =>
    services.guard<Diagnostic[]>('diagnostics', [], () => {
      const all = [...analysis.diagnostics];
      // Over the size budget the estimator is off (the outline binds no workload anyway).
      if (!analysis.outline) {
        for (const source of diagnosticSources)
          all.push(...services.guard('diagnostic source', [], () => source(analysis, services)));
      }
      all.sort((a, b) => a.span.start - b.span.start);
      return withinBudget(all, analysis).map((d) =>
        toLspDiagnostic(analysis.file, d, services.client.codeDescriptions),
      );
    });

  /** Pull mode: the client is asked to pull again (once per burst) when what it has is no longer current. */
  const askRefresh = () => {
    if (refreshAsked || !services.client.diagnosticRefresh) return;
    refreshAsked = true;
    setTimeout(() => {
      refreshAsked = false;
      connection.sendRequest('workspace/diagnostic/refresh').catch(() => undefined);
    }, DEBOUNCE_MS);
  };

  const publish = async (uri: string) => {
    // Edits and cancellations already received come first: only the newest version is analysed.
    await settle();
    const doc = documents.get(uri);
    if (!doc) return;
    // The document's own settings (its folder's) decide what is reported: they are read first.
    await services.settingsLoaded(uri);
    const analysis = services.guard('analysis', undefined, () => services.analysis(uri));
    // An import or the catalog is being read: its arrival schedules this document again.
    if (!analysis || workspace.waitsForReads(analysis)) return;
    const diagnostics = diagnosticsOf(analysis);
    // Compared as JSON only for the same version (a new version is always new): no serialisation per keystroke.
    if (services.client.pullDiagnostics) {
      // A document edited since its pull is pulled again by the client itself; one that is not (an import changed) is not.
      const last = pulled.get(uri);
      if (last && last.version === doc.version && last.json !== JSON.stringify(diagnostics)) askRefresh();
      return;
    }
    const last = sent.get(uri);
    if (last && last.version === doc.version && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics))
      return;
    sent.set(uri, { version: doc.version, diagnostics });
    published++;
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  };

  /** One run at a time per document; a run asked for while one is under way follows it. */
  const run = (uri: string): Promise<void> => {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    const previous = running.get(uri) ?? Promise.resolve();
    const next = previous
      .then(() => publish(uri))
      .catch((e) => connection.console.error(`topo: diagnostics failed: ${String(e)}`))
      .finally(() => {
        if (running.get(uri) === next) running.delete(uri);
      });
    running.set(uri, next);
    return next;
  };

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => void run(uri), delay),
    );
  };

  const dependenciesChange = (uris: string[], change: () => void) => {
    // Asked before the change: it forgets the analyses that tell what depended on what.
    const dependsOnAny = (doc: string) => uris.some((u) => u === workspace.catalogUri || workspace.dependsOn(doc, u));
    const dependents = documents.all().filter((doc) => dependsOnAny(doc.uri));
    change();
    for (const doc of dependents) schedule(doc.uri, DEBOUNCE_MS);
  };

  // Open and change both arrive here (the document store reports an open as a change too): one run per burst.
  documents.onDidChangeContent((e) => {
    // An open is not a burst of keystrokes: its first diagnostics are not held back.
    const opened = !workspace.isOpen(e.document.uri);
    workspace.setDocumentIfChanged(e.document.uri, e.document.getText(), e.document.version);
    schedule(e.document.uri, opened ? 0 : DEBOUNCE_MS);
    // Files that import this one (directly or not) may change too.
    for (const doc of documents.all()) {
      if (doc.uri !== e.document.uri && workspace.dependsOn(doc.uri, e.document.uri))
        schedule(doc.uri, DEBOUNCE_MS * 10);
    }
  });
  // A .topo file changed outside the editor (the client watches **/*.topo): forget it, then revalidate its importers.
  connection.onDidChangeWatchedFiles((params) => {
    const uris = params.changes.map((c) => c.uri);
    dependenciesChange(uris, () => uris.forEach(services.fileChanged));
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    sent.delete(e.document.uri);
    workspace.closeDocument(e.document.uri);
    pulled.delete(e.document.uri);
    if (!services.client.pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const MAX_READ_ROUNDS = 8;
  const pull = async (uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> => {
    const doc = documents.get(uri);
    if (!doc) return { kind: 'full', items: [] };
    await services.settingsLoaded(uri);
    let analysis = services.guard('analysis', undefined, () => services.analysis(uri));
    // The imports are read before answering (a pull has no later publication to follow it), a few levels deep.
    for (let round = 0; round < MAX_READ_ROUNDS && analysis && workspace.waitsForReads(analysis); round++) {
      await services.loadFiles([]);
      analysis = services.guard('analysis', undefined, () => services.analysis(uri));
    }
    if (!analysis) return { kind: 'full', items: [] };
    const items = diagnosticsOf(analysis);
    const json = JSON.stringify(items);
    const last = pulled.get(uri);
    if (last && last.json === json && last.resultId === previousResultId)
      return { kind: 'unchanged', resultId: last.resultId };
    const resultId = String(++reports);
    pulled.set(uri, { resultId, version: doc.version, json });
    return { kind: 'full', resultId, items };
  };

  return {
    flush: (uri) => (timers.has(uri) ? run(uri) : (running.get(uri) ?? Promise.resolve())),
    revalidateAll: () => {
      for (const doc of documents.all()) schedule(doc.uri, DEBOUNCE_MS);
    },
    dependenciesChange,
    pull,
    get published() {
      return published;
    },
  };
}
