// A quick fix offered for a diagnostic removes that diagnostic once applied.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, codeOf, diagnosticsOf, openSample, waitFor } from './helpers';

suite('quick fixes', () => {
  suiteSetup(activeExtension);

  test('applying a quick fix from executeCodeActionProvider removes its diagnostic', async () => {
    const doc = await openSample('mistakes.topo');
    const editor = await vscode.window.showTextDocument(doc);
    const before = await diagnosticsOf(doc);
    let chosen: { diag: vscode.Diagnostic; action: vscode.CodeAction } | undefined;
    const offered: string[] = [];
    for (const diag of before) {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        diag.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // The API command drops CodeAction.diagnostics, so an action is matched to the diagnostic
      // whose range was asked for; the removal check below then proves which one it fixed.
      const action = (actions ?? []).find(
        (a): a is vscode.CodeAction =>
          'edit' in a &&
          !!a.edit &&
          !!a.kind &&
          vscode.CodeActionKind.QuickFix.contains(a.kind) &&
          (!a.diagnostics?.length || a.diagnostics.some((d) => codeOf(d) === codeOf(diag))),
      );
      for (const a of actions ?? [])
        offered.push(
          `${codeOf(diag)}@${diag.range.start.line + 1}: ${a.title} [${'kind' in a ? a.kind?.value : 'command'}${'edit' in a && a.edit ? ', edit' : ''}; diagnostics ${'diagnostics' in a ? (a.diagnostics ?? []).map(codeOf).join(' ') : '-'}]`,
        );
      if (action) {
        chosen = { diag, action };
        break;
      }
    }
    assert.ok(
      chosen,
      `none of the ${before.length} diagnostics of mistakes.topo offers a quick fix with an edit; offered:\n${offered.join('\n')}`,
    );
    const code = codeOf(chosen.diag);
    const count = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => codeOf(d) === code).length;
    const countBefore = count(before);
    const textBefore = doc.getText();
    try {
      assert.ok(await vscode.workspace.applyEdit(chosen.action.edit!), 'workspace.applyEdit refused the fix');
      assert.notEqual(doc.getText(), textBefore, 'the fix did not change the document');
      await waitFor(
        () => count(vscode.languages.getDiagnostics(doc.uri)) < countBefore,
        `${code} (“${chosen.diag.message}”) to disappear after “${chosen.action.title}”`,
        20_000,
      );
    } finally {
      // Put the file back for the tests after this one.
      if (doc.isDirty) {
        await vscode.window.showTextDocument(doc, { viewColumn: editor.viewColumn });
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });
});
