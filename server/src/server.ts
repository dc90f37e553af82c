// LSP wiring only: connection, document sync, settings, and the feature handlers.
import './v8-flags';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  ServerCapabilities,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { FileAnalysis, Workspace } from './semantics/program';
import { AsyncDiskHost } from './disk';
import { FILE_BUDGET_BYTES } from './semantics/budgets';
import { cancelUndispatched, countingStrategy, gatedConnection } from './features/request-gate';
import { invalidateWorkspaceFiles } from './features/workspace-files';
import { registerDiagnostics } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { definitionAt, documentSymbols } from './features/symbols';
import { noClientSupport, Services } from './features/services';
import { SettingsStore } from './features/settings';
import { offsetAt } from './syntax/lines';
import { featureRegistrations } from './features/registry';

const connection = createConnection(ProposedFeatures.all, {
  messageStrategy: countingStrategy,
  connectionStrategy: { cancelUndispatched },
});
const documents = new TextDocuments(TextDocument);
// Files are read asynchronously; when one arrives (or changes), what depends on it is analysed again.
const disk = new AsyncDiskHost((uri) => diagnostics.dependenciesChange([uri], () => workspace.fileChanged(uri)));
const workspace = new Workspace(disk);
const catalogRead = disk.load(workspace.catalogUri);
/** Analyses of open documents actually computed (not answered from the cache). */
let analyses = 0;
const counted = new WeakSet<FileAnalysis>();
const settings = new SettingsStore(connection);
let workspaceFoldersSupport = false;
let dynamicWatchers = false;
let dynamicConfiguration = false;

const services: Services = {
  connection: gatedConnection(connection, {
    before: (uri) => diagnostics.flush(uri),
    overBudget: (uri) => (documents.get(uri)?.getText().length ?? 0) > FILE_BUDGET_BYTES,
  }),
  documents,
  workspace,
  settings: (uri) => settings.get(uri),
  settingsLoaded: (uri) => settings.loaded(uri),
  client: { ...noClientSupport },
  folders: [],
  analysis(uri) {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    workspace.setDocumentIfChanged(uri, doc.getText(), doc.version);
    const analysis = workspace.analyse(uri);
    if (analysis && !counted.has(analysis)) {
      analyses++;
      counted.add(analysis);
    }
    return analysis;
  },
  fileChanged(uri) {
    disk.forget(uri);
    workspace.fileChanged(uri);
  },
  async loadFiles(uris) {
    // Asking starts a read of what is not known yet; then every read under way is waited for.
    for (const uri of uris) disk.read(uri);
    await disk.idle();
  },
  guard(name, fallback, run) {
    try {
      return run();
    } catch (e) {
      connection.console.error(`topo: ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return fallback;
    }
  },
};

connection.onInitialize((params) => {
  const { workspace: ws, textDocument, window } = params.capabilities;
  settings.supported = !!ws?.configuration;
  dynamicWatchers = !!ws?.didChangeWatchedFiles?.dynamicRegistration;
  dynamicConfiguration = !!ws?.didChangeConfiguration?.dynamicRegistration;
  const options = params.initializationOptions as
    { showsCommandResults?: unknown; pushDiagnostics?: unknown } | undefined;
  services.client = {
    showsCommandResults: options?.showsCommandResults === true,
    // A client may keep push (VS Code pulls only for the visible editors; its Problems panel lists every open document).
    pullDiagnostics: !!textDocument?.diagnostic && options?.pushDiagnostics !== true,
    diagnosticRefresh: !!ws?.diagnostics?.refreshSupport,
    codeDescriptions: !!textDocument?.publishDiagnostics?.codeDescriptionSupport,
    workDoneProgress: !!window?.workDoneProgress,
    codeLens: !!textDocument?.codeLens,
  };
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  services.folders = fsPaths(folders);
  workspaceFoldersSupport = !!params.capabilities.workspace?.workspaceFolders;
  const capabilities: ServerCapabilities = {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    hoverProvider: true,
    documentSymbolProvider: true,
    definitionProvider: true,
  };
  for (const r of featureRegistrations) Object.assign(capabilities, r.capabilities);
  if (services.client.pullDiagnostics) {
    capabilities.diagnosticProvider = { interFileDependencies: true, workspaceDiagnostics: false };
  }
  // While the client answers (initialized, then its documents), the catalog every document is bound against is
  // analysed once read: the first document's diagnostics do not wait for it.
  void catalogRead.then(() => setImmediate(() => services.guard('catalog', undefined, () => workspace.catalog())));
  return { capabilities, serverInfo: { name: 'topo-language-server', version: '0.1.0' } };
});

const fsPaths = (uris: string[]) =>
  uris
    .map((u) => URI.parse(u))
    .filter((u) => u.scheme === 'file')
    .map((u) => u.fsPath);

connection.onInitialized(() => {
  // Registered only with a client that allows it (Neovim warns of a registration it did not ask for).
  if (settings.supported && dynamicConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  }
  // The client watches the .topo files for the server (changes outside the editor re-read imports).
  if (dynamicWatchers) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.topo' }],
    });
  }
  // A folder added after start is searched too (references, rename, workspace symbols, import fixes).
  if (workspaceFoldersSupport) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(fsPaths(e.removed.map((f) => f.uri)));
      services.folders = [...services.folders.filter((f) => !removed.has(f)), ...fsPaths(e.added.map((f) => f.uri))];
      invalidateWorkspaceFiles();
    });
  }
  void refreshSettings();
});

async function refreshSettings(): Promise<void> {
  if (!settings.supported) return;
  // Read again and unchanged (as at start, when the documents' own reads came first): nothing to redo.
  if (!(await settings.reload())) return;
  diagnostics.revalidateAll();
  connection.languages.inlayHint.refresh().catch(() => undefined);
  connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

connection.onDidChangeConfiguration(() => void refreshSettings());

const diagnostics = registerDiagnostics(services);
services.connection.languages.diagnostics.on((params) =>
  diagnostics.pull(params.textDocument.uri, params.previousResultId),
);
documents.onDidClose((e) => settings.forget(e.document.uri));

/** For benchmarks and tests: how much work the server did. */
connection.onRequest('topo/stats', () => ({ analyses, published: diagnostics.published }));

services.connection.onHover((params) =>
  services.guard('hover', null, () => {
    const analysis = services.analysis(params.textDocument.uri);
    if (!analysis) return null;
    return hoverAt(
      workspace,
      analysis,
      offsetAt(analysis.file, params.position),
      featureRegistrations.flatMap((r) => r.hovers ?? []),
    );
  }),
);

services.connection.onDocumentSymbol((params) =>
  services.guard('documentSymbol', [], () => {
    const analysis = services.analysis(params.textDocument.uri);
    return analysis ? documentSymbols(analysis) : [];
  }),
);

services.connection.onDefinition((params) =>
  services.guard('definition', [], () => {
    const analysis = services.analysis(params.textDocument.uri);
    return analysis ? definitionAt(workspace, analysis, offsetAt(analysis.file, params.position)) : [];
  }),
);

for (const r of featureRegistrations) r.register(services);

documents.listen(connection);
connection.listen();
