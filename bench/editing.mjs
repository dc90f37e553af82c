// Runs the editing measurements alone (completion and formatting latency, 10,000 lines): node bench/editing.mjs [--runs N] [--lines N].
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'out', 'bench', 'editing.js');
const entry = `
import { editingMeasurements } from './editing';
import { measurements, main } from './bench';
measurements.splice(0, measurements.length, ...editingMeasurements);
export { main };
`;
await build({ stdin: { contents: entry, resolveDir: join(root, 'bench'), loader: 'ts' }, outfile, bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: true, logLevel: 'warning' });
const require = createRequire(import.meta.url);
process.exit(await require(outfile).main(process.argv.slice(2)));
