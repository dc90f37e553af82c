// Parsing keeps nothing but the tree it returns: no token arrays are held after use.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from '../../../server/src/syntax/shape';
import { generateTopo } from '../../../bench/generate';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('memory after parsing', () => {
  it("is released with the tree: the parser does not keep the last file's tokens", () => {
    const text = generateTopo(20_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    let file: ReturnType<typeof parse> | undefined = parse(text);
    assert.ok(file.declarations.length > 1000);
    file = undefined;
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    // The tokens of 20,000 lines take about 6 MB; what may remain is the parser's own small state.
    assert.ok(kept < 2e6, `${(kept / 1e6).toFixed(1)} MB kept after the tree was dropped`);
  });
});
