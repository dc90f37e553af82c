// The benchmark: a list of named measurements with budgets. Add a measurement (the estimator's, completion's)
// by pushing to `measurements` (or exporting one from a module imported here). Run with `npm run bench`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { parse } from '../server/src/syntax/shape';
import { Workspace } from '../server/src/semantics/program';
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

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const time = (f: () => void) => { const t = performance.now(); f(); return performance.now() - t; };

export const measurements: Measurement[] = [
  {
    name: 'parse (10,000 lines)',
    unit: 'ms',
    run: (ctx) => { parse(ctx.text); return Array.from({ length: ctx.runs }, () => time(() => parse(ctx.text))); },
  },
  {
    name: 'full analysis, cold: parse + bind + validate',
    unit: 'ms',
    budget: 50,
    run: (ctx) => {
      // A new workspace each run: nothing of the file is cached (the catalog is analysed before timing).
      return Array.from({ length: ctx.runs + 1 }, () => {
        const workspace = new Workspace(undefined, catalogPath);
        workspace.catalog();
        workspace.setDocument(ctx.uri, ctx.text, 1);
        return time(() => { const a = workspace.analyse(ctx.uri)!; if (!a.diagnostics) throw new Error('no analysis'); });
      }).slice(1);
    },
  },
  {
    name: 'analysis after a one-character edit (incremental parse)',
    unit: 'ms',
    run: (ctx) => {
      const workspace = new Workspace(undefined, catalogPath);
      workspace.catalog();
      workspace.setDocument(ctx.uri, ctx.text, 1);
      workspace.analyse(ctx.uri);
      const at = ctx.text.indexOf(' per device', ctx.text.length >> 1);
      return Array.from({ length: ctx.runs }, (_, i) => {
        const text = i % 2 ? ctx.text : `${ctx.text.slice(0, at)}1${ctx.text.slice(at)}`;
        workspace.setDocument(ctx.uri, text, i + 2);
        return time(() => { const a = workspace.analyse(ctx.uri)!; if (!a.diagnostics) throw new Error('no analysis'); });
      });
    },
  },
  {
    name: 'estimator: diagnostics of every workload (after analysis)',
    unit: 'ms',
    run: (ctx) => {
      const workspace = new Workspace(undefined, catalogPath);
      let version = 1;
      const analysis = () => { workspace.setDocument(ctx.uri, ctx.text, version++); return workspace.analyse(ctx.uri)!; };
      estimateDiagnostics(analysis(), defaultSettings.bottleneckThreshold);
      return Array.from({ length: ctx.runs }, () => { const a = analysis(); return time(() => estimateDiagnostics(a, defaultSettings.bottleneckThreshold)); });
    },
  },
  {
    name: 'server: start to first diagnostics',
    unit: 'ms',
    budget: 1000,
    run: async (ctx) => {
      const figures: number[] = [];
      for (let i = 0; i < Math.min(ctx.runs, 5); i++) {
        const started = performance.now();
        const client = await LspClient.start({ nodeArgs: ctx.serverArgs, configuration: {} });
        await client.openAndWait(ctx.uri, ctx.text, 1);
        figures.push(performance.now() - started);
        await client.stop();
      }
      return figures;
    },
  },
  {
    name: 'server: change to diagnostics (didChange -> publishDiagnostics)',
    unit: 'ms',
    budget: 100,
    run: async (ctx) => {
      const client = await LspClient.start({ nodeArgs: ctx.serverArgs, configuration: {} });
      await client.openAndWait(ctx.uri, ctx.text, 1);
      const lines = ctx.text.split('\n');
      const target = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+batch \d+ per device/.test(l));
      const figures: number[] = [];
      for (let v = 2; v < ctx.runs + 2; v++) {
        const line = lines[target];
        const wait = client.waitForDiagnostics(ctx.uri, { version: v });
        const started = performance.now();
        // Type one character and delete it again: the batch size goes 16 -> 116 -> 16, the file stays valid.
        const at = line.indexOf('batch ') + 6;
        client.edit(ctx.uri, { start: { line: target, character: at }, end: { line: target, character: v % 2 ? at + 1 : at } }, v % 2 ? '' : '1', v);
        await wait;
        figures.push(performance.now() - started);
      }
      ctx.notes.peakRss = Math.max(ctx.notes.peakRss ?? 0, client.peakRss() ?? 0);
      await client.stop();
      return figures;
    },
  },
  {
    name: 'server: peak memory (RSS)',
    unit: 'MB',
    budget: 150,
    run: (ctx) => [(ctx.notes.peakRss ?? NaN) / 1024 / 1024],
  },
  ...estimatorMeasurements,
  ...decisionMeasurements,
  ...editingMeasurements,
  ...typingMeasurements,
  ...viewMeasurements,
];

function parseArgs(argv: string[]) {
  const get = (flag: string) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
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
    text, file, uri: URI.file(file).toString(), runs: args.runs,
    serverArgs: args.serverProfile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [], notes: {},
  };
  const cpus = os.cpus();
  console.log(`topo bench: ${text.split('\n').length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB; ${args.runs} runs; node ${process.version}; ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}`);
  const results: { name: string; median: number; unit: string; budget?: number; verdict: string; runs: number }[] = [];
  for (const m of measurements) {
    if (args.only && !m.name.includes(args.only)) continue;
    const figures = await m.run(ctx);
    const med = median(figures);
    const verdict = m.budget === undefined ? '' : Number.isNaN(med) ? 'n/a' : med <= m.budget ? 'PASS' : 'OVER';
    results.push({ name: m.name, median: med, unit: m.unit, budget: m.budget, verdict, runs: figures.length });
    const budget = m.budget === undefined ? '' : `budget ${m.budget} ${m.unit}`;
    console.log(`  ${m.name.padEnd(72)} ${med.toFixed(1).padStart(8)} ${m.unit.padEnd(3)} ${budget.padEnd(18)} ${verdict}   (median of ${figures.length}; min ${Math.min(...figures).toFixed(1)}, max ${Math.max(...figures).toFixed(1)})`);
  }
  if (args.json) fs.writeFileSync(path.join(repoRoot, 'out', 'bench', 'results.json'), JSON.stringify(results, null, 2));
  if (args.serverProfile) console.log(`server CPU profiles in ${profDir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const over = results.filter((r) => r.verdict === 'OVER');
  console.log(over.length ? `${over.length} median(s) over budget${args.strict ? '' : ' (figures only; pass --strict to fail on them)'}` : 'every median within its budget');
  return args.strict && over.length ? 1 : 0;
}
