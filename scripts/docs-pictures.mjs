// npm run docs:pictures: regenerates the SVGs under docs/images/ from the samples with `topo draw`, `sweep` and `compare`,
// and the PNG copies the README shows (the Marketplace refuses SVG images in a README) with rsvg-convert.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pictures = [
  ['cloudmatrix384-r1-decode.svg', 'draw', 'samples/deepseek-r1.topo', '--workload', 'R1_decode_CM384'],
  ['h100-roce-r1-decode.svg', 'draw', 'samples/deepseek-r1.topo', '--workload', 'R1_decode_H100_RoCE'],
  ['gb200-nvl72.svg', 'draw', 'samples/gb200-nvl72.topo', '--system', 'GB200_NVL72'],
  [
    'r1-decode-cm384-step.svg',
    'draw',
    'samples/deepseek-r1.topo',
    '--workload',
    'R1_decode_CM384',
    '--picture',
    'step',
  ],
  [
    'r1-decode-cm384-memory.svg',
    'draw',
    'samples/deepseek-r1.topo',
    '--workload',
    'R1_decode_CM384',
    '--picture',
    'memory',
  ],
  [
    'sweep-r1-decode-cm384.svg',
    'sweep',
    'samples/deepseek-r1.topo',
    '--workload',
    'R1_decode_CM384',
    '--format',
    'svg',
  ],
  ['compare-r1-decode.svg', 'compare', 'samples/compare.topo', '--name', 'R1_decode_50ms', '--format', 'svg'],
];
/** Pictures the README shows, as PNG (white background; currentColor falls back to black). */
const png = ['compare-r1-decode.svg'];
mkdirSync(join(root, 'docs', 'images'), { recursive: true });
let failed = 0;
for (const [name, ...args] of pictures) {
  const out = join('docs', 'images', name);
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`${out}: ${r.stderr}`);
    continue;
  }
  writeFileSync(join(root, out), r.stdout);
  console.log(`wrote ${out}`);
  if (!png.includes(name)) continue;
  const raster = out.replace(/\.svg$/, '.png');
  const c = spawnSync('rsvg-convert', ['-b', 'white', '-z', '1.5', out, '-o', raster], { cwd: root, encoding: 'utf8' });
  if (c.status !== 0) {
    failed++;
    process.stderr.write(`${raster}: rsvg-convert (librsvg) is needed: ${c.error?.message ?? c.stderr}\n`);
  } else console.log(`wrote ${raster}`);
}
process.exit(failed ? 1 : 0);
