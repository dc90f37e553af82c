// The panel's request through the real server: topo/view answers the view model and its SVG pictures, follows edits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient, positionOf, withTimeout } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/repo';
import type { ViewResult } from '../../server/src/features/panel';

const fileUri = (relative: string) => URI.file(path.join(repoRoot, relative)).toString();
const read = (relative: string) => fs.readFileSync(path.join(repoRoot, relative), 'utf8');

describe('topo/view through the real server', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ configuration: {} });
  });
  after(async () => {
    await client?.stop();
  });

  it('answers the workload at the cursor with its diagram and charts', async () => {
    const r1 = 'samples/deepseek-r1.topo';
    const text = read(r1);
    await client.openAndWait(fileUri(r1), text, 1);
    const position = positionOf(text, 'on H100_RoCE devices 72');
    const result = await withTimeout(
      client.request<ViewResult | null>('topo/view', { uri: fileUri(r1), position }),
      20_000,
      'topo/view',
    );
    assert.ok(result, 'no view');
    assert.equal(result.view.selection.workload, 'R1_decode_H100_RoCE');
    assert.match(result.pictures.diagram ?? '', /class="topo-level[^"]*"[\s\S]*topo-bottleneck/);
    assert.match(result.pictures.stepChart ?? '', /^<svg/);
    assert.match(result.pictures.memoryChart ?? '', /^<svg/);
  });

  it('follows an edit of a link bandwidth', async () => {
    const h100 = 'samples/h100-roce.topo';
    const text = read(h100);
    await client.openAndWait(fileUri(h100), text, 1);
    const ask = () => client.request<ViewResult | null>('topo/view', { uri: fileUri(h100), system: 'H100_RoCE' });
    const before = (await ask())!.view.topology!.root.fabric!.bandwidthPerDevice;
    client.change(fileUri(h100), text.replace('fabric RoCE400 links 1', 'fabric RoCE400 links 2'), 2);
    const after = (await ask())!.view.topology!.root.fabric!.bandwidthPerDevice;
    assert.equal(after, 2 * before);
  });

  it('answers the comparison at the cursor, after the diagnostics of the edit that changed it', async () => {
    const file = 'samples/compare.topo';
    const uri = fileUri(file);
    const text = read(file);
    await client.openAndWait(uri, text, 1);
    const edited = text.replace('slo tpot 15 ms', 'slo tpot 20 ms');
    let published = false;
    const diagnostics = client.waitForDiagnostics(uri, { version: 2, timeoutMs: 120_000 }).then(() => {
      published = true;
    });
    client.change(uri, edited, 2);
    const position = positionOf(edited, 'slo tpot 20 ms');
    const result = await client.request<ViewResult | null>('topo/view', { uri, position }, 120_000);
    assert.ok(published, 'the comparison was answered before the diagnostics of the edit were published');
    await diagnostics;
    assert.ok(result, 'no view');
    assert.deepEqual(result.view.selection, { compare: 'R1_decode_15ms' });
    assert.equal(result.view.comparison?.ranked.length, 3);
    assert.equal(result.view.tables.comparison?.rows.length, 3);
    assert.match(result.pictures.curveChart ?? '', /TPOT SLO 20 ms/);
  });

  it('answers null for a document it cannot read', async () => {
    assert.equal(await client.request('topo/view', { uri: fileUri('samples/no-such-file.topo') }), null);
  });
});
