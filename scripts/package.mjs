// Builds the extension and packs it into topo-VERSION.vsix with @vscode/vsce.
// Dependencies are bundled by esbuild, so the VSIX is made with --no-dependencies;
// .vscodeignore lists what goes in.
//
//   npm run package            then: code --install-extension topo-0.1.0.vsix
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, buildExtension, manifest } from './real-editor/lib.mjs';

for (const f of ['LICENSE', 'README.md', '.vscodeignore']) {
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing; vsce needs it`);
}
buildExtension();
const { name, version } = manifest();
const out = join(ROOT, `${name}-${version}.vsix`);
const args = ['package', '--no-dependencies', '--out', out];
if (!manifest().repository) args.push('--allow-missing-repository');
const vsce = spawnSync(join(ROOT, 'node_modules/.bin/vsce'), args, { cwd: ROOT, stdio: 'inherit' });
if (vsce.status !== 0) process.exit(vsce.status ?? 1);
const ls = spawnSync(join(ROOT, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
console.log(`${out} (${(statSync(out).size / 1024).toFixed(0)} KiB) holds:\n${ls.stdout.trim().split('\n').map((l) => `  ${l}`).join('\n')}`);
