// Builds the panel's view model of one document: what is selected, the topology drawn, the estimate charted.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Comparison } from '../analysis/compare';
import { lensTitle } from '../analysis/report';
import { Curve, sweepWorkload } from '../analysis/sweep';
import { WorkloadEstimate } from '../analysis/types';
import { FileAnalysis } from '../semantics/program';
import { CompareSpec, SystemSpec, WorkloadSpec } from '../semantics/types';
import { SourceFile } from '../syntax/ast';
import { positionAt } from '../syntax/lines';
import { Targets } from './targets';
import { comparisonTable, curveTable, layoutTable, memoryTable, stepTable } from './tables';
import { topologyView } from './topology';
import { ComparisonView, EstimateView, PanelView } from './types';

export interface ViewRequest {
  /** Cursor offset: the workload, system or comparison declared there is selected. */
  offset?: number;
  /** Kept from the last view when the cursor is elsewhere (a comment, a model). */
  workload?: string;
  system?: string;
  compare?: string;
}

export interface ViewSources {
  /** The cached estimate of a workload of this analysis. */
  estimateOf(workload: string): WorkloadEstimate | undefined;
  /** The parsed text of any document the analysis refers to (for source lines of imported systems). */
  fileOf(uri: string): SourceFile | undefined;
  /** Share of the step above which a level is marked as the bottleneck. */
  threshold: number;
  /** A comparison's ranking and each system's curve: searched, so cached by the caller, off the diagnostics path. */
  compareOf(spec: CompareSpec): { comparison: Comparison; curves: { name: string; curve: Curve }[] };
}

const MAX_MISSING = 8;

/** Systems the panel can draw: declared in the file, then those its workloads run on. */
function drawableSystems(analysis: FileAnalysis): Map<string, SystemSpec> {
  const systems = new Map(analysis.specs.system);
  for (const w of analysis.specs.workload.values())
    if (!systems.has(w.system.name)) systems.set(w.system.name, w.system);
  return systems;
}

interface Selected {
  system?: SystemSpec;
  workload?: WorkloadSpec;
  compare?: CompareSpec;
}

function select(analysis: FileAnalysis, systems: Map<string, SystemSpec>, request: ViewRequest): Selected {
  const workloads = analysis.specs.workload;
  const comparisons = analysis.specs.compare;
  const ofWorkload = (w: WorkloadSpec): Selected => ({ workload: w, system: w.system });
  if (request.offset !== undefined) {
    const decl = analysis.file.declarations.find(
      (d) => request.offset! >= d.span.start && request.offset! <= d.span.end,
    );
    const name = decl?.name?.text;
    if (decl?.kind === 'workload' && name && workloads.has(name)) return ofWorkload(workloads.get(name)!);
    if (decl?.kind === 'compare' && name && comparisons.has(name)) return { compare: comparisons.get(name) };
    if (decl?.kind === 'system' && name && systems.has(name)) {
      // The cursor on the drawn workload's own system (a click on the diagram reveals it) keeps the workload.
      const kept = request.workload ? workloads.get(request.workload) : undefined;
      return kept && kept.system.name === name ? ofWorkload(kept) : { system: systems.get(name) };
    }
  }
  if (request.workload && workloads.has(request.workload)) return ofWorkload(workloads.get(request.workload)!);
  if (request.system && systems.has(request.system)) return { system: systems.get(request.system) };
  if (request.compare && comparisons.has(request.compare)) return { compare: comparisons.get(request.compare) };
  const first = workloads.values().next().value as WorkloadSpec | undefined;
  if (first) return ofWorkload(first);
  const firstCompare = comparisons.values().next().value as CompareSpec | undefined;
  if (firstCompare) return { compare: firstCompare };
  return { system: systems.values().next().value };
}

/** What the file leaves undrawn: declarations that did not bind, then its errors, each with its line. */
function missingOf(analysis: FileAnalysis): string[] {
  const out: string[] = [];
  const lineOf = (offset: number) => positionAt(analysis.file, offset).line + 1;
  for (const d of analysis.file.declarations) {
    if ((d.kind !== 'system' && d.kind !== 'workload' && d.kind !== 'compare') || !d.name) continue;
    if (!analysis.specs[d.kind].has(d.name.text))
      out.push(`${d.kind} ${d.name.text} (line ${lineOf(d.span.start)}) has errors and is not drawn`);
  }
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  for (const e of errors.slice(0, MAX_MISSING)) out.push(`line ${lineOf(e.span.start)}: ${e.message}`);
  if (errors.length > MAX_MISSING) out.push(`and ${errors.length - MAX_MISSING} more error(s)`);
  return out;
}

function estimateView(e: WorkloadEstimate): EstimateView {
  const deviceWork = Math.max(0, e.stepTime - e.exposedCommTime);
  const share = (t: number) => (e.stepTime > 0 ? t / e.stepTime : 0);
  return {
    workload: e.workload,
    phase: e.phase,
    valid: e.valid,
    reasons: e.reasons,
    title: lensTitle(e),
    stepTime: e.stepTime,
    byOperator: e.operators.map((o) => ({ name: o.class, time: o.time, share: o.share })),
    byLevel: [
      { name: 'on device', time: deviceWork, share: share(deviceWork) },
      ...e.levels.map((l) => ({ name: `${l.levelName} (${l.linkName})`, time: l.time, share: l.shareOfStep })),
    ],
    exposedCommTime: e.exposedCommTime,
    memory: { unit: e.ranks > e.devices ? 'rank' : 'device', ...e.memory },
    notes: e.notes,
  };
}

function comparisonView(c: Comparison): ComparisonView {
  return {
    name: c.name,
    ranked: c.rows.map((r) => r.system),
    ...(c.why ? { why: c.why } : {}),
    notes: [
      ...c.rows.flatMap((r) => r.notes.map((n) => `${r.system}: ${n}`)),
      ...c.missing.map((m) => `${m.system}: no estimate: ${m.reason}`),
    ],
  };
}

export function panelView(analysis: FileAnalysis, request: ViewRequest, sources: ViewSources): PanelView {
  const systems = drawableSystems(analysis);
  const selected = select(analysis, systems, request);
  const targets = new Targets(sources.fileOf);
  const view: PanelView = {
    uri: analysis.uri,
    fileName: path.posix.basename(URI.parse(analysis.uri).path),
    systems: [...systems.keys()],
    workloads: [...analysis.specs.workload.values()].map((w) => ({ name: w.name, system: w.system.name })),
    comparisons: [...analysis.specs.compare.keys()],
    selection: selected.compare
      ? { compare: selected.compare.name }
      : { system: selected.system?.name, workload: selected.workload?.name },
    curves: null,
    tables: {},
    missing: missingOf(analysis),
    targets: targets.byId,
  };
  for (const w of analysis.specs.workload.values()) targets.add(`workload:${w.name}`, w.site.uri, w.site.nameSpan);
  for (const s of systems.values()) targets.add(`system:${s.name}`, s.site.uri, s.site.nameSpan);
  for (const c of analysis.specs.compare.values()) targets.add(`compare:${c.name}`, c.site.uri, c.site.nameSpan);
  const estimate = selected.workload && sources.estimateOf(selected.workload.name);
  if (selected.system) {
    const drawn =
      selected.workload && estimate ? { spec: selected.workload, estimate, threshold: sources.threshold } : undefined;
    view.topology = topologyView(selected.system, targets, drawn);
  }
  if (estimate) view.estimate = estimateView(estimate);
  if (view.topology) view.tables.layout = layoutTable(view.topology);
  if (view.estimate?.valid) {
    view.tables.step = stepTable(view.estimate);
    view.tables.memory = memoryTable(view.estimate);
    // The panel is asked for on demand, never on the way to diagnostics: the sweep (about 5 ms) is done here.
    const curve = sweepWorkload(selected.workload!);
    if (curve.points.length) {
      view.curves = [{ name: selected.workload!.name, curve }];
      view.tables.curves = curveTable(curve);
    }
  }
  if (selected.compare) {
    // Computed on demand for the panel, after the diagnostics (the request waits for them), cached by content.
    const { comparison, curves } = sources.compareOf(selected.compare);
    view.comparison = comparisonView(comparison);
    view.tables.comparison = comparisonTable(comparison);
    if (curves.length) view.curves = curves;
  } else if (!selected.system) view.missing.unshift('no system binds in this file: nothing to draw');
  return view;
}
