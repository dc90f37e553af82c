// The extension activates when a .topo file opens, the file gets the topo language, the server starts as set.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activeExtension, EXTENSION_ID, sampleNames, samplePath, waitFor } from './helpers';

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

suite('server process', () => {
  /** The environment of each process this extension host started whose command line runs dist/server.js. */
  const serverEnvironments = (): Map<string, string>[] =>
    fs
      .readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .flatMap((pid) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (parent !== process.pid || !command.includes('server.js')) return [];
          const pairs = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
          return [new Map(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]))];
        } catch {
          return []; // a process that ended while it was read
        }
      });

  test('runs in the editor environment with NODE_EXTRA_CA_CERTS empty (a faster start)', async function () {
    if (process.platform !== 'linux') this.skip();
    await activeExtension();
    await waitFor(() => serverEnvironments().length > 0, 'the language server process', 30_000);
    const [env] = serverEnvironments();
    assert.equal(env.get('NODE_EXTRA_CA_CERTS'), '', 'the client passes NODE_EXTRA_CA_CERTS on to the server');
    assert.equal(env.get('PATH'), process.env.PATH, 'the server keeps the editor environment otherwise');
  });
});
