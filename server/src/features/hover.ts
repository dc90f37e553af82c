// Hovers: quantities normalised with conversions, and names with what their definition says.
import { Hover, MarkupKind } from './protocol';
import { Atom, Field } from '../syntax/ast';
import { FileAnalysis, Workspace } from '../semantics/program';
import { SpecsByKind } from '../semantics/scope';
import { escapeMarkdown as md } from '../analysis/markdown';
import { Dimension, formatNumber, formatQuantity, unitInfo } from '../semantics/units';
import { DeclarationKind } from '../syntax/ast';
import { describeAccelerator, describeLink, describeModel, describeSystem, describeWorkload } from './describe';
import { describeCompare } from './decisions';
import { atomAt, declarationNameAt, fieldPathAt, referenceAt } from './locate';
import { toRange } from './ranges';

/** Extra hover sections contributed by later analyses (the estimator), keyed by declaration kind. */
export type HoverExtension = (analysis: FileAnalysis, offset: number) => string | undefined;

export function hoverAt(
  workspace: Workspace,
  analysis: FileAnalysis,
  offset: number,
  extensions: HoverExtension[] = [],
): Hover | null {
  const file = analysis.file;
  const extra = extensions.map((e) => e(analysis, offset)).filter((s): s is string => !!s);
  const ref = referenceAt(analysis, offset);
  if (ref) {
    const target = workspace.analyse(ref.target.uri);
    const spec = target?.specs[ref.kind].get(ref.name);
    if (spec) return markdown(describe(ref.kind, spec), toRange(file, ref.span));
  }
  const decl = declarationNameAt(analysis.file, offset);
  if (decl?.name) {
    const spec = analysis.specs[decl.kind].get(decl.name.text);
    const body = spec ? describe(decl.kind, spec) : `**${decl.kind} ${md(decl.name.text)}** (has errors)`;
    return markdown([body, ...extra].join('\n\n---\n\n'), toRange(file, decl.name.span));
  }
  const path = fieldPathAt(analysis.file, offset);
  const field = path?.fields[path.fields.length - 1]?.field;
  if (field) {
    const q = quantityAt(field, offset);
    if (q) return markdown(q.markdown, toRange(file, q.span));
  }
  if (extra.length) return markdown(extra.join('\n\n---\n\n'));
  return null;
}

function markdown(value: string, range?: Hover['range']): Hover {
  return range
    ? { contents: { kind: MarkupKind.Markdown, value }, range }
    : { contents: { kind: MarkupKind.Markdown, value } };
}

export function describe<K extends DeclarationKind>(kind: K, spec: SpecsByKind[K]): string {
  switch (kind) {
    case 'accelerator':
      return describeAccelerator(spec as SpecsByKind['accelerator']);
    case 'link':
      return describeLink(spec as SpecsByKind['link']);
    case 'system':
      return describeSystem(spec as SpecsByKind['system']);
    case 'model':
      return describeModel(spec as SpecsByKind['model']);
    case 'compare':
      return describeCompare(spec as SpecsByKind['compare']);
    default:
      return describeWorkload(spec as SpecsByKind['workload']);
  }
}

const conversions: Partial<Record<Dimension, string[]>> = {
  bandwidth: ['GB/s', 'Gb/s', 'TB/s'],
  bytes: ['GB', 'GiB', 'TB'],
  compute: ['TFLOPS', 'PFLOPS'],
  time: ['ns', 'µs', 'ms'],
};

/** The quantity whose number or unit is under the cursor, with its normalised value and conversions. */
function quantityAt(
  field: Field,
  offset: number,
): { markdown: string; span: { start: number; end: number } } | undefined {
  const hit = atomAt(field, offset);
  if (!hit) return undefined;
  let i = hit.index;
  const args = field.args;
  if (args[i].kind !== 'number') {
    // On a unit: step back to its number (`GB`, or `s` of `GB/s`).
    while (i > 0 && args[i].kind !== 'number' && i > hit.index - 3) i--;
    if (args[i].kind !== 'number') return undefined;
  }
  const num = args[i] as Extract<Atom, { kind: 'number' }>;
  const unit = unitAfter(args, i);
  const written = md(num.text);
  if (!unit) {
    return num.value >= 1e4 || /[KMBT]$/.test(num.text)
      ? { markdown: `**${written}** = ${formatNumber(num.value)}`, span: num.span }
      : undefined;
  }
  const info = unitInfo(unit.text)!;
  const base = num.value * info.factor;
  const span = { start: num.span.start, end: unit.end };
  const quantity = `${written} ${md(unit.text)}`;
  if (!Number.isFinite(base)) return { markdown: `**${quantity}** is too large to represent`, span };
  const normalised = formatQuantity(base, info.dimension);
  const lines = [`**${quantity}** (${info.dimension}) = ${normalised}`];
  const others = (conversions[info.dimension] ?? [])
    .filter((u) => u !== unit.text)
    .map((u) => `${formatNumber(base / unitInfo(u)!.factor, 4)} ${u}`)
    .filter((text) => text !== normalised);
  if (others.length) lines.push('', ...others.map((text) => `- = ${text}`));
  if (info.bits) lines.push('', 'Written in bits: link bandwidths are usually quoted in bytes (8 bits per byte).');
  return { markdown: lines.join('\n'), span };
}

function unitAfter(args: Atom[], i: number): { text: string; end: number } | undefined {
  const a = args[i + 1];
  if (!a) return undefined;
  if (a.kind === 'punct' && a.text === '%') return { text: '%', end: a.span.end };
  if (a.kind !== 'word') return undefined;
  const slash = args[i + 2];
  const per = args[i + 3];
  if (slash?.kind === 'punct' && slash.text === '/' && per?.kind === 'word' && unitInfo(`${a.text}/${per.text}`))
    return { text: `${a.text}/${per.text}`, end: per.span.end };
  return unitInfo(a.text) ? { text: a.text, end: a.span.end } : undefined;
}
