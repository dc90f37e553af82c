// The benchmark: a list of named measurements with budgets. Add a measurement (the estimator's, completion's)
// by pushing to `measurements` (or exporting one from a module imported here). Run with `npm run bench`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { parse } from '../server/src/syntax/shape';
import { FileAnalysis, Workspace } from '../server/src/semantics/program';
import { semanticTokens } from '../server/src/features/semanticTokens';
import { linesOf } from '../server/src/syntax/lines';
import { LspClient } from '../test/helpers/lsp-client';
import { catalogPath, repoRoot } from '../test/helpers/repo';
import { generateTopo } from './generate';
import { estimateDiagnostics } from '../server/src/features/estimates';
import { defaultSettings } from '../server/src/features/services';
import { decisionMeasurements } from './decisions';
import { editingMeasurements } from './editing';
import { estimatorMeasurements } from './estimator';
import { typingMeasurements } from './typing';
import { viewMeasurements } from './views';

export interface BenchContext {
  /** The generated document and where it is written (a file: imports and the server see it). */
  text: string;
  file: string;
  uri: string;
  runs: number;
  serverArgs: string[];
  /** Shared between measurements: the server measurements record the peak RSS here. */
  notes: Record<string, number>;
}

export interface Measurement {
  name: string;
  /** 'n': a count. */
  unit: 'ms' | 'MB' | 'x' | 'n';
  /** The budget; a median above it is OVER. */
  budget?: number;
  /** Returns one figure per run; the median is reported. */
  run(ctx: BenchContext): Promise<number[]> | number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

/**
 * The file's content as a JSON document, the baseline of the parse ratio (issue 12: "JSON.parse of a JSON file of
 * the same size"): one array per line holding its words, numbers as numbers, so JSON.parse builds about as many
 * values as the parser builds atoms. A single JSON string of the characters (the other ratio) is only a copy.
 */
export function jsonOfSameContent(text: string): string {
  const number = /^-?\d+(?:\.\d+)?$/;
  const lines = text.split('\n').map((line) =>
    line
      .trim()
      .split(/\s+/)
      .filter((word) => word.length > 0)
      .map((word) => (number.test(word) ? Number(word) : word)),
  );
  return JSON.stringify(lines);
}

/** Spawn of the server (in the VS Code client's environment unless `env` is given) to the document's diagnostics. */
async function startToFirstDiagnostics(ctx: BenchContext, env?: NodeJS.ProcessEnv): Promise<number[]> {
  const figures: number[] = [];
  for (let i = 0; i < Math.min(ctx.runs, 5); i++) {
    const started = performance.now();
    const client = await LspClient.start({ nodeArgs: ctx.serverArgs, configuration: {}, env });
    await client.openAndWait(ctx.uri, ctx.text, 1);
    figures.push(performance.now() - started);
    await client.stop();
  }
  return figures;
}

/**
 * Analyses of the 10,000-line file that V8 takes to optimise the analysis in this process: in a fresh process the
 * first five took 110-148, 88-107, 69-83, 40-48 and 55-70 ms, and the ones after them about 30 ms (3 processes).
 */
const JIT_WARMUP_RUNS = 5;

/** A workspace with the document analysed (the catalog too). */
function analysed(ctx: BenchContext): { workspace: Workspace; analysis: FileAnalysis } {
  const workspace = new Workspace(undefined, catalogPath);
  workspace.catalog();
  workspace.setDocument(ctx.uri, ctx.text, 1);
  return { workspace, analysis: workspace.analyse(ctx.uri)! };
}

/**
 * One-character edits of a workload's batch in the second half of the file: each run writes a value not written
 * before (16 -> 17 -> 18 ... -> 100 -> 101), so no version repeats an earlier one and no cache keyed by content
 * is hit by going back; most edits keep the length, one in nine or so adds a digit.
 */
function batchEdits(text: string) {
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+batch \d+ per device/.test(l));
  const at = lines[line].indexOf('batch ') + 'batch '.length;
  const digits = /^\d+/.exec(lines[line].slice(at))![0];
  const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + at;
  const value = (run: number) => String(Number(digits) + 1 + run);
  return {
    line,
    character: at,
    /** The text after run `run`'s edit. */
    textAt: (run: number) => `${text.slice(0, offset)}${value(run)}${text.slice(offset + digits.length)}`,
    /** Run `run`'s edit of the text after run `run - 1`: the old value replaced by the new one. */
    edit: (run: number) => ({ length: (run === 0 ? digits : value(run - 1)).length, newText: value(run) }),
  };
}

/** didChange -> publishDiagnostics of that version through the real server, for `runs` batch edits. */
async function changeToDiagnostics(
  ctx: BenchContext,
  file: string,
  text: string,
  runs: number,
  recordRss = true,
): Promise<number[]> {
  const uri = URI.file(file).toString();
  const client = await LspClient.start({ nodeArgs: ctx.serverArgs, configuration: {} });
  await client.openAndWait(uri, text, 1, 60_000);
  const edits = batchEdits(text);
  const figures: number[] = [];
  for (let run = 0; run < runs; run++) {
    const v = run + 2;
    const wait = client.waitForDiagnostics(uri, { version: v, timeoutMs: 60_000 });
    const { length, newText } = edits.edit(run);
    const started = performance.now();
    client.edit(
      uri,
      {
        start: { line: edits.line, character: edits.character },
        end: { line: edits.line, character: edits.character + length },
      },
      newText,
      v,
    );
    await wait;
    figures.push(performance.now() - started);
  }
  if (recordRss) ctx.notes.peakRss = Math.max(ctx.notes.peakRss ?? 0, client.peakRss() ?? 0);
  await client.stop();
  return figures;
}

export const measurements: Measurement[] = [
  {
    name: 'parse (10,000 lines)',
    unit: 'ms',
    run: (ctx) => {
      parse(ctx.text);
      return Array.from({ length: ctx.runs }, () => time(() => parse(ctx.text)));
    },
  },
  {
    name: 'parse time / JSON.parse of a JSON document of the same size (goal 10x)',
    unit: 'x',
    budget: 10,
    run: (ctx) => {
      const json = jsonOfSameContent(ctx.text);
      // Per byte: the JSON document holds the same words but is a little longer (quotes and brackets).
      const perByte = ctx.text.length / json.length;
      return Array.from({ length: ctx.runs }, () => {
        const parsing = Math.min(...Array.from({ length: 3 }, () => time(() => parse(ctx.text))));
        const baseline = Math.min(...Array.from({ length: 3 }, () => time(() => JSON.parse(json))));
        return parsing / (baseline * perByte);
      });
    },
  },
  {
    name: 'parse time / JSON.parse of one JSON string of the same characters (a lower bound, information)',
    unit: 'x',
    run: (ctx) => {
      const json = JSON.stringify(ctx.text);
      return Array.from({ length: ctx.runs }, () => {
        const parsing = Math.min(...Array.from({ length: 3 }, () => time(() => parse(ctx.text))));
        const baseline = Math.min(...Array.from({ length: 3 }, () => time(() => JSON.parse(json))));
        return parsing / baseline;
      });
    },
  },
  {
    name: 'full analysis, cold: parse + bind + validate',
    unit: 'ms',
    budget: 40,
    run: (ctx) => {
      // A new workspace each run: nothing of the file is cached (the catalog is analysed before timing). Cold means
      // no cache, not code V8 has not optimised yet (the server's start row measures that): the runs before V8 has
      // optimised the analysis are not counted (docs/editing.md, "Speed").
      return Array.from({ length: ctx.runs + JIT_WARMUP_RUNS }, () => {
        const workspace = new Workspace(undefined, catalogPath);
        workspace.catalog();
        workspace.setDocument(ctx.uri, ctx.text, 1);
        return time(() => {
          const a = workspace.analyse(ctx.uri)!;
          if (!a.diagnostics) throw new Error('no analysis');
        });
      }).slice(JIT_WARMUP_RUNS);
    },
  },
  {
    name: 'analysis after a one-character edit (a new batch value each time)',
    unit: 'ms',
    run: (ctx) => {
      const workspace = new Workspace(undefined, catalogPath);
      workspace.catalog();
      workspace.setDocument(ctx.uri, ctx.text, 1);
      workspace.analyse(ctx.uri);
      const edits = batchEdits(ctx.text);
      return Array.from({ length: ctx.runs }, (_, i) => {
        workspace.setDocument(ctx.uri, edits.textAt(i), i + 2);
        return time(() => {
          const a = workspace.analyse(ctx.uri)!;
          if (!a.diagnostics) throw new Error('no analysis');
        });
      });
    },
  },
  {
    name: 'semantic tokens of a 100-line range, in process',
    unit: 'ms',
    budget: 5,
    run: (ctx) => {
      const { workspace, analysis } = analysed(ctx);
      const lines = linesOf(analysis.file);
      const first = lines.lineCount >> 1;
      const range = { start: lines.lineStart(first), end: lines.lineStart(first + 100) };
      semanticTokens(analysis, workspace.catalogUri, range);
      return Array.from({ length: ctx.runs }, () => time(() => semanticTokens(analysis, workspace.catalogUri, range)));
    },
  },
  {
    name: 'semantic tokens of the whole file, in process',
    unit: 'ms',
    budget: 25,
    run: (ctx) => {
      const { workspace, analysis } = analysed(ctx);
      semanticTokens(analysis, workspace.catalogUri);
      return Array.from({ length: ctx.runs }, () => time(() => semanticTokens(analysis, workspace.catalogUri)));
    },
  },
  {
    name: 'estimator: diagnostics of every workload (after analysis)',
    unit: 'ms',
    run: (ctx) => {
      const workspace = new Workspace(undefined, catalogPath);
      let version = 1;
      const analysis = () => {
        workspace.setDocument(ctx.uri, ctx.text, version++);
        return workspace.analyse(ctx.uri)!;
      };
      estimateDiagnostics(analysis(), defaultSettings.bottleneckThreshold);
      return Array.from({ length: ctx.runs }, () => {
        const a = analysis();
        return time(() => estimateDiagnostics(a, defaultSettings.bottleneckThreshold));
      });
    },
  },
  {
    name: 'server: start to first diagnostics',
    unit: 'ms',
    budget: 300,
    run: (ctx) => startToFirstDiagnostics(ctx),
  },
  // Where the variable is set, what a client that passes it on to the server pays (client/src/server-environment.ts).
  ...(process.env.NODE_EXTRA_CA_CERTS
    ? [
        {
          name: 'server: start to first diagnostics, NODE_EXTRA_CA_CERTS passed on',
          unit: 'ms' as const,
          run: (ctx: BenchContext) => startToFirstDiagnostics(ctx, process.env),
        },
      ]
    : []),
  {
    name: 'server: one-character edit to diagnostics (didChange -> publishDiagnostics)',
    unit: 'ms',
    budget: 30,
    run: (ctx) => changeToDiagnostics(ctx, ctx.file, ctx.text, ctx.runs),
  },
  {
    name: 'server: one-character edit to diagnostics, 100,000 lines (outline mode)',
    unit: 'ms',
    budget: 100,
    run: async (ctx) => {
      const text = generateTopo(100_000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-bench-100k-'));
      const file = path.join(dir, 'large.topo');
      fs.writeFileSync(file, text);
      try {
        return await changeToDiagnostics(ctx, file, text, Math.min(ctx.runs, 7), false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'server: peak memory (RSS), 10,000 lines',
    unit: 'MB',
    budget: 100,
    run: (ctx) => [(ctx.notes.peakRss ?? NaN) / 1024 / 1024],
  },
  ...estimatorMeasurements,
  ...decisionMeasurements,
  ...editingMeasurements,
  ...typingMeasurements,
  ...viewMeasurements,
];

function parseArgs(argv: string[]) {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    runs: Number(get('--runs') ?? 11),
    lines: Number(get('--lines') ?? 10_000),
    only: get('--only'),
    json: argv.includes('--json'),
    serverProfile: argv.includes('--cpu-prof'),
    strict: argv.includes('--strict'),
  };
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const text = generateTopo(args.lines);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-bench-'));
  const file = path.join(dir, 'bench.topo');
  fs.writeFileSync(file, text);
  const profDir = path.join(repoRoot, 'out', 'bench', 'profiles');
  const ctx: BenchContext = {
    text,
    file,
    uri: URI.file(file).toString(),
    runs: args.runs,
    serverArgs: args.serverProfile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
    notes: {},
  };
  const cpus = os.cpus();
  console.log(
    `topo bench: ${text.split('\n').length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB; ${args.runs} runs; node ${process.version}; ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}`,
  );
  const certificates = process.env.NODE_EXTRA_CA_CERTS;
  console.log(
    certificates
      ? `NODE_EXTRA_CA_CERTS is set (${certificates}): the server is started with it empty, as the VS Code client starts it`
      : 'NODE_EXTRA_CA_CERTS is not set',
  );
  const results: { name: string; median: number; unit: string; budget?: number; verdict: string; runs: number }[] = [];
  for (const m of measurements) {
    if (args.only && !m.name.includes(args.only)) continue;
    const figures = await m.run(ctx);
    const med = median(figures);
    const verdict = m.budget === undefined ? '' : Number.isNaN(med) ? 'n/a' : med <= m.budget ? 'PASS' : 'OVER';
    results.push({ name: m.name, median: med, unit: m.unit, budget: m.budget, verdict, runs: figures.length });
    const budget = m.budget === undefined ? '' : `budget ${m.budget} ${m.unit}`;
    console.log(
      `  ${m.name.padEnd(72)} ${med.toFixed(1).padStart(8)} ${m.unit.padEnd(3)} ${budget.padEnd(18)} ${verdict}   (median of ${figures.length}; min ${Math.min(...figures).toFixed(1)}, max ${Math.max(...figures).toFixed(1)})`,
    );
  }
  if (args.json)
    fs.writeFileSync(path.join(repoRoot, 'out', 'bench', 'results.json'), JSON.stringify(results, null, 2));
  if (args.serverProfile) console.log(`server CPU profiles in ${profDir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const over = results.filter((r) => r.verdict === 'OVER');
  console.log(
    over.length
      ? `${over.length} median(s) over budget${args.strict ? '' : ' (figures only; pass --strict to fail on them)'}`
      : 'every median within its budget',
  );
  return args.strict && over.length ? 1 : 0;
}
