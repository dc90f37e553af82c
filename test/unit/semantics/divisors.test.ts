// Divisor searches over user numbers: exact, bounded in time, and honest beyond 2^53.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { greatestCommonDivisor, largestDivisorAtMost } from '../../../server/src/semantics/divisors';
import { analyseText, withCode } from '../../helpers/workspace';

/** The definition, for small numbers only. */
function bruteForce(n: number, limit: number): number {
  let best = 1;
  for (let d = 1; d <= Math.min(n, limit); d++) if (n % d === 0) best = d;
  return best;
}

const timed = <T>(f: () => T): { value: T; ms: number } => {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
};

describe('largestDivisorAtMost', () => {
  it('agrees with the definition on every n up to 600 and every limit', () => {
    for (let n = 1; n <= 600; n++)
      for (let limit = 1; limit <= n + 2; limit += 1 + (n > 100 ? 7 : 0)) {
        assert.equal(largestDivisorAtMost(n, limit), bruteForce(n, limit), `n ${n} limit ${limit}`);
      }
  });

  it('answers for a large prime and large composites at once', () => {
    const prime = timed(() => largestDivisorAtMost(1_000_000_007, 1_000_000_006));
    assert.equal(prime.value, 1);
    assert.ok(prime.ms < 200, `${prime.ms} ms`);
    assert.equal(largestDivisorAtMost(2 ** 40 * 3, 2 ** 41 - 1), 2 ** 39 * 3);
    assert.equal(largestDivisorAtMost(1_000_000_007 * 6, 1_000_000_007 * 5), 1_000_000_007 * 3);
    const worst = timed(() => largestDivisorAtMost(9_007_199_254_740_881, 9_007_199_254_740_880)); // a prime below 2^53
    assert.equal(worst.value, 1);
    assert.ok(worst.ms < 500, `${worst.ms} ms`);
  });

  it('gives no answer beyond 2^53, where remainders are not exact', () => {
    assert.equal(largestDivisorAtMost(1e18, 3e17), undefined);
    assert.equal(largestDivisorAtMost(NaN, 4), undefined);
  });

  it('greatest common divisor', () => {
    assert.equal(greatestCommonDivisor(384, 48), 48);
    assert.equal(greatestCommonDivisor(1_000_000_007, 1_000_000_006), 1);
  });
});

describe('parallel degrees over huge rank counts (no countdown)', () => {
  const doc = (count: string, parallel: string) =>
    `system S {\n  server x ${count} {\n    gpu H100 x 1\n  }\n  fabric RoCE400\n}\nworkload W {\n  model Llama3_70B\n  on S\n  phase decode\n  parallel ${parallel}\n}\n`;

  it('x 1000000007 with dp 1000000006: TOPO400 suggests 1 promptly', () => {
    const { value: a, ms } = timed(() => analyseText(doc('1000000007', 'dp 1000000006')));
    const [d] = withCode(a, 'TOPO400');
    assert.ok(d, JSON.stringify(a.diagnostics.map((x) => x.message)));
    assert.equal(d.diagnostic.data?.suggested, 1);
    assert.ok(ms < 1000, `${ms} ms`);
  });

  it('x 1e18 with tp 3e17 ends, and checks no divisibility it cannot compute', () => {
    const { value: a, ms } = timed(() => analyseText(doc('1e18', 'tp 3e17')));
    assert.ok(ms < 1000, `${ms} ms`);
    assert.deepEqual(withCode(a, 'TOPO400'), []);
    assert.deepEqual(withCode(a, 'TOPO401'), []);
  });
});
