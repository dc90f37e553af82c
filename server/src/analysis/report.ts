// Pure formatting of estimates for lenses, hovers and the CLI: titles, markdown tables, JSON and plain text.
import { SystemSpec, WorkloadSpec } from '../semantics/types';
import { fabricChain, levelsSpannedBy, systemTotals } from './layout';
import { setupWorkload } from './setup';
import { FabricLevel, WorkloadEstimate } from './types';

export const group = (n: number) => Math.round(n).toLocaleString('en-US');
/** 311,000 -> 311k; 1,943 -> 1,943. */
export function compact(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1e15) return n.toExponential(2).replace('e+', 'e');
  if (Math.abs(n) >= 1e12) return `${(n / 1e12).toFixed(n >= 1e13 ? 0 : 1)}T`;
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(n >= 1e10 ? 0 : 1)}G`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (Math.abs(n) >= 1e4) return `${Math.round(n / 1e3)}k`;
  return group(n);
}
export const ms = (s: number | undefined) => (s === undefined ? '—' : s >= 1 ? `${s.toFixed(2)} s` : s >= 0.01 ? `${Math.round(s * 1e3)} ms` : `${(s * 1e3).toFixed(2)} ms`);
export const us = (s: number) => (s >= 1e-3 ? ms(s) : `${(s * 1e6).toFixed(s < 1e-5 ? 2 : 0)} µs`);
export const bytes = (b: number) => (b >= 1e12 ? `${(b / 1e12).toFixed(1)} TB` : b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} KB`);
export const rate = (b: number) => (b >= 1e12 ? `${(b / 1e12).toFixed(1)} TB/s` : `${(b / 1e9).toFixed(0)} GB/s`);
export const pct = (x: number) => `${Math.round(x * 100)}%`;

export function boundText(e: WorkloadEstimate): string {
  const b = e.bound;
  switch (b.kind) {
    case 'link': {
      const l = e.levels.find((x) => x.levelName === b.levelName);
      const kinds = new Set((l?.collectives ?? []).map((c) => (c.kind.startsWith('ep') ? 'all-to-all' : c.kind === 'tp-allreduce' || c.kind === 'dp-allreduce' ? 'all-reduce' : 'sends')));
      return `${b.linkName} ${[...kinds].join('+') || 'traffic'} (${pct(b.share)})`;
    }
    case 'memory-capacity': return `memory capacity (${pct(b.share)} of HBM)`;
    case 'memory-bandwidth': return `memory bandwidth (${pct(b.share)})`;
    default: return `compute (${pct(b.share)})`;
  }
}

/** `≈1,943 tok/s per device · 311k tok/s total · TPOT 49 ms · bound: UB all-to-all (41%)` */
export function lensTitle(e: WorkloadEstimate): string {
  if (!e.valid) return `estimate unavailable: ${e.reasons[0] ?? 'invalid input'}`;
  const unit = e.throughputKind === 'input' ? 'input tok/s' : e.throughputKind === 'training' ? 'train tok/s' : 'tok/s';
  const latency = e.phase === 'prefill' ? `TTFT ${ms(e.ttft)}` : e.phase === 'training' ? `step ${ms(e.stepTime)}` : `TPOT ${ms(e.tpot)}`;
  const batch = e.batchSearch ? ` · batch max ${e.batchSearch.batch}` : '';
  return `≈${group(e.throughputPerDevice)} ${unit} per device · ${compact(e.throughputTotal)} ${unit} total · ${latency}${batch} · bound: ${boundText(e)}`;
}

const pflops = (x: number) => `${(x / 1e15).toFixed(x >= 1e17 ? 0 : 1)}`;

export function systemLensTitle(system: SystemSpec): string {
  const t = systemTotals(system);
  const compute = (['fp4', 'fp8', 'int8', 'bf16'] as const).filter((p) => t.compute[p]).map((p) => `${p} ${pflops(t.compute[p]!)}`).join(' / ');
  const chain = fabricChain(system);
  const levels = chain.map((l) => `${l.link.name} ${rate(l.bandwidthPerDevice)} ×${group(l.groupSize)}`).join(' · ');
  return `${group(t.devices)} devices · ${compute} PFLOPS · ${bytes(t.hbmBytes)} HBM · ${rate(t.hbmBandwidth)}${levels ? ` · ${levels}` : ''}`;
}

export function breakdownMarkdown(e: WorkloadEstimate): string {
  const lines: string[] = [`**${e.workload}** (${e.phase}): ${lensTitle(e)}`, '', `_${e.modelled}_`, ''];
  if (!e.valid) { lines.push(...e.reasons.map((r) => `- ${r}`)); return lines.join('\n'); }
  lines.push(`Step ${ms(e.stepTime)} · batch ${group(e.batchPerDevice)} per device (${group(e.batchGlobal)} total) · ${e.tokensPerStep.toFixed(2)} tokens per sequence per step · compute at ${e.computePrecision}`, '');
  if (e.levels.length) {
    const per = e.ranks > e.devices ? 'rank' : 'device';
    lines.push(`Traffic per ${per}:`, '');
    lines.push('| level | link | group | bytes/step | time | share | utilisation | latency/hop |', '|---|---|---:|---:|---:|---:|---:|---:|');
    for (const l of e.levels) lines.push(`| ${l.levelName} | ${l.linkName} | ${group(l.groupSize)} | ${bytes(l.bytesPerStep)} | ${ms(l.time)} | ${pct(l.shareOfStep)} | ${pct(l.utilisation)} | ${us(l.latencyPerHop)} |`);
    lines.push('');
  }
  lines.push('| operator | time | share | limited by |', '|---|---:|---:|---|');
  for (const o of e.operators) lines.push(`| ${o.class} | ${ms(o.time)} | ${pct(o.share)} | ${o.limitedBy} |`);
  lines.push('', '| layer kind | layers | time | share |', '|---|---:|---:|---:|');
  for (const k of e.layerKinds) lines.push(`| ${k.kind} | ${k.layers} | ${ms(k.time)} | ${pct(k.share)} |`);
  const m = e.memory;
  const unit = e.ranks > e.devices ? `memory per rank (${e.ranks / Math.max(1, e.devices)} per device)` : 'memory per device';
  lines.push('', `| ${unit} | bytes |`, '|---|---:|',
    `| weights | ${bytes(m.weights)} |`, `| KV cache | ${bytes(m.kvCache)} |`, `| activations | ${bytes(m.activations)} |`,
    `| reserve | ${bytes(m.reserve)} |`, `| **total** / capacity | **${bytes(m.total)}** / ${bytes(m.capacity)}${m.fits ? '' : ' (does not fit)'} |`);
  if (e.batchSearch) lines.push('', `batch max: ${e.batchSearch.batch} (stopped by ${e.batchSearch.stoppedBy}; memory allows ${group(e.batchSearch.memoryLimit)})`);
  if (e.notes.length) lines.push('', ...e.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

export function parallelDegreeHover(w: WorkloadSpec, degree: 'tp' | 'pp' | 'ep' | 'dp' | 'adp', estimate?: WorkloadEstimate): string {
  const n = w.parallel[degree];
  const chain = setupWorkload(w).step.chain;
  const size = degree === 'pp' ? 2 * Math.max(1, w.parallel.tp) : degree === 'dp' || degree === 'adp' ? n * Math.max(1, w.parallel.tp * w.parallel.pp) : n;
  const spanned = levelsSpannedBy(chain, size);
  const lines = [`**${degree} ${n}**: ${spanned.length ? 'spans' : 'stays on one device'}`];
  for (const s of spanned) {
    const traffic = estimate?.levels.find((l) => l.levelName === s.level.levelName);
    const mine = traffic?.collectives.filter((c) => (degree === 'ep' ? c.kind.startsWith('ep') : c.kind.startsWith(degree))) ?? [];
    const b = mine.reduce((a, c) => a + c.bytes, 0), t = mine.reduce((a, c) => a + c.time, 0);
    lines.push(`- ${s.level.levelName} (${s.level.link.name}, ${s.inside / s.below} groups of ${s.below})${mine.length ? `: ${bytes(b)} and ${ms(t)} per step${estimate ? ` (${pct(estimate.stepTime > 0 ? t / estimate.stepTime : 0)})` : ''}` : ''}`);
  }
  return lines.join('\n');
}

export function fabricLoadMarkdown(level: FabricLevel, estimates: WorkloadEstimate[]): string {
  const lines = [`**${level.levelName}** on ${level.link.name}: ${rate(level.bandwidthPerDevice)} per device, ${us(level.latency)} per hop, ${group(level.groupSize)} devices per group`];
  const rows = estimates.map((e) => ({ e, l: e.levels.find((x) => x.levelName === level.levelName && x.linkName === level.link.name) })).filter((r) => r.l);
  if (!rows.length) return [...lines, '', 'No workload puts traffic here.'].join('\n');
  lines.push('', '| workload | bytes/step | time | share | utilisation |', '|---|---:|---:|---:|---:|');
  for (const { e, l } of rows) lines.push(`| ${e.workload} | ${bytes(l!.bytesPerStep)} | ${ms(l!.time)} | ${pct(l!.shareOfStep)} | ${pct(l!.utilisation)} |`);
  return lines.join('\n');
}

export function estimateJson(e: WorkloadEstimate): string {
  return JSON.stringify(e, (k, v) => (k === 'span' ? undefined : v), 2);
}

export function estimateText(e: WorkloadEstimate): string {
  return breakdownMarkdown(e).replace(/\*\*/g, '').replace(/^_(.*)_$/gm, '$1');
}
