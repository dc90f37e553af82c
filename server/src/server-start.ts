// The server's entry (dist/server.js): compiles the bundle (dist/server-bundle.js) with V8's code cache and runs it.
// V8 accepts a cache made under the same flags only: the server's V8 flags are set before compiling.
import './v8-flags';
import * as path from 'node:path';
import { compileBundle } from './code-cache';

/** `--code-cache-dir=FOLDER` (the VS Code client passes its storage folder); else a folder beside the bundle. */
const CACHE_DIR_ARG = '--code-cache-dir=';
/** The cache is written once the first analyses have compiled what they use (or at exit, when sooner). */
const SAVE_AFTER_MS = 5000;

const cacheDir =
  process.argv.find((a) => a.startsWith(CACHE_DIR_ARG))?.slice(CACHE_DIR_ARG.length) ||
  path.join(__dirname, 'code-cache');
const bundle = compileBundle(path.join(__dirname, 'server-bundle.js'), cacheDir);
setTimeout(() => bundle.save(), SAVE_AFTER_MS).unref();
process.once('exit', () => bundle.save());
bundle.run();
