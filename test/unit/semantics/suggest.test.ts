// "Did you mean" stays cheap: long names, many unknown references, and the same answers as the full distance.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closestNames, editDistance, NameSuggester } from '../../../server/src/semantics/suggest';
import { analyseText, withCode } from '../../helpers/workspace';

/** The unbounded Levenshtein distance, for comparison. */
function fullDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

const timed = (f: () => void): number => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

describe('bounded edit distance', () => {
  it('equals the full distance within the cut-off and exceeds the cut-off beyond it', () => {
    const words = [
      'H100',
      'H10',
      'A100',
      'H200',
      'NVLink4',
      'NVLink5',
      'RoCE400',
      'IB400',
      'Llama3_70B',
      'Llama3_405B',
      'x',
      '',
    ];
    for (const a of words)
      for (const b of words)
        for (const cutoff of [0, 1, 2, 3, 5]) {
          const full = a === b ? 0 : fullDistance(a.toLowerCase(), b.toLowerCase());
          const bounded = editDistance(a, b, cutoff);
          if (full <= cutoff) assert.equal(bounded, full, `${a} ${b} ${cutoff}`);
          else assert.ok(bounded > cutoff, `${a} ${b} ${cutoff}: ${bounded}`);
        }
  });

  it('keeps the half point for a case-only difference', () => {
    assert.equal(editDistance('nvlink4', 'NVLink4', 2), 0.5);
  });
});

describe('suggestions stay cheap', () => {
  it('a very long unknown name next to a similar declared one', () => {
    const long = 'L'.repeat(60_000);
    const ms = timed(() => assert.deepEqual(closestNames(`${long}x`, [`${long}y`, 'H100']), []));
    assert.ok(ms < 200, `${ms} ms`);
  });

  it('thousands of unknown references in one file', () => {
    const declared = Array.from({ length: 2000 }, (_, i) => `accelerator DeclaredAcceleratorNumber${i} {}`).join('\n');
    const levels = Array.from({ length: 2000 }, (_, i) => `  gpu DeclaredAcceleratorNumbr${i}x x 1`).join('\n');
    let unknown = 0;
    const ms = timed(() => {
      unknown = withCode(analyseText(`${declared}\nsystem S {\n${levels}\n}\n`), 'TOPO200').length;
    });
    assert.equal(unknown, 2000);
    assert.ok(ms < 5000, `${ms} ms`);
  });

  it('builds the candidate list once and scores each name once', () => {
    let reads = 0;
    const names = {
      *[Symbol.iterator]() {
        reads++;
        yield 'H100';
        yield 'A100';
      },
    };
    const s = new NameSuggester(names);
    assert.deepEqual(s.closest('H10'), ['H100', 'A100']);
    assert.deepEqual(s.closest('H10'), ['H100', 'A100']);
    assert.equal(reads, 1);
  });

  it('still suggests the near names', () => {
    assert.match(withCode(analyseText('system S { gpu H10 x 8 }'), 'TOPO200')[0].message, /did you mean 'H100'/);
  });
});
