// The VSIX's size budgets, and the compressed size of each of its entries (read with zipinfo).
import { spawnSync } from 'node:child_process';

export const MAX_KIB = 400;
export const PICTURES_MAX_KIB = 1024;
export const PICTURES_ENTRY = 'extension/dist/pictures.js';

/** Compressed size in KiB of each entry of a VSIX (a zip), from `zipinfo -l`. */
export function entryKib(vsix) {
  const sizes = {};
  for (const line of spawnSync('zipinfo', ['-l', vsix], { encoding: 'utf8' }).stdout.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 10 && /^\d+$/.test(f[5])) sizes[f[f.length - 1]] = Number(f[5]) / 1024;
  }
  return sizes;
}
