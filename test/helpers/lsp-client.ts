// A small LSP client for tests and benchmarks: starts the real server process (node dist/server.js --stdio)
// and speaks JSON-RPC to it. Reusable by later protocol tests (code lenses, code actions, completion).
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import {
  createProtocolConnection,
  ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeParams,
  InitializeResult,
  PublishDiagnosticsParams,
  Position,
  Hover,
  Location,
  LocationLink,
  DocumentSymbol,
  SymbolInformation,
  CodeLens,
  CodeAction,
  Command,
  CompletionItem,
  CompletionList,
  Range,
  Diagnostic,
  CancellationToken,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { serverEnvironment } from '../../client/src/server-environment';
import { repoRoot, serverPath } from './repo';

export interface StartOptions {
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeArgs?: string[];
  /** The server's environment; default: the one the VS Code client starts it in (`serverEnvironment`). */
  env?: NodeJS.ProcessEnv;
  /** Extra arguments of the server after `--stdio`, e.g. ['--code-cache-dir=/tmp/cache']. */
  serverArgs?: string[];
  /** What `workspace/configuration` answers for the section `topo`; undefined: the client has no configuration support. */
  configuration?: Record<string, unknown>;
  /** Collect window/logMessage and stderr lines (default true). */
  collectLogs?: boolean;
  /** What `workspace/configuration` answers for the section `topo` scoped to a document (`scopeUri`); else `configuration`. */
  configurationFor?: (scopeUri: string) => Record<string, unknown> | null;
  /** Sent as `initializationOptions`. */
  initializationOptions?: Record<string, unknown>;
  /** Client capabilities beyond the defaults, e.g. pull diagnostics or progress (merged one level deep). */
  capabilities?: {
    workspace?: Record<string, unknown>;
    textDocument?: Record<string, unknown>;
    window?: Record<string, unknown>;
  };
  /** textDocument capabilities the client leaves out of `initialize` (a client without code lenses: ['codeLens']). */
  without?: string[];
}

type DiagnosticsWaiter = {
  uri: string;
  accept: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
};

export class LspClient {
  readonly logs: string[] = [];
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every request and notification the server sent to the client besides diagnostics and logs, in order. */
  readonly fromServer: { method: string; params: unknown }[] = [];
  private latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: DiagnosticsWaiter[] = [];
  private exited = false;
  private exitCode: number | null = null;
  initializeResult!: InitializeResult;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  /** Spawns the server, initializes it, and sends `initialized`. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    if (!fs.existsSync(serverPath)) throw new Error(`${serverPath} is missing: run npm run build first`);
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), serverPath, '--stdio', ...(options.serverArgs ?? [])],
      {
        cwd: repoRoot,
        env: options.env ?? serverEnvironment(),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new LspClient(child, connection);
    child.on('exit', (code) => {
      client.exited = true;
      client.exitCode = code;
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (options.collectLogs !== false) client.logs.push(`stderr: ${chunk.toString()}`);
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) =>
      client.onDiagnostics(p),
    );
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      if (options.collectLogs !== false) client.logs.push(p.message);
    });
    connection.onNotification('window/showMessage', (p: { message: string }) => {
      client.logs.push(`showMessage: ${p.message}`);
      client.fromServer.push({ method: 'window/showMessage', params: p });
    });
    const configurationOf = (item: { section?: string; scopeUri?: string }) => {
      if (item.section !== 'topo') return null;
      const scoped = item.scopeUri !== undefined ? options.configurationFor?.(item.scopeUri) : undefined;
      return scoped ?? options.configuration ?? null;
    };
    connection.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) =>
      p.items.map(configurationOf),
    );
    const record = (method: string) => (params: unknown) => {
      client.fromServer.push({ method, params });
      return null;
    };
    for (const method of [
      'client/registerCapability',
      'client/unregisterCapability',
      'workspace/codeLens/refresh',
      'workspace/inlayHint/refresh',
      'workspace/semanticTokens/refresh',
      'window/workDoneProgress/create',
      'workspace/diagnostic/refresh',
    ])
      connection.onRequest(method, record(method));
    connection.onNotification('$/progress', (params: unknown) => void record('$/progress')(params));
    connection.onError(() => undefined);
    connection.listen();
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: URI.file(repoRoot).toString(),
      workspaceFolders: [{ uri: URI.file(repoRoot).toString(), name: 'topo' }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: options.configuration !== undefined,
          workspaceFolders: true,
          codeLens: { refreshSupport: true },
          inlayHint: { refreshSupport: true },
          ...options.capabilities?.workspace,
        },
        window: options.capabilities?.window,
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          definition: { linkSupport: false },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } },
          },
          codeLens: {},
          ...options.capabilities?.textDocument,
        },
      },
    };
    for (const name of options.without ?? [])
      delete (params.capabilities.textDocument as Record<string, unknown>)[name];
    client.initializeResult = await withTimeout(
      connection.sendRequest<InitializeResult>('initialize', params),
      10_000,
      'initialize',
    );
    await connection.sendNotification('initialized', {});
    return client;
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    this.published.push(p);
    this.latest.set(p.uri, p);
    this.waiters = this.waiters.filter((w) => {
      if (w.uri !== p.uri || !w.accept(p)) return true;
      w.resolve(p);
      return false;
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** True while the server process runs and has not closed its pipes. */
  get alive(): boolean {
    return !this.exited && this.process.exitCode === null;
  }

  get exitStatus(): number | null {
    return this.exitCode;
  }

  /** The last diagnostics published for a document, if any. */
  diagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.latest.get(uri);
  }

  /** Resolves with the first publishDiagnostics for `uri` (from now on, or already received when `version` matches). */
  waitForDiagnostics(
    uri: string,
    options: { version?: number; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const accept = (p: PublishDiagnosticsParams) => options.version === undefined || p.version === options.version;
    const already = this.latest.get(uri);
    if (options.version !== undefined && already && accept(already)) return Promise.resolve(already);
    const promise = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, accept, resolve }));
    return withTimeout(
      promise,
      options.timeoutMs ?? 10_000,
      `diagnostics for ${uri}${options.version !== undefined ? ` version ${options.version}` : ''}`,
    );
  }

  open(uri: string, text: string, version = 1, languageId = 'topo'): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Opens and waits for the first diagnostics of that version. */
  async openAndWait(uri: string, text: string, version = 1, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    const wait = this.waitForDiagnostics(uri, { version, timeoutMs });
    this.open(uri, text, version);
    return wait;
  }

  /** Replaces the whole text (a change event without a range). */
  change(uri: string, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  /** An incremental edit: replaces `range` with `text`. */
  edit(uri: string, range: Range, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Sends a request; cancelling `token` sends `$/cancelRequest` for it, as VS Code does. */
  request<R>(method: string, params: unknown, timeoutMs = 10_000, token?: CancellationToken): Promise<R> {
    return withTimeout(
      token ? this.connection.sendRequest<R>(method, params, token) : this.connection.sendRequest<R>(method, params),
      timeoutMs,
      method,
    );
  }

  /**
   * Writes several messages in one write, so that the server receives them together (as it does when they arrive
   * while it is busy); resolves with the answers of the requests among them (`{ error }` for an error).
   */
  sendTogether(messages: { method: string; params: unknown; request?: boolean }[]): Promise<unknown>[] {
    this.tapResponses();
    const answers: Promise<unknown>[] = [];
    const frames = messages.map((m) => {
      const message: Record<string, unknown> = { jsonrpc: '2.0', method: m.method, params: m.params };
      if (m.request) {
        const id = `together-${++this.togetherId}`;
        message.id = id;
        answers.push(withTimeout(new Promise((resolve) => this.togetherAnswers.set(id, resolve)), 10_000, m.method));
      }
      const body = Buffer.from(JSON.stringify(message), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    this.process.stdin!.write(Buffer.concat(frames));
    return answers;
  }

  /** The id `sendTogether` gives its n-th request (to cancel it with `$/cancelRequest`). */
  nextTogetherId(offset = 1): string {
    return `together-${this.togetherId + offset}`;
  }

  private togetherId = 0;
  private togetherAnswers = new Map<string, (answer: unknown) => void>();
  private tapped = false;

  /** Reads the server's output a second time for the answers to `sendTogether` requests (the connection ignores them). */
  private tapResponses(): void {
    if (this.tapped) return;
    this.tapped = true;
    let pending = Buffer.alloc(0);
    this.process.stdout!.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(pending.subarray(0, end).toString('ascii'))?.[1]);
        if (pending.length < end + 4 + length) return;
        const message = JSON.parse(pending.subarray(end + 4, end + 4 + length).toString('utf8'));
        pending = pending.subarray(end + 4 + length);
        const answer = typeof message.id === 'string' ? this.togetherAnswers.get(message.id) : undefined;
        if (answer) answer(message.error ? { error: message.error } : message.result);
      }
    });
  }

  /** How much work the server did: analyses computed, diagnostics notifications sent. */
  stats(): Promise<{ analyses: number; published: number }> {
    return this.request('topo/stats', null);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request('textDocument/hover', { textDocument: { uri }, position });
  }
  definition(uri: string, position: Position): Promise<Location | Location[] | LocationLink[] | null> {
    return this.request('textDocument/definition', { textDocument: { uri }, position });
  }
  documentSymbols(uri: string): Promise<DocumentSymbol[] | SymbolInformation[] | null> {
    return this.request('textDocument/documentSymbol', { textDocument: { uri } });
  }
  /** The lenses of a document, each resolved as VS Code does when the server resolves lenses and sent none titled. */
  async codeLenses(uri: string): Promise<CodeLens[] | null> {
    const lenses = await this.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } });
    if (!lenses || !this.initializeResult.capabilities.codeLensProvider?.resolveProvider) return lenses;
    return Promise.all(lenses.map((lens) => (lens.command ? lens : this.request<CodeLens>('codeLens/resolve', lens))));
  }
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<(CodeAction | Command)[] | null> {
    return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }
  completion(uri: string, position: Position): Promise<CompletionItem[] | CompletionList | null> {
    return this.request('textDocument/completion', { textDocument: { uri }, position });
  }

  /** Peak resident set size of the server process in bytes (Linux /proc VmHWM), or current RSS from ps elsewhere. */
  peakRss(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** shutdown + exit; kills the process if it does not exit within a second. */
  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await withTimeout(this.connection.sendRequest('shutdown'), 3_000, 'shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        /* the process is killed below */
      }
      await new Promise<void>((resolve) => {
        if (!this.alive) return resolve();
        const timer = setTimeout(() => {
          this.process.kill('SIGKILL');
          resolve();
        }, 1_000);
        this.process.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.connection.dispose();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** The LSP position of the `occurrence`-th (0-based) match of `needle` in `text`, plus `delta` characters. */
export function positionOf(
  text: string,
  needle: string,
  options: { occurrence?: number; delta?: number } = {},
): Position {
  let index = -1;
  for (let n = 0; n <= (options.occurrence ?? 0); n++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' occurs fewer than ${(options.occurrence ?? 0) + 1} times`);
  }
  const offset = index + (options.delta ?? 0);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The text a range covers. */
export function textOfRange(text: string, range: Range): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

export function hoverText(hover: Hover | null): string {
  if (!hover) return '';
  const c = hover.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}

export function asLocations(result: Location | Location[] | LocationLink[] | null): Location[] {
  if (!result) return [];
  const list = Array.isArray(result) ? result : [result];
  return list.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l));
}
