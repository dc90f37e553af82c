// Inlay hints for derived values: a link in bits shows its bytes, a model its parameters, a level its devices, `batch max` its batch.
import { InlayHint, InlayHintKind } from './protocol';
import { Declaration, Field } from '../syntax/ast';
import { offsetAt, positionAt } from '../syntax/lines';
import { devicesPerInstance } from '../analysis/layout';
import { batchMaxText } from '../analysis/report';
import { parameterCounts } from '../semantics/params';
import { FileAnalysis } from '../semantics/program';
import { formatCount, formatQuantity } from '../semantics/units';
import { LevelSpec } from '../semantics/types';
import { workloadResult } from './estimates';
import type { FeatureRegistration } from './registry';

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const endOf = (f: Field) => (f.args.length ? f.args[f.args.length - 1].span.end : f.nameSpan.end);

/**
 * Hints of the declarations a range overlaps (all without a range), found by binary search: a request for the
 * visible lines costs what those lines hold, not what the file holds.
 */
export function inlayHints(analysis: FileAnalysis, range?: { start: number; end: number }): InlayHint[] {
  const out: InlayHint[] = [];
  const hint = (offset: number, label: string, tooltip: string) => {
    if (range && (offset < range.start || offset > range.end)) return;
    out.push({
      position: positionAt(analysis.file, offset),
      label,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip,
    });
  };
  const declarations = analysis.file.declarations;
  const to = range?.end ?? Infinity;
  for (
    let i = range ? firstEndingAfter(declarations, range.start) : 0;
    i < declarations.length && declarations[i].span.start <= to;
    i++
  ) {
    const decl = declarations[i];
    if (!decl.name || analysis.declarations.get(decl.name.text) !== decl) continue;
    if (decl.kind === 'link') linkHints(analysis, decl, hint);
    else if (decl.kind === 'model') {
      const m = analysis.specs.model.get(decl.name.text);
      if (!m) continue;
      const p = parameterCounts(m);
      hint(
        decl.name.span.end,
        `${formatCount(p.total)} params${m.moe ? `, ${formatCount(p.active)} active` : ''}`,
        'Parameter count computed from the architecture (norms and biases left out)',
      );
    } else if (decl.kind === 'system') systemHints(analysis, decl, hint);
    else if (decl.kind === 'workload') batchHint(analysis, decl, hint);
  }
  return out;
}

/** The index of the first declaration ending at or after an offset (declarations are in text order). */
function firstEndingAfter(declarations: readonly Declaration[], offset: number): number {
  let lo = 0;
  let hi = declarations.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (declarations[mid].span.end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Written `batch max`: the batch after it; left out (the default): after the workload's name, saying so. */
function batchHint(analysis: FileAnalysis, decl: Declaration, hint: Hint): void {
  const spec = analysis.specs.workload.get(decl.name!.text);
  if (!spec || spec.batch.mode !== 'max') return;
  const result = workloadResult(analysis, decl.name!.text);
  const found = result ? batchMaxText(result.estimate) : undefined;
  const label = spec.fieldSpans.batch ? `= ${found}` : `batch max = ${found}`;
  if (found)
    hint(spec.batch.span.end, label, 'The batch `batch max` found: the largest that fits memory and meets the SLO');
}

type Hint = (offset: number, label: string, tooltip: string) => void;

function linkHints(analysis: FileAnalysis, decl: Declaration, hint: Hint): void {
  const spec = analysis.specs.link.get(decl.name!.text);
  const field = decl.block?.fields.find((f) => f.name === 'bandwidth');
  if (!spec || !field || !spec.writtenInBits || !spec.bandwidth) return;
  hint(
    endOf(field),
    `= ${formatQuantity(spec.bandwidth, 'bandwidth')}`,
    'The bandwidth in bytes per second (8 bits per byte)',
  );
}

function systemHints(analysis: FileAnalysis, decl: Declaration, hint: Hint): void {
  const spec = analysis.specs.system.get(decl.name!.text);
  if (!spec) return;
  const total = devicesPerInstance(spec.root);
  if (total > 0) hint(decl.name!.span.end, `(${plural(total, 'device')})`, 'Devices in the whole system');
  const fieldsBySpan = new Map<number, Field>();
  const index = (fields: Field[]) => {
    for (const f of fields) {
      fieldsBySpan.set(f.span.start, f);
      if (f.block) index(f.block.fields);
    }
  };
  index(decl.block?.fields ?? []);
  const walk = (level: LevelSpec, parentInstances: number) => {
    const instances = parentInstances * level.count;
    const devices = instances * devicesPerInstance(level);
    const field = fieldsBySpan.get(level.span.start);
    if (field && devices > 0) {
      const label = `(${level.accelerator ? plural(devices, 'device') : `${plural(instances, level.kind)}, ${plural(devices, 'device')}`} in all)`;
      hint(
        endOf(field),
        label,
        `In the whole system: ${plural(instances, level.kind)} holding ${plural(devices, 'device')}`,
      );
    }
    for (const c of level.children) walk(c, instances);
  };
  for (const c of spec.root.children) walk(c, 1);
}

export const inlayHintsFeature: FeatureRegistration = {
  capabilities: { inlayHintProvider: true },
  register(services) {
    services.connection.languages.inlayHint.on((params) =>
      services.guard<InlayHint[]>('inlayHints', [], () => {
        if (!services.settings(params.textDocument.uri).inlayHints) return [];
        const analysis = services.analysis(params.textDocument.uri);
        if (!analysis) return [];
        return inlayHints(analysis, {
          start: offsetAt(analysis.file, params.range.start),
          end: offsetAt(analysis.file, params.range.end),
        });
      }),
    );
  },
};
