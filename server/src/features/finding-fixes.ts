// The edits the estimator's findings suggest, and the `batch max` write-out: each replaces only value tokens.
import { WorkloadEstimate } from '../analysis/types';
import { Finding } from '../analysis/findings';
import { FixData } from '../semantics/diagnostics';
import { insertFieldFix } from '../semantics/scope';
import { resizeDegree } from '../semantics/relayout';
import { bytesPerElement, messageKinds, Precision, weightKinds, WorkloadSpec } from '../semantics/types';
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
  // A field that opened a block left unclosed (`phase decode{`) swallows whatever is added after it, where the binder
  // does not read it: adding the field there would be offered again after every fix.
  if (!block || block.fields.some((f) => f.block && !f.block.closed)) return undefined;
  return { ...insertFieldFix(file.text, block, `${name} ${value}`), title };
}

/** The edits a finding suggests: a smaller parallel degree, a batch that fits, a precision that fits. */
export function findingFixes(file: SourceFile, w: WorkloadSpec, f: Finding): Fix[] {
  const fixes: (Fix | undefined)[] = [];
  const data = f.data as { degree?: 'tp' | 'ep' | 'pp' | 'dp'; suggested?: number; precision?: string; batch?: number };
  if ((f.code === 'TOPO501' || f.code === 'TOPO504') && data.degree && data.suggested) {
    // One edit that keeps tp x pp x dp equal to the ranks (tp 16 dp 1 becomes tp 8 dp 2), or none.
    fixes.push(resizeDegree(file.text, w.parallel, w.ranks, data.degree, data.suggested, 'stays in the fast domain'));
  }
  if (f.code === 'TOPO502') {
    if (data.precision) fixes.push(...precisionFixes(file, w, data.precision as Precision));
    if (data.batch && workloadField(file, w, 'batch')) {
      const title = `Set the batch to ${data.batch} per device (fits memory)`;
      fixes.push(setField(file, w, 'batch', `${data.batch} per device`, title));
    }
  }
  return fixes.filter((x): x is Fix => x !== undefined);
}

/**
 * Smaller weights that fit memory: weights only (activations and KV as they are), and weights with activations
 * (W8A8), which also runs the matmuls at that precision. W8A8 comes first where the accelerator computes at that
 * precision; weights only comes first where it does not (the weights are widened to compute).
 */
function precisionFixes(file: SourceFile, w: WorkloadSpec, p: Precision): (Fix | undefined)[] {
  // Layer kinds and messages written at their own precision (`experts fp4`) keep it.
  const own = [...weightKinds, ...messageKinds]
    .filter((k) => w.precision[k])
    .map((k) => ` ${k} ${w.precision[k]}`)
    .join('');
  const edit = (title: string, activations: Precision) =>
    setField(file, w, 'precision', `weights ${p} activations ${activations} kv ${w.precision.kv}${own}`, title);
  const weightsOnly = edit(`Switch to ${p} weights`, w.precision.activations);
  if (w.precision.activations === p) return [weightsOnly];
  const computes = (w.accelerator.compute[p] ?? 0) > 0;
  const bits = bytesPerElement[p] * 8;
  const why = computes ? `, ${w.accelerator.name} computes in ${p}` : '';
  const both = edit(`Switch to ${p} weights and activations (W${bits}A${bits}${why})`, p);
  return computes ? [both, weightsOnly] : [weightsOnly, both];
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
