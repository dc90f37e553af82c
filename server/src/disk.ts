// Reads .topo files from disk safely: regular files only, at most MAX_FILE_BYTES, never blocking on a FIFO or device.
import * as fs from 'node:fs';
import { URI } from 'vscode-uri';
import { FileHost, HostRead } from './semantics/program';
import { FILE_BUDGET_BYTES, sizeText } from './semantics/budgets';
import { formatNumber } from './semantics/units';

/** What reading a file gave: its text, nothing (no such file), or a reason it was not read. */
export type DiskRead = { text: string } | { missing: true } | { refused: string };

/** O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer (no effect on files). */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

function refusal(stat: fs.Stats): DiskRead | undefined {
  if (stat.isDirectory()) return { refused: 'it is a directory' };
  if (!stat.isFile()) return { refused: 'it is not a regular file (a device, pipe or socket)' };
  if (stat.size > FILE_BUDGET_BYTES) {
    return {
      refused: `it is ${formatNumber(stat.size)} bytes, over the ${sizeText(FILE_BUDGET_BYTES)} limit for a .topo file`,
    };
  }
  return undefined;
}

const failed = (e: unknown): DiskRead => {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
  return { refused: `it cannot be read (${code ?? String(e)})` };
};

/** Decodes what was read (at most the limit and one byte): a file that grew past the limit since its check is refused. */
function decoded(buffer: Buffer, length: number): DiskRead {
  if (length > FILE_BUDGET_BYTES)
    return { refused: `it is over the ${sizeText(FILE_BUDGET_BYTES)} limit for a .topo file` };
  return { text: buffer.subarray(0, length).toString('utf8') };
}

/** Reads a file synchronously with the same checks (the CLI and tests; the server reads asynchronously). */
export function readTopoFileSync(fsPath: string): DiskRead {
  let fd: number | undefined;
  try {
    fd = fs.openSync(fsPath, OPEN_FLAGS);
    const refused = refusal(fs.fstatSync(fd));
    if (refused) return refused;
    const buffer = Buffer.allocUnsafe(FILE_BUDGET_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length;) {
      length += n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    }
    return decoded(buffer, length);
  } catch (e) {
    return failed(e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads a file asynchronously: the event loop never waits on the disk. */
export async function readTopoFile(fsPath: string): Promise<DiskRead> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(fsPath, OPEN_FLAGS);
    const stat = await handle.stat();
    const refused = refusal(stat);
    if (refused) return refused;
    const buffer = Buffer.allocUnsafe(FILE_BUDGET_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length;) {
      length += n = (await handle.read(buffer, length, buffer.length - length, null)).bytesRead;
    }
    return decoded(buffer, length);
  } catch (e) {
    return failed(e);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

const sameRead = (a: HostRead | undefined, b: HostRead) =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

const asHostRead = (r: DiskRead): HostRead =>
  'text' in r ? r.text : 'missing' in r ? undefined : { refused: r.refused };

/** The synchronous host (CLI, tests). */
export const syncDiskHost: FileHost = { read: (uri) => asHostRead(readTopoFileSync(URI.parse(uri).fsPath)) };

/**
 * The server's host: answers from what was read, starts a read of anything else and answers `pending`;
 * `onLoaded` runs when a read ends with a different result. Results stay until `forget` (the file changed);
 * a missing or refused file is checked again at most every RECHECK_MS when asked for. A read that takes over
 * its patience (3 s; a hung network file system) counts as refused meanwhile, and is not started again until it ends.
 */
export class AsyncDiskHost implements FileHost {
  private results = new Map<string, { read: HostRead; at: number }>();
  /** Reads under way, each settling when its read ends or its patience runs out. */
  private reading = new Map<string, Promise<void>>();
  /** Files whose read has not ended (past patience too). */
  private inFlight = new Set<string>();
  static readonly RECHECK_MS = 1000;

  constructor(
    private onLoaded: (uri: string) => void,
    private readFile: (fsPath: string) => Promise<DiskRead> = readTopoFile,
    private patienceMs = 3000,
  ) {}

  read(uri: string): HostRead {
    const known = this.results.get(uri);
    if (known && typeof known.read === 'string') return known.read;
    if (!known || Date.now() - known.at > AsyncDiskHost.RECHECK_MS) void this.load(uri);
    return known ? known.read : { pending: true };
  }

  /** Reads a file (one read at a time per file); resolves when the result is known or patience ran out. */
  load(uri: string): Promise<void> {
    const under = this.reading.get(uri);
    if (under || this.inFlight.has(uri)) return under ?? Promise.resolve();
    this.inFlight.add(uri);
    let timer: NodeJS.Timeout | undefined;
    const read = this.readFile(URI.parse(uri).fsPath).then((r) => {
      this.inFlight.delete(uri);
      this.record(uri, asHostRead(r));
    });
    const patience = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        if (this.inFlight.has(uri)) this.record(uri, { refused: `reading it took over ${this.patienceMs / 1000} s` });
        resolve();
      }, this.patienceMs);
    });
    const reading = Promise.race([read, patience]).finally(() => {
      clearTimeout(timer);
      this.reading.delete(uri);
    });
    this.reading.set(uri, reading);
    return reading;
  }

  private record(uri: string, read: HostRead): void {
    const before = this.results.get(uri);
    this.results.set(uri, { read, at: Date.now() });
    if (!before || !sameRead(before.read, read)) this.onLoaded(uri);
  }

  /** Resolves when no read is under way (reads past their patience are not waited for). */
  async idle(): Promise<void> {
    while (this.reading.size) await Promise.all(this.reading.values());
  }

  forget(uri: string): void {
    this.results.delete(uri);
  }
}
