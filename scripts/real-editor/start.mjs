// `npm start`: builds the extension, installs code-server if needed, and serves a real VS Code
// (code-server) on 127.0.0.1 with the extension installed and samples/ open. Ctrl-C stops it.
//
//   npm start                      PORT=8080 by default (a free port if taken)
//   npm start -- --folder DIR      open another folder
//   TOPO_SKIP_BUILD=1 npm start    reuse dist/
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, buildExtension, ensureSetup, freePort, log, stageExtension, startCodeServer, stopAll } from './lib.mjs';

const argv = process.argv.slice(2);
const folderArg = argv.indexOf('--folder');
const folder = resolve(folderArg >= 0 ? argv[folderArg + 1] : join(ROOT, 'samples'));

async function portToUse() {
  const wanted = Number(process.env.PORT || 8080);
  const { createServer } = await import('node:net');
  const free = await new Promise((r) => {
    const srv = createServer().once('error', () => r(false)).listen(wanted, '127.0.0.1', () => srv.close(() => r(true)));
  });
  return free ? wanted : freePort();
}

ensureSetup();
buildExtension();
const state = join(ROOT, '.cache/real-editor');
const extensionsDir = join(state, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
const staged = stageExtension(extensionsDir);
log('start', `extension staged in ${staged}`);

const server = await startCodeServer({
  folder, extensionsDir, userDataDir: join(state, 'user-data'), port: await portToUse(),
  logFile: join(state, 'code-server.log'),
});
console.log(`\n  Topo in VS Code (code-server ${JSON.parse(readFileSync(join(ROOT, '.cache/code-server/node_modules/code-server/package.json'), 'utf8')).version}): ${server.url}?folder=${encodeURIComponent(folder)}\n  folder: ${folder}\n  log:    ${server.logFile}\n  Ctrl-C to stop.\n`);

let stopping = false;
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
process.on('exit', stopAll);
// `npm start` dies on SIGTERM without passing it on: stop too when the parent goes away.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) stop('parent exited'); }, 1000).unref();
server.child.once('exit', (code, signal) => {
  if (!stopping) {
    log('start', `code-server exited (${code ?? signal}); see ${server.logFile}`);
    process.exit(code ?? 1);
  }
});
