// The server's V8 flags: the young generation stays at its size while long-lived data accumulates (peak memory).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';

const youngGeneration = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

describe('young generation', () => {
  it('does not grow when what survives is long-lived, as a language server keeps its trees', async () => {
    const before = youngGeneration();
    await import('../../server/src/v8-flags');
    // About 60 MB of small long-lived objects: without the flag V8 doubles the nursery up to 2 x 16 MB.
    const kept: { start: number; end: number }[][] = [];
    for (let i = 0; i < 1000; i++) kept.push(Array.from({ length: 1000 }, (_, j) => ({ start: i, end: j })));
    assert.equal(kept.length, 1000);
    assert.ok(youngGeneration() <= Math.max(before, 8.5e6), `young generation ${youngGeneration()} bytes`);
  });
});
