// The estimator in the editor: bottleneck diagnostics, code lenses and breakdown hovers.
import { CodeLens } from './protocol';
import { estimateWorkload } from '../analysis/estimate';
import { Finding, workloadFindings } from '../analysis/findings';
import { fabricChain } from '../analysis/layout';
import {
  breakdownMarkdown,
  fabricLoadMarkdown,
  lensTitle,
  parallelDegreeHover,
  systemLensTitle,
} from '../analysis/report';
import { WorkloadEstimate } from '../analysis/types';
import { diagnostic, FixData, TopoDiagnostic } from '../semantics/diagnostics';
import { FileAnalysis } from '../semantics/program';
import { SystemSpec, WorkloadSpec } from '../semantics/types';
import { Span } from '../syntax/ast';
import { diagnosticSources } from './diagnostics';
import { findingFixes } from './finding-fixes';
import { decisionCommand, decisionDiagnostics, DecisionKind, decisionPlaces } from './decisions';
import { declarationAt, declarationNameAt } from './locate';
import { containsOffset, toRange } from './ranges';
import type { FeatureRegistration } from './registry';
import { Services } from './services';
import { ContentCache, contentHash, specHash } from './content-cache';

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

/** An estimate cached by content: the model and system specs it was made for, and the result. */
interface Variant {
  model: object;
  system: object;
  result: CachedResult;
}
/** Variants kept per workload text: a workload run on an edited model or system, and on the one before (undo). */
const VARIANTS_PER_TEXT = 2;
/**
 * Estimates by the workload's own text (a hash), then by its model and system: at most 1,024 texts x 2 variants,
 * about 10 KB an estimate, some 20 MB, and more than a file of a thousand workloads needs.
 */
const byText = new ContentCache<Variant[]>(1024);
/** Per analysis: the spec and the cached result of each workload. */
const perAnalysis = new WeakMap<FileAnalysis, Map<string, WorkloadResult & { cached: CachedResult }>>();
const specKeys = new WeakMap<object, string>();

/**
 * A content key of a model or system spec (`specHash`), memoised per object.
 * A hash, not the fields themselves: a system's fields run to many kilobytes, and a key that long would be kept
 * per cached estimate (and V8 hashes a string over 16,383 characters by its length only).
 */
function specKey(spec: object): string {
  let key = specKeys.get(spec);
  if (key === undefined) {
    key = specHash(spec);
    specKeys.set(spec, key);
  }
  return key;
}

/** Two specs of the same content: the same object, or the same key (computed only for such a comparison). */
const sameSpec = (a: object, b: object) => a === b || specKey(a) === specKey(b);

/**
 * The estimates of specs seen before: a spec the incremental binder kept (its declaration and what it names did not
 * change) is the same object, found without building its content key.
 */
const bySpec = new WeakMap<WorkloadSpec, CachedResult>();

/**
 * The estimate of one workload spec, from the caches of estimates by spec and by content. The content key of the
 * model and system (their specs serialised and hashed) is built only when an estimate of the same workload text is
 * cached: never for a workload text not seen before, as every one of a first analysis.
 */
function cachedResult(analysis: FileAnalysis, spec: WorkloadSpec): CachedResult {
  let cached = bySpec.get(spec);
  if (cached) return cached;
  const textKey = contentHash(analysis.file.text.slice(spec.site.span.start, spec.site.span.end));
  const variants = byText.get(textKey) ?? [];
  cached = variants.find((v) => sameSpec(v.model, spec.model) && sameSpec(v.system, spec.system))?.result;
  if (!cached) {
    cached = { estimate: estimateWorkload(spec), findings: new Map() };
    const kept = variants.slice(Math.max(0, variants.length - VARIANTS_PER_TEXT + 1));
    byText.set(textKey, [...kept, { model: spec.model, system: spec.system, result: cached }]);
  }
  bySpec.set(spec, cached);
  return cached;
}

function resultsOf(analysis: FileAnalysis): Map<string, WorkloadResult & { cached: CachedResult }> {
  let results = perAnalysis.get(analysis);
  if (!results) {
    results = new Map();
    for (const [name, spec] of analysis.specs.workload) {
      const cached = cachedResult(analysis, spec);
      results.set(name, { spec, estimate: cached.estimate, cached });
    }
    perAnalysis.set(analysis, results);
  }
  return results;
}

/** The estimate of one workload of a document, without estimating the others (for a request about a few lines). */
export function workloadResult(analysis: FileAnalysis, name: string): WorkloadResult | undefined {
  const all = perAnalysis.get(analysis);
  if (all) return all.get(name);
  const spec = analysis.specs.workload.get(name);
  return spec && { spec, estimate: cachedResult(analysis, spec).estimate };
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
      relative = workloadFindings(spec, estimate, { linkShare: threshold }).map((f) => ({
        ...f,
        span: shift(f.span, -origin),
      }));
      cached.findings.set(threshold, relative);
    }
    for (const r of relative) {
      const f = { ...r, span: shift(r.span, origin) };
      const fixes = findingFixes(analysis.file, spec, f);
      out.push(
        diagnostic(f.code, f.severity === 'info' ? 'information' : f.severity, f.message, f.span, {
          ...f.data,
          fixes,
        } as FixData),
      );
    }
  }
  out.push(...decisionDiagnostics(analysis));
  return out;
}

/** What a lens carries from the lens request to its resolve: the declaration it sits on, and what it shows. */
interface LensData {
  uri: string;
  kind: 'workload' | 'system' | DecisionKind;
  name: string;
}

/**
 * The lenses of a document without their titles: one on each workload with a spec (but a searched layout, which
 * has the search's lens on its `parallel` field), each system with a spec and no error in it, and each search and
 * comparison (decisions.ts). Cheap: the titles (estimates, totals, searches) are computed in `resolveCodeLens`,
 * for the lenses the editor shows.
 */
export function unresolvedCodeLenses(analysis: FileAnalysis): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const decl of analysis.file.declarations) {
    if (!decl.name || (decl.kind !== 'workload' && decl.kind !== 'system')) continue;
    if (!analysis.specs[decl.kind].has(decl.name.text)) continue;
    if (decl.kind === 'workload' && analysis.specs.workload.get(decl.name.text)!.parallel.search) continue;
    if (decl.kind === 'system' && hasErrors(analysis, decl.span)) continue;
    const data: LensData = { uri: analysis.uri, kind: decl.kind, name: decl.name.text };
    lenses.push({ range: toRange(analysis.file, decl.keywordSpan), data });
  }
  for (const { kind, name, span } of decisionPlaces(analysis)) {
    const data: LensData = { uri: analysis.uri, kind, name };
    lenses.push({ range: toRange(analysis.file, span), data });
  }
  return lenses;
}

/** A lens with its title and command; undefined when its declaration no longer gives one. */
export function resolveCodeLens(analysis: FileAnalysis, lens: CodeLens): CodeLens | undefined {
  const data = lens.data as Partial<LensData> | undefined;
  if (typeof data?.name !== 'string') return undefined;
  if (data.kind === 'workload') {
    const r = workloadResult(analysis, data.name);
    return (
      r && {
        range: lens.range,
        command: {
          title: lensTitle(r.estimate),
          command: SHOW_BREAKDOWN_COMMAND,
          arguments: [analysis.uri, data.name],
        },
      }
    );
  }
  if (data.kind === 'search' || data.kind === 'compare') {
    const command = decisionCommand(analysis, data.kind, data.name);
    return command && { range: lens.range, command };
  }
  const spec = analysis.specs.system.get(data.name);
  const title = spec && systemLensTitle(spec);
  return title
    ? { range: lens.range, command: { title, command: SHOW_SYSTEM_COMMAND, arguments: [analysis.uri, data.name] } }
    : undefined;
}

/** Every lens with its title: for clients that do not resolve lenses, and for tests. */
export function codeLenses(analysis: FileAnalysis): CodeLens[] {
  return unresolvedCodeLenses(analysis).flatMap((lens) => resolveCodeLens(analysis, lens) ?? []);
}

/**
 * A declaration with an error in it gets no totals lens: its figures would be zeros or guesses. The diagnostics
 * are in text order: found by binary search.
 */
function hasErrors(analysis: FileAnalysis, span: Span): boolean {
  const diagnostics = analysis.diagnostics;
  let lo = 0;
  let hi = diagnostics.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (diagnostics[mid].span.start < span.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < diagnostics.length && diagnostics[i].span.start <= span.end; i++) {
    const d = diagnostics[i];
    if (d.severity === 'error' && d.span.end <= span.end) return true;
  }
  return false;
}

export function breakdownOf(analysis: FileAnalysis, workload: string): string | undefined {
  const r = workloadResult(analysis, workload);
  return r && breakdownMarkdown(r.estimate);
}

const sameSystem = (a: SystemSpec, b: SystemSpec) => a.name === b.name && a.site.uri === b.site.uri;

function estimateHover(services: Services, analysis: FileAnalysis, offset: number): string | undefined {
  const decl = declarationNameAt(analysis.file, offset);
  if (decl?.kind === 'workload' && decl.name) return breakdownOf(analysis, decl.name.text);
  // Only the declaration under the cursor is looked at: a hover costs what that declaration costs.
  const at = declarationAt(analysis.file, offset);
  if (!at?.name) return undefined;
  const result = at.kind === 'workload' ? workloadResult(analysis, at.name.text) : undefined;
  if (result) {
    const { spec, estimate } = result;
    for (const [degree, span] of Object.entries(spec.parallel.spans)) {
      if (span && containsOffset(span, offset)) return parallelDegreeHover(spec, degree as 'tp', estimate);
    }
  }
  const system = at.kind === 'system' ? analysis.specs.system.get(at.name.text) : undefined;
  if (system && containsOffset(system.site.span, offset)) {
    const level = fabricChain(system).find((l) => containsOffset(l.span, offset));
    if (!level) return undefined;
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
  capabilities: { codeLensProvider: { resolveProvider: true } },
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
        if (!analysis) return [];
        // A client that speaks code lenses resolves them (the server says it resolves): titles for the shown ones only.
        return services.client.codeLens ? unresolvedCodeLenses(analysis) : codeLenses(analysis);
      }),
    );
    services.connection.onCodeLensResolve((lens) =>
      services.guard('codeLens/resolve', lens, () => {
        const uri = (lens.data as Partial<LensData> | undefined)?.uri;
        const analysis = typeof uri === 'string' ? services.analysis(uri) : undefined;
        // Its declaration is gone or has no figures any more: an empty title (the editor asks for lenses again).
        return (
          (analysis && resolveCodeLens(analysis, lens)) ?? { range: lens.range, command: { title: '', command: '' } }
        );
      }),
    );
  },
};
