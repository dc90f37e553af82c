// Keeps V8's young generation at its size when the server starts: imported first by server.ts.
import { setFlagsFromString } from 'node:v8';

/*
 * V8 doubles the young generation, up to two 16 MB semi-spaces, each time much of it survives a scavenge. What a
 * language server keeps (trees, analyses, caches) is long-lived: it survives and is promoted whatever the nursery's
 * size, and the grown nursery only adds resident memory (about 22 MB of the server's peak on the 10,000-line bench
 * file). The flag is read each time the space would grow, so setting it here takes effect.
 */
setFlagsFromString('--semi-space-growth-factor=1');
