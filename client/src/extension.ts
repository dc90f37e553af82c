// VS Code edge: starts the topo language server, registers the Topo panel (a workload's lens opens it), and previews
// in Markdown what the server's other lens commands return.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { openPanelOnStartup, registerPanel, TopoPanel } from './panel';
import { SERVER_ENVIRONMENT_OVERRIDES } from './server-environment';

let client: LanguageClient | undefined;
const BREAKDOWN_SCHEME = 'topo-breakdown';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps V8's compiled code of its bundle here (a faster next start), not in the extension's folder.
  const args = [`--code-cache-dir=${path.join(context.globalStorageUri.fsPath, 'code-cache')}`];
  // The language client starts the server in this process's environment with these variables replaced.
  const env = SERVER_ENVIRONMENT_OVERRIDES;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, args, options: { env } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      args,
      options: { env, execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  // What a lens command returns (a system's totals) is a read-only markdown document, previewed beside the source.
  const previews = new Map<string, string>();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'topo' },
      { scheme: 'untitled', language: 'topo' },
    ],
    // The server registers its own watcher for **/*.topo (dynamic registration), as it does in every client.
    synchronize: { configurationSection: 'topo' },
    // This client previews command results itself, and keeps pushed diagnostics (VS Code pulls only for visible editors).
    initializationOptions: { showsCommandResults: true, pushDiagnostics: true },
    middleware: {
      // The server runs the commands it announces (the language client registers them). In VS Code a workload's lens
      // opens the panel on it instead; the Markdown of the others is previewed here.
      executeCommand: async (command, args, next) => {
        if (command === 'topo.showBreakdown' && typeof args[0] === 'string' && typeof args[1] === 'string' && client) {
          TopoPanel.show(context, client, args[0], args[1]);
          return undefined;
        }
        const markdown: unknown = await next(command, args);
        const name = typeof args[1] === 'string' ? args[1] : command;
        if (typeof markdown !== 'string') return markdown;
        const doc = vscode.Uri.from({ scheme: BREAKDOWN_SCHEME, path: `/${name}.md` });
        previews.set(doc.toString(), markdown);
        await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
        return markdown;
      },
    },
  };
  client = new LanguageClient('topo', 'Topo Language Server', serverOptions, clientOptions);
  registerPanel(context, client);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(BREAKDOWN_SCHEME, {
      provideTextDocumentContent: (uri) => previews.get(uri.toString()) ?? '',
    }),
  );
  await client.start();
  // The first line a user sees in the output channel: which server runs, and that it started.
  const server = client.initializeResult?.serverInfo;
  const version = server?.version ?? (context.extension.packageJSON as { version: string }).version;
  client.outputChannel.appendLine(
    `Topo language server ${version} started (${server?.name ?? 'topo'}, ${serverModule})`,
  );
  context.subscriptions.push({ dispose: () => void client?.stop() });
  openPanelOnStartup(context, client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
