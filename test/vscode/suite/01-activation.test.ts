// The extension activates when a .topo file opens, and the file gets the topo language.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, sampleNames, samplePath, waitFor } from './helpers';

suite('activation', () => {
  test('is installed, inactive until a .topo file opens, then active with language id topo', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed in this editor`);
    const activeBefore = ext.isActive;
    const names = sampleNames();
    assert.ok(names.length > 0, 'the samples workspace holds no .topo file');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(samplePath(names[0])));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'topo');
    await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`, 30_000);
    assert.equal(
      activeBefore,
      false,
      'the extension was already active before any .topo file opened (activationEvents too broad?)',
    );
  });
});
