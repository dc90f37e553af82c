// `npm start`: serves a real VS Code (code-server) on 127.0.0.1 with the extension installed and a scratch
// copy of samples/ open, compare.topo in it with the Topo panel beside it (the address opens the file at its first
// comparison; the copy's workspace settings turn on topo.panel.openOnStartup), behind a random password printed
// with the address. Builds only when dist/ is older than its sources. Ctrl-C stops it and removes the scratch copy.
//
//   npm start                      PORT=8080 by default (a free port if taken)
//   npm start -- --folder DIR      open DIR itself instead of a copy of the samples
//   TOPO_SKIP_BUILD=1 npm start    reuse dist/ even when it is older than the sources
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ROOT,
  buildExtension,
  copySamples,
  distIsCurrent,
  ensureSetup,
  freePort,
  log,
  manifest,
  prepareStartWorkspace,
  stageExtension,
  startCodeServer,
  stopAll,
  tempDir,
  workbenchUrl,
} from './lib.mjs';

const argv = process.argv.slice(2);
const folderArg = argv.indexOf('--folder');
// Edits in the editor go to a scratch copy, never to the repository's samples.
const scratch = folderArg >= 0 ? undefined : tempDir('start');
const folder = scratch ? copySamples(scratch) : resolve(argv[folderArg + 1]);
// The scratch copy opens on the comparison sample with the panel; a folder of the user's own is left as it is.
const startFile = scratch ? prepareStartWorkspace(folder) : undefined;

async function portToUse() {
  const wanted = Number(process.env.PORT || 8080);
  const { createServer } = await import('node:net');
  const free = await new Promise((r) => {
    const srv = createServer().once('error', () => r(false));
    srv.listen(wanted, '127.0.0.1', () => srv.close(() => r(true)));
  });
  return free ? wanted : freePort();
}

ensureSetup();
const current = distIsCurrent();
if (current && process.env.TOPO_SKIP_BUILD !== '1') log('start', 'dist/ is newer than its sources: not rebuilding');
buildExtension({ skip: current || process.env.TOPO_SKIP_BUILD === '1' });
const state = join(ROOT, '.cache/real-editor');
const extensionsDir = join(state, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
const staged = stageExtension(extensionsDir);
log('start', `extension ${manifest().version} staged in ${staged}`);

// code-server serves a full editor with a terminal: never without a password, even on 127.0.0.1.
const password = randomBytes(18).toString('base64url');
const server = await startCodeServer({
  folder,
  extensionsDir,
  userDataDir: join(state, 'user-data'),
  port: await portToUse(),
  password,
  logFile: join(state, 'code-server.log'),
});
const codeServerManifest = join(ROOT, '.cache/code-server/node_modules/code-server/package.json');
const codeServerVersion = JSON.parse(readFileSync(codeServerManifest, 'utf8')).version;
console.log(`
  Topo in VS Code (code-server ${codeServerVersion}): ${workbenchUrl(server.url, folder, startFile)}
  password: ${password}
  folder:   ${folder}${scratch ? ' (a scratch copy of samples/, removed on exit)' : ''}${
    startFile ? `\n  opens:    ${startFile.path}, with the Topo panel beside it` : ''
  }
  log:      ${server.logFile}
  The Topo Language Server output channel shows the server's version once a .topo file is open.
  Ctrl-C to stop.
`);

let stopping = false;
const removeScratch = () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
};
const stop = (sig) => {
  if (stopping) return;
  stopping = true;
  log('start', `${sig}: stopping code-server (pid ${server.child.pid})`);
  stopAll();
  const force = setTimeout(() => process.exit(1), 5000);
  server.child.once('exit', () => {
    clearTimeout(force);
    process.exit(0);
  });
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('exit', () => {
  stopAll();
  removeScratch();
});
// `npm start` dies on SIGTERM without passing it on: stop too when the parent goes away.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('parent exited');
}, 1000).unref();
server.child.once('exit', (code, signal) => {
  if (!stopping) {
    log('start', `code-server exited (${code ?? signal}); see ${server.logFile}`);
    process.exit(code ?? 1);
  }
});
