// VS Code edge: starts the topo language server and opens a workload's breakdown when its lens is clicked.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
const BREAKDOWN_SCHEME = 'topo-breakdown';

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

  // A workload's breakdown is a read-only markdown document, rendered in the preview beside the source.
  const breakdowns = new Map<string, string>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(BREAKDOWN_SCHEME, { provideTextDocumentContent: (uri) => breakdowns.get(uri.toString()) ?? '' }),
    vscode.commands.registerCommand('topo.showBreakdown', async (uri?: string, workload?: string) => {
      if (!client || !uri || !workload) return;
      const markdown = await client.sendRequest<string | null>('topo/breakdown', { uri, workload });
      const doc = vscode.Uri.from({ scheme: BREAKDOWN_SCHEME, path: `/${workload}.md` });
      breakdowns.set(doc.toString(), markdown ?? `No estimate for ${workload}: the file has errors.`);
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
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
