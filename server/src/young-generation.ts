// Keeps V8's young generation at its size when the server starts: imported first by server-start.ts.
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
 * V8 doubles the young generation, up to two 16 MB semi-spaces, each time much of it survives a scavenge. What a
 * language server keeps (trees, analyses, caches) is long-lived: it survives and is promoted whatever the nursery's
 * size, and the grown nursery only adds resident memory (about 22 MB of the server's peak on the 10,000-line bench
 * file). The flag is read each time the space would grow, so setting it here takes effect.
 */
setFlagsFromString('--semi-space-growth-factor=1');
