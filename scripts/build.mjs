// Bundles the extension client, the language server, the CLI and the test files with esbuild.
//
//   node scripts/build.mjs               dist/ (the CLI too) with source maps, and out/test (development)
//   node scripts/build.mjs --production  only dist/client.js and the server (dist/server*.js), minified, no maps
//   node scripts/build.mjs --cli         cli/dist/topo.js minified (the npm package topo-lang-cli)
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const cliOnly = process.argv.includes('--cli');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  logLevel: 'warning',
  absWorkingDir: root,
  sourcemap: !(production || cliOnly),
  minify: production || cliOnly,
  // The CLI embeds the catalog's text, and knows its version.
  loader: { '.topo': 'text' },
  define: { TOPO_VERSION: JSON.stringify(version) },
};

function testEntries(dir) {
  const out = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...testEntries(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/**
 * The panel's renderer (elkjs and ECharts, most of the bundle's size) is its own file, pictures.js beside the bundle
 * that loads it on first use: the server and the CLI start without parsing it. The test bundles include it directly.
 */
const picturesApart = {
  name: 'pictures-apart',
  setup(b) {
    b.onResolve({ filter: /(^|\/)views\/pictures$/ }, () => ({ path: './pictures.js', external: true }));
  },
};
const pictures = (outfile) => build({ ...common, entryPoints: ['server/src/views/pictures.ts'], outfile });
const cli = (outfile) =>
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile, plugins: [picturesApart] });
const client = () =>
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] });
/**
 * dist/server.js is the entry: it compiles dist/server-bundle.js with V8's code cache (`server-start.ts`). The bundle
 * loads pictures.js with `require`: a script compiled by `vm` has no `import()` (Node 20).
 */
const server = () =>
  build({
    ...common,
    entryPoints: { server: 'server/src/server-start.ts', 'server-bundle': 'server/src/server.ts' },
    outdir: 'dist',
    plugins: [picturesApart],
    supported: { 'dynamic-import': false },
  });

if (cliOnly) {
  await Promise.all([cli('cli/dist/topo.js'), pictures('cli/dist/pictures.js')]);
} else if (production) {
  // What the VSIX carries (.vscodeignore); maps of an earlier development build would no longer match.
  for (const map of ['client.js.map', 'server.js.map', 'server-bundle.js.map', 'pictures.js.map'])
    rmSync(join(root, 'dist', map), { force: true });
  await Promise.all([client(), server(), pictures('dist/pictures.js')]);
} else {
  await Promise.all([
    client(),
    server(),
    pictures('dist/pictures.js'),
    cli('dist/cli.js'),
    build({
      ...common,
      entryPoints: testEntries('test').filter((p) => !p.startsWith(join('test', 'vscode'))),
      outdir: 'out',
      outbase: '.',
      external: ['vscode'],
    }),
  ]);
}
