// `npm start`'s plumbing: dist/ is rebuilt only when a source is newer, user settings keep what was chosen, the scratch
// copy opens on the comparison sample with the panel, Restricted Mode is a switch.
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

  it('opens the scratch copy on compare.topo at its first comparison, with the panel setting on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-startws-'));
    try {
      const folder = evaluate(`lib.copySamples(${JSON.stringify(dir)})`) as string;
      const file = evaluate(`lib.prepareStartWorkspace(${JSON.stringify(folder)})`) as { path: string; line: number };
      const settings = JSON.parse(fs.readFileSync(path.join(folder, '.vscode/settings.json'), 'utf8'));
      assert.deepEqual(settings, { 'topo.panel.openOnStartup': true });
      assert.equal(file.path, path.join(folder, 'compare.topo'));
      assert.match(fs.readFileSync(file.path, 'utf8').split('\n')[file.line - 1], /^compare R1_decode_50ms \{/);
      const url = evaluate(
        `lib.workbenchUrl('http://127.0.0.1:8080/', ${JSON.stringify(folder)}, ${JSON.stringify(file)})`,
      );
      const query = new URL(url as string).searchParams;
      assert.equal(query.get('folder'), folder);
      assert.deepEqual(JSON.parse(query.get('payload')!), [
        ['openFile', `vscode-remote://127.0.0.1:8080${file.path}:${file.line}:1`],
        ['gotoLineMode', 'true'],
      ]);
      assert.equal(evaluate(`lib.workbenchUrl('http://127.0.0.1:8080/', '/w')`), 'http://127.0.0.1:8080/?folder=%2Fw');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const start = fs.readFileSync(path.join(repoRoot, 'scripts/real-editor/start.mjs'), 'utf8');
    assert.match(start, /prepareStartWorkspace\(folder\)/);
    assert.match(start, /workbenchUrl\(server\.url, folder, startFile\)/, 'the printed address opens the file');
  });

  it('turns workspace trust on for Restricted Mode, off otherwise', () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-trust-'));
    try {
      const read = () => JSON.parse(fs.readFileSync(path.join(userData, 'User/settings.json'), 'utf8'));
      evaluate(`(lib.writeWorkbenchSettings(${JSON.stringify(userData)}), true)`);
      assert.equal(read()['security.workspace.trust.enabled'], false);
      evaluate(`(lib.writeWorkbenchSettings(${JSON.stringify(userData)}, { restricted: true }), true)`);
      assert.equal(read()['security.workspace.trust.enabled'], true);
      assert.equal(read()['security.workspace.trust.startupPrompt'], 'never');
    } finally {
      fs.rmSync(userData, { recursive: true, force: true });
    }
  });

  it('serves code-server with the password given, on 127.0.0.1 only; npm start passes a random one and prints it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-auth-'));
    try {
      // A stand-in for code-server: records its arguments and PASSWORD, and answers /healthz on --bind-addr.
      const fake = path.join(dir, 'code-server.cjs');
      fs.writeFileSync(
        fake,
        `#!${process.execPath}
const args = process.argv.slice(2);
require('fs').writeFileSync(process.env.FAKE_OUT, JSON.stringify({ args, password: process.env.PASSWORD }));
const [host, port] = args[args.indexOf('--bind-addr') + 1].split(':');
require('http').createServer((q, r) => r.end('ok')).listen(+port, host);
`,
        { mode: 0o755 },
      );
      const out = path.join(dir, 'out.json');
      const options = JSON.stringify({
        folder: dir,
        extensionsDir: path.join(dir, 'ext'),
        userDataDir: path.join(dir, 'user'),
        logFile: path.join(dir, 'log'),
        password: 's3cret',
      });
      const script = `import * as lib from '${lib}';\nawait lib.startCodeServer(${options});\nawait lib.stopAllAndWait();`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, TOPO_CODE_SERVER_BIN: fake, FAKE_OUT: out },
      });
      assert.equal(r.status, 0, r.stderr);
      const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as { args: string[]; password: string };
      assert.equal(seen.args[seen.args.indexOf('--auth') + 1], 'password');
      assert.equal(seen.password, 's3cret');
      assert.match(seen.args[seen.args.indexOf('--bind-addr') + 1], /^127\.0\.0\.1:\d+$/);
      assert.ok(seen.args.includes('--disable-workspace-trust'), 'trust is off unless Restricted Mode is asked for');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const start = fs.readFileSync(path.join(repoRoot, 'scripts/real-editor/start.mjs'), 'utf8');
    assert.match(start, /const password = randomBytes\(\d+\)/);
    assert.match(start, /startCodeServer\(\{[^}]*\bpassword\b/);
    assert.match(start, /password: \$\{password\}/, 'the password is printed with the address');
  });
});
