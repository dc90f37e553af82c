// Markdown descriptions of definitions for hovers: accelerators, links, systems with totals, models, workloads.
import { fabricChain, systemTotals } from '../analysis/layout';
import { escapeMarkdown as md, lineBreaks } from '../analysis/markdown';
import { parameterCounts } from '../semantics/params';
import { systemPower } from '../semantics/system-shape';
import { formatCount, formatNumber, formatQuantity } from '../semantics/units';
import { AcceleratorSpec, LinkSpec, ModelSpec, precisions, SystemSpec, WorkloadSpec } from '../semantics/types';

const sourceLine = (source?: string) => (source ? `\n\n*Source:* ${md(source)}` : '');

export function describeAccelerator(a: AcceleratorSpec): string {
  const compute = precisions
    .filter((p) => a.compute[p])
    .map((p) => `| ${p} | ${formatQuantity(a.compute[p]!, 'compute')} |`);
  return (
    [
      `**accelerator ${md(a.name)}**${a.dies > 1 ? ` (${formatNumber(a.dies)} dies)` : ''}`,
      '',
      ...(compute.length ? ['| precision | dense peak |', '|---|---:|', ...compute, ''] : []),
      `Memory: ${formatQuantity(a.memoryBytes, 'bytes')} at ${formatQuantity(a.memoryBandwidth, 'bandwidth')}${a.powerWatts ? ` · power ${formatQuantity(a.powerWatts, 'power')}` : ''}`,
      ...(a.host
        ? [
            '',
            `Host memory: ${formatQuantity(a.host.memoryBytes, 'bytes')} at ${formatQuantity(a.host.bandwidth, 'bandwidth')} (for \`offload\`)`,
          ]
        : []),
    ].join('\n') + sourceLine(a.source)
  );
}

export function describeLink(l: LinkSpec): string {
  const bits = `${formatNumber((l.bandwidth * 8) / 1e9)} Gb/s`;
  return (
    [
      `**link ${md(l.name)}** (${l.family}${l.medium ? `, ${l.medium}` : ''})`,
      '',
      lineBreaks([
        `Bandwidth per device, each direction: ${formatQuantity(l.bandwidth, 'bandwidth')} (= ${bits})`,
        `Latency per hop: ${formatQuantity(l.latency, 'time')}${l.efficiency !== undefined ? ` · efficiency ${formatQuantity(l.efficiency, 'ratio')}` : ''}`,
      ]),
    ].join('\n') + sourceLine(l.source)
  );
}

export function describeSystem(s: SystemSpec): string {
  const totals = systemTotals(s);
  const chain = fabricChain(s);
  const compute = precisions
    .filter((p) => totals.compute[p])
    .map((p) => `${p} ${formatQuantity(totals.compute[p]!, 'compute')}`);
  const levels = chain.map(
    (l) =>
      `| ${md(l.levelName)} | ${md(l.link.name)} | ${formatNumber(l.groupSize)} | ${formatQuantity(l.bandwidthPerDevice, 'bandwidth')} | ${formatQuantity(l.latency, 'time')} |`,
  );
  const kinds = totals.accelerators.map((a) => `${formatNumber(a.count)} x ${md(a.name)}`).join(', ');
  return (
    [
      `**system ${md(s.name)}**: ${formatNumber(totals.devices)} devices${kinds ? ` (${kinds})` : ''}`,
      '',
      lineBreaks([
        `Compute (dense): ${compute.join(' · ') || 'n/a'}`,
        `HBM: ${formatQuantity(totals.hbmBytes, 'bytes')} at ${formatQuantity(totals.hbmBandwidth, 'bandwidth')} in all`,
        ...powerLines(s),
      ]),
      '',
      ...(levels.length
        ? [
            '| level | link | devices per group | bandwidth per device | latency |',
            '|---|---|---:|---:|---:|',
            ...levels,
          ]
        : ['No fabric: devices do not talk to each other.']),
    ].join('\n') + sourceLine(s.source)
  );
}

/** The system's power as its levels declare it, and its price, when the file gives them. */
function powerLines(s: SystemSpec): string[] {
  const p = systemPower(s);
  const lines: string[] = [];
  if (p.missing) lines.push(`Power: unknown (${md(p.missing)} gives no board power and no \`power total\` covers it)`);
  else if (p.watts > 0 && Number.isFinite(p.watts))
    lines.push(
      `Power: ${formatQuantity(p.watts, 'power')}${p.declared ? '' : " (the accelerators' board power only)"}`,
    );
  if (s.price) lines.push(`Price: ${formatNumber(s.price.amount)} usd per ${s.price.per}`);
  return lines;
}

export function kvBytesPerTokenPerLayer(m: ModelSpec, elementBytes: number): number {
  const a = m.attention;
  if (a.kind === 'mla') return ((a.kvRank ?? 512) + (a.ropeDim ?? 0)) * elementBytes;
  return 2 * a.kvHeads * a.headDim * elementBytes;
}

export function describeModel(m: ModelSpec): string {
  const p = parameterCounts(m);
  const a = m.attention;
  const n = formatNumber;
  const attention =
    a.kind === 'mla'
      ? `MLA, ${n(a.heads)} heads, q rank ${a.qRank === undefined ? '-' : n(a.qRank)}, kv rank ${n(a.kvRank ?? 0)}, rope ${n(a.ropeDim ?? 0)}`
      : `${a.kind.toUpperCase()}, ${n(a.heads)} heads, ${n(a.kvHeads)} KV heads, head dim ${n(a.headDim)}`;
  const moe = m.moe
    ? `MoE: ${n(m.moe.experts)} experts, ${n(m.moe.active)} active, ${n(m.moe.shared)} shared, expert FFN ${n(m.moe.expertFfn)}, ${n(m.moe.denseLayers)} dense layers`
    : `Dense FFN ${m.ffn === undefined ? 'not given' : n(m.ffn)}`;
  return (
    [
      `**model ${md(m.name)}**: ${n(m.layers)} layers, hidden ${n(m.hidden)}, vocab ${n(m.vocab)}`,
      '',
      lineBreaks([
        `Attention: ${attention}`,
        moe,
        `Parameters (computed): ${formatCount(p.total)} total, ${formatCount(p.active)} active per token${m.declaredParams ? ` · declared ${formatCount(m.declaredParams)}` : ''}`,
        `KV cache per token: ${formatQuantity(kvBytesPerTokenPerLayer(m, 2) * m.layers, 'bytes')} at bf16`,
      ]),
    ].join('\n') + sourceLine(m.source)
  );
}

export function describeWorkload(w: WorkloadSpec): string {
  const p = w.parallel;
  const degrees =
    (['tp', 'pp', 'ep', 'dp'] as const)
      .filter((k) => p[k] > 1)
      .map((k) => `${k} ${formatNumber(p[k])}`)
      .join(' ') || 'none';
  const batch =
    w.batch.mode === 'max'
      ? 'max (largest that fits and meets the SLO)'
      : `${formatNumber(w.batch.value)} ${w.batch.mode === 'global' ? 'global' : 'per device'}`;
  const where = `${md(w.model.name)} on ${formatNumber(w.devices)} x ${md(w.accelerator.name)} of ${md(w.system.name)}`;
  return [
    `**workload ${md(w.name)}**: ${where} (${formatNumber(w.ranks)} ranks)`,
    '',
    lineBreaks([
      `Phase ${w.phase} · precision weights ${w.precision.weights}, activations ${w.precision.activations}, KV ${w.precision.kv}`,
      `Parallel ${degrees} · batch ${batch}`,
    ]),
  ].join('\n');
}
