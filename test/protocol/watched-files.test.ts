// An imported file changed on disk (not open in the editor) is re-read when the client reports the change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient } from '../helpers/lsp-client';

describe('files changed on disk', () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    client = await LspClient.start({ configuration: {} });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-watch-'));
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-reads an import when workspace/didChangeWatchedFiles reports it, and revalidates its importer', async () => {
    const lib = path.join(dir, 'lib.topo');
    fs.writeFileSync(lib, 'link Mine { bandwidth 400 GB/s  latency 2 us  family roce }\n');
    const main = URI.file(path.join(dir, 'main.topo')).toString();
    const first = await client.openAndWait(
      main,
      'import "lib.topo"\nsystem S { gpu H100 x 8  fabric Mine }\nworkload W { model Llama3_70B  on S  phase decode  parallel tp 8 }\n',
      1,
    );
    assert.ok(!first.diagnostics.some((d) => d.severity === 1), JSON.stringify(first.diagnostics));
    fs.writeFileSync(lib, 'link Other { bandwidth 400 Gb/s  latency 2 us }\n');
    const next = client.waitForDiagnostics(main, { timeoutMs: 5_000 });
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: URI.file(lib).toString(), type: 2 }],
    });
    const second = await next;
    assert.ok(
      second.diagnostics.some((d) => d.code === 'TOPO200' && /unknown link 'Mine'/.test(String(d.message))),
      JSON.stringify(second.diagnostics),
    );
  });
});
