// What every LSP client gets, not only VS Code: lens commands run by the server, a file watcher the server registers,
// settings per document, pulled diagnostics, import links, selection ranges, code links and workspace-scan progress.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import {
  CodeLens,
  Diagnostic,
  DocumentDiagnosticReport,
  DocumentLink,
  InlayHint,
  Registration,
  SelectionRange,
} from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf, textOfRange, withTimeout } from '../helpers/lsp-client';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-any-client-'));
const file = (name: string) => path.join(tmp, name);
const uriOf = (name: string) => URI.file(file(name)).toString();
const estimated =
  'link Mine { bandwidth 400 Gb/s  latency 2 us }\nsystem S { gpu H100 x 8  fabric Mine }\n' +
  'workload W { model Llama3_70B  on S  phase decode  parallel tp 8 }\n';
const CODES_URL = 'https://github.com/topo-tools/topo-vscode#diagnostic-codes';

/** Resolves once the server has sent a message of `method` that `accept` takes; polls what the client recorded. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the params of any notification the server sends
async function sent(client: LspClient, method: string, accept: (params: any) => boolean = () => true): Promise<any> {
  const find = () => client.fromServer.find((m) => m.method === method && accept(m.params));
  for (let waited = 0; waited < 5000 && !find(); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  const found = find();
  assert.ok(found, `the server sent no ${method}; it sent ${client.fromServer.map((m) => m.method).join(', ')}`);
  return found.params;
}

before(() => {
  fs.writeFileSync(file('w.topo'), estimated);
  fs.writeFileSync(file('hw.topo'), 'link Fast { bandwidth 400 Gb/s  latency 2 us }\n');
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('lens commands run by the server (workspace/executeCommand)', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ configuration: {} });
    await client.openAndWait(uriOf('w.topo'), estimated);
  });
  after(async () => client?.stop());

  it("puts on every lens, the system's too, a command the server announces", async () => {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    const lenses = (await client.codeLenses(uriOf('w.topo'))) as CodeLens[];
    assert.deepEqual(
      lenses.map((l) => l.command?.command),
      ['topo.showSystem', 'topo.showBreakdown'],
    );
    for (const lens of lenses)
      assert.ok(commands.includes(lens.command!.command), `${lens.command!.command} not in ${commands}`);
  });

  it('answers a workload lens with its breakdown and shows it as plain text to a client that does not render it', async () => {
    const [, workload] = (await client.codeLenses(uriOf('w.topo'))) as CodeLens[];
    const markdown = await client.request<string>('workspace/executeCommand', workload.command);
    assert.match(markdown, /\*\*W\*\* \(decode\)/);
    assert.match(markdown, /\| operator \| time \| share \| limited by \|/);
    const shown = await sent(client, 'window/showMessage', (p) => /W \(decode\)/.test(p.message));
    assert.equal(shown.type, 3);
    assert.doesNotMatch(shown.message, /\*\*/);
  });

  it('answers a system lens with its totals and the traffic each level carries', async () => {
    const [system] = (await client.codeLenses(uriOf('w.topo'))) as CodeLens[];
    const markdown = await client.request<string>('workspace/executeCommand', system.command);
    assert.match(markdown, /^\*\*system S\*\*: 8 devices · /);
    assert.match(markdown, /\| W \| /);
  });

  it('answers null to a command with arguments it cannot use, and keeps serving', async () => {
    assert.equal(
      await client.request('workspace/executeCommand', { command: 'topo.showBreakdown', arguments: [1, {}] }),
      null,
    );
    assert.equal(await client.request('workspace/executeCommand', { command: 'topo.nothing', arguments: [] }), null);
    const nope = { command: 'topo.showBreakdown', arguments: [uriOf('w.topo'), 'Nope'] };
    const text = await client.request<string>('workspace/executeCommand', nope);
    assert.match(text, /No estimate for Nope/);
  });

  it('does not show the result to a client that renders it itself (initializationOptions.showsCommandResults)', async () => {
    const own = await LspClient.start({ configuration: {}, initializationOptions: { showsCommandResults: true } });
    try {
      await own.openAndWait(uriOf('w.topo'), estimated);
      const command = { command: 'topo.showBreakdown', arguments: [uriOf('w.topo'), 'W'] };
      const markdown = await own.request<string>('workspace/executeCommand', command);
      assert.match(markdown, /\*\*W\*\*/);
      await own.stats(); // a later answer: a message would have been sent before it
      assert.deepEqual(
        own.fromServer.filter((m) => m.method === 'window/showMessage'),
        [],
      );
    } finally {
      await own.stop();
    }
  });
});

describe('file watching registered by the server', () => {
  it('registers a watcher for **/*.topo when the client allows dynamic registration', async () => {
    const client = await LspClient.start({
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    try {
      const params = await sent(client, 'client/registerCapability', (p) =>
        p.registrations.some((r: Registration) => r.method === 'workspace/didChangeWatchedFiles'),
      );
      const registration = params.registrations.find(
        (r: Registration) => r.method === 'workspace/didChangeWatchedFiles',
      );
      assert.deepEqual(registration.registerOptions, { watchers: [{ globPattern: '**/*.topo' }] });
    } finally {
      await client.stop();
    }
  });

  it('registers nothing with a client that does not allow dynamic registration (Neovim 0.7 warns of one)', async () => {
    const client = await LspClient.start({
      configuration: {},
      capabilities: {
        workspace: {
          didChangeWatchedFiles: { dynamicRegistration: false },
          didChangeConfiguration: { dynamicRegistration: false },
        },
      },
    });
    try {
      await client.openAndWait(uriOf('w.topo'), estimated);
      const registered = client.fromServer.filter((m) => m.method === 'client/registerCapability');
      assert.deepEqual(registered, []);
    } finally {
      await client.stop();
    }
  });
});

describe('settings per document (workspace/configuration with scopeUri)', () => {
  it("reads each document's own settings: lenses and hints off in one folder, on in another", async () => {
    fs.mkdirSync(file('quiet'), { recursive: true });
    fs.mkdirSync(file('loud'), { recursive: true });
    const scopes: string[] = [];
    const client = await LspClient.start({
      configuration: {},
      configurationFor: (scopeUri) => {
        scopes.push(scopeUri);
        return scopeUri.includes('/quiet/') ? { lenses: { enabled: false }, inlayHints: { enabled: false } } : null;
      },
    });
    try {
      const quiet = URI.file(file('quiet/w.topo')).toString();
      const loud = URI.file(file('loud/w.topo')).toString();
      await client.openAndWait(quiet, estimated);
      await client.openAndWait(loud, estimated);
      assert.ok(scopes.includes(quiet) && scopes.includes(loud), scopes.join(', '));
      assert.deepEqual(await client.codeLenses(quiet), []);
      assert.equal(((await client.codeLenses(loud)) as CodeLens[]).length, 2);
      const all = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
      assert.deepEqual(
        await client.request('textDocument/inlayHint', { textDocument: { uri: quiet }, range: all }),
        [],
      );
      assert.ok(
        (await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: loud }, range: all }))
          .length > 0,
      );
    } finally {
      await client.stop();
    }
  });
});

describe('settings changed (workspace/didChangeConfiguration)', () => {
  it('republishes with the new settings; a change that leaves them as they were republishes nothing', async () => {
    const options: { configuration: Record<string, unknown> } = { configuration: {} };
    const client = await LspClient.start(options);
    const uri = URI.file(file('settings-change.topo')).toString();
    const findings = (p: { diagnostics: { code?: unknown }[] }) =>
      p.diagnostics.filter((d) => /^TOPO50\d$/.test(String(d.code))).length;
    try {
      assert.ok(findings(await client.openAndWait(uri, estimated)) > 0, 'the estimator finds something to report');
      const refreshes = () => client.fromServer.filter((m) => m.method === 'workspace/codeLens/refresh').length;
      const before = { refreshes: refreshes(), published: (await client.stats()).published };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // Time for the settings to be read again and anything redone, if anything were to be (milliseconds here).
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(refreshes(), before.refreshes, 'the same settings: lenses are not asked for again');
      assert.equal((await client.stats()).published, before.published, 'nor diagnostics published again');
      options.configuration = { bottleneck: { diagnostics: false } };
      const next = client.waitForDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      assert.equal(findings(await next), 0, 'bottleneck diagnostics off: the findings are gone');
      assert.ok(refreshes() > before.refreshes, 'and the lenses asked for again');
    } finally {
      await client.stop();
    }
  });
});

describe('pulled diagnostics (textDocument/diagnostic)', () => {
  let client: LspClient;
  const lib = file('pull-lib.topo');
  const main =
    'import "pull-lib.topo"\nlink RoCE_Spine {\n  bandwidth 400 GB/s\n  latency 2 us\n  family roce\n}\n' +
    'system P { gpu H100 x 8  fabric Mine }\n';
  const pull = (previousResultId?: string) =>
    client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri: uriOf('pull.topo') },
      previousResultId,
    });
  before(async () => {
    fs.writeFileSync(lib, 'link Mine { bandwidth 400 Gb/s  latency 2 us }\n');
    client = await LspClient.start({
      configuration: {},
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: false } },
        workspace: { diagnostics: { refreshSupport: true } },
      },
    });
    client.open(uriOf('pull.topo'), main);
  });
  after(async () => client?.stop());

  it('announces the provider, answers a pull once the imports are read, and pushes nothing', async () => {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, {
      interFileDependencies: true,
      workspaceDiagnostics: false,
    });
    const report = await pull();
    assert.equal(report.kind, 'full');
    const items = (report as { items: Diagnostic[] }).items;
    assert.deepEqual(
      items.map((d) => d.code),
      ['TOPO302'],
      JSON.stringify(items),
    );
    await client.stats();
    assert.deepEqual(
      client.published.filter((p) => p.uri === uriOf('pull.topo')),
      [],
    );
  });

  it('answers `unchanged` to a pull that names the current report', async () => {
    const first = await pull();
    assert.ok(first.resultId);
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
  });

  it('does not ask for a refresh when the document itself changes (the client pulls an edited document itself)', async () => {
    await pull();
    const refreshes = () => client.fromServer.filter((m) => m.method === 'workspace/diagnostic/refresh').length;
    const before = refreshes();
    client.change(uriOf('pull.topo'), main.replace('400 GB/s', '400 Gb/s'), 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(refreshes(), before);
    assert.deepEqual(((await pull()) as { items: Diagnostic[] }).items, []);
  });

  it('asks the client to pull again when an import changes on disk', async () => {
    await pull();
    const before = client.fromServer.length;
    fs.writeFileSync(lib, 'link Other { bandwidth 400 Gb/s  latency 2 us }\n');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: URI.file(lib).toString(), type: 2 }],
    });
    await sent(client, 'workspace/diagnostic/refresh', () => client.fromServer.length > before);
    const items = ((await pull()) as { items: Diagnostic[] }).items;
    assert.ok(
      items.some((d) => d.code === 'TOPO200' && /unknown link 'Mine'/.test(String(d.message))),
      JSON.stringify(items),
    );
  });
});

describe('links, selection ranges, code descriptions and progress', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({
      configuration: {},
      capabilities: {
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        },
      },
    });
  });
  after(async () => client?.stop());

  it("links an import's path to the imported file, and a missing one to nothing", async () => {
    const text = 'import "hw.topo"\nimport "nowhere.topo"\n';
    await client.openAndWait(uriOf('links.topo'), text);
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', {
      textDocument: { uri: uriOf('links.topo') },
    });
    assert.deepEqual(
      links.map((l) => [textOfRange(text, l.range), l.target]),
      [['"hw.topo"', uriOf('hw.topo')]],
    );
  });

  it('expands a selection from a number to its field, block, declaration and the file', async () => {
    await client.openAndWait(uriOf('w.topo'), estimated);
    const at = positionOf(estimated, '400', { delta: 1 });
    const params = { textDocument: { uri: uriOf('w.topo') }, positions: [at] };
    const [range] = await client.request<SelectionRange[]>('textDocument/selectionRange', params);
    const texts: string[] = [];
    for (let r: SelectionRange | undefined = range; r; r = r.parent) texts.push(textOfRange(estimated, r.range));
    assert.deepEqual(texts, [
      '400',
      'bandwidth 400 Gb/s',
      '{ bandwidth 400 Gb/s  latency 2 us }',
      'link Mine { bandwidth 400 Gb/s  latency 2 us }',
      estimated,
    ]);
  });

  it("links every diagnostic's code to the table of codes, for a client that shows such links", async () => {
    const bad = 'system X { gpu Nope x 8 }\nlink L { bandwidth 400 GB/s  latency 2 us  family roce }\n';
    const published = await client.openAndWait(uriOf('bad.topo'), bad);
    assert.ok(published.diagnostics.length >= 2);
    for (const d of published.diagnostics) assert.deepEqual(d.codeDescription, { href: CODES_URL }, String(d.code));
    const other = await LspClient.start();
    try {
      const plain = await other.openAndWait(uriOf('bad.topo'), bad);
      assert.deepEqual(
        plain.diagnostics.filter((d) => d.codeDescription),
        [],
      );
    } finally {
      await other.stop();
    }
  });

  it('reports the progress of a workspace scan to a client that shows server-initiated progress', async () => {
    await withTimeout(client.request('workspace/symbol', { query: 'Mine' }), 10_000, 'workspace/symbol');
    const created = await sent(client, 'window/workDoneProgress/create');
    const kinds = client.fromServer
      .filter((m) => m.method === '$/progress' && (m.params as { token: unknown }).token === created.token)
      .map((m) => (m.params as { value: { kind: string } }).value.kind);
    assert.deepEqual(kinds, ['begin', 'report', 'end']);
  });
});
