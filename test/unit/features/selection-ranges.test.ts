// Selection ranges: at every offset of real and broken files, each range lies strictly inside its parent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SelectionRange } from 'vscode-languageserver';
import { enclosingSpans, selectionRange } from '../../../server/src/features/selectionRanges';
import { parse } from '../../../server/src/syntax/shape';
import { offsetAt } from '../../../server/src/syntax/lines';
import { readRepoFile } from '../../helpers/repo';

const broken =
  'import "a.topo"\r\nsystem S {\r\n  server x 2 { gpu H100 x 8\r\n  fabric\nlink L { bandwidth 400 Gb/s latency }}}\n}';

describe('selection ranges', () => {
  for (const [name, text] of [
    ['samples/mistakes.topo', readRepoFile('samples/mistakes.topo')],
    ['a broken file with CRLF', broken],
  ]) {
    it(`nest strictly at every offset of ${name}, and each holds the offset`, () => {
      const file = parse(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const spans = enclosingSpans(file, offset);
        assert.deepEqual(spans[0], { start: 0, end: text.length });
        for (let i = 1; i < spans.length; i++) {
          const [outer, inner] = [spans[i - 1], spans[i]];
          const inside =
            inner.start >= outer.start && inner.end <= outer.end && inner.end - inner.start < outer.end - outer.start;
          assert.ok(
            inside,
            `offset ${offset}: ${JSON.stringify(inner)} is not strictly inside ${JSON.stringify(outer)}`,
          );
          assert.ok(inner.start <= offset && offset <= inner.end, `offset ${offset} outside ${JSON.stringify(inner)}`);
        }
      }
    });
  }

  it('go from a word to its field, its block, the nested field, the block, the declaration and the file', () => {
    const text = 'system S {\n  server x 2 {\n    gpu H100 x 8\n  }\n}\n';
    const file = parse(text);
    const chain: string[] = [];
    for (let r: SelectionRange | undefined = selectionRange(file, text.indexOf('H100') + 1); r; r = r.parent) {
      chain.push(text.slice(offsetAt(file, r.range.start), offsetAt(file, r.range.end)));
    }
    assert.deepEqual(chain, [
      'H100',
      'gpu H100 x 8',
      '{\n    gpu H100 x 8\n  }',
      'server x 2 {\n    gpu H100 x 8\n  }',
      '{\n  server x 2 {\n    gpu H100 x 8\n  }\n}',
      'system S {\n  server x 2 {\n    gpu H100 x 8\n  }\n}',
      text,
    ]);
  });
});
