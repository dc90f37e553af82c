// Lens figures stay readable at every magnitude: grouped, k, M, G, T, then an exponent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact } from '../../../server/src/analysis/report';

test('compact formats throughput at every magnitude without unit noise', () => {
  assert.equal(compact(1943), '1,943');
  assert.equal(compact(311_000), '311k');
  assert.equal(compact(4_400_000), '4.4M');
  assert.equal(compact(2.5e9), '2.5G');
  assert.equal(compact(3.2e12), '3.2T');
  assert.equal(compact(9.516974466797535e38), '9.52e38');
  assert.equal(compact(Number.NaN), '—');
});
