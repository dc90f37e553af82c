// The estimator in the editor: bottleneck diagnostics, code lenses and breakdown hovers.
import { CodeLens } from 'vscode-languageserver';
import { estimateWorkload } from '../analysis/estimate';
import { Finding, workloadFindings } from '../analysis/findings';
import { fabricChain } from '../analysis/layout';
import { breakdownMarkdown, fabricLoadMarkdown, lensTitle, parallelDegreeHover, systemLensTitle } from '../analysis/report';
import { WorkloadEstimate } from '../analysis/types';
import { diagnostic, FixData, TopoDiagnostic } from '../semantics/diagnostics';
import { FileAnalysis } from '../semantics/program';
import { SystemSpec, WorkloadSpec } from '../semantics/types';
import { Span } from '../syntax/ast';
import { diagnosticSources } from './diagnostics';
import { findingFixes } from './finding-fixes';
import { decisionDiagnostics, decisionLenses } from './decisions';
import { declarationNameAt } from './locate';
import { containsOffset, toRange } from './ranges';
import type { FeatureRegistration } from './registry';
import { Services } from './services';

export const SHOW_BREAKDOWN_COMMAND = 'topo.showBreakdown';
export const SHOW_SYSTEM_COMMAND = 'topo.showSystem';

export interface WorkloadResult {
  spec: WorkloadSpec;
  estimate: WorkloadEstimate;
}

/**
 * Estimates and findings depend only on the workload's own text and on the model and system it names, so
 * they are cached by that content across document versions: a keystroke re-estimates only what it touched.
 * Findings are kept with spans relative to the start of their workload declaration.
 */
interface CachedResult {
  estimate: WorkloadEstimate;
  findings: Map<number, Finding[]>;
}
const byContent = new Map<string, CachedResult>();
const MAX_CACHED = 4096;
/** Per analysis: the spec and the cached result of each workload. */
const perAnalysis = new WeakMap<FileAnalysis, Map<string, WorkloadResult & { cached: CachedResult }>>();
const specKeys = new WeakMap<object, string>();

/** A content key of a model or system spec: its fields without source positions, memoised per object. */
function specKey(spec: object): string {
  let key = specKeys.get(spec);
  if (key === undefined) {
    key = JSON.stringify(spec, (k, v) => (k === 'site' || k === 'span' || k === 'spans' || k === 'fieldSpans' || k === 'nameSpan' ? undefined : v));
    specKeys.set(spec, key);
  }
  return key;
}

function contentKey(text: string, w: WorkloadSpec): string {
  return `${text.slice(w.site.span.start, w.site.span.end)}\u0000${specKey(w.model)}\u0000${specKey(w.system)}`;
}

function resultsOf(analysis: FileAnalysis): Map<string, WorkloadResult & { cached: CachedResult }> {
  let results = perAnalysis.get(analysis);
  if (!results) {
    results = new Map();
    for (const [name, spec] of analysis.specs.workload) {
      const key = contentKey(analysis.file.text, spec);
      let cached = byContent.get(key);
      if (!cached) {
        if (byContent.size >= MAX_CACHED) byContent.clear();
        cached = { estimate: estimateWorkload(spec), findings: new Map() };
        byContent.set(key, cached);
      }
      results.set(name, { spec, estimate: cached.estimate, cached });
    }
    perAnalysis.set(analysis, results);
  }
  return results;
}

export function estimatesOf(analysis: FileAnalysis): Map<string, WorkloadResult> {
  return resultsOf(analysis);
}

const shift = (span: Span, by: number): Span => ({ start: span.start + by, end: span.end + by });

/** Findings as diagnostics, each carrying the edits its quick fixes apply. */
export function estimateDiagnostics(analysis: FileAnalysis, threshold: number): TopoDiagnostic[] {
  const out: TopoDiagnostic[] = [];
  for (const { spec, estimate, cached } of resultsOf(analysis).values()) {
    // A searched layout is not written: findings of the default degrees would be about nothing in the file.
    if (spec.parallel.search) continue;
    const origin = spec.site.span.start;
    let relative = cached.findings.get(threshold);
    if (!relative) {
      relative = workloadFindings(spec, estimate, { linkShare: threshold }).map((f) => ({ ...f, span: shift(f.span, -origin) }));
      cached.findings.set(threshold, relative);
    }
    for (const r of relative) {
      const f = { ...r, span: shift(r.span, origin) };
      const fixes = findingFixes(analysis.file, spec, f);
      out.push(diagnostic(f.code, f.severity === 'info' ? 'information' : f.severity, f.message, f.span, { ...f.data, fixes } as FixData));
    }
  }
  out.push(...decisionDiagnostics(analysis));
  return out;
}

export function codeLenses(analysis: FileAnalysis): CodeLens[] {
  const lenses: CodeLens[] = [];
  const results = estimatesOf(analysis);
  for (const decl of analysis.file.declarations) {
    if (!decl.name) continue;
    const range = toRange(analysis.file, decl.keywordSpan);
    if (decl.kind === 'workload') {
      const r = results.get(decl.name.text);
      // A searched layout has the search's lens on its `parallel` field instead (decisions.ts).
      if (!r || r.spec.parallel.search) continue;
      lenses.push({ range, command: { title: lensTitle(r.estimate), command: SHOW_BREAKDOWN_COMMAND, arguments: [analysis.uri, decl.name.text] } });
    } else if (decl.kind === 'system') {
      const spec = analysis.specs.system.get(decl.name.text);
      const title = spec && !hasErrors(analysis, decl.span) ? systemLensTitle(spec) : undefined;
      if (title) lenses.push({ range, command: { title, command: SHOW_SYSTEM_COMMAND, arguments: [analysis.uri, decl.name.text] } });
    }
  }
  lenses.push(...decisionLenses(analysis));
  return lenses;
}

/** A declaration with an error in it gets no totals lens: its figures would be zeros or guesses. */
function hasErrors(analysis: FileAnalysis, span: Span): boolean {
  return analysis.diagnostics.some((d) => d.severity === 'error' && d.span.start >= span.start && d.span.end <= span.end);
}

export function breakdownOf(analysis: FileAnalysis, workload: string): string | undefined {
  const r = estimatesOf(analysis).get(workload);
  return r && breakdownMarkdown(r.estimate);
}

const sameSystem = (a: SystemSpec, b: SystemSpec) => a.name === b.name && a.site.uri === b.site.uri;

function estimateHover(services: Services, analysis: FileAnalysis, offset: number): string | undefined {
  const decl = declarationNameAt(analysis.file, offset);
  if (decl?.kind === 'workload' && decl.name) return breakdownOf(analysis, decl.name.text);
  for (const { spec, estimate } of estimatesOf(analysis).values()) {
    for (const [degree, span] of Object.entries(spec.parallel.spans)) {
      if (span && containsOffset(span, offset)) return parallelDegreeHover(spec, degree as 'tp', estimate);
    }
  }
  for (const system of analysis.specs.system.values()) {
    if (!containsOffset(system.site.span, offset)) continue;
    const level = fabricChain(system).find((l) => containsOffset(l.span, offset));
    if (!level) continue;
    const estimates: WorkloadEstimate[] = [];
    for (const uri of services.workspace.openUris()) {
      const other = services.analysis(uri);
      if (!other) continue;
      for (const r of estimatesOf(other).values()) if (sameSystem(r.spec.system, system)) estimates.push(r.estimate);
    }
    return fabricLoadMarkdown(level, estimates);
  }
  return undefined;
}

let registered: Services | undefined;

export const estimateFeatures: FeatureRegistration = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  hovers: [(analysis, offset) => (registered ? estimateHover(registered, analysis, offset) : undefined)],
  register(services) {
    registered = services;
    diagnosticSources.push((analysis, s) => {
      const settings = s.settings(analysis.uri);
      return settings.bottleneckDiagnostics ? estimateDiagnostics(analysis, settings.bottleneckThreshold) : [];
    });
    services.connection.onCodeLens((params) =>
      services.guard('codeLens', [], () => {
        if (!services.settings(params.textDocument.uri).lenses) return [];
        const analysis = services.analysis(params.textDocument.uri);
        return analysis ? codeLenses(analysis) : [];
      }),
    );
  },
};
