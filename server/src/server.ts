// LSP wiring only: connection, document sync, settings, and the feature handlers.
import { createConnection, DidChangeConfigurationNotification, ProposedFeatures, ServerCapabilities, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Workspace } from './semantics/program';
import { registerDiagnostics } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { definitionAt, documentSymbols } from './features/symbols';
import { defaultSettings, Services, Settings } from './features/services';
import { offsetAt } from './syntax/lines';
import { featureRegistrations } from './features/registry';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new Workspace();
let settings: Settings = { ...defaultSettings };
let configurationSupport = false;

const services: Services = {
  connection,
  documents,
  workspace,
  settings: () => settings,
  initialFolders: [],
  analysis(uri) {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    workspace.setDocumentIfChanged(uri, doc.getText(), doc.version);
    return workspace.analyse(uri);
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
  configurationSupport = !!params.capabilities.workspace?.configuration;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  services.initialFolders = folders.map((u) => URI.parse(u)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  const capabilities: ServerCapabilities = {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    documentSymbolProvider: true,
    definitionProvider: true,
  };
  for (const r of featureRegistrations) Object.assign(capabilities, r.capabilities);
  return { capabilities, serverInfo: { name: 'topo-language-server', version: '0.1.0' } };
});

connection.onInitialized(() => {
  if (configurationSupport) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  void refreshSettings();
});

async function refreshSettings(): Promise<void> {
  if (!configurationSupport) return;
  try {
    const s = await connection.workspace.getConfiguration('topo');
    settings = {
      lenses: s?.lenses?.enabled ?? defaultSettings.lenses,
      inlayHints: s?.inlayHints?.enabled ?? defaultSettings.inlayHints,
      bottleneckThreshold: clampShare(s?.bottleneck?.threshold, defaultSettings.bottleneckThreshold),
      bottleneckDiagnostics: s?.bottleneck?.diagnostics ?? defaultSettings.bottleneckDiagnostics,
    };
  } catch {
    settings = { ...defaultSettings };
  }
  diagnostics.revalidateAll();
  connection.languages.inlayHint.refresh().catch(() => undefined);
  connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

function clampShare(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 && n < 1 ? n : fallback;
}

connection.onDidChangeConfiguration(() => void refreshSettings());

const diagnostics = registerDiagnostics(services);

connection.onHover((params) =>
  services.guard('hover', null, () => {
    const analysis = services.analysis(params.textDocument.uri);
    if (!analysis) return null;
    return hoverAt(workspace, analysis, offsetAt(analysis.file, params.position), featureRegistrations.flatMap((r) => r.hovers ?? []));
  }),
);

connection.onDocumentSymbol((params) =>
  services.guard('documentSymbol', [], () => {
    const analysis = services.analysis(params.textDocument.uri);
    return analysis ? documentSymbols(analysis) : [];
  }),
);

connection.onDefinition((params) =>
  services.guard('definition', [], () => {
    const analysis = services.analysis(params.textDocument.uri);
    return analysis ? definitionAt(workspace, analysis, offsetAt(analysis.file, params.position)) : [];
  }),
);

for (const r of featureRegistrations) r.register(services);

documents.listen(connection);
connection.listen();
