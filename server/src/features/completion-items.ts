// Completion texts: block snippets built from the schema's field snippets, and the key figures shown beside a name.
import { DeclarationKind, declarationKinds } from '../syntax/ast';
import { blockSchemas } from '../syntax/schema';
import { systemTotals } from '../analysis/layout';
import { parameterCounts } from '../semantics/params';
import { SpecsByKind } from '../semantics/scope';
import { formatCount, formatQuantity } from '../semantics/units';
import { AcceleratorSpec, LinkSpec, ModelSpec, precisions, SystemSpec } from '../semantics/types';

/** Shifts the tab stops of a snippet body by `by`; returns the body and the highest stop used. */
function renumber(body: string, by: number): { body: string; max: number } {
  let max = by;
  const out = body.replace(/\$\{(\d+)/g, (_, n: string) => {
    const k = Number(n) + by;
    max = Math.max(max, k);
    return `\${${k}`;
  });
  return { body: out, max };
}

function declarationSnippet(kind: DeclarationKind): string {
  if (kind === 'system')
    return 'system ${1:Name} {\n\tserver x ${2:4} {\n\t\tgpu ${3:H100} x ${4:8}\n\t\tfabric ${5:NVLink4}\n\t}\n\tfabric ${6:RoCE400}\n\t$0\n}';
  let stop = 1;
  const lines: string[] = [];
  // A model without `ffn` or `moe` has no FFN: the dense snippet writes `ffn` so that it binds without an error.
  const wanted = (name: string, required?: boolean) => required || (kind === 'model' && name === 'ffn');
  for (const field of blockSchemas[kind]) {
    if (!wanted(field.name, field.required)) continue;
    const { body, max } = renumber(field.snippet ?? '', stop);
    lines.push(`\t${field.name}${body}`);
    stop = max;
  }
  return `${kind} \${1:Name} {\n${lines.join('\n')}\n\t$0\n}`;
}

export const blockSnippets = Object.fromEntries(declarationKinds.map((k) => [k, declarationSnippet(k)])) as Record<
  DeclarationKind,
  string
>;

export function levelSnippet(level: string, device: boolean): string {
  return device ? `${level} \${1:H100} x \${2:8}` : `${level} x \${1:4} {\n\t$0\n}`;
}

function acceleratorDetail(a: AcceleratorSpec): string {
  const p = a.compute.bf16 ? 'bf16' : precisions.find((q) => a.compute[q]);
  const compute = p ? `${formatQuantity(a.compute[p]!, 'compute')} ${p}` : 'no compute';
  return `${compute} · ${formatQuantity(a.memoryBytes, 'bytes')} · ${formatQuantity(a.memoryBandwidth, 'bandwidth')}`;
}

function linkDetail(l: LinkSpec): string {
  return `${formatQuantity(l.bandwidth, 'bandwidth')} · ${formatQuantity(l.latency, 'time')} · ${l.family}`;
}

function systemDetail(s: SystemSpec): string {
  const totals = systemTotals(s);
  return `${totals.devices.toLocaleString('en-US')} devices${totals.accelerators.length ? ` · ${totals.accelerators.map((a) => a.name).join(', ')}` : ''}`;
}

function modelDetail(m: ModelSpec): string {
  const p = parameterCounts(m);
  const moe = m.moe ? ` · MoE ${m.moe.experts}/${m.moe.active} (${formatCount(p.active)} active)` : '';
  return `${formatCount(p.total)} params · ${m.layers} layers · ${m.attention.kind}${moe}`;
}

/** The key figures of a declaration: `989 TFLOPS bf16 · 80 GB · 3.35 TB/s` for an H100. */
export function nameDetail(kind: DeclarationKind, spec: SpecsByKind[DeclarationKind]): string {
  switch (kind) {
    case 'accelerator':
      return acceleratorDetail(spec as AcceleratorSpec);
    case 'link':
      return linkDetail(spec as LinkSpec);
    case 'system':
      return systemDetail(spec as SystemSpec);
    case 'model':
      return modelDetail(spec as ModelSpec);
    default:
      return kind;
  }
}
