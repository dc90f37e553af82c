// Compiles the server's bundle with V8's code cache: one checked cache file per bundle and Node version.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * What became of the cache at start: `used` (V8 accepted it), `absent` (none yet), `rejected` (V8 refused it: other
 * V8 flags or version), `corrupt` (its checksum failed: not given to V8), `off` (no cache folder).
 */
export type CacheState = 'used' | 'absent' | 'rejected' | 'corrupt' | 'off';

export interface CompiledBundle {
  readonly state: CacheState;
  /** Runs the bundle as a CommonJS module (its own `require`, `module`, `__dirname`). */
  run(): void;
  /**
   * Writes the cache of what was compiled so far, unless the one read was used; once, never throwing (a folder that
   * cannot be written only means no cache). True when written.
   */
  save(): boolean;
}

const CHECKSUM_BYTES = 32;
const CACHE_PREFIX = 'server-';
const CACHE_SUFFIX = '.cache';
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest();

/** The cache file's name: a hash of the bundle's text (its bytes), Node's version and the architecture. */
export function cacheFileName(source: string | Buffer): string {
  const key = createHash('sha256').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex');
  return `${CACHE_PREFIX}${key.slice(0, 24)}${CACHE_SUFFIX}`;
}

/** The cached data behind its checksum; `corrupt` when the checksum does not match, undefined when unreadable. */
function readChecked(file: string): Buffer | 'corrupt' | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const data = bytes.subarray(CHECKSUM_BYTES);
  return bytes.length > CHECKSUM_BYTES && sha256(data).equals(bytes.subarray(0, CHECKSUM_BYTES)) ? data : 'corrupt';
}

/** Writes through a file of its own then renames (servers started together never read half a file). */
function writeChecked(file: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, Buffer.concat([sha256(data), data]));
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  // The caches of earlier bundles or Node versions are not read again.
  for (const name of fs.readdirSync(path.dirname(file))) {
    if (name.startsWith(CACHE_PREFIX) && name.endsWith(CACHE_SUFFIX) && name !== path.basename(file))
      fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

/** Compiles `bundle` (a CommonJS file) with the cache found in `cacheDir` for it, when there is a usable one. */
export function compileBundle(bundle: string, cacheDir: string | undefined): CompiledBundle {
  // Hashed as read: hashing the decoded text would encode its 1.1 MB again. esbuild writes ASCII (its default
  // charset), which decodes as Latin-1 without UTF-8's checks.
  const bytes = fs.readFileSync(bundle);
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const cacheFile = cacheDir === undefined ? undefined : path.join(cacheDir, cacheFileName(bytes));
  const cached = cacheFile === undefined ? undefined : readChecked(cacheFile);
  // Node's own wrapper of a CommonJS module.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const cachedData = cached instanceof Buffer ? cached : undefined;
  const script = new vm.Script(wrapped, { filename: bundle, cachedData });
  const state: CacheState =
    cacheFile === undefined
      ? 'off'
      : cached === undefined
        ? 'absent'
        : cached === 'corrupt'
          ? 'corrupt'
          : script.cachedDataRejected
            ? 'rejected'
            : 'used';
  let saved = false;
  return {
    state,
    run() {
      const module = { exports: {} };
      const main = script.runInThisContext() as (...args: unknown[]) => void;
      main.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
    },
    save() {
      if (saved || state === 'used' || cacheFile === undefined) return false;
      saved = true;
      try {
        writeChecked(cacheFile, script.createCachedData());
        return true;
      } catch {
        return false;
      }
    },
  };
}
