// Typing through the real server as VS Code does it: per keystroke a didChange, then completion, semantic tokens and
// code lenses, the previous keystroke's requests cancelled. On the 10,000-line file and on a 5 MB file (outline mode).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { LspClient } from '../test/helpers/lsp-client';
import type { BenchContext, Measurement } from './bench';
import { generateTopo } from './generate';

const TYPED = '// typed: 40 characters at 30 ms apart.';
const KEYSTROKE_MS = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TypingRun {
  /** From the last keystroke's didChange to the diagnostics of its version. */
  lastToDiagnostics: number;
  /** From didOpen to the first diagnostics. */
  firstDiagnostics: number;
  analyses: number;
  publishes: number;
  peakRss: number;
}

/** Opens `text` and types `typed` into an empty line in its middle, a character every KEYSTROKE_MS, with VS Code's requests. */
async function typeInto(ctx: BenchContext, file: string, text: string, typed: string): Promise<TypingRun> {
  const uri = URI.file(file).toString();
  const client = await LspClient.start({ nodeArgs: ctx.serverArgs, configuration: {} });
  const opened = performance.now();
  await client.openAndWait(uri, text, 1);
  const firstDiagnostics = performance.now() - opened;
  const before = await client.stats();
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i > lines.length / 2 && l === '');
  let pending: CancellationTokenSource | undefined;
  const answers: Promise<unknown>[] = [];
  let lastSent = 0;
  let version = 1;
  for (let i = 0; i < typed.length; i++) {
    // VS Code cancels what the previous keystroke asked once the document changes again.
    pending?.cancel();
    pending = new CancellationTokenSource();
    const token = pending.token;
    version++;
    client.edit(uri, { start: { line, character: i }, end: { line, character: i } }, typed[i], version);
    lastSent = performance.now();
    const position = { line, character: i + 1 };
    const textDocument = { uri };
    for (const [method, params] of [
      ['textDocument/completion', { textDocument, position }],
      ['textDocument/semanticTokens/full', { textDocument }],
      ['textDocument/codeLens', { textDocument }],
    ] as const)
      answers.push(client.request(method, params, 60_000, token).catch(() => undefined));
    if (i < typed.length - 1) await sleep(KEYSTROKE_MS);
  }
  await client.waitForDiagnostics(uri, { version, timeoutMs: 60_000 });
  const lastToDiagnostics = performance.now() - lastSent;
  await Promise.all(answers);
  const after = await client.stats();
  const peakRss = client.peakRss() ?? NaN;
  await client.stop();
  const analyses = after.analyses - before.analyses;
  return { lastToDiagnostics, firstDiagnostics, analyses, publishes: after.published - before.published, peakRss };
}

const runs = new Map<string, TypingRun[]>();

/** The scenario runs once per key (its runs are shared by the measurements that report on it). */
type Input = { file: string; text: string; cleanup?: () => void };

async function scenario(key: string, count: number, make: () => Input, ctx: BenchContext): Promise<TypingRun[]> {
  let done = runs.get(key);
  if (!done) {
    done = [];
    const { file, text, cleanup } = make();
    try {
      for (let i = 0; i < count; i++) done.push(await typeInto(ctx, file, text, TYPED));
    } finally {
      cleanup?.();
    }
    runs.set(key, done);
  }
  return done;
}

const tenThousand = (ctx: BenchContext) =>
  scenario('10k', Math.min(ctx.runs, 3), () => ({ file: ctx.file, text: ctx.text }), ctx);

const FIVE_MB_LINES = 230_000;
const fiveMegabytes = (ctx: BenchContext) =>
  scenario(
    '5MB',
    1,
    () => {
      const text = generateTopo(FIVE_MB_LINES);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-bench-5mb-'));
      const file = path.join(dir, 'large.topo');
      fs.writeFileSync(file, text);
      return { file, text, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
    ctx,
  );

export const typingMeasurements: Measurement[] = [
  {
    name: 'typing 40 chars at 30 ms (10,000 lines): last keystroke -> its diagnostics',
    unit: 'ms',
    budget: 100,
    run: async (ctx) => (await tenThousand(ctx)).map((r) => r.lastToDiagnostics),
  },
  {
    name: 'typing 40 chars at 30 ms (10,000 lines): analyses',
    unit: 'n',
    run: async (ctx) => (await tenThousand(ctx)).map((r) => r.analyses),
  },
  {
    name: 'typing 40 chars at 30 ms (10,000 lines): diagnostics publishes',
    unit: 'n',
    run: async (ctx) => (await tenThousand(ctx)).map((r) => r.publishes),
  },
  {
    name: '5 MB file (outline mode): open -> first diagnostics',
    unit: 'ms',
    run: async (ctx) => (await fiveMegabytes(ctx)).map((r) => r.firstDiagnostics),
  },
  {
    name: '5 MB file (outline mode): typing, last keystroke -> its diagnostics',
    unit: 'ms',
    run: async (ctx) => (await fiveMegabytes(ctx)).map((r) => r.lastToDiagnostics),
  },
  {
    name: '5 MB file (outline mode): analyses while typing 40 chars',
    unit: 'n',
    run: async (ctx) => (await fiveMegabytes(ctx)).map((r) => r.analyses),
  },
  {
    name: '5 MB file (outline mode): server peak memory (RSS)',
    unit: 'MB',
    run: async (ctx) => (await fiveMegabytes(ctx)).map((r) => r.peakRss / 1024 / 1024),
  },
];
