// Document symbols and go to definition.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, declarations, sampleNames, samplePath, symbolNames, waitFor } from './helpers';

suite('symbols and definitions', () => {
  suiteSetup(activeExtension);

  test('document symbols list every system and workload of each sample', async () => {
    const missing: string[] = [];
    let checked = 0;
    let serverAnswered = false;
    for (const name of sampleNames().filter((n) => n !== 'mistakes.topo')) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(samplePath(name)));
      const wanted = [...declarations(doc, 'system'), ...declarations(doc, 'workload')];
      if (!wanted.length) continue;
      checked++;
      // The first file may wait for the server to start; after that answers come at once.
      const names = await waitFor(
        async () => {
          const ss = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
            'vscode.executeDocumentSymbolProvider',
            doc.uri,
          );
          return ss && ss.length ? symbolNames(ss) : undefined;
        },
        `document symbols of ${name}`,
        serverAnswered ? 5_000 : 20_000,
        500,
      );
      serverAnswered = true;
      for (const d of wanted) if (!names.includes(d.name)) missing.push(`${name}: ${d.kind} ${d.name}`);
    }
    assert.ok(checked > 0, 'no sample declares a system or a workload');
    assert.deepEqual(missing, [], 'declarations missing from document symbols');
  });

  test("go to definition on a workload's system (`on X`) jumps to the system in the imported file", async () => {
    const systems = new Map<string, { file: string; line: number }>();
    for (const name of sampleNames()) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(samplePath(name)));
      for (const d of declarations(doc, 'system')) systems.set(d.name, { file: doc.uri.fsPath, line: d.line });
    }
    // Prefer a reference into another file: that exercises imports too.
    let probe: { doc: vscode.TextDocument; pos: vscode.Position; system: string } | undefined;
    for (const name of sampleNames().filter((n) => n !== 'mistakes.topo')) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(samplePath(name)));
      for (let line = 0; line < doc.lineCount && !probe; line++) {
        const m = /^(\s*on\s+)([A-Za-z_][\w.-]*)/.exec(doc.lineAt(line).text);
        const target = m && systems.get(m[2]);
        if (m && target && target.file !== doc.uri.fsPath)
          probe = { doc, pos: new vscode.Position(line, m[1].length + 1), system: m[2] };
      }
      if (probe) break;
    }
    assert.ok(probe, 'no workload runs `on` a system declared in another sample');
    const target = systems.get(probe.system)!;
    await vscode.window.showTextDocument(probe.doc);
    const locations = await waitFor(
      async () => {
        const ls = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          probe!.doc.uri,
          probe!.pos,
        );
        return ls && ls.length ? ls : undefined;
      },
      `a definition for system ${probe.system}`,
      20_000,
      500,
    );
    const hits = locations.map((l) =>
      'targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : l,
    );
    assert.ok(
      hits.some((h) => path.resolve(h.uri.fsPath) === path.resolve(target.file) && h.range.start.line === target.line),
      `definition of ${probe.system} should be ${path.basename(target.file)}:${target.line + 1}; got ${hits.map((h) => `${path.basename(h.uri.fsPath)}:${h.range.start.line + 1}`).join(', ')}`,
    );
  });
});
