// Files through the real server: imports that are no regular file or too large, large documents, folders added later.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { SymbolInformation } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { FILE_BUDGET_BYTES } from '../../server/src/semantics/budgets';

const system =
  'system S { gpu H100 x 8  fabric NVLink4 }\nworkload W { model Llama3_70B  on S  phase decode  parallel tp 8 }\n';

describe('files the server reads', () => {
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string) => URI.file(path.join(dir, name)).toString();
  before(async () => {
    client = await LspClient.start({ configuration: {} });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-files-'));
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const importDiagnostic = async (name: string, importPath: string) => {
    const published = await client.openAndWait(uriOf(name), `import "${importPath}"\n${system}`, 1);
    return published.diagnostics.find((d) => d.code === 'TOPO204');
  };

  it('refuses an import of a FIFO without blocking, and keeps answering', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.topo')]);
    const d = await importDiagnostic('fifo-importer.topo', 'pipe.topo');
    assert.match(String(d?.message), /not a regular file/);
    assert.deepEqual(d?.range.start, { line: 0, character: 7 });
    assert.ok(await client.hover(uriOf('fifo-importer.topo'), { line: 1, character: 8 }));
  });

  it('refuses an import of /dev/zero and of /dev/urandom (devices are never read)', async () => {
    assert.match(String((await importDiagnostic('zero-importer.topo', '/dev/zero'))?.message), /not a regular file/);
    assert.match(
      String((await importDiagnostic('random-importer.topo', '/dev/urandom'))?.message),
      /not a regular file/,
    );
    assert.ok(client.alive);
  });

  it('refuses an import over the size limit, naming the limit', async () => {
    const big = path.join(dir, 'big.topo');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, FILE_BUDGET_BYTES + 1);
    const d = await importDiagnostic('big-importer.topo', 'big.topo');
    assert.match(String(d?.message), /over the 1 MB limit/);
  });

  it('analyses a document over the budget in outline and says so at its top', async () => {
    const line = 'link L0 { bandwidth 400 Gb/s  latency 2 us }\n';
    const count = Math.ceil((FILE_BUDGET_BYTES + 1) / line.length);
    const text =
      Array.from({ length: count }, (_, i) => line.replace('L0', `L${i}`)).join('') +
      'link L0 { }\nworkload W { model Nope }\n';
    const uri = uriOf('large.topo');
    const published = await client.openAndWait(uri, text, 1);
    const info = published.diagnostics.find((d) => d.code === 'TOPO210');
    assert.equal(info?.severity, 3);
    assert.equal(info?.range.start.line, 0);
    assert.match(String(info?.message), /over the 1 MB budget for full analysis/);
    // Names are still checked (the duplicate), values and references are not (the unknown model, the missing fields).
    assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['TOPO201', 'TOPO210']);
    // Presentation is off: no lenses, no semantic tokens (the TextMate grammar still colours the file).
    assert.equal(await client.codeLenses(uri), null);
    assert.equal(await client.request('textDocument/semanticTokens/full', { textDocument: { uri } }), null);
  });

  it('searches a workspace folder added after start', async () => {
    const added = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-added-'));
    try {
      fs.writeFileSync(path.join(added, 'far.topo'), 'link FarawayLink { bandwidth 400 Gb/s  latency 2 us }\n');
      const before = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'FarawayLink' });
      assert.deepEqual(before, []);
      void client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: URI.file(added).toString(), name: 'added' }], removed: [] },
      });
      const after = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'FarawayLink' });
      assert.deepEqual(
        after.map((s) => s.name),
        ['FarawayLink'],
      );
    } finally {
      fs.rmSync(added, { recursive: true, force: true });
    }
  });
});
