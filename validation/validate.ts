// Prints predicted versus measured throughput for every published point, with errors and medians per set.
import { estimateWorkload } from '../server/src/analysis/estimate';
import { boundText } from '../server/src/analysis/report';
import { points } from './points';

const median = (xs: number[]): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const verbose = process.argv.includes('--verbose');
const rows: { role: string; err: number }[] = [];
console.log(`${pad('point', 26)} ${pad('role', 11)} ${pad('system', 15)} ${lpad('predicted', 10)} ${lpad('measured', 9)} ${lpad('error', 7)}  batch  bound`);
for (const p of points) {
  const e = estimateWorkload(p.workload);
  const predicted = e.throughputPerDevice;
  const err = (predicted - p.measured) / p.measured;
  rows.push({ role: p.role, err: Math.abs(err) });
  const batch = e.batchSearch ? `${fmt(e.batchPerDevice)} (${e.batchSearch.stoppedBy})` : fmt(e.batchPerDevice);
  console.log(`${pad(p.id, 26)} ${pad(p.role, 11)} ${pad(p.system, 15)} ${lpad(fmt(predicted), 10)} ${lpad(fmt(p.measured), 9)} ${lpad(`${err >= 0 ? '+' : ''}${(err * 100).toFixed(1)}%`, 7)}  ${pad(batch, 6)} ${e.valid ? boundText(e) : `INVALID: ${e.reasons.join('; ')}`}`);
  if (verbose) {
    console.log(`    ${p.description}`);
    console.log(`    source: ${p.citation}`);
    if (p.assumptions) console.log(`    assumptions: ${p.assumptions}`);
    console.log(`    step ${(e.stepTime * 1e3).toFixed(2)} ms, TPOT ${e.tpot ? (e.tpot * 1e3).toFixed(1) + ' ms' : '-'}, ops: ${e.operators.map((o) => `${o.class} ${(o.time * 1e3).toFixed(1)}`).join(', ')}`);
  }
}
const cal = rows.filter((r) => r.role === 'calibration').map((r) => r.err);
const held = rows.filter((r) => r.role === 'held-out').map((r) => r.err);
console.log('');
console.log(`calibration points: ${cal.length}, median |error| ${(median(cal) * 100).toFixed(1)}%`);
console.log(`held-out points:    ${held.length}, median |error| ${(median(held) * 100).toFixed(1)}%`);
console.log('Sources: validation/points.ts (citations and assumptions per point); run with --verbose to print them.');
