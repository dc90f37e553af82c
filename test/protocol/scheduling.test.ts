// The server works only for versions someone will see: one publish per version, bursts coalesced, cancellation honoured.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LSPErrorCodes } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';

const text =
  'system S { gpu H100 x 8  fabric NVLink4 }\nworkload W { model Llama3_70B  on S  phase decode  parallel tp 8 }\n';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduling of analyses and publishes', () => {
  let client: LspClient;
  let dir: string;
  let n = 0;
  const freshUri = () => URI.file(path.join(dir, `doc${++n}.topo`)).toString();
  before(async () => {
    client = await LspClient.start({ configuration: {} });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-schedule-'));
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const change = (uri: string, newText: string, version: number) => ({
    method: 'textDocument/didChange',
    params: { textDocument: { uri, version }, contentChanges: [{ text: newText }] },
  });

  it('publishes the diagnostics of one open once', async () => {
    const uri = freshUri();
    await client.openAndWait(uri, text, 1);
    // The duplicate came about 18 ms after the first; wait well beyond.
    await sleep(300);
    assert.equal(
      client.published.filter((p) => p.uri === uri).length,
      1,
      JSON.stringify(client.published.filter((p) => p.uri === uri)),
    );
  });

  it('analyses and publishes only the newest version of a burst of changes', async () => {
    const uri = freshUri();
    await client.openAndWait(uri, text, 1);
    const before = await client.stats();
    const wait = client.waitForDiagnostics(uri, { version: 6 });
    client.sendTogether([2, 3, 4, 5, 6].map((v) => change(uri, `${text}// edit ${v}\n`, v)));
    await wait;
    await sleep(200);
    const after = await client.stats();
    assert.deepEqual(
      client.published.filter((p) => p.uri === uri).map((p) => p.version),
      [1, 6],
    );
    assert.equal(after.analyses - before.analyses, 1);
  });

  it('answers a request that an edit overtook with the newest analysis, never analysing the outdated version', async () => {
    const uri = freshUri();
    await client.openAndWait(uri, text, 1);
    const before = await client.stats();
    const [answer] = client.sendTogether([
      change(uri, `${text}// two\n`, 2),
      { method: 'textDocument/documentSymbol', params: { textDocument: { uri } }, request: true },
      change(uri, `${text}workload X { model Llama3_70B  on S  phase decode  parallel tp 8 }\n`, 3),
    ]);
    const symbols = (await answer) as { name: string }[];
    await client.waitForDiagnostics(uri, { version: 3 });
    const after = await client.stats();
    assert.deepEqual(symbols.map((x) => x.name).sort(), ['S', 'W', 'X']);
    assert.equal(after.analyses - before.analyses, 1, 'version 2 was analysed');
  });

  it('answers a cancelled request with RequestCancelled, without computing it', async () => {
    const uri = freshUri();
    await client.openAndWait(uri, text, 1);
    const before = await client.stats();
    const id = client.nextTogetherId();
    const [lenses] = client.sendTogether([
      change(uri, `${text}// changed\n`, 2),
      { method: 'textDocument/codeLens', params: { textDocument: { uri } }, request: true },
      { method: '$/cancelRequest', params: { id } },
    ]);
    assert.deepEqual(await lenses, { error: { code: LSPErrorCodes.RequestCancelled, message: 'request cancelled' } });
    await client.waitForDiagnostics(uri, { version: 2 });
    assert.equal((await client.stats()).analyses - before.analyses, 1);
  });

  it("computes a document's diagnostics before a lens or tokens request for it", async () => {
    const uri = freshUri();
    await client.openAndWait(uri, text, 1);
    client.change(uri, `${text}// lens\n`, 2);
    const order: string[] = [];
    const published = client.waitForDiagnostics(uri, { version: 2 }).then(() => order.push('diagnostics'));
    const lenses = client.codeLenses(uri).then(() => order.push('lenses'));
    await Promise.all([published, lenses]);
    assert.deepEqual(order, ['diagnostics', 'lenses']);
  });
});
