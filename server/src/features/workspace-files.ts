// The .topo files of the workspace folders and the open documents: what references, rename, symbols and import fixes search.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkDoneProgressServerReporter } from './protocol';
import { URI } from 'vscode-uri';
import { Services } from './services';

const skipped = new Set(['node_modules', 'dist', 'out', '.git', '.vscode-test']);
const MAX_FILES = 2000;
const MAX_DEPTH = 8;

/** Every .topo file under the given folders (depth- and count-limited; build and dependency folders skipped). */
export async function listTopoFiles(folders: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      if (e.isDirectory()) {
        if (!skipped.has(e.name) && !e.name.startsWith('.')) await walk(path.join(dir, e.name), depth + 1);
      } else if (e.isFile() && e.name.endsWith('.topo')) out.push(path.join(dir, e.name));
    }
  };
  for (const f of folders) await walk(f, 0);
  return out;
}

let cache: { at: number; uris: string[] } | undefined;
const CACHE_MS = 2000;

/** The folders changed: the next search lists them again. */
export function invalidateWorkspaceFiles(): void {
  cache = undefined;
}

async function workspaceFolders(services: Services): Promise<string[]> {
  if (services.folders.length) return services.folders;
  try {
    const folders = await Promise.race([
      services.connection.workspace.getWorkspaceFolders(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000)),
    ]);
    if (folders?.length)
      return folders
        .map((f) => URI.parse(f.uri))
        .filter((u) => u.scheme === 'file')
        .map((u) => u.fsPath);
  } catch {
    // The client does not support workspace folders: fall back to the folders of the open documents.
  }
  const dirs = new Set<string>();
  for (const d of services.documents.all()) {
    const u = URI.parse(d.uri);
    if (u.scheme === 'file') dirs.add(path.dirname(u.fsPath));
  }
  return [...dirs];
}

const MAX_IMPORT_ROUNDS = 8;

/**
 * URIs of the open documents and the workspace's .topo files (the catalog left out), cached for two seconds;
 * the files and what they import are read (asynchronously) before this resolves, so their analyses are complete.
 */
export async function workspaceTopoUris(services: Services): Promise<string[]> {
  const now = Date.now();
  const scan = !cache || now - cache.at > CACHE_MS;
  // A scan of the folders (not the cached list) shows its progress in a client that shows server-initiated progress.
  const progress = scan && services.client.workDoneProgress ? await createProgress(services) : undefined;
  try {
    progress?.begin('Topo', undefined, 'listing the workspace .topo files');
    if (!cache || scan) {
      const files = (await listTopoFiles(await workspaceFolders(services))).map((f) => URI.file(f).toString());
      cache = { at: now, uris: files };
    }
    const uris = new Set<string>(services.documents.all().map((d) => d.uri));
    for (const u of cache.uris) uris.add(u);
    uris.delete(services.workspace.catalogUri);
    const list = [...uris];
    progress?.report(`reading ${list.length} .topo files and their imports`);
    await readWithImports(services, list);
    return list;
  } finally {
    progress?.done();
  }
}

const PROGRESS_ANSWER_MS = 1000;

/** A progress the client shows; none when it refuses or does not answer within a second (a scan never waits on it). */
async function createProgress(services: Services): Promise<WorkDoneProgressServerReporter | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), PROGRESS_ANSWER_MS);
  });
  try {
    return await Promise.race([services.connection.window.createWorkDoneProgress().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the files not open in the editor, then what their analyses wait for (imports), a few levels deep. */
async function readWithImports(services: Services, list: string[]): Promise<void> {
  await services.loadFiles(list.filter((u) => !services.workspace.isOpen(u)));
  // Imports are found by analysing: read what the analyses wait for, a few levels deep.
  for (let round = 0; round < MAX_IMPORT_ROUNDS; round++) {
    const waiting = list.filter((u) => {
      const analysis = services.workspace.isOpen(u) ? services.analysis(u) : services.workspace.analyse(u);
      return analysis !== undefined && services.workspace.waitsForReads(analysis);
    });
    if (!waiting.length) break;
    await services.loadFiles([]);
  }
}

/** Same file whether spelled with an encoded or a plain path. */
export function sameUri(a: string, b: string): boolean {
  return a === b || URI.parse(a).toString() === URI.parse(b).toString();
}
