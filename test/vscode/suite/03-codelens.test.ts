// Code lenses above each workload carry its throughput estimate; a click opens the Topo panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, openSample, waitFor, workloadSamples } from './helpers';

// `≈1,870 tok/s per device · 299k tok/s total ...`, `≈6,765 input tok/s per device · ...`
const THROUGHPUT = /≈\s*\d[\d,.]*\s*[kM]?\s+(?:[a-z]+\s+)?tok\/s per device/;

suite('code lenses', () => {
  suiteSetup(activeExtension);

  test('every workload in the samples has a lens with its tok/s estimate', async () => {
    const samples = await workloadSamples();
    assert.ok(samples.length > 0, 'no sample declares a workload');
    const missing: string[] = [];
    let serverAnswered = false;
    for (const { name, doc, workloads } of samples) {
      await vscode.window.showTextDocument(doc);
      const lenses = await waitFor(
        async () => {
          const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>(
            'vscode.executeCodeLensProvider',
            doc.uri,
            100,
          );
          return ls && ls.some((l) => l.command && THROUGHPUT.test(l.command.title)) ? ls : undefined;
        },
        `a tok/s code lens in ${name}`,
        serverAnswered ? 5_000 : 30_000,
        500,
      ).catch(() => [] as vscode.CodeLens[]);
      if (lenses.length) serverAnswered = true;
      for (const w of workloads) {
        const titles = lenses.filter((l) => l.range.start.line === w.line && l.command).map((l) => l.command!.title);
        if (!titles.some((t) => THROUGHPUT.test(t)))
          missing.push(`${name}:${w.line + 1} ${w.name} [${titles.join(' | ')}]`);
      }
    }
    assert.deepEqual(missing, [], 'workloads without a throughput lens on their declaration line');
  });

  test('clicking a workload lens opens the Topo panel on it', async () => {
    const doc = await openSample('deepseek-r1.topo');
    await vscode.window.showTextDocument(doc);
    const lens = await waitFor(async () => {
      const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        doc.uri,
        100,
      );
      return ls?.find((l) => l.command?.command === 'topo.showBreakdown');
    }, 'a workload lens with its command');
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const tab = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('topo.panel')),
      'the Topo panel tab',
      15_000,
    );
    assert.match(tab.label, /Topo/);
  });
});
