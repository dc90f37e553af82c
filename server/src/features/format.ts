// The formatter: 2-space indentation per block, normalised spacing, aligned field values and trailing comments; keeps every comment and line.
import { TextEdit } from 'vscode-languageserver';
import { Line, Token, tokenLines } from './format-lines';
import { toRange } from './ranges';
import type { FeatureRegistration } from './registry';

const INDENT = '  ';

/** The space between two tokens of one line. */
function gap(a: Token, b: Token, source: string): string {
  if (b.piece === 'comma' || b.piece === 'semicolon' || b.piece === 'percent' || b.piece === 'colon' || a.piece === 'colon') return '';
  // `/` only appears in units (GB/s): keep it glued or spaced as written, since spacing changes what parses.
  if (b.piece === 'slash') return source.slice(a.start + a.text.length, b.start) === '' ? '' : ' ';
  if (a.piece === 'slash') return source.slice(a.start + 1, b.start) === '' ? '' : ' ';
  if (b.piece === 'lineComment') return '  ';
  if (b.fieldStart && a.piece !== 'open') return '  ';
  return ' ';
}

interface Rendered {
  indent: string;
  /** The code of the line: the field name (padded later when aligned), then the rest. */
  name?: string;
  rest: string;
  comment?: string;
  /** The original column of the trailing comment. */
  commentColumn?: number;
  /** Whether the line may join a run of aligned single-field lines. */
  alignable: boolean;
  blank: boolean;
}

function renderLine(line: Line, source: string): Rendered {
  const tokens = line.tokens;
  if (!tokens.length) return { indent: '', rest: '', alignable: false, blank: true };
  const closesFirst = tokens[0].piece === 'close';
  const indent = INDENT.repeat(Math.max(0, line.depth - (closesFirst ? 1 : 0)));
  const trailing = tokens.length > 1 && tokens[tokens.length - 1].piece === 'lineComment' ? tokens[tokens.length - 1] : undefined;
  const code = trailing ? tokens.slice(0, -1) : tokens;
  let after = code.length > 1 ? code[1].text : '';
  for (let i = 2; i < code.length; i++) after += gap(code[i - 1], code[i], source) + code[i].text;
  const single = code[0].fieldStart && code.length > 1 && gap(code[0], code[1], source) === ' ' && code.slice(1).every((t) => !t.fieldStart && t.piece !== 'open' && t.piece !== 'close' && t.piece !== 'blockComment');
  const alignable = single && line.kind !== 'system';
  const rest = code.length > 1 ? code[0].text + gap(code[0], code[1], source) + after : code[0].text;
  const comment = trailing?.text.replace(/\s+$/, '');
  const rendered: Rendered = { indent, rest: code[0].piece === 'lineComment' ? rest.replace(/\s+$/, '') : rest, alignable, blank: false, comment, commentColumn: trailing ? line.commentColumn : undefined };
  if (alignable) {
    rendered.name = code[0].text;
    rendered.rest = after;
  }
  return rendered;
}

const codeOf = (r: Rendered, nameWidth: number) => (r.name !== undefined ? `${r.name.padEnd(nameWidth)} ${r.rest}` : r.rest);

/** Formats a document; undefined when it holds characters the language does not know (left untouched). */
export function formatText(text: string): string | undefined {
  const lines = tokenLines(text);
  if (!lines) return undefined;
  const rendered = lines.map((l) => renderLine(l, text));
  // Align the values of runs of consecutive single-field lines at the same indentation.
  const widths = new Array<number>(rendered.length).fill(0);
  for (let i = 0; i < rendered.length; ) {
    let j = i;
    while (j < rendered.length && rendered[j].alignable && rendered[j].indent === rendered[i].indent) j++;
    if (j === i) {
      i++;
      continue;
    }
    const width = Math.max(...rendered.slice(i, j).map((r) => r.name!.length));
    for (let k = i; k < j; k++) widths[k] = width;
    i = j;
  }
  const codes = rendered.map((r, i) => r.indent + codeOf(r, widths[i]));
  // Align trailing comments of consecutive lines; keep a common column the author chose when it fits.
  const columns = new Array<number>(rendered.length).fill(0);
  for (let i = 0; i < rendered.length; ) {
    let j = i;
    while (j < rendered.length && rendered[j].comment !== undefined && rendered[j].rest !== '') j++;
    if (j === i) {
      i++;
      continue;
    }
    const needed = Math.max(...codes.slice(i, j).map((c) => c.length + 2));
    const original = rendered.slice(i, j).map((r) => r.commentColumn ?? -1);
    const column = original.every((c) => c === original[0]) && original[0] >= needed ? original[0] : needed;
    for (let k = i; k < j; k++) columns[k] = column;
    i = j;
  }
  const out: string[] = [];
  for (let i = 0; i < rendered.length; i++) {
    const r = rendered[i];
    if (r.blank) {
      if (out.length && out[out.length - 1] !== '') out.push('');
      continue;
    }
    out.push(r.comment !== undefined ? `${codes[i].padEnd(columns[i])}${r.comment}` : codes[i]);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? `${out.join('\n')}\n` : '';
}

/** The formatting as one edit over the part of the document that changes, or none. */
export function formatEdits(text: string): TextEdit[] {
  const formatted = formatText(text);
  if (formatted === undefined || formatted === text) return [];
  let start = 0;
  while (start < text.length && start < formatted.length && text[start] === formatted[start]) start++;
  let end = 0;
  while (end < text.length - start && end < formatted.length - start && text[text.length - 1 - end] === formatted[formatted.length - 1 - end]) end++;
  return [{ range: toRange(text, { start, end: text.length - end }), newText: formatted.slice(start, formatted.length - end) }];
}

export const formatFeature: FeatureRegistration = {
  capabilities: { documentFormattingProvider: true },
  register(services) {
    services.connection.onDocumentFormatting((params) =>
      services.guard('formatting', [], () => {
        const doc = services.documents.get(params.textDocument.uri);
        return doc ? formatEdits(doc.getText()) : [];
      }),
    );
  },
};
