// Where the cursor sits for completion: block kind, field and atoms before it, read from the document's syntax tree.
import { Atom, Block, Declaration, Field, SourceFile } from '../syntax/ast';
import { lineStartAt } from '../syntax/lines';
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
  /** The enclosing declaration, its innermost block and that block's kind. */
  declaration?: Declaration;
  block?: Block;
  blockKind?: BlockKind;
  /** The field the cursor is an argument of, and its atoms before the partial word. */
  field?: Field;
  argsBefore: Atom[];
}

const wordChar = /[A-Za-z0-9_\u00b5\u03bc./-]/;

const opens = (b: Block, rel: number) => b.span.start < rel && (rel < b.span.end || !b.closed);

export function cursorContext(file: SourceFile, offset: number): CursorContext {
  const text = file.text;
  let prefixStart = offset;
  while (prefixStart > 0 && wordChar.test(text[prefixStart - 1])) prefixStart--;
  const lineStart = lineStartAt(text, prefixStart);
  const rel = offset;
  const relPrefix = prefixStart;
  const ctx: CursorContext = {
    prefixStart,
    offset,
    prefix: text.slice(prefixStart, offset),
    lineBefore: text.slice(lineStart, prefixStart),
    silent: false,
    argsBefore: [],
  };
  const inComment = file.comments.some(
    (c) => c.span.start < rel && (rel < c.span.end || (c.text.startsWith('//') && rel === c.span.end)),
  );
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
    if (
      lineStartAt(between, between.length) === 0 &&
      !endedByBlock &&
      !sliceText.slice(f.span.end, relPrefix).includes(';')
    ) {
      ctx.field = f;
      ctx.argsBefore = f.args.filter((a) => a.span.end <= relPrefix);
    }
    break;
  }
  return ctx;
}
