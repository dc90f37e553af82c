// Inlay hints at cursor markers, folding ranges and semantic tokens.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { foldingRanges } from '../../../server/src/features/folding';
import { classify, semanticTokens } from '../../../server/src/features/semanticTokens';
import { cursors, openAt, positionAt } from './fixture';

function hintsAt(marked: string) {
  const { analysis } = openAt(marked.replace(/\|/g, ''));
  const { offsets } = cursors(marked);
  const hints = inlayHints(analysis);
  return offsets.map((o) =>
    hints
      .filter(
        (h) =>
          h.position.line === positionAt(analysis.file, o).line &&
          h.position.character === positionAt(analysis.file, o).character,
      )
      .map((h) => h.label as string),
  );
}

test('a link bandwidth in Gb/s shows its GB/s; one in GB/s shows nothing', () => {
  assert.deepEqual(
    hintsAt('link L {\n  bandwidth 400 Gb/s|\n  latency 2 us\n}\nlink M {\n  bandwidth 400 GB/s|\n  latency 1 us\n}\n'),
    [['= 50 GB/s'], []],
  );
});

test('a model shows its computed parameter count (and active ones for MoE)', () => {
  const [[label]] = hintsAt(
    'model M| {\n  layers 80  hidden 8192  vocab 128256\n  attention gqa { heads 64  kv_heads 8  head_dim 128 }\n  ffn 28672\n}\n',
  );
  assert.equal(label, '70.6B params');
});

test('a system shows its devices, and each level its instances and devices in the whole system', () => {
  const hints = hintsAt(
    'system S| {\n  rack x 12| {\n    server x 4| {\n      npu Ascend910C x 8|\n      fabric UB\n    }\n  }\n  rack bus x 4|\n  fabric UB\n}\n',
  );
  assert.deepEqual(hints, [
    ['(384 devices)'],
    ['(12 racks, 384 devices in all)'],
    ['(48 servers, 384 devices in all)'],
    ['(384 devices in all)'],
    [],
  ]);
});

test('folding: blocks (closing brace kept visible), block comments, comment runs and regions', () => {
  const text =
    '// #region hardware\n// one\n// two\nlink L {\n  bandwidth 1 GB/s\n  latency 1 us\n}\n/* a\n b */\n// #endregion\n';
  const { analysis } = openAt(text);
  const ranges = foldingRanges(analysis.file).map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);
  assert.deepEqual(ranges, ['0-9 region', '1-2 comment', '3-5', '7-8 comment']);
});

test('semantic tokens: declaration names, references by kind (catalog ones marked), fields, units, numbers, comments', () => {
  const { analysis, workspace } = openAt('// c\nsystem S {\n  gpu H100 x 8  /* b\n  */\n}\n');
  const kinds = classify(analysis, workspace.catalogUri).map(
    (t) =>
      `${analysis.file.text.slice(t.span.start, t.span.end).replace(/\n/g, '\\n')}:${t.type}${t.modifiers ? `/${t.modifiers}` : ''}`,
  );
  assert.deepEqual(kinds, [
    '// c:comment',
    'system:keyword',
    'S:namespace/1',
    'gpu:property',
    'H100:class/2',
    'x:operator',
    '8:number',
    '/* b\\n  */:comment',
  ]);
  const link = openAt('link L {\n  bandwidth 400 Gb/s\n}\n');
  const types = classify(link.analysis, link.workspace.catalogUri).map((t) => t.type);
  assert.deepEqual(types, ['keyword', 'interface', 'property', 'number', 'type']);
  // The block comment spans two lines: two tokens.
  assert.equal(semanticTokens(analysis, workspace.catalogUri).data.length / 5, 8 + 1);
});
