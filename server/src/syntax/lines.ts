// The one line table: offsets to zero-based lines and UTF-16 characters, breaking lines at \r\n, \n and a lone \r (as LSP).
export interface Position {
  line: number;
  character: number;
}

/** Anything that owns a text, such as a parsed file: its line table is cached on it, not keyed by the text. */
export interface LineSource {
  readonly text: string;
}

const LF = 10;
const CR = 13;

/** Whether a character code breaks a line: \n or \r (a \r\n pair is one break). */
export const isLineBreak = (code: number): boolean => code === LF || code === CR;

/**
 * Where the line holding an offset starts, scanning back from it: for code that builds one edit from a text
 * without its owner (the binder's fixes). Follows the same breaks as LineTable.
 */
export function lineStartAt(text: string, offset: number): number {
  let i = Math.max(0, Math.min(offset, text.length));
  while (i > 0 && !isLineBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Where the content of the line holding an offset ends (before its break), scanning forward. */
export function lineEndAt(text: string, offset: number): number {
  let i = Math.max(0, Math.min(offset, text.length));
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

/** The length of the line break at an offset: 2 for \r\n, 1 for \n or \r, 0 for none. */
export function breakLengthAt(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  if (c === CR) return text.charCodeAt(offset + 1) === LF ? 2 : 1;
  return c === LF ? 1 : 0;
}

/** The line break to write near an offset: the one ending its line, else the one before it, else '\n'. */
export function lineBreakNear(text: string, offset: number): string {
  const end = lineEndAt(text, offset);
  if (end < text.length) return text.slice(end, end + breakLengthAt(text, end));
  const start = lineStartAt(text, offset);
  if (start === 0) return '\n';
  return text.charCodeAt(start - 1) === LF && text.charCodeAt(start - 2) === CR ? '\r\n' : text[start - 1];
}

/** The lines of one text: where each starts, where its content ends, and the break that ends it. */
export class LineTable {
  /** Offset where each line starts; a final entry of text.length + 1 closes the last line. */
  private readonly starts: number[];

  /** Jumps from break to break with `indexOf` (native, fast before V8 has optimised anything, as at start). */
  constructor(readonly text: string) {
    const starts = [0];
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (lf !== -1 || cr !== -1) {
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        starts.push(lf + 1);
        lf = text.indexOf('\n', lf + 1);
      } else {
        const end = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
        starts.push(end);
        if (end === cr + 2) lf = text.indexOf('\n', end);
        cr = text.indexOf('\r', end);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line holding an offset (clamped to the text); an offset inside a \r\n break belongs to its line. */
  lineOf(offset: number): number {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Where the line's content ends, before its line break. */
  lineEnd(line: number): number {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    if (l + 1 >= this.starts.length) return this.text.length;
    const next = this.starts[l + 1];
    return next - (this.text.charCodeAt(next - 1) === LF && this.text.charCodeAt(next - 2) === CR ? 2 : 1);
  }

  /** The break that ends the line ('\r\n', '\n' or '\r'), or '' on the last line. */
  breakAfter(line: number): string {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    return l + 1 >= this.starts.length ? '' : this.text.slice(this.lineEnd(l), this.starts[l + 1]);
  }

  /** The text's usual line break: the one its first line ends with, '\n' when it has none. */
  get eol(): string {
    return lineBreakNear(this.text, 0);
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: Math.min(clamped, this.lineEnd(line)) - this.starts[line] };
  }

  /** LSP semantics: a line past the end is the end of the text; a character past the line's end is its end. */
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    return Math.min(this.starts[position.line] + Math.max(0, position.character), this.lineEnd(position.line));
  }
}

const tables = new WeakMap<LineSource, LineTable>();

/** The line table of a text's owner, built once per owner (a new document version is a new owner). */
export function linesOf(source: LineSource): LineTable {
  if (source instanceof LineTable) return source;
  let table = tables.get(source);
  if (!table || table.text !== source.text) {
    table = new LineTable(source.text);
    tables.set(source, table);
  }
  return table;
}

export function positionAt(source: LineSource, offset: number): Position {
  return linesOf(source).positionAt(offset);
}

export function offsetAt(source: LineSource, position: Position): number {
  return linesOf(source).offsetAt(position);
}
