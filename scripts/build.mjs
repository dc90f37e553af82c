// Bundles the extension client, the language server, the CLI and the test files with esbuild.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: true, logLevel: 'warning' };

function testEntries(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testEntries(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

await Promise.all([
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  build({ ...common, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli.ts' }, outdir: 'dist' }),
  build({ ...common, entryPoints: testEntries('test').filter((p) => !p.startsWith(join('test', 'vscode'))), outdir: 'out', outbase: '.', external: ['vscode'] }),
]);
if (watch) console.log('watch mode is not supported; rerun npm run build');
