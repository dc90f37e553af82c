// `npm start`'s plumbing: dist/ is rebuilt only when a source is newer, and user settings keep what was chosen.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../helpers/repo';

const lib = pathToFileURL(path.join(repoRoot, 'scripts/real-editor/lib.mjs')).href;
/** Runs an expression on lib.mjs (an ES module that finds the project from its own URL) in a fresh node. */
const evaluate = (expression: string) => {
  const script = `import * as lib from '${lib}';\nconsole.log(JSON.stringify(${expression}));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

describe('npm start plumbing', () => {
  it('calls dist/ current only when both bundles are newer than every source', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-current-'));
    const touch = (file: string, seconds: number) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
      fs.utimesSync(path.join(root, file), seconds, seconds);
    };
    const current = () => evaluate(`lib.distIsCurrent(${JSON.stringify(root)})`) as boolean;
    try {
      touch('server/src/semantics/units.ts', 1000);
      touch('package.json', 1000);
      assert.equal(current(), false, 'no bundles yet');
      touch('dist/client.js', 2000);
      touch('dist/server.js', 2000);
      assert.equal(current(), true);
      touch('server/src/semantics/units.ts', 3000);
      assert.equal(current(), false, 'a source edited after the build');
      touch('dist/client.js', 4000);
      assert.equal(current(), false, 'one bundle still older');
      touch('dist/server.js', 4000);
      touch('catalog/catalog.topo', 5000);
      assert.equal(current(), false, 'the catalog is a source too');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('writes the quiet workbench settings, no git prompt among them, and keeps a value the user chose', () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-settings-'));
    try {
      fs.mkdirSync(path.join(userData, 'User'));
      fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({ 'editor.hover.delay': 1000 }));
      evaluate(`(lib.writeWorkbenchSettings(${JSON.stringify(userData)}), true)`);
      const settings = JSON.parse(fs.readFileSync(path.join(userData, 'User/settings.json'), 'utf8'));
      assert.equal(settings['editor.hover.delay'], 1000);
      assert.equal(settings['git.openRepositoryInParentFolders'], 'never');
      assert.equal(settings['workbench.startupEditor'], 'none');
    } finally {
      fs.rmSync(userData, { recursive: true, force: true });
    }
  });

  it('serves code-server with a password and on 127.0.0.1 only', () => {
    const start = fs.readFileSync(path.join(repoRoot, 'scripts/real-editor/start.mjs'), 'utf8');
    assert.match(start, /startCodeServer\(\{[^}]*\bpassword\b/);
    assert.match(start, /password: \$\{password\}/, 'the password is printed with the address');
    const libText = fs.readFileSync(path.join(repoRoot, 'scripts/real-editor/lib.mjs'), 'utf8');
    assert.match(libText, /'--auth', password \? 'password' : 'none'/);
    assert.match(libText, /'--bind-addr', `127\.0\.0\.1:\$\{port\}`/);
  });
});
