// Prints predicted versus measured throughput for every published point, with errors per set and per regime.
// Each point is a workload of validation/*.topo analysed by the real Workspace and built-in catalog, so what is
// validated is what `topo estimate` and the editor give for the same text. Exit 1 when a point has no role in
// validation/split.json (or the split names a point that does not exist), when a point's workload is missing, has
// error diagnostics (in its file, an import or the catalog), gives an invalid estimate, or when a sample workload
// that describes the same setup estimates a different figure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { boundText } from '../server/src/analysis/report';
import { estimatesOf, WorkloadResult } from '../server/src/features/estimates';
import { FileAnalysis, Workspace } from '../server/src/semantics/program';
import { BANDS_PATH, bandsOf, bandsText, rowOf, ValidationRow } from './bands';
import { readCurve } from './curves';
import { curves, points } from './points';
import { roleOf, splitNames, splitProblems } from './split';

const median = (xs: number[]): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const root = [path.resolve(__dirname, '..'), process.cwd()].find((r) =>
  fs.existsSync(path.join(r, 'validation', 'points.topo')),
);
if (!root) {
  console.error('validate: cannot find validation/points.topo (run from the repository root)');
  process.exit(1);
}
const rel = (uri: string) => path.relative(root, URI.parse(uri).fsPath);
const failures: string[] = [];
const workspace = new Workspace();

/** Error diagnostics of a file, everything it imports and the catalog, as `file:line:col: message`. */
function errorsOf(analysis: FileAnalysis, seen = new Set<string>()): string[] {
  if (seen.has(analysis.uri)) return [];
  seen.add(analysis.uri);
  const text = analysis.file.text;
  const out = analysis.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => {
      const before = text.slice(0, d.span.start).split('\n');
      return `${rel(analysis.uri)}:${before.length}:${before[before.length - 1].length + 1}: ${d.code} ${d.message}`;
    });
  for (const i of analysis.imports) if (i.target) out.push(...errorsOf(i.target, seen));
  const catalog = workspace.catalog();
  if (catalog && catalog.uri !== analysis.uri) out.push(...errorsOf(catalog, seen));
  return out;
}

/** The workloads of every validation/*.topo file, by name. */
const workloads = new Map<string, { file: string; result: WorkloadResult; errors: string[] }>();
const topoFiles = fs
  .readdirSync(path.join(root, 'validation'))
  .filter((f) => f.endsWith('.topo'))
  .sort();
for (const f of topoFiles) {
  const uri = URI.file(path.join(root, 'validation', f)).toString();
  const analysis = workspace.analyse(uri);
  if (!analysis) {
    failures.push(`validation/${f}: cannot be read`);
    continue;
  }
  const errors = errorsOf(analysis);
  const declared = [...analysis.declarations.values()].filter((d) => d.kind === 'workload').map((d) => d.name!.text);
  const results = estimatesOf(analysis);
  for (const name of declared) {
    if (workloads.has(name)) {
      failures.push(`workload ${name} is declared in validation/${f} and in ${workloads.get(name)!.file}`);
      continue;
    }
    const result = results.get(name);
    if (!result) {
      failures.push(`validation/${f}: workload ${name} does not bind (see errors below)`);
    } else workloads.set(name, { file: `validation/${f}`, result, errors });
  }
  if (errors.length) failures.push(...errors.map((e) => `error diagnostic: ${e}`));
}

const verbose = process.argv.includes('--verbose');
failures.push(...splitProblems(splitNames(points, curves)));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rows: ValidationRow[] = [];
const W = 27;
console.log(
  `${pad('point', W)} ${pad('role', 11)} ${pad('system', 15)} ${pad('load', 7)} ${lpad('predicted', 10)} ${lpad('measured', 9)} ${lpad('error', 7)}  batch  bound`,
);
for (const p of points.filter((q) => !q.pending)) {
  const role = roleOf(p.workload) ?? 'NO ROLE';
  const load = p.load === 'offline' ? 'offline' : 'latency';
  const w = workloads.get(p.workload);
  if (!w) {
    failures.push(`point ${p.workload}: no workload of that name in validation/*.topo`);
    console.log(
      `${pad(p.workload, W)} ${pad(role, 11)} ${pad(p.system, 15)} ${pad(load, 7)} ${lpad('-', 10)} ${lpad(fmt(p.measured), 9)} ${lpad('-', 7)}  MISSING WORKLOAD`,
    );
    continue;
  }
  const e = w.result.estimate;
  if (!e.valid) failures.push(`point ${p.workload}: invalid estimate: ${e.reasons.join('; ')}`);
  const predicted = e.throughputPerDevice;
  const row = rowOf(p, w.result.spec, e);
  const err = row.err;
  rows.push(row);
  if (!row.regime.includes(` ${p.load} `))
    failures.push(`point ${p.workload}: the workload reads as ${row.regime}, but the point's load is ${p.load}`);
  // a global batch smaller than the devices (batch 1 on 8 GPUs) is a fraction per device: print it, not 0
  const perDevice =
    e.batchPerDevice >= 10 || Number.isInteger(e.batchPerDevice)
      ? fmt(e.batchPerDevice)
      : String(+e.batchPerDevice.toPrecision(3));
  const batch = e.batchSearch ? `${perDevice} (${e.batchSearch.stoppedBy})` : perDevice;
  console.log(
    `${pad(p.workload, W)} ${pad(role, 11)} ${pad(p.system, 15)} ${pad(load, 7)} ${lpad(fmt(predicted), 10)} ${lpad(fmt(p.measured), 9)} ${lpad(`${err >= 0 ? '+' : ''}${pct(err)}`, 7)}  ${pad(batch, 6)} ${e.valid ? boundText(e) : `INVALID: ${e.reasons.join('; ')}`}`,
  );
  if (verbose) {
    const s = w.result.spec;
    console.log(`    ${p.description}`);
    console.log(
      `    workload: ${w.file}, ${s.model.name} on ${s.system.name} devices ${s.devices} (${s.accelerator.name}), precision ${s.precision.weights}/${s.precision.activations}/kv ${s.precision.kv}`,
    );
    console.log(`    source: ${p.citation}`);
    if (p.assumptions) console.log(`    assumptions: ${p.assumptions}`);
    console.log(
      `    step ${(e.stepTime * 1e3).toFixed(2)} ms, TPOT ${e.tpot ? (e.tpot * 1e3).toFixed(1) + ' ms' : '-'}, ops: ${e.operators.map((o) => `${o.class} ${(o.time * 1e3).toFixed(1)}`).join(', ')}`,
    );
  }
}
for (const name of workloads.keys()) {
  const p = points.find((q) => q.workload === name);
  if (!p && curves.some((c) => c.workload === name)) continue;
  if (!p)
    failures.push(`workload ${name} in ${workloads.get(name)!.file} has no point or curve in validation/points.ts`);
  else if (p.pending)
    failures.push(
      `point ${name} is pending but has a workload in ${workloads.get(name)!.file}: run it or remove the workload`,
    );
}

/** `n points, median |error| m, max |error| x` of a set of absolute errors. */
const summary = (errs: number[]) =>
  `${lpad(String(errs.length), 2)} points, median |error| ${lpad(pct(median(errs)), 6)}, max |error| ${lpad(pct(Math.max(...errs)), 6)}`;
const errsOf = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).map((r) => Math.abs(r.err));
console.log('');
console.log(`calibration: ${summary(errsOf((r) => r.role === 'calibration'))}`);
console.log(`held-out:    ${summary(errsOf((r) => r.role === 'held-out'))}`);

// Error per regime: architecture x phase x load x dense/MoE (analysis/uncertainty.ts), over all points and the held-out ones alone.
const regimes = [...new Set(rows.map((r) => r.regime))].sort();
const RW = Math.max(6, ...regimes.map((r) => r.length));
console.log('');
console.log(
  `${pad('regime', RW)}  ${lpad('points', 6)} ${lpad('cal', 3)}  ${lpad('median', 7)} ${lpad('max', 7)}  ${lpad('held-out median', 15)} ${lpad('held-out max', 12)} ${lpad('band', 6)}`,
);
// The band an estimate shows: the regime's largest held-out error, at least the median of all held-out points.
const floor = median(errsOf((r) => r.role === 'held-out'));
for (const regime of regimes) {
  const all = errsOf((r) => r.regime === regime);
  const held = errsOf((r) => r.regime === regime && r.role === 'held-out');
  const cal = all.length - held.length;
  console.log(
    `${pad(regime, RW)}  ${lpad(String(all.length), 6)} ${lpad(String(cal), 3)}  ${lpad(pct(median(all)), 7)} ${lpad(pct(Math.max(...all)), 7)}  ${lpad(held.length ? pct(median(held)) : '-', 15)} ${lpad(held.length ? pct(Math.max(...held)) : '-', 12)} ${lpad(held.length ? pct(Math.max(floor, ...held)) : '-', 6)}`,
  );
}
console.log(`(band: the held-out max, at least the median over all held-out points, ${pct(floor)})`);
const pending = points.filter((p) => p.pending);
if (pending.length) {
  console.log('');
  for (const p of pending)
    console.log(
      `pending ${p.workload} (${roleOf(p.workload) ?? 'NO ROLE'}, measured ${fmt(p.measured)}): ${p.pending}`,
    );
}

// Curves: each published point of one setup read off the sweep of its workload (validation/curves.ts).
const curveErrs: { role: string; err: number }[] = [];
const ms = (s: number | undefined) => (s !== undefined && Number.isFinite(s) ? `${(s * 1e3).toFixed(1)}` : '-');
for (const c of curves) {
  const w = workloads.get(c.workload);
  console.log('');
  if (!w) {
    failures.push(`curve ${c.name}: no workload ${c.workload} in validation/*.topo`);
    continue;
  }
  const reading = readCurve(c, w.result.spec);
  console.log(`curve: ${c.name}`);
  console.log(
    `  workload ${c.workload} (${w.file}), swept to ${fmt(reading.memoryLimit)} per device${reading.reasons.length ? `; ${reading.reasons.join('; ')}` : ''}`,
  );
  console.log(
    `  ${pad('point', 30)} ${pad('role', 11)} ${pad('at', 22)} ${lpad('predicted', 9)} ${lpad('measured', 9)} ${lpad('error', 7)}  ${lpad('TPOT ms', 15)}  bound`,
  );
  for (const { measured: p, predicted: q, pastEnd, err } of reading.rows) {
    const role = roleOf(p.id) ?? 'NO ROLE';
    const at =
      'batch' in p.at
        ? `${p.at.batch}${p.at.per === 'global' ? ' in flight' : ' per device'}${pastEnd ? ` -> end ${fmt(q?.batch ?? 0)}` : ''}`
        : `TPOT ${ms(p.at.tpot)} ms -> ${q ? fmt(q.batch) : '-'}/dev`;
    if (!q || err === undefined) {
      failures.push(`curve point ${p.id}: the sweep of ${c.workload} has no point there`);
      console.log(
        `  ${pad(p.id, 30)} ${pad(role, 11)} ${pad(at, 22)} ${lpad('-', 9)} ${lpad(fmt(p.measured), 9)}  NO POINT`,
      );
      continue;
    }
    curveErrs.push({ role, err });
    const tpot = `${ms(q.tpot)} / ${ms(p.measuredTpot)}`;
    console.log(
      `  ${pad(p.id, 30)} ${pad(role, 11)} ${pad(at, 22)} ${lpad(fmt(q.perDevice), 9)} ${lpad(fmt(p.measured), 9)} ${lpad(`${err >= 0 ? '+' : ''}${pct(err)}`, 7)}  ${lpad(tpot, 15)}  ${q.boundText}`,
    );
    if (verbose && p.note) console.log(`      ${p.note}`);
  }
  if (verbose) {
    console.log(`    ${c.description}`);
    console.log(`    source: ${c.citation}`);
    if (c.assumptions) console.log(`    assumptions: ${c.assumptions}`);
  }
}
if (curves.length) {
  const of = (role: string) => curveErrs.filter((e) => e.role === role).map((e) => Math.abs(e.err));
  console.log('');
  console.log(`curve points, calibration: ${summary(of('calibration'))}`);
  console.log(`curve points, held-out:    ${summary(of('held-out'))}`);
  console.log('(TPOT ms: predicted / measured; curve points are not in the regime table or the bands)');
}

// Sample workloads that describe a published setup must give the point's figure.
const twins = points.filter((p) => p.sample);
if (twins.length) console.log('');
for (const p of twins) {
  const { file, workload } = p.sample!;
  const analysis = workspace.analyse(URI.file(path.join(root, file)).toString());
  const r = analysis && estimatesOf(analysis).get(workload);
  const mine = workloads.get(p.workload)?.result.estimate.throughputPerDevice;
  if (!r || mine === undefined) {
    failures.push(`sample ${file} workload ${workload} (same setup as ${p.workload}) is missing or does not bind`);
    continue;
  }
  const theirs = r.estimate.throughputPerDevice;
  const same = Math.abs(theirs - mine) <= 1e-9 * Math.max(1, Math.abs(mine));
  console.log(
    `sample ${file} ${workload}: ${fmt(theirs)} tok/s per device ${same ? `= ${p.workload}` : `!= ${p.workload} (${fmt(mine)})`}`,
  );
  if (!same)
    failures.push(
      `sample ${file} workload ${workload} estimates ${fmt(theirs)} tok/s per device but point ${p.workload} (the same published setup) estimates ${fmt(mine)}: make their settings agree`,
    );
}
// The bands estimates show come from the held-out rows: committed in BANDS_PATH, rewritten by --write-bands.
const bandsFile = path.join(root, BANDS_PATH);
const fresh = bandsText(bandsOf(rows));
if (process.argv.includes('--write-bands')) {
  fs.writeFileSync(bandsFile, fresh);
  console.log(`wrote ${BANDS_PATH}`);
} else if (!fs.existsSync(bandsFile) || fs.readFileSync(bandsFile, 'utf8') !== fresh) {
  failures.push(`${BANDS_PATH} is stale: run npm run validate -- --write-bands and commit it`);
}
console.log(
  'Sources: validation/points.ts (citations and assumptions per point), validation/points.topo (the setups); run with --verbose to print them.',
);

if (failures.length) {
  console.error('');
  console.error(`validate: FAILED (${failures.length} problem${failures.length > 1 ? 's' : ''}):`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
