// The npm package topo-lang-cli: `npm pack` of cli/ holds the bundle, README and LICENSE, and its bin runs anywhere.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../../helpers/repo';

const cliDir = path.join(repoRoot, 'cli');
const manifest = JSON.parse(fs.readFileSync(path.join(cliDir, 'package.json'), 'utf8'));
const root = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

describe('the topo-lang-cli package', () => {
  it("has the version of the project, a bin, files and the project's addresses", () => {
    assert.equal(manifest.name, 'topo-lang-cli');
    assert.equal(manifest.version, root.version);
    assert.deepEqual(manifest.bin, { topo: 'dist/topo.js' });
    assert.ok(manifest.files.includes('dist/topo.js'));
    assert.equal(manifest.repository.url, `${root.repository.url}`);
    assert.equal(manifest.private, undefined, 'publishable');
  });

  it('packs only the bundle, README, LICENSE and manifest; the unpacked bin checks a file from another folder', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-cli-pack-'));
    try {
      const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: cliDir, encoding: 'utf8' });
      assert.equal(pack.status, 0, pack.stderr);
      type Packed = { filename: string; files: { path: string }[] };
      const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Packed[];
      assert.deepEqual(info.files.map((f) => f.path).sort(), [
        'LICENSE',
        'README.md',
        'dist/pictures.js',
        'dist/topo.js',
        'package.json',
      ]);
      const unpack = spawnSync('tar', ['xzf', path.join(out, info.filename), '-C', out]);
      assert.equal(unpack.status, 0);
      const bin = path.join(out, 'package', manifest.bin.topo);
      assert.match(fs.readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
      const work = path.join(out, 'work');
      fs.mkdirSync(work);
      const system = (gpu: string) => `system S {\n  server x 2 {\n    gpu ${gpu} x 8\n    fabric NVLink4\n  }\n}\n`;
      fs.writeFileSync(path.join(work, 'a.topo'), system('H100'));
      const node = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8' });
      assert.equal(node(['--version']).stdout, `${root.version}\n`);
      const check = node(['check', '.', '--format', 'json']);
      assert.equal(check.status, 0, check.stderr);
      assert.deepEqual(JSON.parse(check.stdout), [], 'H100 and NVLink4 resolve from the embedded catalog');
      const draw = node(['draw', 'a.topo']);
      assert.equal(draw.status, 0, draw.stderr);
      assert.match(draw.stdout, /^<svg /, "draw loads the panel's renderer packed beside the bin");
      fs.writeFileSync(path.join(work, 'a.topo'), system('H1000'));
      assert.match(node(['check', 'a.topo']).stdout, /^a\.topo:3:9: error TOPO200: .*H1000/m, 'a typo fails');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
