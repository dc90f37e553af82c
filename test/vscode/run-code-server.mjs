// Runs the extension-host suite (test/vscode/suite) inside code-server's real extension host:
// the built extension and a test-host extension go into a fresh extensions dir, headless
// Chromium opens the workbench so the extension host starts, the test host runs mocha and
// writes results.json, and this script prints them and exits non-zero on any failure.
//
//   npm run test:code-server            (TOPO_SKIP_BUILD=1 reuses dist/, TOPO_VSCODE_GREP=... filters,
//                                        TOPO_KEEP_TMP=1 keeps the temp folder and logs,
//                                        TOPO_VSIX=topo-0.1.0.vsix installs that package instead of dist/)
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildExtension,
  buildVscodeSuite,
  copySamples,
  ensureSetup,
  exthostLogs,
  installVsix,
  launchChromium,
  log,
  openWorkbench,
  sleep,
  stageExtension,
  stageTestHost,
  startCodeServer,
  stopAllAndWait,
  stopOnExit,
  tail,
  tempDir,
} from '../../scripts/real-editor/lib.mjs';

const TIMEOUT_MS = Number(process.env.TOPO_VSCODE_TIMEOUT_MS || 300_000);
const tag = 'test:code-server';
const t0 = Date.now();
stopOnExit();

ensureSetup();
buildExtension();
const suitePath = await buildVscodeSuite();

const tmp = tempDir('vscode');
const workspace = copySamples(tmp);
const extensionsDir = join(tmp, 'extensions');
const userDataDir = join(tmp, 'user-data');
const resultsPath = join(tmp, 'results.json');
if (process.env.TOPO_VSIX) log(tag, installVsix(process.env.TOPO_VSIX, extensionsDir, userDataDir));
else stageExtension(extensionsDir);
stageTestHost(extensionsDir, { suitePath, resultsPath });

let browser;
let exitCode = 1;
try {
  const server = await startCodeServer({
    folder: workspace,
    extensionsDir,
    userDataDir,
    logFile: join(tmp, 'code-server.log'),
    env: process.env.TOPO_VSCODE_GREP ? { TOPO_VSCODE_GREP: process.env.TOPO_VSCODE_GREP } : {},
  });
  log(tag, `code-server ${server.url} (pid ${server.child.pid}), workspace ${workspace}`);
  browser = await launchChromium();
  const page = await openWorkbench(browser, server.url, { folder: workspace });
  const consoleLog = [];
  page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLog.push(`[pageerror] ${e.message}`));
  log(
    tag,
    `workbench up after ${((Date.now() - t0) / 1000).toFixed(1)}s; waiting for the suite (timeout ${TIMEOUT_MS / 1000}s)`,
  );

  const deadline = Date.now() + TIMEOUT_MS;
  const startDeadline = Date.now() + 90_000;
  while (!existsSync(resultsPath)) {
    if (server.child.exitCode !== null) throw new Error(`code-server exited with ${server.child.exitCode}`);
    if (!existsSync(`${resultsPath}.started`) && Date.now() > startDeadline)
      throw new Error('the test-host extension never activated');
    if (Date.now() > deadline) throw new Error(`no results after ${TIMEOUT_MS / 1000}s`);
    await sleep(500);
  }
  const results = JSON.parse(readFileSync(resultsPath, 'utf8'));
  writeFileSync(join(tmp, 'console.log'), consoleLog.join('\n'));
  if (results.error) console.log(`suite error:\n${results.error}`);
  console.log(`\nextension-host suite in VS Code ${results.vscodeVersion} (${results.uiKind}, code-server)`);
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✖';
    console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error)
      console.log(
        t.error
          .split('\n')
          .slice(0, 12)
          .map((l) => `      ${l}`)
          .join('\n'),
      );
  }
  const passed = results.tests.filter((t) => t.state === 'passed').length;
  const failed = results.tests.filter((t) => t.state === 'failed').length + (results.error ? 1 : 0);
  const skipped = results.tests.filter((t) => t.state === 'pending').length;
  console.log(`\ntest:code-server: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  exitCode = failed === 0 && passed > 0 ? 0 : 1;
} catch (err) {
  console.error(`[${tag}] ${err.stack || err}`);
  console.error(`--- code-server log (tail) ---\n${tail(join(tmp, 'code-server.log'))}`);
  for (const f of exthostLogs(userDataDir)) console.error(`--- ${f} (tail) ---\n${tail(f)}`);
  console.log('0 passed, 1 failed');
} finally {
  await browser?.close().catch(() => {});
  await stopAllAndWait();
  if (process.env.TOPO_KEEP_TMP === '1') log(tag, `kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = exitCode;
