// Decisions in the editor: lenses for layout searches and comparisons, the comparison hover, and the best-layout rewrite.
import { CodeAction, CodeActionKind, CodeLens, Command } from './protocol';
import { compareSystems, Comparison, comparisonCurves } from '../analysis/compare';
import { compareLensTitle, compareMarkdown, layoutText, searchLensTitle } from '../analysis/decision-report';
import { Degrees, mostShardedFit, searchLayouts, SearchResult } from '../analysis/search';
import { Curve } from '../analysis/sweep';
import { formatQuantity } from '../semantics/units';
import { diagnostic, TopoDiagnostic } from '../semantics/diagnostics';
import { FileAnalysis } from '../semantics/program';
import { CompareSpec, WorkloadSpec } from '../semantics/types';
import { Span } from '../syntax/ast';
import { workloadField } from './finding-fixes';
import { ContentCache, specHash } from './content-cache';
import { toRange } from './ranges';

/**
 * Searches and comparisons (and a comparison's curves) depend only on the specs they read (no positions), so they
 * are cached by that content across versions and files: a lens request after an edit elsewhere costs a lookup. They
 * are never computed on the diagnostics path, only for lenses, hovers, code actions and the panel.
 */
type Decision = SearchResult | Comparison | { name: string; curve: Curve }[];
const cache = new ContentCache<Decision>(256);

function cached<T extends Decision>(kind: string, spec: object, run: () => T): T {
  const key = `${kind} ${specHash(spec)}`;
  const hit = cache.get(key);
  if (hit) return hit as T;
  const value = run();
  cache.set(key, value);
  return value;
}

export function layoutSearchOf(w: WorkloadSpec): SearchResult {
  return cached('search', w, () => searchLayouts(w, w.parallel.search));
}

export function comparisonOf(c: CompareSpec): Comparison {
  return cached('compare', c, () => compareSystems(c));
}

/** Each ranked system's curve at its layout (one sweep per system), for the chart of a comparison. */
export function comparisonCurvesOf(c: CompareSpec): { name: string; curve: Curve }[] {
  return cached('compare-curves', c, () => comparisonCurves(c, comparisonOf(c)));
}

/** What a decision lens is about: a workload's layout search, or a comparison. */
export type DecisionKind = 'search' | 'compare';

/**
 * Where the decision lenses go, without computing them: above each workload of this file that writes
 * `parallel search` (on that field), and above each comparison. Titled by `decisionCommand`.
 */
export function decisionPlaces(analysis: FileAnalysis): { kind: DecisionKind; name: string; span: Span }[] {
  const places: { kind: DecisionKind; name: string; span: Span }[] = [];
  for (const w of analysis.specs.workload.values()) {
    if (!w.parallel.search || w.site.uri !== analysis.uri) continue;
    const field = workloadField(analysis.file, w, 'parallel');
    if (field) places.push({ kind: 'search', name: w.name, span: field.nameSpan });
  }
  for (const decl of analysis.file.declarations) {
    if (decl.kind === 'compare' && decl.name && analysis.specs.compare.has(decl.name.text))
      places.push({ kind: 'compare', name: decl.name.text, span: decl.keywordSpan });
  }
  return places;
}

/** A decision lens's command: the search's best layout or the comparison's ranking; undefined when it is gone. */
export function decisionCommand(analysis: FileAnalysis, kind: DecisionKind, name: string): Command | undefined {
  if (kind === 'search') {
    const w = analysis.specs.workload.get(name);
    return w?.parallel.search ? { title: searchLensTitle(layoutSearchOf(w)), command: '' } : undefined;
  }
  const c = analysis.specs.compare.get(name);
  return c && { title: compareLensTitle(comparisonOf(c)), command: '' };
}

/** A lens above each workload that writes `parallel search`, and above each comparison, ranking its systems. */
export function decisionLenses(analysis: FileAnalysis): CodeLens[] {
  return decisionPlaces(analysis).flatMap(({ kind, name, span }) => {
    const command = decisionCommand(analysis, kind, name);
    return command ? [{ range: toRange(analysis.file, span), command }] : [];
  });
}

/** The hover of a comparison's name: its table. */
export function describeCompare(c: CompareSpec): string {
  return compareMarkdown(comparisonOf(c));
}

/** `parallel tp 4 pp 2 ep 160 dp 40 adp 40`, with only the degrees that are not 1 besides dp. */
export function layoutFieldText(d: Degrees): string {
  const parts = (['tp', 'pp', 'ep'] as const).filter((k) => d[k] > 1).map((k) => `${k} ${d[k]}`);
  parts.push(`dp ${d.dp}`);
  if (d.adp !== d.dp) parts.push(`adp ${d.adp}`);
  return parts.join(' ');
}

/**
 * On a workload's `parallel` field: write the best layout the search finds, when it beats the written one (or the
 * field asks for a search). Never a layout the estimator cannot model: the search keeps only valid estimates.
 */
export function layoutRewrites(uri: string, analysis: FileAnalysis, span: Span): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const w of analysis.specs.workload.values()) {
    if (w.site.uri !== analysis.uri) continue;
    const field = workloadField(analysis.file, w, 'parallel');
    if (!field || field.block || !field.args.length || field.span.start > span.end || field.span.end < span.start)
      continue;
    const r = layoutSearchOf(w);
    if (!r.best) continue;
    const better = w.parallel.search || !r.written || r.best.point.perDevice > r.written.point.perDevice * 1.005;
    if (!better) continue;
    const value = { start: field.args[0].span.start, end: field.args[field.args.length - 1].span.end };
    const gain =
      r.written && !w.parallel.search
        ? `, +${Math.round((r.best.point.perDevice / r.written.point.perDevice - 1) * 100)}% over the written`
        : '';
    const perDevice = Math.round(r.best.point.perDevice).toLocaleString('en-US');
    const title = `Write the best layout: ${layoutText(r.best.layout)} (≈${perDevice} tok/s per device${gain})`;
    const edit = { range: toRange(analysis.file, value), newText: layoutFieldText(r.best.layout) };
    actions.push({ title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: [edit] } } });
  }
  return actions;
}

/**
 * TOPO520 where no layout can fit: on the `parallel` field of a searching workload, on a comparison's system line.
 * One operating point each (the most sharded layout at batch 1), never the search.
 */
export function decisionDiagnostics(analysis: FileAnalysis): TopoDiagnostic[] {
  const out: TopoDiagnostic[] = [];
  const check = (w: WorkloadSpec, span: Span, where: string) => {
    const r = mostShardedFit(w);
    if (!r || r.fits) return;
    const message =
      `no layout fits memory${where}: the weights alone, split evenly over all ${w.devices} devices, are ` +
      `${formatQuantity(r.evenWeights, 'bytes')} per device, ` +
      `and the most sharded layout (${layoutText(r.layout)}) needs ` +
      `${formatQuantity(r.need, 'bytes')} at batch 1; the device has ${formatQuantity(r.capacity, 'bytes')}`;
    out.push(diagnostic('TOPO520', 'error', message, span));
  };
  for (const w of analysis.specs.workload.values()) {
    const field =
      w.parallel.search && w.site.uri === analysis.uri ? workloadField(analysis.file, w, 'parallel') : undefined;
    if (field) check(w, field.span, '');
  }
  for (const c of analysis.specs.compare.values()) {
    if (c.site.uri !== analysis.uri || !c.search) continue;
    for (const e of c.entries) check(e.workload, e.span, ` on ${e.system.name}`);
  }
  return out;
}
