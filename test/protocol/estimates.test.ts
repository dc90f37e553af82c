// Protocol tests for the estimator in the editor: code lenses, bottleneck diagnostics, breakdown hovers and request, settings.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CodeLens } from 'vscode-languageserver-protocol/node';
import { hoverText, LspClient, positionOf } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/repo';

const fileUri = (relative: string) => URI.file(path.join(repoRoot, relative)).toString();
const read = (relative: string) => fs.readFileSync(path.join(repoRoot, relative), 'utf8');
const r1 = 'samples/deepseek-r1.topo';
const cm = 'samples/cloudmatrix384.topo';
const h100 = 'samples/h100-roce.topo';

describe('the estimator through the real server', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ configuration: {} });
  });
  after(async () => {
    await client?.stop();
  });

  it('puts a lens with throughput, latency and bound above every workload, and opens its breakdown on click', async () => {
    const text = read(r1);
    await client.openAndWait(fileUri(r1), text, 1);
    const lenses = (await client.codeLenses(fileUri(r1))) as CodeLens[];
    const workloads = [...text.matchAll(/^workload\s+(\w+)/gm)].map((m) => m[1]);
    assert.equal(lenses.length, workloads.length);
    for (const lens of lenses) {
      assert.match(
        lens.command!.title,
        /^≈[\d,]+ (input )?tok\/s per device (±\d+%|\(not validated\)) · .* total · (TPOT|TTFT) [\d.]+ m?s .*bound: /,
      );
      assert.doesNotMatch(lens.command!.title, /NaN|Infinity/);
      assert.equal(lens.command!.command, 'topo.showBreakdown');
    }
    const first = lenses.find((l) => l.command!.arguments![1] === 'R1_decode_CM384')!;
    assert.equal(first.range.start.line, positionOf(text, 'workload R1_decode_CM384').line);
    const breakdown = await client.request<string | null>('workspace/executeCommand', first.command);
    assert.match(breakdown ?? '', /\| level \| link \|/);
    assert.match(breakdown ?? '', /\| operator \| time \| share \| limited by \|/);
    assert.match(breakdown ?? '', /\| layer kind \|/);
    assert.match(breakdown ?? '', /weights/);
  });

  it('puts a lens with devices, PFLOPS, HBM and bandwidth per level above every system', async () => {
    await client.openAndWait(fileUri(cm), read(cm), 1);
    const lenses = (await client.codeLenses(fileUri(cm))) as CodeLens[];
    assert.equal(lenses.length, 1);
    assert.match(
      lenses[0].command!.title,
      /^384 devices · .*PFLOPS · HBM [\d.]+ TB at [\d,.]+ TB\/s · .*UB 392 GB\/s per device in groups of 8/,
    );
  });

  it('reports the RoCE all-to-all bottleneck of DeepSeek-R1 on the H100 cluster, with its share, bytes and relief', async () => {
    const published = client.diagnostics(fileUri(r1))!;
    const bottleneck = published.diagnostics.find((d) => d.code === 'TOPO501' && /RoCE400/.test(String(d.message)));
    assert.ok(bottleneck, 'a TOPO501 warning names RoCE400');
    assert.match(String(bottleneck.message), /takes \d+% of the step \([\d.]+ [KMG]B per device per step\)/);
    assert.match(String(bottleneck.message), /scale-up domain/);
    assert.equal((bottleneck.data as { linkName: string }).linkName, 'RoCE400');
  });

  it('hovers a workload with its breakdown, a parallel degree with the levels it spans, a fabric with its load', async () => {
    const text = read(r1);
    const workload = hoverText(
      await client.hover(fileUri(r1), positionOf(text, 'R1_decode_H100_RoCE {', { delta: 2 })),
    );
    assert.match(workload, /bound: RoCE400 all-to-all/);
    assert.match(workload, /\| H100_RoCE \(the bound\) \| RoCE400 \| 96 \|/);
    const degree = hoverText(await client.hover(fileUri(r1), positionOf(text, 'ep 72 dp 72', { delta: 1 })));
    assert.match(degree, /\*\*ep 72\*\*: spans/);
    assert.match(degree, /H100_RoCE \(RoCE400/);
    // The fabric hover lists the workloads of the open documents that load it.
    const hText = read(h100);
    await client.openAndWait(fileUri(h100), hText, 1);
    const fabric = hoverText(await client.hover(fileUri(h100), positionOf(hText, 'fabric RoCE400', { delta: 3 })));
    assert.match(fabric, /on RoCE400/);
    assert.match(fabric, /R1_decode_H100_RoCE/);
  });

  it('honours the settings: no lenses, a higher bottleneck threshold, no estimator diagnostics', async () => {
    for (const [configuration, check] of [
      [{ lenses: { enabled: false } }, async (c: LspClient) => assert.deepEqual(await c.codeLenses(fileUri(r1)), [])],
      [
        { bottleneck: { threshold: 0.9 } },
        async (c: LspClient) => assert.ok(!c.diagnostics(fileUri(r1))!.diagnostics.some((d) => d.code === 'TOPO501')),
      ],
      [
        { bottleneck: { diagnostics: false } },
        async (c: LspClient) =>
          assert.ok(!c.diagnostics(fileUri(r1))!.diagnostics.some((d) => /^TOPO5/.test(String(d.code)))),
      ],
    ] as const) {
      const other = await LspClient.start({ configuration: configuration as Record<string, unknown> });
      try {
        await other.openAndWait(fileUri(r1), read(r1), 1);
        // Settings arrive after initialisation; the server re-publishes once it has them.
        await new Promise((r) => setTimeout(r, 300));
        await check(other);
      } finally {
        await other.stop();
      }
    }
  });
});
