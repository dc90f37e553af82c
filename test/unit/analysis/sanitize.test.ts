// The estimate's last check: non-finite or negative numbers become 0 with their paths, and only their branch is copied.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sanitize } from '../../../server/src/analysis/estimate';

describe('sanitize (an estimate before it is returned)', () => {
  it('returns a structure without bad numbers as it is, allocating nothing', () => {
    const clean = { a: 1, b: [2, 3, { c: 4 }], span: { start: -1 }, d: 'text', e: undefined, f: -0 };
    const bad: string[] = [];
    assert.equal(sanitize(clean, ['estimate'], bad), clean);
    assert.equal(bad.length, 0);
  });

  it('copies only the branches that hold one, and leaves the original as it was', () => {
    const shared = { x: 1 };
    const original = { a: 1, b: [2, NaN, { c: -4 }], shared, memory: { t: Infinity }, sloLimit: -1, n: [-2] };
    const before = structuredClone(original);
    const bad: string[] = [];
    const out = sanitize(original, ['estimate'], bad) as typeof original;
    assert.deepEqual(out, { a: 1, b: [2, 0, { c: 0 }], shared: { x: 1 }, memory: { t: 0 }, sloLimit: -1, n: [0] });
    assert.deepEqual(bad, ['estimate.b[1]', 'estimate.b[2].c', 'estimate.memory.t', 'estimate.n[0]']);
    assert.deepEqual(original, before, 'the original is not changed');
    assert.notEqual(out, original);
    assert.equal(out.shared, shared, 'a branch without one is not copied');
  });
});
