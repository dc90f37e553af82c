// Hovering a workload's name shows its step breakdown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, hoverText, waitFor, workloadSamples } from './helpers';

suite('hover', () => {
  suiteSetup(activeExtension);

  test('hover on a workload name shows throughput and the compute / memory / link breakdown', async () => {
    const samples = await workloadSamples();
    assert.ok(samples.length > 0, 'no sample declares a workload');
    const { name, doc, workloads } = samples[0];
    await vscode.window.showTextDocument(doc);
    const w = workloads[0];
    const text = await waitFor(
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          w.range.start.translate(0, 1),
        );
        const t = hoverText(hovers);
        return /tok\/s/.test(t) ? t : undefined;
      },
      `a hover with tok/s on ${name}:${w.line + 1} ${w.name}`,
      30_000,
      500,
    );
    assert.match(text, /compute/i, `hover lacks the compute share:\n${text}`);
    assert.match(text, /memory|HBM/i, `hover lacks the memory share:\n${text}`);
    assert.match(text, /\d+(\.\d+)?\s*%/, `hover lacks shares in %:\n${text}`);
    assert.match(text, /bound:/, `hover does not name what bounds the step:\n${text}`);
    assert.match(text, /\|\s*share\s*\|/, `hover has no breakdown table with a share column:\n${text}`);
  });
});
