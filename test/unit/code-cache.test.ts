// The server bundle's V8 code cache: written on the first start, used on the next, never trusted when damaged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheFileName, compileBundle } from '../../server/src/code-cache';

/** A bundle in a folder of its own: it records that it ran, its __dirname, and what its `require` finds beside it. */
function fixture() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-code-cache-'));
  const bundle = path.join(dir, 'bundle.js');
  const source =
    'const beside = require("./beside.js");\n' +
    'function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }\n' +
    'globalThis.__topoCodeCacheRun = { dirname: __dirname, beside, sum: work(10) };\n';
  fs.writeFileSync(bundle, source);
  fs.writeFileSync(path.join(dir, 'beside.js'), 'module.exports = "found";');
  const cacheDir = path.join(dir, 'cache');
  return { dir, bundle, cacheDir, cacheFile: path.join(cacheDir, cacheFileName(source)) };
}

/** Runs `test` on a fresh fixture, and removes its folder after. */
function withFixture(test: (f: ReturnType<typeof fixture>) => void): void {
  const f = fixture();
  try {
    test(f);
  } finally {
    fs.rmSync(f.dir, { recursive: true, force: true });
  }
}

const ran = () => (globalThis as { __topoCodeCacheRun?: unknown }).__topoCodeCacheRun;
let copies = 0;

/**
 * Compiles and runs a copy of the bundle in a folder of its own: V8 keeps the scripts it compiled by name, and would
 * answer a second compilation of the same file from memory, without reading the cache.
 */
function runs(bundle: string, cacheDir: string | undefined) {
  const copy = path.join(path.dirname(bundle), `copy-${++copies}`, 'bundle.js');
  fs.mkdirSync(path.dirname(copy));
  fs.copyFileSync(bundle, copy);
  fs.copyFileSync(path.join(path.dirname(bundle), 'beside.js'), path.join(path.dirname(copy), 'beside.js'));
  (globalThis as { __topoCodeCacheRun?: unknown }).__topoCodeCacheRun = undefined;
  const compiled = compileBundle(copy, cacheDir);
  compiled.run();
  assert.deepEqual(ran(), { dirname: path.dirname(copy), beside: 'found', sum: 45 });
  return compiled;
}

describe('code cache', () => {
  it('is written after the first start and used by the next', () =>
    withFixture((f) => {
      const first = runs(f.bundle, f.cacheDir);
      assert.equal(first.state, 'absent');
      assert.equal(first.save(), true);
      assert.ok(fs.existsSync(f.cacheFile));
      assert.equal(first.save(), false, 'written once');
      const second = runs(f.bundle, f.cacheDir);
      assert.equal(second.state, 'used');
      const written = fs.statSync(f.cacheFile).mtimeMs;
      assert.equal(second.save(), false, 'a cache used is not written again');
      assert.equal(fs.statSync(f.cacheFile).mtimeMs, written);
    }));

  it('is keyed by the bundle: an edited bundle starts without it, and replaces the old one', () =>
    withFixture((f) => {
      runs(f.bundle, f.cacheDir).save();
      fs.appendFileSync(f.bundle, '// edited\n');
      const edited = runs(f.bundle, f.cacheDir);
      assert.equal(edited.state, 'absent');
      assert.equal(edited.save(), true);
      assert.deepEqual(fs.readdirSync(f.cacheDir), [cacheFileName(fs.readFileSync(f.bundle, 'utf8'))]);
    }));

  it('is not given to V8 when its checksum fails, and is written again', () =>
    withFixture((f) => {
      runs(f.bundle, f.cacheDir).save();
      const bytes = fs.readFileSync(f.cacheFile);
      bytes[bytes.length >> 1] ^= 0xff;
      fs.writeFileSync(f.cacheFile, bytes);
      const damaged = runs(f.bundle, f.cacheDir);
      assert.equal(damaged.state, 'corrupt');
      assert.equal(damaged.save(), true);
      assert.equal(runs(f.bundle, f.cacheDir).state, 'used');
      fs.writeFileSync(f.cacheFile, bytes.subarray(0, 10));
      assert.equal(runs(f.bundle, f.cacheDir).state, 'corrupt', 'a truncated file');
    }));

  it('is rejected when V8 refuses it (made by another V8 or flags), and written again', () =>
    withFixture((f) => {
      runs(f.bundle, f.cacheDir).save();
      const bytes = fs.readFileSync(f.cacheFile);
      // V8's header after the checksum: a magic number, then the hash of its version: a different version.
      const data = Buffer.from(bytes.subarray(32));
      data[4] ^= 0xff;
      fs.writeFileSync(f.cacheFile, Buffer.concat([createHash('sha256').update(data).digest(), data]));
      const refused = runs(f.bundle, f.cacheDir);
      assert.equal(refused.state, 'rejected');
      assert.equal(refused.save(), true);
      assert.equal(runs(f.bundle, f.cacheDir).state, 'used');
    }));

  it('starts without a cache when its folder cannot be written or is not given', () =>
    withFixture((f) => {
      const notAFolder = path.join(f.dir, 'beside.js', 'cache');
      const compiled = runs(f.bundle, notAFolder);
      assert.equal(compiled.state, 'absent');
      assert.equal(compiled.save(), false);
      const off = runs(f.bundle, undefined);
      assert.equal(off.state, 'off');
      assert.equal(off.save(), false);
    }));
  it('runs a bundle that is not ASCII with its text decoded as UTF-8, named by the same hash as its text', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-code-cache-utf8-'));
    try {
      const bundle = path.join(dir, 'bundle.js');
      const source = 'globalThis.__topoCodeCacheRun = "µs, 910C";\n';
      fs.writeFileSync(bundle, source);
      compileBundle(bundle, path.join(dir, 'cache')).run();
      assert.equal(ran(), 'µs, 910C');
      assert.equal(cacheFileName(fs.readFileSync(bundle)), cacheFileName(source));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
