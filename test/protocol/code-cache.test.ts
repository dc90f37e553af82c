// The server's entry with V8's code cache: the folder the client gives is used, and a damaged cache changes nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { serverEnvironment } from '../../client/src/server-environment';
import { LspClient } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/repo';

const sample = path.join(repoRoot, 'samples', 'mistakes.topo');

async function diagnosticsWith(cacheDir: string) {
  const client = await LspClient.start({ configuration: {}, serverArgs: [`--code-cache-dir=${cacheDir}`] });
  try {
    const published = await client.openAndWait(URI.file(sample).toString(), fs.readFileSync(sample, 'utf8'), 1);
    assert.ok(published.diagnostics.length > 0);
    return published.diagnostics;
  } finally {
    await client.stop();
  }
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

describe('server start with a code cache', () => {
  it('writes the cache in the folder given, reads it at the next start, and ignores a damaged one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-server-cache-'));
    try {
      const first = await diagnosticsWith(dir);
      const [file] = cacheFiles(dir);
      assert.match(file ?? '', /^server-[0-9a-f]+\.cache$/, 'written by the first server (at its exit)');
      const written = fs.statSync(path.join(dir, file)).mtimeMs;
      assert.deepEqual(await diagnosticsWith(dir), first);
      assert.equal(fs.statSync(path.join(dir, file)).mtimeMs, written, 'used, not written again');
      fs.writeFileSync(path.join(dir, file), 'not a cache');
      assert.deepEqual(await diagnosticsWith(dir), first);
      assert.ok(fs.readFileSync(path.join(dir, file)).length > 1000, 'written again after the damaged one');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads every built-in module it uses before it sets a V8 flag (their code cache is refused after one)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-server-builtins-'));
    const log = path.join(dir, 'builtins.json');
    try {
      const preload = path.join(repoRoot, 'test', 'helpers', 'builtins-after-flags.cjs');
      const env = { ...serverEnvironment(), TOPO_BUILTINS_LOG: log };
      const client = await LspClient.start({ configuration: {}, nodeArgs: ['-r', preload], env });
      try {
        await client.openAndWait(URI.file(sample).toString(), fs.readFileSync(sample, 'utf8'), 1);
        await client.hover(URI.file(sample).toString(), { line: 0, character: 0 });
      } finally {
        await client.stop();
      }
      const { flagSet, modules } = JSON.parse(fs.readFileSync(log, 'utf8'));
      assert.equal(flagSet, true, 'the server sets its V8 flags');
      // Only `v8` itself (loaded to set the flag) and what it loads may come after.
      const late = (modules as string[]).filter(
        (m) => !/^(v8|internal\/(heap_utils|promise_hooks|legacy\/processbinding))$/.test(m),
      );
      assert.deepEqual(late, [], 'built-ins first loaded after the flag: add them to v8-flags.ts');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts when the folder cannot be written', async () => {
    const notAFolder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topo-server-cache-')), 'file');
    fs.writeFileSync(notAFolder, '');
    try {
      assert.ok((await diagnosticsWith(path.join(notAFolder, 'cache'))).length > 0);
    } finally {
      fs.rmSync(path.dirname(notAFolder), { recursive: true, force: true });
    }
  });
});
