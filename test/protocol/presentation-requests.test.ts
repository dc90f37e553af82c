// Less work per request through the real server: lenses titled on resolve, semantic tokens by range and by delta.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CodeLens, SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/repo';

const r1 = path.join(repoRoot, 'samples/deepseek-r1.topo');
const uri = URI.file(r1).toString();
const text = fs.readFileSync(r1, 'utf8');
const textDocument = { uri };

/** The tokens after applying delta edits to the previous ones. */
function applyDelta(previous: number[], delta: SemanticTokensDelta): number[] {
  let data = [...previous];
  for (const e of [...delta.edits].sort((a, b) => b.start - a.start))
    data = [...data.slice(0, e.start), ...(e.data ?? []), ...data.slice(e.start + e.deleteCount)];
  return data;
}

describe('presentation requests through the real server', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ configuration: {} });
    await client.openAndWait(uri, text, 1);
  });
  after(async () => {
    await client?.stop();
  });

  it('sends lenses without titles and titles each on codeLens/resolve', async () => {
    assert.equal(client.initializeResult.capabilities.codeLensProvider?.resolveProvider, true);
    const bare = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument });
    assert.ok(bare.length > 0);
    assert.ok(
      bare.every((l) => !l.command && l.data),
      'no lens is titled before it is resolved',
    );
    const resolved = await client.request<CodeLens>('codeLens/resolve', bare[0]);
    assert.match(resolved.command!.title, /tok\/s .*per device/);
    assert.deepEqual(resolved.range, bare[0].range);
  });

  it('gives a client without code lens support titled lenses at once', async () => {
    const plain = await LspClient.start({ configuration: {}, without: ['codeLens'] });
    try {
      await plain.openAndWait(uri, text, 1);
      const lenses = await plain.request<CodeLens[]>('textDocument/codeLens', { textDocument });
      assert.ok(lenses.length > 0 && lenses.every((l) => l.command?.title));
      assert.ok(lenses.some((l) => /tok\/s .*per device/.test(l.command!.title)));
    } finally {
      await plain.stop();
    }
  });

  it('titles system, search and comparison lenses on resolve as a client without resolve gets them', async () => {
    const plain = await LspClient.start({ configuration: {}, without: ['codeLens'] });
    const all: CodeLens[] = [];
    try {
      for (const sample of ['samples/compare.topo', 'samples/mistakes.topo']) {
        const file = URI.file(path.join(repoRoot, sample)).toString();
        const source = fs.readFileSync(path.join(repoRoot, sample), 'utf8');
        await client.openAndWait(file, source, 1);
        await plain.openAndWait(file, source, 1);
        const bare = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: file } });
        assert.ok(
          bare.every((l) => !l.command && l.data),
          `no lens of ${sample} is titled before it is resolved`,
        );
        const resolved = await Promise.all(bare.map((l) => client.request<CodeLens>('codeLens/resolve', l)));
        const titled = await plain.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: file } });
        assert.deepEqual(resolved, titled, `${sample}: resolved lenses are the ones sent titled`);
        all.push(...titled);
      }
    } finally {
      await plain.stop();
    }
    assert.ok(
      all.some((l) => l.command!.command === 'topo.showSystem'),
      'a system lens carries its command',
    );
    assert.ok(
      all.some((l) => /^(best layout |layout search: )/.test(l.command!.title)),
      'a search lens is titled',
    );
    assert.ok(
      all.some((l) => /^compare: /.test(l.command!.title)),
      'a comparison lens is titled',
    );
  });

  it('answers semantic tokens for a range with the full tokens of its lines', async () => {
    const full = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument });
    const start = positionOf(text, 'workload ').line;
    const range = { start: { line: start, character: 0 }, end: { line: start + 5, character: 0 } };
    const part = await client.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument, range });
    // Decode both to absolute positions: the range's tokens are exactly the full tokens on its lines.
    const absolute = (data: number[]) => {
      const out: string[] = [];
      let line = 0;
      let char = 0;
      for (let i = 0; i < data.length; i += 5) {
        line += data[i];
        char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
        out.push(`${line}:${char}:${data.slice(i + 2, i + 5).join(',')}`);
      }
      return out;
    };
    const expected = absolute(full.data).filter((t) => {
      const l = Number(t.split(':')[0]);
      return l >= start && l < start + 5;
    });
    assert.ok(expected.length > 0);
    assert.deepEqual(
      absolute(part.data).filter((t) => Number(t.split(':')[0]) < start + 5),
      expected,
    );
  });

  it('answers a delta request with edits that turn the previous tokens into the new ones', async () => {
    const first = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument });
    assert.ok(first.resultId);
    const at = positionOf(text, 'workload ');
    client.edit(uri, { start: at, end: at }, '// a comment line\n', 2);
    const delta = await client.request<SemanticTokensDelta | SemanticTokens>('textDocument/semanticTokens/full/delta', {
      textDocument,
      previousResultId: first.resultId,
    });
    assert.ok('edits' in delta, 'edits of the previous result, not the whole array');
    assert.ok(delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0) < first.data.length / 2, 'the edit is small');
    const now = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument });
    assert.deepEqual(applyDelta(first.data, delta), now.data);
    // An unknown previous result: the whole tokens.
    const unknown = await client.request<SemanticTokens>('textDocument/semanticTokens/full/delta', {
      textDocument,
      previousResultId: 'nope',
    });
    assert.deepEqual(unknown.data, now.data);
  });
});
