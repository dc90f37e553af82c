// The incremental parser gives the same tree as a whole parse, through edits that shift, change and split chunks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chunkStarts, IncrementalParser } from '../../../server/src/syntax/incremental';
import { parse } from '../../../server/src/syntax/shape';
import { breakLengthAt, isLineBreak } from '../../../server/src/syntax/lines';
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

// The character-by-character scan chunkStarts replaced, kept as its oracle.
const declarationStart = /^(?:import|accelerator|link|system|model|workload|compare)(?![A-Za-z0-9_.-])/;

/**
 * Offsets where a new top-level chunk may start: a line that opens with a declaration keyword while no block
 * or block comment is open. Parsing each chunk alone gives the same tree as parsing the whole text.
 */
function referenceChunkStarts(text: string): number[] {
  const starts = [0];
  let depth = 0;
  let inComment = false;
  const n = text.length;
  // One pass over the characters; `lineStart` is where the current line began (lines break as in lines.ts).
  for (let lineStart = 0; lineStart < n;) {
    let lineEnd = lineStart;
    while (lineEnd < n && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    if (
      lineStart > 0 &&
      depth === 0 &&
      !inComment &&
      declarationStart.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 12)))
    )
      starts.push(lineStart);
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (inComment) {
        if (c === 42 /* * */ && text.charCodeAt(i + 1) === 47 /* / */) {
          inComment = false;
          i++;
        }
      } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
        break;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        inComment = true;
        i++;
      } else if (c === 34 /* " */) {
        const close = text.indexOf('"', i + 1);
        i = close === -1 || close > lineEnd ? lineEnd : close;
      } else if (c === 123 /* { */) depth++;
      else if (c === 125 /* } */) depth = Math.max(0, depth - 1);
    }
    lineStart = lineEnd + breakLengthAt(text, lineEnd);
    if (lineEnd >= n) break;
  }
  return starts;
}

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

  it('finds the chunk starts of a character-by-character scan, on the repository and on random texts', () => {
    for (const file of sourceFiles()) {
      const text = readRepoFile(file);
      assert.deepEqual(chunkStarts(text), referenceChunkStarts(text), file);
    }
    const pieces = [
      'model M ',
      'link',
      'system S',
      'x',
      ' ',
      '{',
      '}',
      '"',
      '"s"',
      '//',
      '/*',
      '*/',
      '/',
      '*',
      '\n',
      '\r',
      '\r\n',
    ];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from(
        { length: Math.floor(next() * 24) },
        () => pieces[Math.floor(next() * pieces.length)],
      ).join('');
      assert.deepEqual(chunkStarts(text), referenceChunkStarts(text), JSON.stringify(text));
    }
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
