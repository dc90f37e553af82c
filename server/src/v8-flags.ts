// The server's V8 flags (young generation, tier-up), set before the bundle is compiled: imported first by the entry.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

/*
 * Node's built-in modules come with a code cache that V8 accepts only under the flags it was made with: once a flag
 * is set, every built-in loaded after it is compiled from its source (about 10 ms of a start here). So the built-ins
 * the server loads (found with `process.moduleLoadList`) are loaded here, before the flag is set. With their cache
 * they load in about 1.5 ms; one missing from this list is only compiled, not broken.
 */
const builtins = [
  'child_process',
  'crypto',
  'diagnostics_channel',
  'fs/promises',
  'net',
  'os',
  'perf_hooks',
  'readline',
  'stream',
  'stream/promises',
  'string_decoder',
  'vm',
];
const load = createRequire(__filename);
for (const name of builtins) load(`node:${name}`);

/*
 * Young generation. V8 doubles it, up to two 16 MB semi-spaces, each time much of it survives a scavenge. What a
 * language server keeps (trees, analyses, caches) is long-lived: it survives and is promoted whatever the nursery's
 * size, and the grown nursery only adds resident memory (about 22 MB of the server's peak on the 10,000-line bench
 * file). The flag is read each time the space would grow, so setting it here takes effect.
 *
 * Tier-up. A start runs much of its code a few times only (the first analysis, in code V8 has never run), and the
 * optimizing compiler's work on it measured as a loss: with the budget V8 spends before optimizing a function at
 * 200,000 (its default: 67,584), 16 interleaved starts on the 10,000-line bench file (2 cores) took 259 ms median
 * against 278 ms (100,000: 273 ms; 135,000: 263 ms; 270,000: 260 ms; 20,000 and 40,000 were slower than the
 * default). `npm run bench`'s other server rows measured the same or better (docs/editing.md, "Start and memory").
 */
setFlagsFromString('--semi-space-growth-factor=1 --interrupt-budget=200000');
