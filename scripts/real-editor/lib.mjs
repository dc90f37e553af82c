// Shared plumbing for the real-editor scripts: stage the extension, start code-server and
// headless Chromium, and stop only the processes started here.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** code-server; TOPO_CODE_SERVER_BIN names another executable (the unit tests use a stand-in). */
export const CODE_SERVER_BIN =
  process.env.TOPO_CODE_SERVER_BIN || join(ROOT, '.cache/code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Where the built extension is staged from: the project, or TOPO_EXTENSION_ROOT (another build of it). */
export const EXTENSION_ROOT = process.env.TOPO_EXTENSION_ROOT ? resolve(process.env.TOPO_EXTENSION_ROOT) : ROOT;
export const manifest = () => JSON.parse(readFileSync(join(EXTENSION_ROOT, 'package.json'), 'utf8'));
export const extensionId = () => `${manifest().publisher}.${manifest().name}`;

export function log(tag, ...args) {
  console.log(`[${tag}]`, ...args);
}

/** Runs a command in the project root, inheriting stdio; throws on failure. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

export function ensureSetup() {
  const check = spawnSync('bash', [join(ROOT, 'scripts/real-editor/setup.sh'), '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (check.status !== 0) run('bash', [join(ROOT, 'scripts/real-editor/setup.sh')]);
}

/** What the bundles in dist/ are built from: when none is newer than the bundles, dist/ is current. */
const BUILD_INPUTS = ['client/src', 'server/src', 'catalog', 'scripts/build.mjs', 'package.json', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

/** Whether dist/client.js and dist/server.js are newer than every source they are built from. */
export function distIsCurrent(root = EXTENSION_ROOT) {
  const bundles = ['dist/client.js', 'dist/server.js'].map((f) => join(root, f));
  if (!bundles.every((b) => existsSync(b))) return false;
  const built = Math.min(...bundles.map((b) => statSync(b).mtimeMs));
  return BUILD_INPUTS.every((input) => newestMtime(join(root, input)) <= built);
}

export function buildExtension({ skip = process.env.TOPO_SKIP_BUILD === '1' } = {}) {
  if (!skip) run('npm', ['run', '--silent', 'build']);
  for (const f of ['dist/client.js', 'dist/server.js']) {
    if (!existsSync(join(EXTENSION_ROOT, f))) throw new Error(`${f} is missing after npm run build`);
  }
}

/** Bundles the extension-host suite (test/vscode/suite) into out/vscode/suite with esbuild. */
export async function buildVscodeSuite() {
  const { build } = await import('esbuild');
  const dir = join(ROOT, 'test/vscode/suite');
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
  rmSync(join(ROOT, 'out/vscode'), { recursive: true, force: true });
  await build({
    entryPoints: entries,
    outdir: join(ROOT, 'out/vscode/suite'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(ROOT, 'out/vscode/suite/index.js');
}

/** Files of the extension that a VSIX would carry (see .vscodeignore); node_modules is bundled away. */
const EXTENSION_PARTS = [
  'package.json',
  'dist',
  'grammar',
  'catalog',
  'media',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'images',
  'walkthrough',
];

/** Copies the built extension into EXTENSIONS_DIR/publisher.name-version, as an installed extension. */
export function stageExtension(extensionsDir) {
  const m = manifest();
  const target = join(extensionsDir, `${m.publisher}.${m.name}-${m.version}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const part of EXTENSION_PARTS) {
    const src = join(EXTENSION_ROOT, part);
    if (existsSync(src))
      cpSync(src, join(target, part), {
        recursive: true,
        filter: (p) => !p.endsWith('.map') || process.env.TOPO_KEEP_MAPS === '1',
      });
  }
  return target;
}

/** Installs a packaged VSIX into EXTENSIONS_DIR with code-server's own --install-extension. */
export function installVsix(vsix, extensionsDir, userDataDir) {
  mkdirSync(extensionsDir, { recursive: true });
  const r = spawnSync(
    CODE_SERVER_BIN,
    [
      '--install-extension',
      resolve(vsix),
      '--force',
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'),
        XDG_DATA_HOME: join(userDataDir, 'xdg-data'),
      },
    },
  );
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/** Copies the test-host extension into EXTENSIONS_DIR with a config naming the suite and the results file. */
export function stageTestHost(extensionsDir, config) {
  const src = join(ROOT, 'test/vscode/host');
  const host = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${host.publisher}.${host.name}-${host.version}`);
  rmSync(target, { recursive: true, force: true });
  cpSync(src, target, { recursive: true });
  writeFileSync(join(target, 'host-config.json'), JSON.stringify(config, null, 2));
  registerExtension(extensionsDir, `${host.publisher}.${host.name}`, host.version, target);
  return target;
}

/**
 * Once --install-extension has written EXTENSIONS_DIR/extensions.json, VS Code loads only the
 * extensions listed there: list a folder copied in by hand as well.
 */
function registerExtension(extensionsDir, id, version, folder) {
  const index = join(extensionsDir, 'extensions.json');
  if (!existsSync(index)) return;
  const entries = JSON.parse(readFileSync(index, 'utf8')).filter((e) => e.identifier?.id !== id);
  entries.push({
    identifier: { id },
    version,
    location: { $mid: 1, fsPath: folder, external: `file://${folder}`, path: folder, scheme: 'file' },
    relativeLocation: folder.slice(extensionsDir.length + 1),
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  });
  writeFileSync(index, JSON.stringify(entries));
}

/** A copy of samples/ in a fresh temporary folder, so tests may edit files freely. */
export function copySamples(into) {
  const dest = join(into, 'samples');
  mkdirSync(dest, { recursive: true });
  const src = join(ROOT, 'samples');
  if (existsSync(src)) cpSync(src, dest, { recursive: true });
  return dest;
}

/** The sample `npm start` opens, with the Topo panel beside it on its first comparison. */
export const START_SAMPLE = 'compare.topo';

/**
 * Prepares FOLDER (a scratch copy of the samples) as `npm start` opens it: its workspace settings turn on
 * `topo.panel.openOnStartup`. Returns the file to open and the 1-based line of its first comparison (for the cursor).
 */
export function prepareStartWorkspace(folder) {
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(
    join(folder, '.vscode/settings.json'),
    `${JSON.stringify({ 'topo.panel.openOnStartup': true }, null, 2)}\n`,
  );
  const path = join(folder, START_SAMPLE);
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
  const line = lines.findIndex((l) => /^compare\s/.test(l)) + 1 || 1;
  return { path, line };
}

/**
 * The workbench address of a code-server at URL with FOLDER open and, when given, FILE opened with the cursor at LINE:
 * VS Code for the Web's `payload` (`openFile` with `gotoLineMode`), a vscode-remote URI on the same host and port.
 */
export function workbenchUrl(url, folder, file) {
  const query = [`folder=${encodeURIComponent(folder)}`];
  if (file) {
    const remote = `vscode-remote://${new URL(url).host}${encodeURI(file.path)}:${file.line}:1`;
    const payload = [
      ['openFile', remote],
      ['gotoLineMode', 'true'],
    ];
    query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  }
  return `${url}?${query.join('&')}`;
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `topo-${prefix}-`));
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

const started = new Set();

/** Kills every process (group) this module started; safe to call more than once. */
export function stopAll() {
  for (const child of started) killTree(child);
  started.clear();
}

/** Like stopAll, and waits (up to timeoutMs) until they have exited. */
export async function stopAllAndWait(timeoutMs = 8000) {
  const children = [...started];
  stopAll();
  const deadline = Date.now() + timeoutMs;
  while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await sleep(100);
}

function killTree(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    try {
      child.kill('SIGTERM');
    } catch {
      /* gone */
    }
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 3000);
  timer.unref();
}

/** Stops started processes when this process is interrupted or exits. */
export function stopOnExit() {
  const onSignal = (sig) => {
    stopAll();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', stopAll);
}

/** The workbench settings of every run: quiet and predictable, no welcome page, no update, telemetry or git prompts. */
const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'git.ignoreMissingGitWarning': true,
  'editor.codeLens': true,
  'editor.wordBasedSuggestions': 'off',
  'editor.lightbulb.enabled': 'on',
  'editor.hover.delay': 300,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Restricted Mode: workspace trust on, the folder opened untrusted without asking (the trust prompt never shows), as
 * a person who chose "Don't Trust" sees it.
 */
const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.banner': 'always',
};

/** Writes WORKBENCH_SETTINGS into the user settings, keeping any value already chosen there. */
export function writeWorkbenchSettings(userDataDir, { restricted = false } = {}) {
  const settingsDir = join(userDataDir, 'User');
  mkdirSync(settingsDir, { recursive: true });
  const settingsFile = join(settingsDir, 'settings.json');
  let current = {};
  try {
    current = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    /* none yet, or edited into JSON with comments: start from the defaults */
  }
  const settings = { ...WORKBENCH_SETTINGS, ...current, ...(restricted ? RESTRICTED_SETTINGS : {}) };
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server on 127.0.0.1 (free port unless given) in its own process group, with password
 * authentication when a password is given (else none: the test runs drive it from this machine).
 * `restricted` turns workspace trust on and opens the folder untrusted (Restricted Mode).
 * Resolves when it listens, with its url, the child and the log file path.
 */
export async function startCodeServer({
  folder,
  extensionsDir,
  userDataDir,
  port,
  logFile,
  password,
  restricted = false,
  env = {},
  timeoutMs = 60_000,
}) {
  if (!existsSync(CODE_SERVER_BIN))
    throw new Error(`code-server is not installed; run: bash scripts/real-editor/setup.sh`);
  port ??= await freePort();
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeWorkbenchSettings(userDataDir, { restricted });
  const args = [
    '--auth',
    password ? 'password' : 'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(restricted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    folder,
  ];
  const out = createWriteStream(logFile, { flags: 'a' });
  // XDG_CONFIG_HOME keeps code-server from writing ~/.config/code-server/config.yaml.
  const child = spawn(CODE_SERVER_BIN, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'),
      XDG_DATA_HOME: join(userDataDir, 'xdg-data'),
      ...(password ? { PASSWORD: password, HASHED_PASSWORD: '' } : {}),
      ...env,
    },
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) return { url, port, child, logFile };
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  killTree(child);
  throw new Error(`code-server did not listen on ${url} within ${timeoutMs} ms; see ${logFile}`);
}

/** Launches Debian's Chromium headless through playwright-core. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Opens the workbench at URL (FOLDER open, FILE too when given) and waits until it shows; returns the page. */
export async function openWorkbench(
  browser,
  url,
  { folder, file, viewport = { width: 1400, height: 900 }, timeoutMs = 90_000 } = {},
) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const target = folder ? workbenchUrl(url, folder, file) : url;
  await page.goto(target, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  return page;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

/** Finds extension-host log files under a user-data-dir, newest last. */
export function exthostLogs(userDataDir) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost|remoteexthost|Topo/i.test(e.name) && e.name.endsWith('.log')) found.push(p);
    }
  };
  walk(join(userDataDir, 'logs'));
  return found.sort();
}
