// Packs the extension into topo-VERSION.vsix with @vscode/vsce, which first runs vscode:prepublish
// (minified client and server bundles). Dependencies are bundled by esbuild, so the VSIX is made with
// --no-dependencies; .vscodeignore lists what goes in. Fails on any vsce warning, over MAX_KIB for the
// extension itself, or over PICTURES_MAX_KIB for the panel's libraries (dist/pictures.js: elkjs and ECharts).
//
//   npm run package                       then: code --install-extension topo-0.1.0.vsix
//   node scripts/package.mjs --out FILE   another place for the VSIX
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, manifest } from './real-editor/lib.mjs';

import { entryKib, MAX_KIB, PICTURES_ENTRY, PICTURES_MAX_KIB } from './vsix-budget.mjs';

const outArg = process.argv.indexOf('--out');
const { name, version } = manifest();
const out = outArg >= 0 ? resolve(process.argv[outArg + 1]) : join(ROOT, `${name}-${version}.vsix`);
for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', '.vscodeignore', 'images/icon.png']) {
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing; the VSIX needs it`);
}
const vsce = (args) => spawnSync(join(ROOT, 'node_modules/.bin/vsce'), args, { cwd: ROOT, encoding: 'utf8' });
const pack = vsce(['package', '--no-dependencies', '--out', out]);
process.stdout.write(pack.stdout);
process.stderr.write(pack.stderr);
if (pack.status !== 0) process.exit(pack.status ?? 1);
const warnings = `${pack.stdout}\n${pack.stderr}`.split('\n').filter((l) => /\bWARNING\b/i.test(l));
if (warnings.length) {
  console.error(`vsce warned (fix the cause, do not suppress it):\n${warnings.join('\n')}`);
  process.exit(1);
}
const ls = vsce(['ls', '--no-dependencies']);
const total = statSync(out).size / 1024;
const pictures = entryKib(out)[PICTURES_ENTRY] ?? 0;
const kib = total - pictures;
console.log(
  `${out} (${total.toFixed(0)} KiB: the extension ${kib.toFixed(0)} KiB, the panel's libraries ` +
    `${pictures.toFixed(0)} KiB) holds:\n${ls.stdout
      .trim()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}`,
);
if (kib > MAX_KIB || pictures > PICTURES_MAX_KIB) {
  console.error(
    `the VSIX is over budget: the extension ${kib.toFixed(0)} KiB of ${MAX_KIB}, the panel's libraries ` +
      `${pictures.toFixed(0)} KiB of ${PICTURES_MAX_KIB}`,
  );
  process.exit(1);
}
