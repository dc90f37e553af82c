// Definition, references, rename (across importing files, never the catalog), highlights and workspace symbols, at cursor markers.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  documentHighlights,
  referencesTo,
  renameEdit,
  renameRefusal,
  targetAt,
  workspaceSymbols,
} from '../../../server/src/features/navigation';
import { definitionAt } from '../../../server/src/features/symbols';
import { applyEdits, cursors, uriOf, workspaceWith } from './fixture';
import { URI } from 'vscode-uri';
import { catalogPath } from './fixture';

const hw =
  'link Fast {\n  bandwidth 400 GB/s\n  latency 1 us\n}\naccelerator Chip {\n  compute bf16 100 TFLOPS\n  memory 16 GB at 1 TB/s\n}\n';
const main =
  'import "hw.topo"\nsystem Pod {\n  server x 2 {\n    gpu C|hip x 8\n    fabric Fast\n  }\n  fabric Fast\n}\nworkload W {\n  model Llama3_70B\n  on Pod\n  phase decode\n}\n';

function setup(markedMain: string, markedHw = hw) {
  const m = cursors(markedMain);
  const h = cursors(markedHw);
  const workspace = workspaceWith({ 'hw.topo': h.text, 'main.topo': m.text });
  workspace.setDocument(uriOf('main.topo'), m.text, 1);
  const analysis = workspace.analyse(uriOf('main.topo'))!;
  return {
    workspace,
    analysis,
    offset: m.offsets[0],
    hwOffset: h.offsets[0],
    uris: [uriOf('main.topo'), uriOf('hw.topo')],
  };
}

test('go to definition: into an import, and into the catalog file', () => {
  const { workspace, analysis, offset } = setup(main);
  const [loc] = definitionAt(workspace, analysis, offset);
  assert.equal(loc.uri, uriOf('hw.topo'));
  assert.equal(loc.range.start.line, 4);
  const cat = setup(main.replace('C|hip', 'Chip').replace('model Llama3_70B', 'model Llama|3_70B'));
  const [catLoc] = definitionAt(cat.workspace, cat.analysis, cat.offset);
  assert.equal(catLoc.uri, URI.file(catalogPath).toString());
});

test('references of an imported name: its declaration and every use, in every file', () => {
  const { workspace, analysis, uris } = setup(
    main.replace('C|hip', 'Chip').replace('fabric Fast\n  }', 'fabric F|ast\n  }'),
  );
  const offset = cursors(main.replace('C|hip', 'Chip').replace('fabric Fast\n  }', 'fabric F|ast\n  }')).offsets[0];
  const target = targetAt(analysis, offset)!;
  assert.equal(target.name, 'Fast');
  const refs = referencesTo(workspace, target, uris, true);
  assert.deepEqual(refs.map((r) => `${r.uri.endsWith('hw.topo') ? 'hw' : 'main'}:${r.declaration}`).sort(), [
    'hw:true',
    'main:false',
    'main:false',
  ]);
  assert.equal(referencesTo(workspace, target, uris, false).length, 2);
});

test('rename from a use renames the declaration in the imported file and every use', () => {
  const { workspace, analysis, offset, uris } = setup(main);
  const target = targetAt(analysis, offset)!;
  assert.equal(renameRefusal(workspace, analysis, target, 'Chip2'), undefined);
  const edit = renameEdit(workspace, target, uris, 'Chip2');
  assert.match(applyEdits(hw, edit.changes![uriOf('hw.topo')]), /accelerator Chip2 \{/);
  assert.match(applyEdits(cursors(main).text, edit.changes![uriOf('main.topo')]), /gpu Chip2 x 8/);
});

test('rename from the declaration in this file renames uses', () => {
  const { workspace, analysis, offset, uris } = setup(
    main.replace('C|hip', 'Chip').replace('system Pod', 'system P|od'),
  );
  const edit = renameEdit(workspace, targetAt(analysis, offset)!, uris, 'Rack');
  const text = applyEdits(analysis.file.text, edit.changes![uriOf('main.topo')]);
  assert.match(text, /system Rack \{/);
  assert.match(text, /on Rack\n/);
});

test('rename refuses catalog entries, invalid names and names already declared', () => {
  const cat = setup(main.replace('C|hip', 'Chip').replace('model Llama3_70B', 'model Ll|ama3_70B'));
  assert.match(renameRefusal(cat.workspace, cat.analysis, targetAt(cat.analysis, cat.offset))!, /built-in catalog/);
  const { workspace, analysis, offset } = setup(main);
  const target = targetAt(analysis, offset);
  assert.match(renameRefusal(workspace, analysis, target, '9lives')!, /not a valid name/);
  assert.match(renameRefusal(workspace, analysis, target, 'Fast')!, /already declared/);
  assert.match(renameRefusal(workspace, analysis, target, 'system')!, /keyword/);
});

test('document highlights: the declaration as a write, uses as reads', () => {
  const { analysis, offset } = setup(main.replace('C|hip', 'Chip').replace('system Pod', 'system Po|d'));
  const hl = documentHighlights(analysis, offset);
  assert.deepEqual(
    hl.map((h) => [h.range.start.line, h.kind]),
    [
      [1, 3],
      [10, 2],
    ],
  );
});

test('workspace symbols: declarations of workspace files and the catalog, fuzzy matched', () => {
  const { workspace, uris } = setup(main);
  const names = workspaceSymbols(workspace, uris, 'ch').map((s) => `${s.name} ${s.containerName}`);
  assert.ok(names.includes('Chip accelerator · hw.topo'));
  assert.ok(
    workspaceSymbols(workspace, uris, 'h100').some(
      (s) => s.name === 'H100' && s.containerName === 'accelerator · catalog',
    ),
  );
  assert.equal(workspaceSymbols(workspace, uris, '').length > 10, true);
});
