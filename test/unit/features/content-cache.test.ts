// The cache of results by content: bounded, least recently used dropped first, short hashed keys.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ContentCache, contentHash } from '../../../server/src/features/content-cache';

describe('content cache', () => {
  it('holds at most its capacity and drops the least recently used first', () => {
    const cache = new ContentCache<number>(3);
    for (const k of ['a', 'b', 'c']) cache.set(k, k.charCodeAt(0));
    assert.equal(cache.get('a'), 97); // a is now the most recently used: b goes first
    cache.set('d', 100);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b'), undefined);
    assert.deepEqual(
      ['a', 'c', 'd'].map((k) => cache.get(k)),
      [97, 99, 100],
    );
  });

  it('keeps a working set that fits: filling it again with the same keys evicts nothing', () => {
    const cache = new ContentCache<string>(1000);
    const keys = Array.from({ length: 1000 }, (_, i) => `workload ${i}`);
    for (const k of keys) cache.set(k, k);
    cache.set('one more', 'x'); // evicts workload 0 only, where clearing when full would drop all 1,000
    assert.equal(cache.size, 1000);
    assert.equal(cache.get('workload 0'), undefined);
    assert.equal(cache.get('workload 1'), 'workload 1');
    assert.equal(cache.get('workload 999'), 'workload 999');
  });

  it('keys long texts by a short hash: two texts of equal length get different keys', () => {
    const a = 'x'.repeat(20000) + 'a',
      b = 'x'.repeat(20000) + 'b';
    assert.notEqual(contentHash(a), contentHash(b));
    assert.equal(contentHash(a), contentHash(`${a}`));
    assert.ok(contentHash(a).length < 40);
  });
});
