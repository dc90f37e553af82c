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

/**
 * The panel's renderer (elkjs and ECharts, most of the bundle's size) is its own file, dist/pictures.js, which the
 * server and the CLI load on first use: they start without parsing it. The test bundles include it directly.
 */
const picturesApart = {
  name: 'pictures-apart',
  setup(b) {
    b.onResolve({ filter: /(^|\/)views\/pictures$/ }, () => ({ path: './pictures.js', external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  build({ ...common, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli.ts' }, outdir: 'dist', plugins: [picturesApart] }),
  build({ ...common, entryPoints: { pictures: 'server/src/views/pictures.ts' }, outdir: 'dist' }),
  build({ ...common, entryPoints: testEntries('test').filter((p) => !p.startsWith(join('test', 'vscode'))), outdir: 'out', outbase: '.', external: ['vscode'] }),
]);
if (watch) console.log('watch mode is not supported; rerun npm run build');
