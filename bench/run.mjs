// npm run bench: bundles bench/bench.ts with esbuild and runs it. Arguments pass through:
//   --runs N  --lines N  --only TEXT  --json  --cpu-prof (profiles the server processes into out/bench/profiles)
// Exit code 1 when a measurement fails, or with --strict when a median is over its budget.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'out', 'bench', 'bench.js');
await build({
  entryPoints: [join(root, 'bench', 'bench.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const code = await require(outfile).main(process.argv.slice(2));
process.exit(code);
