// Protocol tests of the editing features against the real server: completion, code actions, navigation, presentation, settings.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  FoldingRange,
  InlayHint,
  Location,
  SemanticTokens,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/repo';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-features-'));
const uriIn = (name: string) => URI.file(path.join(tmp, name)).toString();
const hw =
  'link Fast {\n  bandwidth 400 Gb/s\n  latency 2 us\n}\naccelerator Chip {\n  compute bf16 100 TFLOPS\n  memory 16 GB at 1 TB/s\n}\n';
const main =
  'import "hw.topo"\nsystem Pod {\n  server x 2 {\n    gpu Chip x 8\n    fabric Fast\n  }\n  gpu \n}\nworkload W {\n  model Llama3_70B\n  on Pod\n  phase decode\n}\n';
const range0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Applies edits as an editor does, with the LSP text document's own line counting. */
function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///t.topo', 'topo', 1, text), edits);
}

describe('editing features over stdio', () => {
  let client: LspClient;
  before(async () => {
    fs.writeFileSync(path.join(tmp, 'hw.topo'), hw);
    fs.writeFileSync(path.join(tmp, 'main.topo'), main);
    client = await LspClient.start({ configuration: {} });
    // The helper client announces workspace folders: answer the server's request for them as an editor does.
    client.connection.onRequest('workspace/workspaceFolders', () => [
      { uri: URI.file(repoRoot).toString(), name: 'topo' },
    ]);
    await client.openAndWait(uriIn('hw.topo'), hw);
    await client.openAndWait(uriIn('main.topo'), main);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('announces every editing capability', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.completionProvider?.resolveProvider);
    assert.deepEqual(caps.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.topo', 'refactor.rewrite'],
    });
    for (const k of [
      'referencesProvider',
      'documentHighlightProvider',
      'workspaceSymbolProvider',
      'documentFormattingProvider',
      'foldingRangeProvider',
      'inlayHintProvider',
    ] as const)
      assert.ok(caps[k], k);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.ok(caps.semanticTokensProvider?.legend.tokenTypes.includes('property'));
  });

  it('completes accelerators after a level kind, with key figures, and resolves their description', async () => {
    const list = (await client.completion(
      uriIn('main.topo'),
      positionOf(main, 'gpu \n', { delta: 4 }),
    )) as CompletionList;
    const h100 = list.items.find((i) => i.label === 'H100')!;
    assert.equal(h100.detail, '989 TFLOPS bf16 · 80 GB · 3.35 TB/s');
    assert.ok(list.items.some((i) => i.label === 'Chip' && i.labelDetails?.description === 'hw.topo'));
    const resolved = await client.request<CompletionItem>('completionItem/resolve', h100);
    assert.match(JSON.stringify(resolved.documentation), /accelerator H100/);
  });

  it("offers the diagnostic's own fix as a preferred quick fix, and the edit removes the diagnostic", async () => {
    const uri = uriIn('bits.topo');
    const text = 'link RoCE_Spine {\n  bandwidth 400 GB/s\n  latency 2 us\n  family roce\n}\n';
    const published = await client.openAndWait(uri, text);
    const d = published.diagnostics.find((x) => x.code === 'TOPO302')!;
    const actions = (await client.codeActions(uri, d.range, [d])) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.kind, 'quickfix');
    const fixed = applyEdits(text, fix.edit!.changes![uri]);
    assert.match(fixed, /400 Gb\/s/);
    const wait = client.waitForDiagnostics(uri, { version: 2 });
    client.change(uri, fixed, 2);
    assert.ok(!(await wait).diagnostics.some((x: Diagnostic) => x.code === 'TOPO302'));
  });

  it("maps the estimator's own fixes (TOPO5xx) too, in samples/mistakes.topo", async () => {
    const uri = URI.file(path.join(repoRoot, 'samples', 'mistakes.topo')).toString();
    const published = await client.openAndWait(
      uri,
      fs.readFileSync(path.join(repoRoot, 'samples', 'mistakes.topo'), 'utf8'),
    );
    const d = published.diagnostics.find((x) => x.code === 'TOPO502');
    assert.ok(d, 'mistakes.topo shows TOPO502');
    const actions = (await client.codeActions(uri, d.range, [d])) as CodeAction[];
    assert.ok(
      actions.some((a) => a.isPreferred && /fp8|batch/.test(a.title)),
      actions.map((a) => a.title).join('; '),
    );
    client.close(uri);
  });

  it('fixes all auto-fixable problems with source.fixAll.topo', async () => {
    const uri = uriIn('many.topo');
    const text = 'link L {\n  bandwith 400 Gb/s\n  latency 2 us\n  medium opticall\n}\n';
    await client.openAndWait(uri, text);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: range0,
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(
      applyEdits(text, actions[0].edit!.changes![uri]),
      'link L {\n  bandwidth 400 Gb/s\n  latency 2 us\n  medium optical\n}\n',
    );
  });

  it('finds references across files, highlights in the document, renames across importing files', async () => {
    const at = positionOf(main, 'Chip x 8', { delta: 1 });
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriIn('main.topo') },
      position: at,
      context: { includeDeclaration: true },
    });
    assert.deepEqual(refs.map((r) => path.basename(URI.parse(r.uri).fsPath)).sort(), ['hw.topo', 'main.topo']);
    const hl = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', {
      textDocument: { uri: uriIn('main.topo') },
      position: positionOf(main, 'Pod', { delta: 1 }),
    });
    assert.equal(hl.length, 2);
    const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', {
      textDocument: { uri: uriIn('main.topo') },
      position: at,
    });
    assert.equal(prepared.placeholder, 'Chip');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uriIn('main.topo') },
      position: at,
      newName: 'Chip2',
    });
    assert.match(applyEdits(hw, edit.changes![uriIn('hw.topo')]), /accelerator Chip2/);
    assert.match(applyEdits(main, edit.changes![uriIn('main.topo')]), /gpu Chip2 x 8/);
  });

  it('refuses to rename a catalog entry with a clear error', async () => {
    const at = positionOf(main, 'Llama3_70B', { delta: 2 });
    await assert.rejects(
      client.request('textDocument/prepareRename', { textDocument: { uri: uriIn('main.topo') }, position: at }),
      /built-in catalog/,
    );
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: uriIn('main.topo') }, position: at, newName: 'X' }),
      /built-in catalog/,
    );
  });

  it('lists workspace symbols from open documents, workspace files and the catalog', async () => {
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'chip' });
    assert.ok(symbols.some((s) => s.name === 'Chip'));
    const samples = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'CloudMatrix' });
    assert.ok(
      samples.some(
        (s) => s.location.uri === URI.file(path.join(repoRoot, 'samples', 'cloudmatrix384.topo')).toString(),
      ),
    );
  });

  it('answers semantic tokens, formatting, folding ranges and inlay hints', async () => {
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', {
      textDocument: { uri: uriIn('hw.topo') },
    });
    assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
    const ugly = 'link  L{\nbandwidth 1 GB/s\n   latency 1 us}\n';
    await client.openAndWait(uriIn('ugly.topo'), ugly);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri: uriIn('ugly.topo') },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.equal(applyEdits(ugly, edits), 'link L {\n  bandwidth 1 GB/s\n  latency 1 us }\n');
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri: uriIn('hw.topo') },
    });
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine]),
      [
        [0, 2],
        [4, 6],
      ],
    );
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: uriIn('hw.topo') },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    });
    assert.deepEqual(
      hints.map((h) => h.label),
      ['= 50 GB/s'],
    );
  });

  it("keeps a CRLF file's line breaks and the client's indentation when formatting", async () => {
    const crlf = 'link C {\r\nbandwidth 1 GB/s\r\n}\r\n';
    await client.openAndWait(uriIn('crlf.topo'), crlf);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri: uriIn('crlf.topo') },
      options: { tabSize: 4, insertSpaces: true },
    });
    assert.equal(applyEdits(crlf, edits), 'link C {\r\n    bandwidth 1 GB/s\r\n}\r\n');
  });

  it('lands quick fixes on the right line after a lone CR', async () => {
    const cr = 'link R {\r  bandwidth 400 Gb/s\r  latency 2 us\r  medium opticall\r}\r';
    const published = await client.openAndWait(uriIn('cr.topo'), cr);
    const d = published.diagnostics.find((x) => x.code === 'TOPO305')!;
    assert.equal(d.range.start.line, 3);
    const [fix] = (await client.codeActions(uriIn('cr.topo'), d.range, [d])) as CodeAction[];
    assert.equal(applyEdits(cr, fix.edit!.changes![uriIn('cr.topo')]), cr.replace('opticall', 'optical'));
  });

  it('offers writing out batch max as a refactor on the batch field, not in fix-all', async () => {
    const text =
      'system Box {\n  gpu H100 x 8\n  fabric NVLink4\n}\nworkload B {\n  model Llama3_70B\n  on Box\n' +
      '  phase decode\n  precision fp8\n  context 4096\n  batch max\n}\n';
    await client.openAndWait(uriIn('batch.topo'), text);
    const at = { start: { line: 10, character: 9 }, end: { line: 10, character: 9 } };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriIn('batch.topo') },
      range: at,
      context: { diagnostics: [], only: ['refactor'] },
    });
    assert.equal(actions.length, 1, JSON.stringify(actions));
    assert.equal(actions[0].kind, 'refactor.rewrite');
    assert.match(applyEdits(text, actions[0].edit!.changes![uriIn('batch.topo')]), /\n {2}batch \d+ per device\n/);
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriIn('batch.topo') },
      range: range0,
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(fixAll, []);
  });
});

describe('inlay hints setting', () => {
  it('topo.inlayHints.enabled false turns inlay hints off', async () => {
    const client = await LspClient.start({ configuration: { inlayHints: { enabled: false } } });
    try {
      const uri = uriIn('off.topo');
      await client.openAndWait(uri, hw);
      await new Promise((r) => setTimeout(r, 200));
      const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
      });
      assert.deepEqual(hints, []);
    } finally {
      await client.stop();
    }
  });
});
