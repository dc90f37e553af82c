// Protocol tests: the real server process over stdio, driven by the LSP client helper.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { asLocations, hoverText, LspClient, positionOf, textOfRange } from '../helpers/lsp-client';
import { catalogPath, repoRoot } from '../helpers/repo';

const fileUri = (relative: string) => URI.file(path.join(repoRoot, relative)).toString();
const read = (relative: string) => fs.readFileSync(path.join(repoRoot, relative), 'utf8');

describe('language server over stdio', () => {
  let client: LspClient;
  const r1 = 'samples/deepseek-r1.topo';
  const cm = 'samples/cloudmatrix384.topo';
  const mistakes = 'samples/mistakes.topo';

  before(async () => {
    client = await LspClient.start({ configuration: {} });
  });
  after(async () => {
    await client?.stop();
  });

  it('announces hover, symbols, definition and incremental sync', () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.textDocumentSync, 2);
    assert.equal(client.initializeResult.serverInfo?.name, 'topo-language-server');
  });

  it('publishes diagnostics for an opened sample: none that are errors, for the version opened', async () => {
    const published = await client.openAndWait(fileUri(r1), read(r1), 1);
    assert.equal(published.version, 1);
    assert.deepEqual(
      published.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error),
      [],
    );
  });

  it('publishes the diagnostics of mistakes.topo (estimator findings included) at the places of the golden file', async () => {
    const text = read(mistakes);
    const published = await client.openAndWait(fileUri(mistakes), text, 1);
    const golden = fs
      .readFileSync(path.join(repoRoot, 'test/golden/expected/samples/mistakes.diagnostics.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('samples/'))
      .map((l) => /:(\d+):(\d+): (\w+) (TOPO\d+):/.exec(l)!)
      .map((m) => `${m[1]}:${m[2]} ${m[3]} ${m[4]}`);
    const severity = ['', 'error', 'warning', 'information', 'hint'];
    const fromServer = published.diagnostics.map(
      (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${severity[d.severity!]} ${d.code}`,
    );
    // The server appends the estimator's findings after the binder's; compare as sets of places.
    assert.deepEqual([...fromServer].sort(), [...golden].sort());
    for (const d of published.diagnostics) assert.equal(d.source, 'topo');
    const dup = published.diagnostics.find((d) => d.code === 'TOPO200')!;
    assert.equal(textOfRange(text, dup.range), 'H10');
  });

  it('hovers a quantity with its normalised value and conversions: 400 Gb/s = 50 GB/s', async () => {
    const text = fs.readFileSync(catalogPath, 'utf8');
    const uri = URI.file(catalogPath).toString();
    await client.openAndWait(uri, text, 1);
    const hover = await client.hover(uri, positionOf(text, 'bandwidth 400 Gb/s', { delta: 'bandwidth '.length + 1 }));
    const value = hoverText(hover);
    assert.match(value, /400 Gb\/s/);
    assert.match(value, /= 50 GB\/s/);
    assert.equal(textOfRange(text, hover!.range!), '400 Gb/s');
    const onUnit = hoverText(
      await client.hover(uri, positionOf(text, 'bandwidth 400 Gb/s', { delta: 'bandwidth 400 G'.length })),
    );
    assert.match(onUnit, /50 GB\/s/, 'hovering the unit shows the same');
    const hbm = hoverText(await client.hover(uri, positionOf(text, '3.2 TB/s')));
    assert.match(hbm, /3,200 GB\/s|3200 GB\/s/);
  });

  it('hovers a system name with its totals: devices, compute per precision, HBM, bandwidth per level', async () => {
    const text = read(r1);
    const value = hoverText(await client.hover(fileUri(r1), positionOf(text, 'on CloudMatrix384', { delta: 4 })));
    assert.match(value, /system CloudMatrix384/);
    assert.match(value, /384 devices/);
    assert.match(value, /384 x Ascend910C/);
    assert.match(value, /bf16 \d+(\.\d+)? PFLOPS/);
    assert.match(value, /HBM: 49\.2 TB/);
    assert.match(value, /\| UB \|/);
    assert.match(value, /Power: 559 kW/, "the system's own power total");
  });

  it('hovers a model name with its computed parameter count', async () => {
    const text = read(r1);
    const value = hoverText(await client.hover(fileUri(r1), positionOf(text, 'model DeepSeekR1', { delta: 7 })));
    assert.match(value, /model DeepSeekR1/);
    assert.match(value, /67\dB total/);
  });

  it('answers null on whitespace and comments', async () => {
    const text = read(r1);
    assert.equal(await client.hover(fileUri(r1), { line: 0, character: 1 }), null);
    assert.equal(await client.hover(fileUri(r1), positionOf(text, '\n\n', { delta: 1 })), null);
  });

  it('gives the outline: declarations, with system levels nested', async () => {
    const text = read(cm);
    await client.openAndWait(fileUri(cm), text, 1);
    const symbols = (await client.documentSymbols(fileUri(cm))) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['CloudMatrix384'],
    );
    const system = symbols[0];
    assert.equal(system.detail, 'system');
    assert.equal(textOfRange(text, system.selectionRange), 'CloudMatrix384');
    assert.ok(textOfRange(text, system.range).startsWith('system CloudMatrix384 {'));
    assert.deepEqual(
      system.children!.map((c) => c.name),
      ['rack compute x 12', 'rack bus x 4'],
    );
    assert.deepEqual(
      system.children![0].children!.map((c) => c.name),
      ['server x 4'],
    );
    assert.deepEqual(
      system.children![0].children![0].children!.map((c) => c.name),
      ['npu Ascend910C x 8'],
    );
    const r1Symbols = (await client.documentSymbols(fileUri(r1))) as DocumentSymbol[];
    assert.ok(r1Symbols.length >= 5);
    assert.ok(r1Symbols.every((s) => s.detail === 'workload'));
  });

  it('goes to a definition in an imported file', async () => {
    const text = read(r1);
    const [loc] = asLocations(
      await client.definition(fileUri(r1), positionOf(text, 'on CloudMatrix384', { delta: 5 })),
    );
    assert.equal(loc.uri, fileUri(cm));
    assert.equal(textOfRange(read(cm), loc.range), 'CloudMatrix384');
  });

  it('goes to a definition in catalog/catalog.topo', async () => {
    const text = read(r1);
    const [loc] = asLocations(await client.definition(fileUri(r1), positionOf(text, 'model DeepSeekR1', { delta: 8 })));
    assert.equal(loc.uri, URI.file(catalogPath).toString());
    const catalog = fs.readFileSync(catalogPath, 'utf8');
    assert.equal(textOfRange(catalog, loc.range), 'DeepSeekR1');
    assert.equal(loc.range.start.line, positionOf(catalog, 'model DeepSeekR1 {', { delta: 6 }).line);
    const cmText = read(cm);
    const [acc] = asLocations(await client.definition(fileUri(cm), positionOf(cmText, 'Ascend910C x 8', { delta: 2 })));
    assert.equal(textOfRange(catalog, acc.range), 'Ascend910C');
  });

  it('goes to the file of an import path', async () => {
    const text = read(r1);
    const [loc] = asLocations(
      await client.definition(fileUri(r1), positionOf(text, '"cloudmatrix384.topo"', { delta: 3 })),
    );
    assert.equal(loc.uri, fileUri(cm));
  });

  it('re-publishes diagnostics for each change, for the version changed', async () => {
    const uri = fileUri('samples/edited.topo');
    const good = 'link L { bandwidth 400 Gb/s latency 2 us family roce }\n';
    await client.openAndWait(uri, good, 1);
    const wait2 = client.waitForDiagnostics(uri, { version: 2 });
    client.change(uri, good.replace('Gb/s', 'GB/s'), 2);
    const second = await wait2;
    assert.deepEqual(
      second.diagnostics.map((d) => d.code),
      ['TOPO302'],
    );
    const wait3 = client.waitForDiagnostics(uri, { version: 3 });
    client.edit(uri, second.diagnostics[0].range, '400 Gb/s', 3);
    assert.deepEqual((await wait3).diagnostics, []);
    const cleared = client.waitForDiagnostics(uri);
    client.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('re-analyses an importer when the imported document changes in the editor', async () => {
    const lib = fileUri('samples/lib-edit.topo');
    const main = fileUri('samples/main-edit.topo');
    await client.openAndWait(lib, 'link Mine { bandwidth 50 GB/s latency 2 us }\n', 1);
    const first = await client.openAndWait(main, 'import "lib-edit.topo"\nsystem S { gpu H100 x 8  fabric Mine }\n', 1);
    assert.deepEqual(first.diagnostics, []);
    const again = new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        const d = client.diagnostics(main);
        if (d && d.diagnostics.some((x) => x.code === 'TOPO200')) resolve();
        else if (Date.now() - started > 5_000) reject(new Error('importer not re-analysed'));
        else setTimeout(poll, 20);
      };
      poll();
    });
    client.change(lib, 'link Yours { bandwidth 50 GB/s latency 2 us }\n', 2);
    await again;
  });

  it('is still alive and logged no handler failure', () => {
    assert.ok(client.alive);
    assert.deepEqual(
      client.logs.filter((l) => /failed|Error/.test(l)),
      [],
    );
  });
});
