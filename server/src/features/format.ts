// The formatter: one indent per block, normalised spacing, aligned values and trailing comments; keeps every comment and line.
import { FormattingOptions, TextEdit } from './protocol';
import { lineBreakNear } from '../syntax/lines';
import { MAX_NESTING } from '../syntax/parser';
import { minimalEdits } from './format-edits';
import { eachLine, Line, Token } from './format-lines';
import type { FeatureRegistration } from './registry';

/** How to indent: the client's tabSize and insertSpaces; two spaces by default. */
export interface IndentStyle {
  tabSize: number;
  insertSpaces: boolean;
}
const defaultStyle: IndentStyle = { tabSize: 2, insertSpaces: true };
const MAX_TAB_SIZE = 16;

function styleOf(options?: Partial<FormattingOptions>): IndentStyle {
  const size = Number(options?.tabSize);
  const tabSize = Number.isInteger(size) && size >= 1 ? Math.min(size, MAX_TAB_SIZE) : defaultStyle.tabSize;
  return { tabSize, insertSpaces: options?.insertSpaces ?? defaultStyle.insertSpaces };
}

/** The space between two tokens of one line. */
function gap(a: Token, b: Token, source: string): string {
  if (
    b.piece === 'comma' ||
    b.piece === 'semicolon' ||
    b.piece === 'percent' ||
    b.piece === 'colon' ||
    a.piece === 'colon'
  )
    return '';
  // `/` only appears in units (GB/s): keep it glued or spaced as written, since spacing changes what parses.
  if (b.piece === 'slash') return source.slice(a.start + a.text.length, b.start) === '' ? '' : ' ';
  if (a.piece === 'slash') return source.slice(a.start + 1, b.start) === '' ? '' : ' ';
  if (b.piece === 'lineComment') return '  ';
  if (b.fieldStart && a.piece !== 'open') return '  ';
  return ' ';
}

interface Rendered {
  indent: string;
  /** The width the indent takes on screen (a tab counts tabSize). */
  indentWidth: number;
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

function renderLine(line: Line, source: string, style: IndentStyle): Rendered {
  const tokens = line.tokens;
  if (!tokens.length) return { indent: '', indentWidth: 0, rest: '', alignable: false, blank: true };
  const closesFirst = tokens[0].piece === 'close';
  // Deeper than the parser reads, blocks are flattened: indenting further would only grow the text.
  const depth = Math.min(MAX_NESTING, Math.max(0, line.depth - (closesFirst ? 1 : 0)));
  const indent = style.insertSpaces ? ' '.repeat(depth * style.tabSize) : '\t'.repeat(depth);
  const indentWidth = depth * style.tabSize;
  const trailing =
    tokens.length > 1 && tokens[tokens.length - 1].piece === 'lineComment' ? tokens[tokens.length - 1] : undefined;
  const code = trailing ? tokens.slice(0, -1) : tokens;
  let after = code.length > 1 ? code[1].text : '';
  for (let i = 2; i < code.length; i++) after += gap(code[i - 1], code[i], source) + code[i].text;
  const single =
    code[0].fieldStart &&
    code.length > 1 &&
    gap(code[0], code[1], source) === ' ' &&
    code
      .slice(1)
      .every((t) => !t.fieldStart && t.piece !== 'open' && t.piece !== 'close' && t.piece !== 'blockComment');
  const alignable = single && line.kind !== 'system';
  const rest = code.length > 1 ? code[0].text + gap(code[0], code[1], source) + after : code[0].text;
  // trimEnd, not /\s+$/: that regex retries from every space of a long run and takes quadratic time.
  const comment = trailing?.text.trimEnd();
  const rendered: Rendered = {
    indent,
    indentWidth,
    rest: code[0].piece === 'lineComment' ? rest.trimEnd() : rest,
    alignable,
    blank: false,
    comment,
    commentColumn: trailing ? line.commentColumn : undefined,
  };
  if (alignable) {
    rendered.name = code[0].text;
    rendered.rest = after;
  }
  return rendered;
}

const codeOf = (r: Rendered, nameWidth: number) =>
  r.name !== undefined ? `${r.name.padEnd(nameWidth)} ${r.rest}` : r.rest;

/** Formats a document with its own line break; undefined when it holds characters the language does not know. */
export function formatText(text: string, options?: Partial<FormattingOptions>): string | undefined {
  const style = styleOf(options);
  const rendered: Rendered[] = [];
  if (!eachLine(text, (line) => rendered.push(renderLine(line, text, style)))) return undefined;
  // Align the values of runs of consecutive single-field lines at the same indentation.
  const widths = new Array<number>(rendered.length).fill(0);
  for (let i = 0; i < rendered.length;) {
    let j = i;
    while (j < rendered.length && rendered[j].alignable && rendered[j].indent === rendered[i].indent) j++;
    if (j === i) {
      i++;
      continue;
    }
    let width = 0;
    for (let k = i; k < j; k++) width = Math.max(width, rendered[k].name!.length);
    for (let k = i; k < j; k++) widths[k] = width;
    i = j;
  }
  const codes = rendered.map((r, i) => codeOf(r, widths[i]));
  /** Where a line's code ends on screen. */
  const codeWidth = (i: number) => rendered[i].indentWidth + codes[i].length;
  // Align trailing comments of consecutive lines; keep a common column the author chose when it fits.
  const columns = new Array<number>(rendered.length).fill(0);
  for (let i = 0; i < rendered.length;) {
    let j = i;
    while (j < rendered.length && rendered[j].comment !== undefined && rendered[j].rest !== '') j++;
    if (j === i) {
      i++;
      continue;
    }
    let needed = 0;
    let common = rendered[i].commentColumn ?? -1;
    for (let k = i; k < j; k++) {
      needed = Math.max(needed, codeWidth(k) + 2);
      if ((rendered[k].commentColumn ?? -1) !== common) common = -1;
    }
    const column = common >= needed ? common : needed;
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
    const padding = r.comment !== undefined ? ' '.repeat(Math.max(0, columns[i] - codeWidth(i))) : '';
    out.push(r.comment !== undefined ? `${r.indent}${codes[i]}${padding}${r.comment}` : r.indent + codes[i]);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  const eol = lineBreakNear(text, 0);
  return out.length ? `${out.join(eol)}${eol}` : '';
}

/** The formatting as the smallest edits that turn the document into its formatted text, or none. */
export function formatEdits(text: string, options?: Partial<FormattingOptions>): TextEdit[] {
  const formatted = formatText(text, options);
  if (formatted === undefined || formatted === text) return [];
  return minimalEdits({ text }, formatted);
}

export const formatFeature: FeatureRegistration = {
  capabilities: { documentFormattingProvider: true },
  register(services) {
    services.connection.onDocumentFormatting((params) =>
      services.guard('formatting', [], () => {
        const doc = services.documents.get(params.textDocument.uri);
        return doc ? formatEdits(doc.getText(), params.options) : [];
      }),
    );
  },
};
