// Pure formatting of estimates for lenses, hovers and the CLI: titles, markdown tables, JSON and plain text.
import { SystemSpec, WorkloadSpec } from '../semantics/types';
import { formatNumber, formatQuantity } from '../semantics/units';
import { fabricChain, levelsSpannedBy, systemTotals } from './layout';
import { setupWorkload } from './setup';
import { escapeMarkdown, markdownToText } from './markdown';
import { FabricLevel, WorkloadEstimate } from './types';

export const group = (n: number) => formatNumber(Math.round(n));
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
export const time = (s: number | undefined) => (s === undefined ? '—' : formatQuantity(s, 'time'));
export const bytes = (b: number) => formatQuantity(b, 'bytes');
export const rate = (b: number) => formatQuantity(b, 'bandwidth');
export const pct = (x: number) => `${Math.round(x * 100)}%`;
const md = escapeMarkdown;

/** The first figure, by name, that is not a finite non-negative number: such a figure is never shown. */
export function figureOutOfRange(figures: Record<string, number | undefined>): string | undefined {
  for (const [name, value] of Object.entries(figures))
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) return name;
  return undefined;
}

export function boundText(e: WorkloadEstimate): string {
  const b = e.bound;
  switch (b.kind) {
    case 'link': {
      const l = e.levels.find((x) => x.levelName === b.levelName);
      const kinds = new Set(
        (l?.collectives ?? []).map((c) =>
          c.kind.startsWith('ep')
            ? 'all-to-all'
            : c.kind === 'tp-allreduce' || c.kind === 'dp-allreduce'
              ? 'all-reduce'
              : 'sends',
        ),
      );
      return `${b.linkName} ${[...kinds].join('+') || 'traffic'} (${pct(b.share)})`;
    }
    case 'memory-capacity':
      return `memory capacity (${pct(b.share)} of HBM)`;
    case 'memory-bandwidth':
      return `memory bandwidth (${pct(b.share)})`;
    case 'host-memory':
      return `host memory reads (${pct(b.share)})`;
    default:
      return `compute (${pct(b.share)})`;
  }
}

/** ` ±25%` (the regime's band), ` (not validated)` (its regime has no held-out point), or nothing without a regime. */
function bandText(e: WorkloadEstimate): string {
  const u = e.uncertainty;
  if (!u) return '';
  if (u.band === undefined || figureOutOfRange({ band: u.band })) return ' (not validated)';
  return ` ±${Math.ceil(u.band * 100 - 1e-9)}%`;
}

/** What the band means, for the breakdown: the regime, its held-out points and errors, or that it has none. */
export function uncertaintyText(e: WorkloadEstimate): string | undefined {
  const u = e.uncertainty;
  if (!u) return undefined;
  const h = u.heldOut;
  if (u.band === undefined || !h || figureOutOfRange({ band: u.band, median: h.median })) {
    return `Uncertainty: no validation points in this estimate's regime (${u.regime}): no error band is known.`;
  }
  const points = h.points === 1 ? '1 held-out validation point' : `${group(h.points)} held-out validation points`;
  const f = u.floored;
  if (f) {
    return (
      `Uncertainty:${bandText(e)}, the median error of all ${group(f.points)} held-out validation points: the ` +
      `${points} in this estimate's regime (${u.regime}) came closer (largest ${(h.max * 100).toFixed(1)}%), ` +
      `too few to claim better than typical; from \`npm run validate\`.`
    );
  }
  return (
    `Uncertainty:${bandText(e)}, the largest error of ${points} in this estimate's regime (${u.regime}; ` +
    `median ${(h.median * 100).toFixed(1)}%), from \`npm run validate\`.`
  );
}

/** `≈1,943 tok/s ±4% per device · 311k tok/s total · TPOT 49 ms · bound: UB all-to-all (41%)`: plain text, not Markdown. */
export function lensTitle(e: WorkloadEstimate): string {
  if (!e.valid) return `estimate unavailable: ${e.reasons[0] ?? 'invalid input'}`;
  const bad = figureOutOfRange({
    'throughput per device': e.throughputPerDevice,
    'total throughput': e.throughputTotal,
    'step time': e.stepTime,
    TPOT: e.tpot,
    TTFT: e.ttft,
    'share of the bound': e.bound.share,
    'batch found by batch max': e.batchSearch?.batch,
  });
  if (bad) return `estimate unavailable: the ${bad} is out of range`;
  const unit = e.throughputKind === 'input' ? 'input tok/s' : e.throughputKind === 'training' ? 'train tok/s' : 'tok/s';
  const latency =
    e.phase === 'prefill'
      ? `TTFT ${time(e.ttft)}`
      : e.phase === 'training'
        ? `step ${time(e.stepTime)}`
        : `TPOT ${time(e.tpot)}`;
  const batch = e.batchSearch ? ` · batch max ${group(e.batchSearch.batch)}` : '';
  return `≈${group(e.throughputPerDevice)} ${unit} per device${bandText(e)} · ${compact(e.throughputTotal)} ${unit} total · ${latency}${batch} · bound: ${boundText(e)}`;
}

/**
 * `96 devices · fp8 190 PFLOPS, bf16 94.9 PFLOPS · HBM 7.68 TB at 322 TB/s · NVLink4 450 GB/s per device in groups of 8`;
 * undefined for a system without devices (nothing to total).
 */
export function systemLensTitle(system: SystemSpec): string | undefined {
  const t = systemTotals(system);
  if (!(t.devices > 0)) return undefined;
  const precisions = (['fp4', 'fp8', 'int8', 'bf16'] as const).filter((p) => t.compute[p]);
  const chain = fabricChain(system);
  const figures: Record<string, number> = {
    devices: t.devices,
    'HBM capacity': t.hbmBytes,
    'HBM bandwidth': t.hbmBandwidth,
  };
  for (const p of precisions) figures[`${p} compute`] = t.compute[p]!;
  for (const l of chain) figures[`${l.link.name} bandwidth`] = l.bandwidthPerDevice;
  const bad = figureOutOfRange(figures);
  if (bad) return `system totals unavailable: the ${bad} is out of range`;
  const compute = precisions.map((p) => `${p} ${formatQuantity(t.compute[p]!, 'compute')}`).join(', ');
  const levels = chain.map(
    (l) => `${l.link.name} ${rate(l.bandwidthPerDevice)} per device in groups of ${group(l.groupSize)}`,
  );
  return [
    `${group(t.devices)} devices`,
    ...(compute ? [compute] : []),
    `HBM ${bytes(t.hbmBytes)} at ${rate(t.hbmBandwidth)}`,
    ...levels,
  ].join(' · ');
}

/** Where the step goes: the rows of which the bound's share is one, summing to the step. */
function stepRows(e: WorkloadEstimate): string[] {
  const share = (t: number) => (e.stepTime > 0 ? pct(t / e.stepTime) : '—');
  const host = e.hostMemoryTime ?? 0;
  const overhead = Math.max(0, e.stepTime - e.computeTime - e.memoryTime - host - e.exposedCommTime);
  const mark = (kind: string) => (e.bound.kind === kind ? ' (the bound)' : '');
  const commTotal = e.levels.reduce((a, l) => a + l.time, 0);
  const hidden = Math.max(0, commTotal - e.exposedCommTime);
  const rows = [
    '| part of the step | time | share |',
    '|---|---:|---:|',
    `| compute-limited kernels${mark('compute')} | ${time(e.computeTime)} | ${share(e.computeTime)} |`,
    `| memory-bandwidth-limited kernels${mark('memory-bandwidth')} | ${time(e.memoryTime)} | ${share(e.memoryTime)} |`,
    ...(host > 0 ? [`| host-memory reads (offload)${mark('host-memory')} | ${time(host)} | ${share(host)} |`] : []),
    `| exposed communication | ${time(e.exposedCommTime)} | ${share(e.exposedCommTime)} |`,
    `| fixed overhead per layer | ${time(overhead)} | ${share(overhead)} |`,
    `| **step** | **${time(e.stepTime)}** | 100% |`,
  ];
  if (commTotal > 0) {
    rows.push(
      '',
      `Collectives take ${time(commTotal)} per step: ${time(e.exposedCommTime)} exposed (in the step above), ${time(hidden)} ` +
        `hidden behind kernels${hidden > 0 ? ' by two-batch overlap' : ''}. The level shares below are each level's collective time ` +
        'before overlap, divided by the step; a link bound uses that share.',
    );
  }
  return rows;
}

/** One SLO limit and its value: `ttft p90 1.9 s (limit 2 s)`, or `unbounded` when the queue never empties. */
function sloText(c: NonNullable<WorkloadEstimate['slo']>[number]): string {
  const at = c.percentile !== undefined ? ` p${String(+(c.percentile * 100).toFixed(2)).replace('.', '')}` : ' mean';
  return `${c.name}${at} ${c.unbounded ? 'unbounded' : time(c.value)} (limit ${time(c.limit)})`;
}

/** What `batch max` found: `89 per device (stopped by the tpot SLO)`; undefined without a search. */
export function batchMaxText(e: WorkloadEstimate): string | undefined {
  const b = e.batchSearch;
  if (!b || figureOutOfRange({ batch: b.batch })) return undefined;
  const slo = b.slo ?? (e.phase === 'prefill' ? 'ttft' : 'tpot');
  const why =
    b.stoppedBy === 'memory'
      ? 'memory'
      : b.stoppedBy === 'slo'
        ? `the ${slo} SLO`
        : b.stoppedBy === 'engine'
          ? 'the engine limits'
          : 'the search cap';
  return `${group(b.batch)} per device (stopped by ${why})`;
}

export function breakdownMarkdown(e: WorkloadEstimate): string {
  const lines: string[] = [`**${md(e.workload)}** (${e.phase}): ${md(lensTitle(e))}`, '', `_${e.modelled}_`, ''];
  const uncertainty = e.valid ? uncertaintyText(e) : undefined;
  if (uncertainty) lines.push(md(uncertainty), '');
  if (e.parallelism) lines.push(`Parallelism: ${md(e.parallelism)}.`, '');
  if (!e.valid) {
    lines.push(...e.reasons.map((r) => `- ${md(r)}`));
    return lines.join('\n');
  }
  lines.push(
    `Step ${time(e.stepTime)} · batch ${group(e.batchPerDevice)} per device (${group(e.batchGlobal)} total) · ${formatNumber(e.tokensPerStep)} tokens per sequence per step · compute at ${e.computePrecision}`,
    '',
  );
  lines.push(...stepRows(e), '');
  if (e.levels.length) {
    const per = e.ranks > e.devices ? 'rank' : 'device';
    lines.push(`Traffic per ${per}:`, '');
    lines.push(
      '| level | link | group | bytes/step | time | share | utilisation | latency/hop |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const l of e.levels) {
      const bound =
        e.bound.kind === 'link' && e.bound.levelName === l.levelName && e.bound.linkName === l.linkName
          ? ' (the bound)'
          : '';
      lines.push(
        `| ${md(l.levelName)}${bound} | ${md(l.linkName)} | ${group(l.groupSize)} | ${bytes(l.bytesPerStep)} | ${time(l.time)} | ${pct(l.shareOfStep)} | ${pct(l.utilisation)} | ${time(l.latencyPerHop)} |`,
      );
    }
    lines.push('');
  }
  lines.push('| operator | time | share | limited by |', '|---|---:|---:|---|');
  for (const o of e.operators) lines.push(`| ${o.class} | ${time(o.time)} | ${pct(o.share)} | ${o.limitedBy} |`);
  lines.push('', '| layer kind | layers | time | share |', '|---|---:|---:|---:|');
  for (const k of e.layerKinds) lines.push(`| ${k.kind} | ${group(k.layers)} | ${time(k.time)} | ${pct(k.share)} |`);
  const m = e.memory;
  const unit =
    e.ranks > e.devices
      ? `memory per rank (${formatNumber(e.ranks / Math.max(1, e.devices))} per device)`
      : 'memory per device';
  const used =
    m.capacity > 0 ? ` (${pct(m.total / m.capacity)}${e.bound.kind === 'memory-capacity' ? ', the bound' : ''})` : '';
  lines.push(
    '',
    `| ${unit} | bytes |`,
    '|---|---:|',
    `| weights | ${bytes(m.weights)} |`,
    `| KV cache | ${bytes(m.kvCache)} |`,
    `| activations | ${bytes(m.activations)} |`,
    `| reserve | ${bytes(m.reserve)} |`,
    `| **total** / capacity | **${bytes(m.total)}** / ${bytes(m.capacity)}${used}${m.fits ? '' : ' (does not fit)'} |`,
  );
  if (m.host) {
    const h = m.host;
    lines.push(
      '',
      '| host memory (offload) | bytes |',
      '|---|---:|',
      `| weights | ${bytes(h.weights)} |`,
      `| KV cache | ${bytes(h.kvCache)} |`,
      `| **total** / capacity | **${bytes(h.total)}** / ${bytes(h.capacity)}${h.fits ? '' : ' (does not fit)'} |`,
    );
  }
  if (e.batchSearch)
    lines.push('', `batch max: ${batchMaxText(e)}; memory allows ${group(e.batchSearch.memoryLimit)} per device`);
  if (e.slo?.length) lines.push('', `SLO: ${e.slo.map(sloText).join(' · ')}`);
  if (e.notes.length) lines.push('', ...e.notes.map((n) => `- ${md(n)}`));
  return lines.join('\n');
}

export function parallelDegreeHover(
  w: WorkloadSpec,
  degree: 'tp' | 'pp' | 'ep' | 'dp' | 'adp',
  estimate?: WorkloadEstimate,
): string {
  const n = w.parallel[degree];
  const setup = setupWorkload(w);
  const chain = setup.step.chain;
  // adp replicas each span one attention tensor-parallel group (tp x dp / adp ranks) per pipeline stage.
  const replica = degree === 'adp' ? setup.step.tp * w.parallel.pp : w.parallel.tp * w.parallel.pp;
  const size =
    degree === 'pp'
      ? 2 * Math.max(1, w.parallel.tp)
      : degree === 'dp' || degree === 'adp'
        ? n * Math.max(1, replica)
        : n;
  const spanned = levelsSpannedBy(chain, size);
  const lines = [`**${degree} ${group(n)}**: ${spanned.length ? 'spans' : 'stays on one device'}`, ''];
  for (const s of spanned) {
    const traffic = estimate?.levels.find((l) => l.levelName === s.level.levelName);
    const mine =
      traffic?.collectives.filter((c) => (degree === 'ep' ? c.kind.startsWith('ep') : c.kind.startsWith(degree))) ?? [];
    const b = mine.reduce((a, c) => a + c.bytes, 0),
      t = mine.reduce((a, c) => a + c.time, 0);
    const share = estimate ? ` (${pct(estimate.stepTime > 0 ? t / estimate.stepTime : 0)})` : '';
    const where = `${md(s.level.levelName)} (${md(s.level.link.name)}, ${group(s.inside / s.below)} groups of ${group(s.below)})`;
    lines.push(`- ${where}${mine.length ? `: ${bytes(b)} and ${time(t)} per step${share}` : ''}`);
  }
  return lines.join('\n');
}

export function fabricLoadMarkdown(level: FabricLevel, estimates: WorkloadEstimate[]): string {
  const head = `**${md(level.levelName)}** on ${md(level.link.name)}: ${rate(level.bandwidthPerDevice)} per device, ${time(level.latency)} per hop, ${group(level.groupSize)} devices per group`;
  const lines = [head];
  const rows = estimates
    .map((e) => ({ e, l: e.levels.find((x) => x.levelName === level.levelName && x.linkName === level.link.name) }))
    .filter((r) => r.l);
  if (!rows.length) return [...lines, '', 'No workload puts traffic here.'].join('\n');
  lines.push('', '| workload | bytes/step | time | share | utilisation |', '|---|---:|---:|---:|---:|');
  for (const { e, l } of rows)
    lines.push(
      `| ${md(e.workload)} | ${bytes(l!.bytesPerStep)} | ${time(l!.time)} | ${pct(l!.shareOfStep)} | ${pct(l!.utilisation)} |`,
    );
  return lines.join('\n');
}

export function estimateJson(e: WorkloadEstimate): string {
  return JSON.stringify(e, (k, v) => (k === 'span' ? undefined : v), 2);
}

export function estimateText(e: WorkloadEstimate): string {
  return markdownToText(breakdownMarkdown(e));
}
