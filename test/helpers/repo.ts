// Paths of the repository, found from wherever the bundled test runs (out/test/...) or from the sources.
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, 'catalog', 'catalog.topo'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const repoRoot = findRoot();
export const catalogPath = path.join(repoRoot, 'catalog', 'catalog.topo');
export const samplesDir = path.join(repoRoot, 'samples');
export const serverPath = path.join(repoRoot, 'dist', 'server.js');

/** Every sample and catalog file, relative to the repository root, sorted. */
export function sourceFiles(): string[] {
  const list = (dir: string) =>
    fs
      .readdirSync(path.join(repoRoot, dir))
      .filter((f) => f.endsWith('.topo'))
      .sort()
      .map((f) => `${dir}/${f}`);
  return [...list('samples'), ...list('catalog')];
}

export function readRepoFile(relative: string): string {
  return fs.readFileSync(path.join(repoRoot, relative), 'utf8');
}
