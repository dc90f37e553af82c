// Diagnostics reach the editor with their TOPO codes; clean samples carry no errors.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activeExtension,
  codeOf,
  codesMentioned,
  diagnosticsOf,
  openSample,
  sampleNames,
  samplePath,
  sleep,
  waitFor,
} from './helpers';

suite('diagnostics', () => {
  suiteSetup(activeExtension);

  test('mistakes.topo: diagnostics arrive, each with a TOPOnnn code', async () => {
    const doc = await openSample('mistakes.topo');
    const ds = await diagnosticsOf(doc);
    const uncoded = ds.filter((d) => !/^TOPO\d{3,4}$/.test(codeOf(d)));
    assert.deepEqual(
      uncoded.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
      'diagnostics without a TOPO code',
    );
  });

  test('mistakes.topo: every code its comments name is reported', async () => {
    const doc = await openSample('mistakes.topo');
    const mentioned = codesMentioned(doc);
    assert.ok(mentioned.length >= 3, `mistakes.topo names only ${mentioned.length} TOPO codes in its comments`);
    await diagnosticsOf(doc);
    // Diagnostics may arrive in more than one publication (syntax first, analysis later).
    let missing: string[] = [];
    const deadline = Date.now() + 15_000;
    do {
      const reported = new Set(vscode.languages.getDiagnostics(doc.uri).map(codeOf));
      missing = mentioned.filter((c) => !reported.has(c));
      if (!missing.length) break;
      await sleep(250);
    } while (Date.now() < deadline);
    assert.deepEqual(
      missing,
      [],
      `codes named in mistakes.topo but not reported; reported: ${[...new Set(vscode.languages.getDiagnostics(doc.uri).map(codeOf))].join(' ')}`,
    );
  });

  test('the real samples have no errors', async () => {
    const samples = sampleNames().filter((n) => n !== 'mistakes.topo');
    assert.ok(samples.length > 0, 'no samples besides mistakes.topo');
    // Let the server publish for mistakes.topo first, so it is known to be running.
    if (sampleNames().includes('mistakes.topo')) await diagnosticsOf(await openSample('mistakes.topo'));
    const docs: vscode.TextDocument[] = [];
    for (const name of samples) docs.push(await vscode.workspace.openTextDocument(vscode.Uri.file(samplePath(name))));
    await sleep(3000);
    const errors = docs.flatMap((doc) =>
      vscode.languages
        .getDiagnostics(doc.uri)
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
        .map((d) => `${path.basename(doc.uri.fsPath)}:${d.range.start.line + 1} ${codeOf(d)} ${d.message}`),
    );
    assert.deepEqual(errors, []);
  });

  test('a workload sample shows a link bottleneck warning (TOPO501) naming the link and its share', async () => {
    const docs: vscode.TextDocument[] = [];
    for (const name of sampleNames().filter((n) => n !== 'mistakes.topo')) docs.push(await openSample(name));
    const found = await waitFor(
      () => {
        const hits = docs.flatMap((doc) =>
          vscode.languages
            .getDiagnostics(doc.uri)
            .filter((d) => codeOf(d) === 'TOPO501')
            .map((d) => ({ where: `${path.basename(doc.uri.fsPath)}:${d.range.start.line + 1}`, d })),
        );
        return hits.length ? hits : undefined;
      },
      'a TOPO501 link bottleneck diagnostic in the samples',
      30_000,
      250,
    );
    for (const { where, d } of found) {
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, `${where}: TOPO501 is not a warning`);
      assert.match(
        d.message,
        /\d+(\.\d+)?\s*%/,
        `${where}: the bottleneck message gives no share of the step: ${d.message}`,
      );
    }
  });
});
