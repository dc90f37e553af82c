// Pathological inputs through the real server: each is analysed, formatted and answered within 2 s, under 300 MB.
// Huge counts and degrees, special files as imports, a comment of 200,000 spaces, 5,000 unknown references, a
// 100,000-character name, 10,000 nested blocks (issue 8's "how it is checked").
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient } from '../helpers/lsp-client';

const ANSWER_MS = 2_000;
const PEAK_RSS_BYTES = 300 * 1024 * 1024;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-pathological-'));
const fifo = path.join(dir, 'pipe.topo');
const sparse = path.join(dir, 'huge.topo');

const longName = `Model${'a'.repeat(100_000)}`;
const cases: { name: string; text: string }[] = [
  {
    name: 'a degree that does not divide 10^18 ranks',
    text:
      'system S { gpu H100 x 1e18  fabric NVLink4 }\n' +
      'workload W { model Llama3_70B  on S  phase decode  parallel tp 3e17 }\n',
  },
  {
    name: 'a degree one below a large prime rank count',
    text:
      'system S { gpu H100 x 1000000007  fabric NVLink4 }\n' +
      'workload W { model Llama3_70B  on S  phase decode  parallel dp 1000000006 }\n',
  },
  {
    name: 'a billion servers of eight GPUs',
    text:
      'system S { server x 1000000000 { gpu H100 x 8  fabric NVLink4 }  fabric RoCE400 }\n' +
      'workload W { model Llama3_70B  on S  phase decode  parallel tp 16 }\n',
  },
  { name: 'an import of a FIFO', text: `import "${fifo}"\nsystem S { gpu H100 x 8  fabric NVLink4 }\n` },
  { name: 'an import of /dev/zero', text: 'import "/dev/zero"\nsystem S { gpu H100 x 8  fabric NVLink4 }\n' },
  { name: 'an import of /dev/urandom', text: 'import "/dev/urandom"\n' },
  { name: 'an import of a 1 GB file', text: `import "${sparse}"\n` },
  { name: 'a directory as an import', text: `import "${dir}"\n` },
  { name: 'a comment with 200,000 spaces then text', text: `// a${' '.repeat(200_000)}b\nsystem S { gpu H100 x 8 }\n` },
  {
    // 2,500 workloads, each naming an unknown model and an unknown system close to known names.
    name: '5,000 unknown references',
    text: Array.from({ length: 2_500 }, (_, i) => `workload W${i} { model Llama3_7${i}B  on H100_RoCE${i} }`).join(
      '\n',
    ),
  },
  {
    name: 'a 100,000-character unknown name next to a similar declared one',
    text: `model ${longName} { params 70B }\nworkload W { model ${longName}b  on H100_RoCE }\n`,
  },
  { name: '10,000 nested blocks', text: `system S ${'{ rack x 2 '.repeat(10_000)}${'}'.repeat(10_000)}\n` },
];

describe('pathological inputs through the server', () => {
  // One server per case, so that a hang in one case is reported there and not in every case after it.
  let client: LspClient | undefined;
  before(() => {
    execFileSync('mkfifo', [fifo]);
    fs.writeFileSync(sparse, '');
    fs.truncateSync(sparse, 1024 ** 3); // sparse: a gigabyte of size, no gigabyte of disk
  });
  beforeEach(async () => {
    client = await LspClient.start({ configuration: {} });
  });
  afterEach(async () => {
    await client?.stop();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const server = () => {
    assert.ok(client, 'the server did not start');
    return client;
  };

  cases.forEach(({ name, text }, i) => {
    it(`${name}: diagnostics, formatting, hover, lenses and actions within ${ANSWER_MS} ms`, async () => {
      const uri = URI.file(path.join(dir, `case${i}.topo`)).toString();
      const client = server();
      const started = performance.now();
      client.open(uri, text, 1);
      const published = await client.waitForDiagnostics(uri, { version: 1, timeoutMs: ANSWER_MS });
      assert.ok(Array.isArray(published.diagnostics));
      const doc = { textDocument: { uri } };
      const end = { line: text.split(/\r\n|\r|\n/).length - 1, character: 0 };
      await Promise.all([
        client.request('textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } }, ANSWER_MS),
        client.request('textDocument/hover', { ...doc, position: { line: 0, character: 8 } }, ANSWER_MS),
        client.request('textDocument/codeLens', doc, ANSWER_MS),
        client.request(
          'textDocument/codeAction',
          {
            ...doc,
            range: { start: { line: 0, character: 0 }, end },
            context: { diagnostics: published.diagnostics },
          },
          ANSWER_MS,
        ),
        client.request('textDocument/completion', { ...doc, position: { line: 1, character: 0 } }, ANSWER_MS),
      ]);
      const ms = performance.now() - started;
      client.close(uri);
      assert.ok(client.alive, `the server exited (${client.exitStatus})`);
      assert.ok(ms < ANSWER_MS, `${name}: answered in ${ms.toFixed(0)} ms`);
      const rss = client.peakRss();
      if (rss !== undefined) assert.ok(rss < PEAK_RSS_BYTES, `peak RSS ${(rss / 2 ** 20).toFixed(0)} MB after ${name}`);
    });
  });

  it('reports the special files as imports it will not read', async () => {
    const uri = URI.file(path.join(dir, 'imports.topo')).toString();
    const client = server();
    const text = `import "${fifo}"\nimport "/dev/zero"\nimport "${sparse}"\n`;
    const published = await client.openAndWait(uri, text, 1);
    const lines = new Set(published.diagnostics.map((d) => d.range.start.line));
    assert.deepEqual([...lines].sort(), [0, 1, 2], JSON.stringify(published.diagnostics.map((d) => d.message)));
  });
});
