// `topo sweep` (the curve of each workload, optionally its layout search) and `topo compare` (each comparison).
import { Comparison } from '../analysis/compare';
import {
  comparisonChartTitle,
  compareTable,
  csvTable,
  curveTable,
  layoutText,
  searchLensTitle,
  searchTable,
  Style,
  Table,
  textTable,
} from '../analysis/decision-report';
import { curveAt, SearchResult } from '../analysis/search';
import { Curve, sweepWorkload } from '../analysis/sweep';
import { comparisonCurvesOf, comparisonOf, layoutSearchOf } from '../features/decisions';
import { FileAnalysis, Workspace } from '../semantics/program';
import type { CurveSeries } from '../views/curves';
import { CliInput } from './inputs';
import { Output } from './output';

type Format = 'table' | 'json' | 'csv' | string;

interface Part {
  /** The workload or comparison: the first CSV column. */
  name: string;
  title: string;
  /** The table for people and the same rows for machines (CSV). */
  table: (style: Style) => Table;
  json: unknown;
}

/** One titled table per result (the chart, `--format svg`, is drawn by `drawCurves`). */
function render(format: Format, parts: Part[]): string {
  if (format === 'json')
    return `${JSON.stringify(
      parts.map((p) => p.json),
      null,
      2,
    )}\n`;
  if (format === 'csv') {
    const tables = parts.map((p) => ({ name: p.name, table: p.table('raw') }));
    return csvTable({
      headers: ['name', ...(tables[0]?.table.headers ?? [])],
      rows: tables.flatMap((t) => t.table.rows.map((r) => [t.name, ...r])),
    });
  }
  return parts.map((p) => `${p.title}\n\n${textTable(p.table('display'))}\n`).join('\n');
}

/**
 * The curves as one standalone SVG chart on stdout (the renderer is loaded on first use). Curves left out are said on
 * stderr; with nothing to draw nothing is written. Returns 0 when every curve is drawn, else 1.
 */
async function drawCurves(title: string, series: CurveSeries[], io: Output): Promise<number> {
  const { renderCurveChart } = await import('../views/pictures');
  const chart = renderCurveChart(title, series);
  for (const l of chart.left) io.err(`topo: left out of the chart: ${l}\n`);
  if (!chart.svg) {
    io.err('topo: nothing to draw: no curve has a point with finite figures\n');
    return 1;
  }
  io.out(`${chart.svg}\n`);
  return chart.left.length ? 1 : 0;
}

function analyseAll(
  workspace: Workspace,
  inputs: CliInput[],
  io: Output,
): { analyses: { input: CliInput; analysis: FileAnalysis }[]; unreadable: boolean } {
  const analyses: { input: CliInput; analysis: FileAnalysis }[] = [];
  let unreadable = false;
  for (const input of inputs) {
    if (input.text !== undefined) workspace.setDocument(input.uri, input.text, 0);
    const analysis = workspace.analyse(input.uri);
    if (analysis) analyses.push({ input, analysis });
    else {
      io.err(`topo: cannot read ${input.name}\n`);
      unreadable = true;
    }
  }
  return { analyses, unreadable };
}

/** The search without its full estimates (the figures of each layout at its best batch). */
function searchJson(r: SearchResult): unknown {
  const brief = (x: SearchResult['best']) => x && { layout: x.layout, point: x.point };
  return {
    candidates: r.candidates,
    feasible: r.feasible,
    evaluated: r.evaluated,
    best: brief(r.best),
    written: brief(r.written),
    top: r.top.map(brief),
    front: r.front.map(brief),
    reasons: r.reasons,
  };
}

export async function sweepCommand(
  workspace: Workspace,
  inputs: CliInput[],
  options: { workload?: string; format: string; search?: boolean },
  io: Output,
): Promise<number> {
  const { analyses, unreadable } = analyseAll(workspace, inputs, io);
  const parts: Part[] = [];
  const series: CurveSeries[] = [];
  let ok = true;
  for (const { input, analysis } of analyses) {
    const prefix = inputs.length > 1 ? `${input.name}: ` : '';
    for (const w of analysis.specs.workload.values()) {
      if (w.site.uri !== analysis.uri || (options.workload && w.name !== options.workload)) continue;
      const curve: Curve = sweepWorkload(w);
      if (!curve.points.length) ok = false;
      const reasons = curve.reasons.length ? ` (${curve.reasons.join('; ')})` : '';
      const slo =
        curve.slo.limit !== undefined
          ? `, ${curve.slo.name.toUpperCase()} SLO ${Math.round(curve.slo.limit * 1e4) / 10} ms`
          : '';
      const search = options.search ? layoutSearchOf(w) : undefined;
      if (search && options.format === 'svg') {
        const none = { ...curve, points: [], reasons: search.reasons.length ? search.reasons : ['no layout found'] };
        if (!search.top.length) series.push({ name: `${prefix}${w.name}`, curve: none });
        for (const l of search.top) {
          series.push({ name: `${prefix}${w.name} ${layoutText(l.layout)}`, curve: curveAt(w, l.layout, l.point) });
        }
      } else series.push({ name: `${prefix}${w.name}`, curve });
      parts.push({
        name: `${prefix}${w.name}`,
        title:
          `${prefix}${w.name}: curve, ${curve.points.length} points, ` +
          `memory limit ${curve.memoryLimit} per device${slo}${reasons}`,
        table: (style) => curveTable(curve, style),
        json: { file: input.name, ...curve, ...(search ? { search: searchJson(search) } : {}) },
      });
      if (search && options.format === 'table') {
        const title = `${prefix}${w.name}: layout search, ${search.candidates} layouts, ${searchLensTitle(search)}`;
        parts.push({
          name: `${prefix}${w.name} (layout search)`,
          title,
          table: (style) => searchTable(search, style),
          json: undefined,
        });
      }
    }
  }
  if (!parts.length) {
    io.err(
      options.workload ? `topo: no workload '${options.workload}' in the input\n` : 'topo: no workload in the input\n',
    );
    return unreadable ? 2 : 1;
  }
  if (options.format === 'svg') {
    const names = [...new Set(series.map((s) => s.curve.workload))].join(', ');
    const what = options.search ? 'best layouts of ' : '';
    const drawn = await drawCurves(`Throughput against interactivity: ${what}${names}`, series, io);
    return unreadable ? 2 : drawn;
  }
  io.out(render(options.format, options.format === 'json' ? parts.filter((p) => p.json !== undefined) : parts));
  if (unreadable) return 2;
  return ok ? 0 : 1;
}

/** The comparison without full estimates: each row's figures, bound and notes. */
function comparisonJson(c: Comparison): unknown {
  return { ...c, rows: c.rows.map(({ estimate: _e, ...row }) => row) };
}

export async function compareCommand(
  workspace: Workspace,
  inputs: CliInput[],
  options: { name?: string; format: string },
  io: Output,
): Promise<number> {
  const { analyses, unreadable } = analyseAll(workspace, inputs, io);
  const parts: Part[] = [];
  const charts: { title: string; series: CurveSeries[]; missing: string[] }[] = [];
  let ok = true;
  for (const { input, analysis } of analyses) {
    const prefix = inputs.length > 1 ? `${input.name}: ` : '';
    for (const spec of analysis.specs.compare.values()) {
      if (options.name && spec.name !== options.name) continue;
      const c = comparisonOf(spec);
      if (options.format === 'svg') {
        const missing = c.missing.map((m) => `${m.system}: ${m.reason}`);
        charts.push({
          title: comparisonChartTitle(`${prefix}${spec.name}`),
          series: comparisonCurvesOf(spec),
          missing,
        });
      }
      if (c.missing.length || !c.rows.length) ok = false;
      const why = c.why ? `\n${c.why}` : '';
      const json = { file: input.name, ...(comparisonJson(c) as object) };
      parts.push({
        name: `${prefix}${spec.name}`,
        title: `${prefix}${spec.name}${why}`,
        table: (style) => compareTable(c, style),
        json,
      });
    }
  }
  if (!parts.length) {
    io.err(
      options.name
        ? `topo: no comparison '${options.name}' in the input\n`
        : 'topo: no compare declaration in the input\n',
    );
    return unreadable ? 2 : 1;
  }
  if (options.format === 'svg') {
    if (charts.length > 1) {
      const names = parts.map((p) => p.name).join(', ');
      io.err(`topo: --format svg draws one comparison; pick one with --name (${names})\n`);
      return 2;
    }
    for (const m of charts[0].missing) io.err(`topo: left out of the chart: ${m}\n`);
    const drawn = await drawCurves(charts[0].title, charts[0].series, io);
    return unreadable ? 2 : charts[0].missing.length ? 1 : drawn;
  }
  io.out(render(options.format, parts));
  if (unreadable) return 2;
  return ok ? 0 : 1;
}
