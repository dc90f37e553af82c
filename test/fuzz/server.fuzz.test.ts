// Fuzz through the real server process: mutated documents sent as changes; every request is answered and the
// server stays alive. FUZZ_SERVER_CASES overrides the count (default 200).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient } from '../helpers/lsp-client';
import { readRepoFile, repoRoot, sourceFiles } from '../helpers/repo';
import { int, mutate, pick, rng } from './mutate';

const seed = Number(process.env.FUZZ_SEED ?? 0x70b0) + 1;
const cases = Number(process.env.FUZZ_SERVER_CASES ?? 200);
const WATCHDOG_MS = 5_000;

const validPosition = (p: { line: unknown; character: unknown }) =>
  Number.isInteger(p.line) && Number.isInteger(p.character) && (p.line as number) >= 0 && (p.character as number) >= 0;

describe('fuzz: the server process', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ configuration: {} });
  });
  after(async () => {
    await client?.stop();
  });

  it(`answers hover, symbols, definition, completion, lenses and formatting on ${cases} mutated documents and stays alive (seed ${seed})`, async () => {
    const r = rng(seed);
    const seeds = sourceFiles().map((f) => ({ file: f, text: readRepoFile(f) }));
    const uri = URI.file(path.join(repoRoot, 'samples', 'fuzz-server.topo')).toString();
    let nullPositions = 0;
    client.open(uri, seeds[0].text, 1);
    for (let i = 0; i < cases; i++) {
      const base = pick(r, seeds);
      const { text, applied } = mutate(base.text, r);
      const version = i + 2;
      client.change(uri, text, version);
      const lines = text.split(/\r\n|\r|\n/);
      const position = () => {
        const line = int(r, lines.length);
        return { line, character: int(r, lines[line].length + 1) };
      };
      const what = `case ${i} (${base.file}, ${applied.join(' + ')})`;
      // Watchdog: every request must be answered within 5 s, whatever the text.
      const doc = { textDocument: { uri } };
      const ask = <R>(method: string, params: object) => client.request<R>(method, { ...doc, ...params }, WATCHDOG_MS);
      const answers = await Promise.all([
        ask('textDocument/hover', { position: position() }),
        ask('textDocument/hover', { position: position() }),
        ask<unknown[]>('textDocument/documentSymbol', {}),
        ask('textDocument/definition', { position: position() }),
        ask('textDocument/completion', { position: position() }),
        ask('textDocument/codeLens', {}),
        ask('textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } }),
      ]).catch((e) => assert.fail(`${what}: a request failed: ${e}`));
      assert.ok(Array.isArray(answers[2]), `${what}: symbols`);
      if (i % 20 === 19) {
        const published = await client.waitForDiagnostics(uri, { version, timeoutMs: 5_000 });
        for (const d of published.diagnostics) {
          if (!validPosition(d.range.start) || !validPosition(d.range.end)) nullPositions++;
        }
      }
      assert.ok(client.alive, `${what}: the server exited (${client.exitStatus})`);
    }
    const last = await client.waitForDiagnostics(uri, { version: cases + 1, timeoutMs: 5_000 });
    assert.ok(Array.isArray(last.diagnostics));
    // Handler failures are caught and logged by the server's guard: none may occur, except for known bugs.
    const failures = client.logs.filter((l) => /failed/.test(l));
    assert.deepEqual(failures, []);
    console.log(`fuzz server: ${cases} documents, ${cases * 7} requests answered within ${WATCHDOG_MS} ms each`);
    assert.equal(nullPositions, 0, 'diagnostics with invalid positions');
    assert.ok(client.alive);
  });
});
