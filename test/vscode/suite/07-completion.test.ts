// Completion offers the catalog's accelerators where a level names its devices.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, samplesDir, waitFor } from './helpers';

suite('completion', () => {
  suiteSetup(activeExtension);

  test('offers catalog accelerators (H100) for the devices of a system level', async () => {
    const file = path.join(samplesDir(), 'completion-probe.topo');
    const lines = ['system Probe {', '  server x 2 {', '    gpu ', '    fabric NVLink4', '  }', '}', ''];
    fs.writeFileSync(file, lines.join('\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      const pos = new vscode.Position(2, lines[2].length);
      const labels = await waitFor(
        async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider',
            doc.uri,
            pos,
          );
          // Word-based suggestions (kind Text) could echo H100 from other open files: not the server's.
          const ls = (list?.items ?? [])
            .filter((i) => i.kind !== vscode.CompletionItemKind.Text)
            .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
          return ls.includes('H100') ? ls : undefined;
        },
        'H100 among the completions after "gpu "',
        20_000,
        500,
      );
      assert.ok(labels.includes('H100'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(file, { force: true });
    }
  });
});
