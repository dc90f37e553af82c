// The incremental parser gives the same tree as a whole parse, through edits that shift, change and split chunks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chunkStarts, IncrementalParser } from '../../../server/src/syntax/incremental';
import { parse } from '../../../server/src/syntax/shape';
import { readRepoFile, sourceFiles } from '../../helpers/repo';

const sample = `import "a.topo"
accelerator A { compute bf16 1 TFLOPS  memory 1 GB at 1 TB/s }
/* a comment
model M { not a boundary }
*/
link L { bandwidth 1 GB/s  latency 1 us }
system S {
model inside a block is not a boundary
}
workload W { model M  on S  phase decode }
`;

describe('incremental parsing', () => {
  it('splits only at top-level declaration lines outside comments and blocks', () => {
    const starts = chunkStarts(sample).map((o) => sample.slice(o, sample.indexOf('\n', o)));
    assert.deepEqual(starts, [
      'import "a.topo"',
      'accelerator A { compute bf16 1 TFLOPS  memory 1 GB at 1 TB/s }',
      'link L { bandwidth 1 GB/s  latency 1 us }',
      'system S {',
      'workload W { model M  on S  phase decode }',
    ]);
  });

  it('a compare declaration starts a chunk of its own, like every other declaration kind', () => {
    const text = 'system S { gpu H100 x 8 }\ncompare C {\n  model M\n}\n';
    assert.deepEqual(chunkStarts(text), [0, text.indexOf('compare')]);
  });

  it('equals a whole parse after every edit of a sequence (insert, delete, break a brace, restore)', () => {
    const parser = new IncrementalParser();
    let text = sourceFiles().map(readRepoFile).join('\n');
    const edits: [number, number, string][] = [
      [0, 0, '// top\n'],
      [500, 500, 'x'],
      [500, 501, ''],
      [2000, 2001, '{'],
      [2000, 2001, ''],
      [text.length, text.length, '\nmodel Z {'],
    ];
    assert.deepEqual(parser.parse(text), parse(text));
    for (const [start, end, insert] of edits) {
      text = text.slice(0, start) + insert + text.slice(end);
      assert.deepEqual(parser.parse(text), parse(text), `after inserting ${JSON.stringify(insert)} at ${start}`);
    }
  });

  it("keeps the first version's whole parse per chunk: issues, comments and imports of unchanged chunks stay", () => {
    const broken = `import "a.topo"\n// c1\naccelerator A { memory 1 GB at }\n/* c2 */ link L { bandwidth ? 1 GB/s\n${''}system S {\n  gpu A x 8 {{\n}\nmodel M { layers 2 } }\nworkload W { model M  on S  phase`;
    const parser = new IncrementalParser();
    assert.deepEqual(parser.parse(broken), parse(broken));
    const first = parser.parse(broken);
    assert.ok(first.syntaxIssues.length >= 3, 'the sample has issues in several chunks');
    // Edit only the first chunk: every other chunk's parts come from the first version's whole parse.
    const edited = `import "b.topo"\n${broken.slice(broken.indexOf('\n') + 1)}`;
    assert.deepEqual(parser.parse(edited), parse(edited));
    const appended = `${edited}\nmodel N {`;
    assert.deepEqual(parser.parse(appended), parse(appended));
  });

  it('reuses the trees of unchanged declarations', () => {
    const parser = new IncrementalParser();
    const first = parser.parse(sample);
    const second = parser.parse(`// shifted\n${sample}`);
    assert.equal(second.declarations[1], first.declarations[1], 'the same object, shifted in place');
    assert.equal(second.declarations[1].span.start, sample.indexOf('link L') + '// shifted\n'.length);
  });
});
