// The edits the estimator's findings suggest, and the `batch max` write-out: each replaces only value tokens.
import { WorkloadEstimate } from '../analysis/types';
import { Finding } from '../analysis/findings';
import { FixData } from '../semantics/diagnostics';
import { insertFieldFix } from '../semantics/scope';
import { WorkloadSpec } from '../semantics/types';
import { Block, Field, SourceFile, Span } from '../syntax/ast';

type Fix = NonNullable<FixData['fixes']>[number];

/** The workload's block in its file. */
function workloadBlock(file: SourceFile, w: WorkloadSpec): Block | undefined {
  return file.declarations.find((d) => d.kind === 'workload' && d.span.start === w.site.span.start)?.block;
}

/** The field the binder reads: the first of that name in the workload's block. */
export function workloadField(file: SourceFile, w: WorkloadSpec, name: string): Field | undefined {
  return workloadBlock(file, w)?.fields.find((f) => f.name === name);
}

/**
 * The span of a field's value tokens, which a fix may replace. None for a field that opens a block
 * (`batch{` swallows the fields after it): replacing that would delete them.
 */
function valueSpan(field: Field): Span | undefined {
  if (field.block || !field.args.length) return undefined;
  return { start: field.args[0].span.start, end: field.args[field.args.length - 1].span.end };
}

/** The number after a degree's key in the `parallel` field (`tp 16`), as written. */
function degreeValueSpan(field: Field, degree: string): Span | undefined {
  if (field.block) return undefined;
  const i = field.args.findIndex((a) => a.kind === 'word' && a.text === degree);
  const value = i === -1 ? undefined : field.args[i + 1];
  return value?.kind === 'number' ? value.span : undefined;
}

/** Replaces a field's value, or adds the field when the workload has none; nothing when the field opens a block. */
function setField(file: SourceFile, w: WorkloadSpec, name: string, value: string, title: string): Fix | undefined {
  const field = workloadField(file, w, name);
  if (field) {
    const span = valueSpan(field);
    if (span) return { title, span, newText: value };
    if (field.block) return undefined;
    return { title, span: { start: field.nameSpan.end, end: field.nameSpan.end }, newText: ` ${value}` };
  }
  const block = workloadBlock(file, w);
  return block && { ...insertFieldFix(file.text, block, `${name} ${value}`), title };
}

/** The edits a finding suggests: a smaller parallel degree, a batch that fits, a precision that fits. */
export function findingFixes(file: SourceFile, w: WorkloadSpec, f: Finding): Fix[] {
  const fixes: (Fix | undefined)[] = [];
  const data = f.data as { degree?: 'tp' | 'ep' | 'pp' | 'dp'; suggested?: number; precision?: string; batch?: number };
  if ((f.code === 'TOPO501' || f.code === 'TOPO504') && data.degree && data.suggested) {
    const parallel = workloadField(file, w, 'parallel');
    const span = parallel && degreeValueSpan(parallel, data.degree);
    const title = `Set ${data.degree} to ${data.suggested} (stays in the fast domain)`;
    if (span) fixes.push({ title, span, newText: String(data.suggested) });
  }
  if (f.code === 'TOPO502') {
    if (data.precision) {
      const value = `weights ${data.precision} activations ${w.precision.activations} kv ${w.precision.kv}`;
      fixes.push(setField(file, w, 'precision', value, `Switch to ${data.precision} weights`));
    }
    if (data.batch && workloadField(file, w, 'batch')) {
      const title = `Set the batch to ${data.batch} per device (fits memory)`;
      fixes.push(setField(file, w, 'batch', `${data.batch} per device`, title));
    }
  }
  return fixes.filter((x): x is Fix => x !== undefined);
}

/**
 * Writing out `batch max` as the batch it resolves to: an explicit rewrite the user asks for, not a fix
 * (fix-all never applies it). Offered on a `batch max` field when the workload has an estimate.
 */
export function batchMaxRewrite(file: SourceFile, w: WorkloadSpec, estimate: WorkloadEstimate): Fix | undefined {
  const field = workloadField(file, w, 'batch');
  const batch = estimate.batchSearch?.batch;
  if (!field || field.block || w.batch.mode !== 'max') return undefined;
  if (batch === undefined || !Number.isSafeInteger(batch) || batch < 1) return undefined;
  const max = field.args.find((a) => a.kind === 'word' && a.text === 'max');
  return max && { title: `Write out batch max: ${batch} per device`, span: max.span, newText: `${batch} per device` };
}
