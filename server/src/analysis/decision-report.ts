// Pure formatting of curves, layout searches and comparisons: rows, plain-text tables, CSV, Markdown and lens titles.
import { formatNumber, formatQuantity } from '../semantics/units';
import { Comparison } from './compare';
import { escapeMarkdown } from './markdown';
import { compact } from './report';
import { Degrees, SearchResult } from './search';
import { Curve, CurvePoint } from './sweep';

export interface Table {
  headers: string[];
  rows: string[][];
}

/** How cells are written: for people (units, separators, a dash when missing) or machines (CSV: numbers in base units). */
export type Style = 'display' | 'raw';

const ok = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x >= 0;
/** Every figure shown goes through here: a number that is not finite and non-negative is a dash (or empty), never NaN. */
function cells(style: Style) {
  const raw = style === 'raw';
  const num = (x: number | undefined, digits = 3): string =>
    ok(x) ? (raw ? String(Number(x.toPrecision(6))) : formatNumber(x, digits)) : raw ? '' : '—';
  return {
    num,
    whole: (x: number | undefined): string => num(x === undefined ? undefined : Math.round(x)),
    /** Seconds: with a unit for display, plain seconds for machines. */
    time: (s: number | undefined): string =>
      ok(s) && s > 0 ? (raw ? String(Number(s.toPrecision(6))) : formatQuantity(s, 'time')) : raw ? '' : '—',
  };
}
const { num, whole } = cells('display');

/** The latency columns: in seconds for CSV and JSON, formatted for display. */
const latencyHeaders = (style: Style) => (style === 'raw' ? ['TPOT (s)', 'TTFT (s)'] : ['TPOT', 'TTFT']);

export function layoutText(d: Degrees): string {
  return `tp ${d.tp} pp ${d.pp} ep ${d.ep} dp ${d.dp} adp ${d.adp}`;
}

export function curveTable(c: Curve, style: Style = 'display'): Table {
  const { num, whole, time } = cells(style);
  const headers = [
    'batch',
    ...latencyHeaders(style),
    'tok/s per user',
    'tok/s per device',
    'tok/s total',
    'bound',
    'SLO',
    'mark',
  ];
  const mark = (p: CurvePoint) =>
    [p === c.operating || p.batch === c.operating?.batch ? 'operating' : '', p.batch === c.sloPoint?.batch ? 'slo' : '']
      .filter(Boolean)
      .join('+');
  const rows = c.points.map((p) => [
    num(p.batch),
    time(p.tpot),
    time(p.ttft),
    num(p.perUser),
    whole(p.perDevice),
    whole(p.total),
    p.boundText,
    c.slo.limit === undefined ? '' : p.meetsSlo ? 'meets' : 'misses',
    mark(p),
  ]);
  return { headers, rows };
}

export function searchTable(r: SearchResult, style: Style = 'display'): Table {
  const { num, whole, time } = cells(style);
  const headers = [
    'rank',
    'layout',
    'batch per device',
    ...latencyHeaders(style),
    'tok/s per user',
    'tok/s per device',
    'bound',
    'front',
  ];
  const front = new Set(r.front.map((f) => layoutText(f.layout)));
  const rows = r.top.map((t, i) => [
    String(i + 1),
    layoutText(t.layout),
    num(t.point.batch),
    time(t.point.tpot),
    time(t.point.ttft),
    num(t.point.perUser),
    whole(t.point.perDevice),
    t.point.boundText,
    front.has(layoutText(t.layout)) ? 'yes' : '',
  ]);
  return { headers, rows };
}

export function compareTable(c: Comparison, style: Style = 'display'): Table {
  const { num, whole, time } = cells(style);
  const headers = [
    'rank',
    'system',
    'devices',
    'layout',
    'batch per device',
    ...latencyHeaders(style),
    'tok/s per device',
    'tok/s per system',
    'tok/s per kW',
    'J per token',
    '$ per M tokens',
    'bound',
  ];
  const rows = c.rows.map((r, i) => [
    String(i + 1),
    r.system,
    whole(r.devices),
    `${layoutText(r.layout)}${r.searched ? ' (searched)' : ''}`,
    num(r.point.batch),
    time(r.point.tpot),
    time(r.point.ttft),
    whole(r.point.perDevice),
    whole(r.point.total),
    whole(r.perKw),
    num(r.joulesPerToken),
    num(r.dollarsPerMillion),
    r.bound,
  ]);
  for (const m of c.missing)
    rows.push(['—', m.system, '', '', '', '', '', '', '', '', '', '', `no estimate: ${m.reason}`]);
  return { headers, rows };
}

/** Columns padded to their widest cell, for a terminal. */
export function textTable(t: Table): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(t.headers), line(widths.map((w) => '-'.repeat(w))), ...t.rows.map(line)].join('\n');
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled; lines end in CRLF. */
export function csvTable(t: Table): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return [t.headers, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A Markdown table, every cell escaped (names come from the file). */
export function markdownTable(t: Table): string {
  const row = (cells: string[]) => `| ${cells.map((c) => escapeMarkdown(c)).join(' | ')} |`;
  return [row(t.headers), `|${t.headers.map(() => ' --- ').join('|')}|`, ...t.rows.map(row)].join('\n');
}

/** `best layout tp 4 pp 2 ep 160 dp 40 adp 40: ≈1,909 tok/s per device (+3% over the written) · bound: ...` */
export function searchLensTitle(r: SearchResult): string {
  if (!r.best) return `layout search: ${r.reasons[0] ?? 'nothing found'}`;
  const gain =
    r.written && r.written.point.perDevice > 0 ? r.best.point.perDevice / r.written.point.perDevice - 1 : undefined;
  const versus =
    gain === undefined
      ? ' (the written layout gives no estimate under the SLO)'
      : gain > 0.005
        ? ` (+${num(gain * 100, 2)}% over the written)`
        : ' (the written layout is the best)';
  const gives = `≈${whole(r.best.point.perDevice)} tok/s per device${versus}`;
  return `best layout ${layoutText(r.best.layout)}: ${gives} · bound: ${r.best.point.boundText}`;
}

/** `compare: 1. GB200_NVL72 5,064 · 2. CloudMatrix384 1,870 · 3. H100_RoCE 1,784 tok/s per device` */
export function compareLensTitle(c: Comparison): string {
  if (!c.rows.length)
    return `compare: no estimate${c.missing[0] ? ` (${c.missing[0].system}: ${c.missing[0].reason})` : ''}`;
  const ranked = c.rows.map((r, i) => `${i + 1}. ${r.system} ${compact(r.point.perDevice)}`).join(' · ');
  return `compare: ${ranked} tok/s per device${c.missing.length ? ` · ${c.missing.length} without estimate` : ''}`;
}

/** The title of a comparison's chart (the CLI's `--format svg` and the panel). */
export const comparisonChartTitle = (name: string) => `${name}: tok/s per device against tok/s per user, per system`;

/** The hover of a comparison: the table, why the winner wins, and what each row leaves out. */
export function compareMarkdown(c: Comparison): string {
  const notes = c.rows.flatMap((r) => r.notes.map((n) => `- ${escapeMarkdown(r.system)}: ${escapeMarkdown(n)}`));
  return [
    `**${escapeMarkdown(c.name)}**`,
    '',
    markdownTable(compareTable(c)),
    '',
    ...(c.why ? [escapeMarkdown(c.why), ''] : []),
    ...notes,
  ]
    .join('\n')
    .trimEnd();
}
