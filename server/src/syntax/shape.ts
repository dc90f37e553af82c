// Splits raw statements into the fields of each block kind, giving the final syntax tree.
import { Atom, Block, Declaration, Field, SourceFile, SyntaxIssue } from './ast';
import { parseRaw, RawBlock, RawStatement } from './parser';
import { BlockKind, fieldSchema, isFieldName } from './schema';

/** Parses a document into its syntax tree. Any text gives a tree and a list of issues. */
export function parse(text: string): SourceFile {
  const { raw, comments, issues } = parseRaw(text);
  const declarations: Declaration[] = raw.declarations.map((d) => ({
    kind: d.kind,
    keywordSpan: d.keywordSpan,
    name: d.name ? { kind: 'word', text: d.name.text, span: d.name.span } : undefined,
    block: d.block ? shapeBlock(d.block, d.kind, issues) : undefined,
    span: d.span,
  }));
  // In text order, whichever stage found them: the incremental parser joins chunks' issues and must agree.
  issues.sort((a, b) => a.span.start - b.span.start);
  return { text, imports: raw.imports, declarations, comments, syntaxIssues: issues };
}

function shapeBlock(raw: RawBlock, kind: BlockKind, issues: SyntaxIssue[]): Block {
  const fields: Field[] = [];
  for (const statement of raw.statements) splitStatement(statement, kind, fields, issues);
  return { fields, span: raw.span, closed: raw.closed };
}

/** The kind of block a field's nested block is: from the schema, or a system level. */
function childKind(kind: BlockKind, fieldName: string): BlockKind {
  return fieldSchema(kind, fieldName)?.block ?? kind;
}

function splitStatement(statement: RawStatement, kind: BlockKind, out: Field[], issues: SyntaxIssue[]): void {
  const { atoms } = statement;
  let current: { head: Atom; args: Atom[] } | undefined;
  const flush = (block?: RawBlock) => {
    if (!current) return;
    const head = current.head;
    if (head.kind !== 'word') {
      issues.push({ message: 'expected a field name', span: head.span });
      current = undefined;
      return;
    }
    const last = current.args.length ? current.args[current.args.length - 1].span.end : head.span.end;
    const shaped = block ? shapeBlock(block, childKind(kind, head.text), issues) : undefined;
    out.push({
      name: head.text,
      nameSpan: head.span,
      args: current.args,
      block: shaped,
      span: { start: head.span.start, end: shaped ? shaped.span.end : last },
    });
    current = undefined;
  };
  for (const atom of atoms) {
    if (current && startsNewField(kind, current, atom)) flush();
    if (!current) current = { head: atom, args: [] };
    else current.args.push(atom);
  }
  flush(statement.block);
}

function startsNewField(kind: BlockKind, current: { head: Atom; args: Atom[] }, atom: Atom): boolean {
  if (atom.kind !== 'word') return false;
  if (isFieldName(kind, atom.text)) return true;
  if (kind !== 'system' || current.head.kind !== 'word' || isFieldName(kind, current.head.text)) return false;
  // A level entry (`server x 4`) ends after its count.
  const args = current.args;
  return (
    args.length >= 2 &&
    args[args.length - 1].kind === 'number' &&
    args[args.length - 2].kind === 'word' &&
    (args[args.length - 2] as { text: string }).text === 'x'
  );
}
