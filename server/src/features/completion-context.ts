// Where the cursor sits for completion: block kind, field and atoms before it, from a parse of the enclosing declaration only.
import { Atom, Block, Declaration, DeclarationKind, Field } from '../syntax/ast';
import { parse } from '../syntax/shape';
import { BlockKind, fieldSchema } from '../syntax/schema';

export interface CursorContext {
  /** Absolute offset where the partial word before the cursor starts; the chosen item replaces [prefixStart, offset). */
  prefixStart: number;
  offset: number;
  prefix: string;
  /** Text of the cursor's line before the partial word. */
  lineBefore: string;
  /** Inside a comment or a string other than an import path: nothing to offer. */
  silent: boolean;
  /** The enclosing declaration (spans relative to `base`), its innermost block and that block's kind. */
  declaration?: Declaration;
  block?: Block;
  blockKind?: BlockKind;
  /** The field the cursor is an argument of, and its atoms before the partial word (spans relative to `base`). */
  field?: Field;
  argsBefore: Atom[];
  /** Offset of the parsed slice in the document. */
  base: number;
}

/** A top-level declaration start: keyword, name, then `{` (maybe on a later line). A workload's `model X` field is not one. */
const declarationStart = /^[ \t]*(accelerator|link|system|model|workload)[ \t]+([A-Za-z_\u00b5][\w\u00b5]*(?:[.\-]\w+)*)\s*\{/gm;
const wordChar = /[A-Za-z0-9_\u00b5\u03bc./\-]/;

/** Every top-level declaration in a text, found by a scan (no parse): for names and for slicing. */
export function scanDeclarations(text: string): { kind: DeclarationKind; name: string; start: number }[] {
  const out: { kind: DeclarationKind; name: string; start: number }[] = [];
  declarationStart.lastIndex = 0;
  for (let m = declarationStart.exec(text); m; m = declarationStart.exec(text)) out.push({ kind: m[1] as DeclarationKind, name: m[2], start: m.index });
  return out;
}

/** The imported paths of a text, by a scan. */
export function scanImports(text: string): string[] {
  const out: string[] = [];
  const re = /^[ \t]*import[ \t]+"([^"\n]*)"/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]);
  return out;
}

function sliceAround(text: string, offset: number): { start: number; end: number } {
  let start = 0;
  let end = text.length;
  declarationStart.lastIndex = 0;
  for (let m = declarationStart.exec(text); m; m = declarationStart.exec(text)) {
    const lineStart = m.index + (/^[ \t]*/.exec(m[0])?.[0].length ?? 0);
    if (lineStart < offset) start = m.index;
    else {
      end = m.index;
      break;
    }
  }
  return { start, end };
}

const opens = (b: Block, rel: number) => b.span.start < rel && (rel < b.span.end || !b.closed);

export function cursorContext(text: string, offset: number): CursorContext {
  let prefixStart = offset;
  while (prefixStart > 0 && wordChar.test(text[prefixStart - 1])) prefixStart--;
  const lineStart = text.lastIndexOf('\n', prefixStart - 1) + 1;
  const slice = sliceAround(text, offset);
  const file = parse(text.slice(slice.start, slice.end));
  const rel = offset - slice.start;
  const relPrefix = prefixStart - slice.start;
  const ctx: CursorContext = { prefixStart, offset, prefix: text.slice(prefixStart, offset), lineBefore: text.slice(lineStart, prefixStart), silent: false, argsBefore: [], base: slice.start };
  const inComment = file.comments.some((c) => c.span.start < rel && (rel < c.span.end || (c.text.startsWith('//') && rel === c.span.end)));
  const quotes = (ctx.lineBefore.match(/"/g) ?? []).length;
  ctx.silent = inComment || (quotes % 2 === 1 && !/^\s*import\s+"[^"]*$/.test(ctx.lineBefore));
  const declaration = file.declarations.find((d) => d.block && opens(d.block, rel));
  if (!declaration) return ctx;
  ctx.declaration = declaration;
  let block = declaration.block!;
  let kind: BlockKind = declaration.kind;
  for (;;) {
    const inner = block.fields.find((f) => f.block && opens(f.block, rel));
    if (!inner) break;
    kind = fieldSchema(kind, inner.name)?.block ?? kind;
    block = inner.block!;
  }
  ctx.block = block;
  ctx.blockKind = kind;
  const sliceText = file.text;
  for (let i = block.fields.length - 1; i >= 0; i--) {
    const f = block.fields[i];
    if (f.nameSpan.start >= relPrefix) continue;
    const between = sliceText.slice(f.nameSpan.start, relPrefix);
    const endedByBlock = f.block && f.block.span.end <= relPrefix;
    if (!between.includes('\n') && !endedByBlock && !sliceText.slice(f.span.end, relPrefix).includes(';')) {
      ctx.field = f;
      ctx.argsBefore = f.args.filter((a) => a.span.end <= relPrefix);
    }
    break;
  }
  return ctx;
}
