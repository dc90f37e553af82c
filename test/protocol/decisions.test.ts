// Decisions through the real server: the layout-search lens and rewrite, the comparison lens and its hover table.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CodeAction, CodeLens } from 'vscode-languageserver-protocol/node';
import { hoverText, LspClient, positionOf } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/repo';

const uri = URI.file(path.join(repoRoot, 'samples', 'decisions-protocol.topo')).toString();
const text =
  `system Box {\n  gpu H100 x 8\n  fabric NVLink4\n}\nsystem Rack {\n  gpu GB200 x 72\n  fabric NVLink5\n}\n` +
  `workload Searched {\n  model Llama3_70B\n  on Box\n  phase decode\n  precision fp8\n  parallel search\n  context 2048\n  slo tpot 40 ms\n}\n` +
  `workload Written {\n  model Llama3_70B\n  on Box\n  phase decode\n  precision fp8\n  parallel tp 1 pp 8\n  context 2048\n  slo tpot 40 ms\n}\n` +
  `compare Side {\n  model Llama3_70B\n  phase decode\n  precision fp8\n  parallel search\n  context 2048\n  slo tpot 40 ms\n` +
  `  systems {\n    Box power total 10.2 kW\n    Rack devices 8\n  }\n}\n`;

describe('decisions through the real server', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ configuration: {} });
    await client.openAndWait(uri, text, 1);
  });
  after(async () => {
    await client?.stop();
  });

  it('puts the best layout on a parallel search, and the ranking above a comparison', async () => {
    const lenses = (await client.codeLenses(uri)) as CodeLens[];
    const titles = lenses.map((l) => l.command!.title);
    const search = lenses.find((l) => l.command!.title.startsWith('best layout'))!;
    assert.equal(search.range.start.line, positionOf(text, 'parallel search').line);
    assert.match(
      search.command!.title,
      /^best layout tp \d+ pp \d+ ep 1 dp \d+ adp \d+: ≈[\d,]+ tok\/s per device \(\+[\d.,]+% over the written\) · bound: /,
    );
    const ranking = titles.find((t) => t.startsWith('compare:'))!;
    assert.match(ranking, /^compare: 1\. Rack [\d,.k]+ · 2\. Box [\d,.k]+ tok\/s per device$/);
    for (const t of titles) assert.doesNotMatch(t, /NaN|Infinity|undefined/);
  });

  it("the comparison's hover holds the table and why the winner wins", async () => {
    const hover = hoverText(await client.hover(uri, positionOf(text, 'Side {')));
    assert.match(hover, /\| rank \| system \| devices \| layout \|/);
    assert.match(hover, /Rack gives [\d.]+x the tok\/s per device of Box/);
    assert.match(
      hover,
      /\| 2 \| Box \| 8 \| .* \| [\d,]+ \| [\d.]+ \|/,
      'per kW and J per token where the file gives power',
    );
  });

  it('offers writing the best layout on a parallel field as a refactor; it never touches other text', async () => {
    const at = positionOf(text, 'parallel tp 1 pp 8');
    const range = { start: at, end: at };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [], only: ['refactor'] },
    });
    const write = actions.find((a) => a.title.startsWith('Write the best layout'))!;
    assert.ok(write, actions.map((a) => a.title).join(', '));
    assert.equal(write.kind, 'refactor.rewrite');
    const [edit] = write.edit!.changes![uri];
    assert.equal(edit.range.start.line, at.line);
    assert.equal(edit.range.start.character, at.character + 'parallel '.length);
    assert.match(edit.newText, /^(tp \d+ )?(pp \d+ )?dp \d+( adp \d+)?$/);
    assert.notEqual(edit.newText, 'tp 1 pp 8');
  });
});
