// VS Code edge: starts the topo language server and registers the Topo panel (a workload's lens click opens it).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerPanel, TopoPanel } from './panel';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'topo' }, { scheme: 'untitled', language: 'topo' }],
    synchronize: { configurationSection: 'topo', fileEvents: vscode.workspace.createFileSystemWatcher('**/*.topo') },
  };
  client = new LanguageClient('topo', 'Topo Language Server', serverOptions, clientOptions);

  // The lens of a workload opens the panel on it; its markdown breakdown stays in the hover and `topo estimate`.
  registerPanel(context, client);
  const started = client;
  context.subscriptions.push(
    vscode.commands.registerCommand('topo.showBreakdown', (uri?: string, workload?: string) => {
      if (typeof uri === 'string' && typeof workload === 'string') TopoPanel.show(context, started, uri, workload);
    }),
  );
  await client.start();
  // The first line a user sees in the output channel: which server runs, and that it started.
  const server = client.initializeResult?.serverInfo;
  const version = server?.version ?? (context.extension.packageJSON as { version: string }).version;
  client.outputChannel.appendLine(`Topo language server ${version} started (${server?.name ?? 'topo'}, ${serverModule})`);
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
