// Markdown descriptions of definitions for hovers: accelerators, links, systems with totals, models, workloads.
import { fabricChain, systemTotals } from '../analysis/layout';
import { parameterCounts } from '../semantics/params';
import { formatCount, formatQuantity } from '../semantics/units';
import { AcceleratorSpec, LinkSpec, ModelSpec, precisions, SystemSpec, WorkloadSpec } from '../semantics/types';

const sourceLine = (source?: string) => (source ? `\n\n*Source:* ${source}` : '');

export function describeAccelerator(a: AcceleratorSpec): string {
  const compute = precisions.filter((p) => a.compute[p]).map((p) => `| ${p} | ${formatQuantity(a.compute[p]!, 'compute')} |`);
  return [
    `**accelerator ${a.name}**${a.dies > 1 ? ` (${a.dies} dies)` : ''}`,
    '',
    '| precision | dense peak |',
    '|---|---|',
    ...compute,
    '',
    `Memory: ${formatQuantity(a.memoryBytes, 'bytes')} at ${formatQuantity(a.memoryBandwidth, 'bandwidth')}${a.powerWatts ? ` · power ${formatQuantity(a.powerWatts, 'power')}` : ''}`,
  ].join('\n') + sourceLine(a.source);
}

export function describeLink(l: LinkSpec): string {
  const bits = formatQuantity(l.bandwidth * 8, 'bandwidth').replace('B/s', 'b/s');
  return [
    `**link ${l.name}** (${l.family}${l.medium ? `, ${l.medium}` : ''})`,
    '',
    `Bandwidth per device, each direction: ${formatQuantity(l.bandwidth, 'bandwidth')} (= ${bits})`,
    `Latency per hop: ${formatQuantity(l.latency, 'time')}${l.efficiency !== undefined ? ` · efficiency ${formatQuantity(l.efficiency, 'ratio')}` : ''}`,
  ].join('\n') + sourceLine(l.source);
}

export function describeSystem(s: SystemSpec): string {
  const totals = systemTotals(s);
  const chain = fabricChain(s);
  const compute = precisions.filter((p) => totals.compute[p]).map((p) => `${p} ${formatQuantity(totals.compute[p]!, 'compute')}`);
  const levels = chain.map((l) => `| ${l.levelName} | ${l.link.name} | ${l.groupSize.toLocaleString('en-US')} | ${formatQuantity(l.bandwidthPerDevice, 'bandwidth')} | ${formatQuantity(l.latency, 'time')} |`);
  return [
    `**system ${s.name}**: ${totals.devices.toLocaleString('en-US')} devices (${totals.accelerators.map((a) => `${a.count.toLocaleString('en-US')} x ${a.name}`).join(', ')})`,
    '',
    `Compute (dense): ${compute.join(' · ') || 'n/a'}`,
    `HBM: ${formatQuantity(totals.hbmBytes, 'bytes')} at ${formatQuantity(totals.hbmBandwidth, 'bandwidth')} in all`,
    '',
    ...(levels.length ? ['| level | link | devices per group | bandwidth per device | latency |', '|---|---|---|---|---|', ...levels] : ['No fabric: devices do not talk to each other.']),
  ].join('\n') + sourceLine(s.source);
}

export function kvBytesPerTokenPerLayer(m: ModelSpec, elementBytes: number): number {
  const a = m.attention;
  if (a.kind === 'mla') return ((a.kvRank ?? 512) + (a.ropeDim ?? 0)) * elementBytes;
  return 2 * a.kvHeads * a.headDim * elementBytes;
}

export function describeModel(m: ModelSpec): string {
  const p = parameterCounts(m);
  const a = m.attention;
  const attention = a.kind === 'mla'
    ? `MLA, ${a.heads} heads, q rank ${a.qRank ?? '-'}, kv rank ${a.kvRank}, rope ${a.ropeDim}`
    : `${a.kind.toUpperCase()}, ${a.heads} heads, ${a.kvHeads} KV heads, head dim ${a.headDim}`;
  const moe = m.moe ? `MoE: ${m.moe.experts} experts, ${m.moe.active} active, ${m.moe.shared} shared, expert FFN ${m.moe.expertFfn}, ${m.moe.denseLayers} dense layers` : `Dense FFN ${m.ffn}`;
  return [
    `**model ${m.name}**: ${m.layers} layers, hidden ${m.hidden}, vocab ${m.vocab.toLocaleString('en-US')}`,
    '',
    `Attention: ${attention}`,
    moe,
    `Parameters (computed): ${formatCount(p.total)} total, ${formatCount(p.active)} active per token${m.declaredParams ? ` · declared ${formatCount(m.declaredParams)}` : ''}`,
    `KV cache per token: ${formatQuantity(kvBytesPerTokenPerLayer(m, 2) * m.layers, 'bytes')} at bf16`,
  ].join('\n') + sourceLine(m.source);
}

export function describeWorkload(w: WorkloadSpec): string {
  const p = w.parallel;
  const degrees = (['tp', 'pp', 'ep', 'dp'] as const).filter((k) => p[k] > 1).map((k) => `${k} ${p[k]}`).join(' ') || 'none';
  const batch = w.batch.mode === 'max' ? 'max (largest that fits and meets the SLO)' : `${w.batch.value} ${w.batch.mode === 'global' ? 'global' : 'per device'}`;
  return [
    `**workload ${w.name}**: ${w.model.name} on ${w.devices.toLocaleString('en-US')} x ${w.accelerator.name} of ${w.system.name} (${w.ranks.toLocaleString('en-US')} ranks)`,
    '',
    `Phase ${w.phase} · precision weights ${w.precision.weights}, activations ${w.precision.activations}, KV ${w.precision.kv} · parallel ${degrees} · batch ${batch}`,
  ].join('\n');
}
