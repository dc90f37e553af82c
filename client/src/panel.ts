// The Topo panel: a webview beside the editor that follows the active .topo file and cursor and shows the server's view.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ViewParams, ViewResult } from '../../server/src/features/panel';
import { panelAction } from '../../server/src/views/messages';
import type { PanelView } from '../../server/src/views/types';

export const PANEL_VIEW_TYPE = 'topo.panel';
export const OPEN_PANEL_COMMAND = 'topo.openPanel';
const VIEW_REQUEST = 'topo/view';

/** What the panel shows, kept by the webview (getState/setState) so VS Code can restore it after a restart. */
export interface PanelState {
  uri?: string;
  workload?: string;
  system?: string;
  compare?: string;
}

const isTopo = (doc: vscode.TextDocument | undefined): doc is vscode.TextDocument => doc?.languageId === 'topo';

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars[Math.floor(Math.random() * chars.length)];
  return out;
}

export class TopoPanel {
  private static current: TopoPanel | undefined;
  private view: PanelView | undefined;
  private state: PanelState;
  private disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stale = false;
  private generation = 0;
  /** The last message posted, to skip posting the same view again (a cursor move inside one workload). */
  private posted = '';

  /** Opens the panel (or brings it forward) on a document, optionally on one workload. */
  static show(context: vscode.ExtensionContext, client: LanguageClient, uri?: string, workload?: string): TopoPanel {
    const editor = vscode.window.activeTextEditor;
    const state: PanelState = {
      uri: uri ?? (isTopo(editor?.document) ? editor!.document.uri.toString() : undefined),
      workload,
    };
    if (TopoPanel.current) {
      TopoPanel.current.state = { ...TopoPanel.current.state, ...state };
      TopoPanel.current.panel.reveal(undefined, true);
      TopoPanel.current.refresh(workload === undefined);
      return TopoPanel.current;
    }
    const column = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true };
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Topo', column, TopoPanel.options(context));
    return (TopoPanel.current = new TopoPanel(panel, context, client, state));
  }

  /** A panel VS Code restores after a restart, with the state its webview saved. */
  static revive(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    client: LanguageClient,
    state: unknown,
  ): TopoPanel {
    const s = (typeof state === 'object' && state !== null ? state : {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    panel.webview.options = TopoPanel.options(context);
    TopoPanel.current?.panel.dispose();
    const restored = { uri: text(s.uri), workload: text(s.workload), system: text(s.system), compare: text(s.compare) };
    return (TopoPanel.current = new TopoPanel(panel, context, client, restored));
  }

  private static options(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')] };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private client: LanguageClient,
    state: PanelState,
  ) {
    this.state = state;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'panel-icon.svg');
    panel.webview.html = this.html(context);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.refresh(false);
      }),
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (!isTopo(e?.document)) return;
        this.state = { ...this.state, uri: e!.document.uri.toString() };
        this.refresh(true);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() === this.state.uri) this.schedule(150, true);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.state.uri && e.contentChanges.length) this.schedule(250, true);
      }),
    );
  }

  private html(context: vscode.ExtensionContext): string {
    const webview = this.panel.webview;
    const media = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', name)).toString();
    const n = nonce();
    const source = webview.cspSource;
    const csp = [
      `default-src 'none'`,
      `img-src ${source} data:`,
      `style-src ${source}`,
      `font-src ${source}`,
      `script-src 'nonce-${n}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('panel.css')}">
<title>Topo</title>
</head>
<body>
<header>
  <h1 id="title">Topo</h1>
  <label>Workload <select id="workload"></select></label>
  <label>System <select id="system"></select></label>
  <label>Comparison <select id="compare"></select></label>
  <button id="tables" type="button" aria-pressed="false">Show as tables</button>
</header>
<section id="missing" role="status" aria-live="polite" hidden></section>
<section id="comparison" aria-labelledby="comparison-heading" hidden>
  <h2 id="comparison-heading">Comparison</h2>
  <p id="comparison-why"></p>
  <div id="comparison-chart" class="picture"></div>
  <div id="comparison-table" class="table" hidden></div>
  <ul id="comparison-notes"></ul>
</section>
<section id="layout" aria-labelledby="layout-heading">
  <h2 id="layout-heading">Layout</h2>
  <div id="diagram" class="picture"></div>
  <div id="layout-table" class="table" hidden></div>
</section>
<section id="estimate" aria-labelledby="estimate-heading">
  <h2 id="estimate-heading">Estimate</h2>
  <p id="estimate-title"></p>
  <div id="step-chart" class="picture"></div>
  <div id="step-table" class="table" hidden></div>
  <div id="memory-chart" class="picture"></div>
  <div id="memory-table" class="table" hidden></div>
</section>
<section id="curves" aria-labelledby="curves-heading" hidden>
  <h2 id="curves-heading">Throughput against interactivity</h2>
  <div id="curve-chart" class="picture"></div>
  <div id="curve-table" class="table" hidden></div>
</section>
<script nonce="${n}" src="${media('panel.js')}"></script>
</body>
</html>`;
  }

  private schedule(delay: number, withCursor: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(withCursor), delay);
  }

  /** Asks the server for the view of the followed document and posts it to the webview. */
  private async refresh(withCursor: boolean): Promise<void> {
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    const uri = this.state.uri;
    if (!uri) return this.empty('Open a .topo file to see its layout and estimate.');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    const { workload, system, compare } = this.state;
    const params: ViewParams = { uri, workload, system, compare };
    const cursor = editor?.selection.active;
    if (withCursor && cursor) params.position = { line: cursor.line, character: cursor.character };
    const generation = ++this.generation;
    let result: ViewResult | null = null;
    try {
      result = await this.client.sendRequest<ViewResult | null>(VIEW_REQUEST, params);
    } catch (e) {
      return this.empty(`The language server did not answer: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (generation !== this.generation) return;
    if (!result) return this.empty('This file cannot be read.');
    this.view = result.view;
    this.state = { uri, ...result.view.selection };
    this.panel.title = `Topo: ${result.view.fileName}`;
    const message = { type: 'view', view: result.view, pictures: result.pictures, state: this.state };
    const key = JSON.stringify(message);
    if (key === this.posted) return;
    this.posted = key;
    void this.panel.webview.postMessage(message);
  }

  private empty(reason: string): void {
    this.posted = '';
    void this.panel.webview.postMessage({ type: 'empty', reason });
  }

  private onMessage(message: unknown): void {
    const action = panelAction(message, this.view);
    if (!action) return;
    if (action.type === 'ready') {
      // A webview (re)loaded its page (first open, or shown again after being hidden): it has nothing yet.
      this.posted = '';
      void this.refresh(this.state.workload === undefined);
    } else if (action.type === 'select') {
      // One of the three is named: the others are dropped, or they would outrank it.
      const { workload, system, compare } = action;
      this.state = { uri: this.state.uri, workload, system, compare };
      void this.refresh(false);
    } else {
      const t = action.target;
      const range = new vscode.Range(t.line, t.character, t.endLine, t.endCharacter);
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === t.uri);
      const options = {
        viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One,
        selection: new vscode.Range(range.start, range.start),
      };
      void vscode.window.showTextDocument(vscode.Uri.parse(t.uri), options).then(
        (editor) => editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport),
        () => undefined,
      );
    }
  }

  private dispose(): void {
    if (TopoPanel.current === this) TopoPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.disposables = [];
  }
}

/**
 * `topo.panel.openOnStartup`: the panel opens beside the first `.topo` editor after the extension starts (the active
 * one, or the next one shown), once. A panel VS Code restores later replaces it (`revive`), so there are never two.
 */
export function openPanelOnStartup(context: vscode.ExtensionContext, client: LanguageClient): void {
  if (!vscode.workspace.getConfiguration('topo').get<boolean>('panel.openOnStartup', false)) return;
  const open = (editor: vscode.TextEditor | undefined): boolean => {
    if (!isTopo(editor?.document)) return false;
    TopoPanel.show(context, client, editor!.document.uri.toString());
    return true;
  };
  if (open(vscode.window.activeTextEditor)) return;
  const waiting = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (open(editor)) waiting.dispose();
  });
  context.subscriptions.push(waiting);
}

/** Registers the command, the lens click and the serializer that restores the panel after a restart. */
export function registerPanel(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      OPEN_PANEL_COMMAND,
      (uri?: vscode.Uri | string, workload?: string) =>
        void TopoPanel.show(context, client, uri?.toString(), typeof workload === 'string' ? workload : undefined),
    ),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => void TopoPanel.revive(panel, context, client, state),
    }),
  );
}
