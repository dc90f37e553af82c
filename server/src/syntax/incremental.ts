// Reparses only the top-level declarations whose text changed: unchanged chunks keep their trees, shifted in place.
import { Block, Declaration, SourceFile, Span } from './ast';
import { breakLengthAt, isLineBreak } from './lines';
import { ownString } from './parser';
import { parse } from './shape';

/** A declaration keyword at a line's start (`lastIndex` set to it), not the start of a longer word. */
const declarationAt = /(?:import|accelerator|link|system|model|workload|compare)(?![A-Za-z0-9_.-])/y;
/** The characters that change what follows: line breaks, strings, braces and comments. */
const significant = /[\r\n"{}/]/g;
/** The end of a string: its closing quote or the line's end. */
const stringEnd = /["\r\n]/g;
/** The end of a line comment: the line's end. */
const lineEnd = /[\r\n]/g;

/** Where `re` (global) next matches a single character at or after `from`, or -1. */
function nextAt(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.test(text) ? re.lastIndex - 1 : -1;
}

/**
 * Offsets where a new top-level chunk may start: a line that opens with a declaration keyword while no block
 * or block comment is open. Parsing each chunk alone gives the same tree as parsing the whole text. Jumps from one
 * significant character to the next with regular expressions (native), not a loop over every character.
 */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  let depth = 0;
  let i = 0;
  // Whether `i` starts a line outside any comment (such a line may start a chunk).
  let lineStart = true;
  while (i < n) {
    if (lineStart && i > 0 && depth === 0) {
      declarationAt.lastIndex = i;
      if (declarationAt.test(text)) starts.push(i);
    }
    lineStart = false;
    const at = nextAt(significant, text, i);
    if (at < 0) break;
    const c = text.charCodeAt(at);
    if (isLineBreak(c)) {
      i = at + breakLengthAt(text, at);
      lineStart = true;
    } else if (c === 34 /* " */) {
      const end = nextAt(stringEnd, text, at + 1);
      if (end < 0) break;
      i = text.charCodeAt(end) === 34 ? end + 1 : end;
    } else if (c === 123 /* { */) {
      depth++;
      i = at + 1;
    } else if (c === 125 /* } */) {
      depth = Math.max(0, depth - 1);
      i = at + 1;
    } else if (text.charCodeAt(at + 1) === 47 /* // */) {
      const end = nextAt(lineEnd, text, at + 2);
      if (end < 0) break;
      i = end;
    } else if (text.charCodeAt(at + 1) === 42 /* /* */) {
      const close = text.indexOf('*/', at + 2);
      if (close < 0) break;
      i = close + 2;
    } else i = at + 1;
  }
  return starts;
}

interface Chunk {
  file: SourceFile;
  /** The offset its spans are currently relative to. */
  base: number;
}

/** One per document: keeps the trees of the current version's chunks. */
export class IncrementalParser {
  private chunks = new Map<string, Chunk>();
  /** A version parsed whole, kept per chunk only when the next version comes (not on the way to its diagnostics). */
  private whole: { file: SourceFile; starts: number[] } | undefined;

  parse(text: string): SourceFile {
    if (this.whole) this.keepChunks(this.whole.file, this.whole.starts);
    const starts = chunkStarts(text);
    if (this.chunks.size === 0) return this.parseWhole(text, starts);
    const next = new Map<string, Chunk>();
    const result: SourceFile = { text, imports: [], declarations: [], comments: [], syntaxIssues: [] };
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i];
      const end = i + 1 < starts.length ? starts[i + 1] : text.length;
      const chunkText = text.slice(start, end);
      let chunk = this.chunks.get(chunkText);
      if (chunk && !next.has(chunkText)) {
        if (chunk.base !== start) shiftFile(chunk.file, start - chunk.base);
        chunk.base = start;
        next.set(chunkText, chunk);
      } else {
        // Its own copy of the text: a cut would keep this whole version alive for as long as the chunk is kept.
        chunk = { file: parse(ownString(chunkText)), base: 0 };
        if (start !== 0) shiftFile(chunk.file, start);
        chunk.base = start;
        if (!next.has(chunkText)) next.set(chunkText, chunk);
      }
      const f = chunk.file;
      append(result.imports, f.imports);
      append(result.declarations, f.declarations);
      append(result.comments, f.comments);
      append(result.syntaxIssues, f.syntaxIssues);
    }
    this.chunks = next;
    return result;
  }

  /**
   * A version with no chunk kept (the first): one parse of the whole text, which equals the chunks' parses joined
   * (see `chunkStarts`) and costs one run of the lexer and parser instead of one per declaration; its parts are then
   * kept per chunk for the versions after it.
   */
  private parseWhole(text: string, starts: number[]): SourceFile {
    const file = parse(text);
    this.whole = { file, starts };
    return file;
  }

  /** Keeps the parts of a whole parse per chunk, for the versions after it. */
  private keepChunks(file: SourceFile, starts: number[]): void {
    this.whole = undefined;
    const text = file.text;
    const cursor = { imports: 0, declarations: 0, comments: 0, syntaxIssues: 0 };
    const next = new Map<string, Chunk>();
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i];
      // The last chunk takes the rest, issues at the very end of the text included.
      const end = i + 1 < starts.length ? starts[i + 1] : Infinity;
      const chunkText = text.slice(start, i + 1 < starts.length ? end : text.length);
      const part: SourceFile = {
        text: chunkText,
        imports: takeBefore(file.imports, cursor, 'imports', end),
        declarations: takeBefore(file.declarations, cursor, 'declarations', end),
        comments: takeBefore(file.comments, cursor, 'comments', end),
        syntaxIssues: takeBefore(file.syntaxIssues, cursor, 'syntaxIssues', end),
      };
      if (!next.has(chunkText)) next.set(chunkText, { file: part, base: start });
    }
    this.chunks = next;
  }
}

type Parts = 'imports' | 'declarations' | 'comments' | 'syntaxIssues';

/** The items of a whole parse from `cursor[key]` on that start before `end` (items are in text order). */
function takeBefore<T extends { span: Span }>(
  items: readonly T[],
  cursor: Record<Parts, number>,
  key: Parts,
  end: number,
): T[] {
  const from = cursor[key];
  let to = from;
  while (to < items.length && items[to].span.start < end) to++;
  cursor[key] = to;
  return items.slice(from, to);
}

/** Appends with an indexed loop: per chunk per edit, where an iterator would allocate on every call. */
function append<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]);
}

function shift(span: Span, by: number): void {
  span.start += by;
  span.end += by;
}

function shiftBlock(block: Block, by: number): void {
  shift(block.span, by);
  for (const f of block.fields) {
    shift(f.nameSpan, by);
    shift(f.span, by);
    for (const a of f.args) shift(a.span, by);
    if (f.block) shiftBlock(f.block, by);
  }
}

function shiftDeclaration(d: Declaration, by: number): void {
  shift(d.keywordSpan, by);
  shift(d.span, by);
  if (d.name) shift(d.name.span, by);
  if (d.block) shiftBlock(d.block, by);
}

function shiftFile(file: SourceFile, by: number): void {
  for (const i of file.imports) {
    shift(i.pathSpan, by);
    shift(i.span, by);
  }
  for (const d of file.declarations) shiftDeclaration(d, by);
  for (const c of file.comments) shift(c.span, by);
  for (const s of file.syntaxIssues) shift(s.span, by);
}
