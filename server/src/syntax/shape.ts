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
  for (let i = 0; i < raw.statements.length; i++) splitStatement(raw.statements[i], kind, fields, issues);
  return { fields, span: raw.span, closed: raw.closed };
}

/** The kind of block a field's nested block is: from the schema, or a system level. */
function childKind(kind: BlockKind, fieldName: string): BlockKind {
  return fieldSchema(kind, fieldName)?.block ?? kind;
}

/** Splits a statement's atoms into fields: a field name starts each; the statement's block goes to the last. */
function splitStatement(statement: RawStatement, kind: BlockKind, out: Field[], issues: SyntaxIssue[]): void {
  const { atoms } = statement;
  let head: Atom | undefined;
  let args: Atom[] = [];
  for (let i = 0; i < atoms.length; i++) {
    const atom = atoms[i];
    if (head && startsNewField(kind, head, args, atom)) {
      addField(head, args, undefined, kind, out, issues);
      head = undefined;
    }
    if (!head) {
      head = atom;
      args = [];
    } else args.push(atom);
  }
  if (head) addField(head, args, statement.block, kind, out, issues);
}

function addField(
  head: Atom,
  args: Atom[],
  block: RawBlock | undefined,
  kind: BlockKind,
  out: Field[],
  issues: SyntaxIssue[],
): void {
  if (head.kind !== 'word') {
    issues.push({ message: 'expected a field name', span: head.span });
    return;
  }
  const last = args.length ? args[args.length - 1].span.end : head.span.end;
  const shaped = block ? shapeBlock(block, childKind(kind, head.text), issues) : undefined;
  out.push({
    name: head.text,
    nameSpan: head.span,
    args,
    block: shaped,
    span: { start: head.span.start, end: shaped ? shaped.span.end : last },
  });
}

function startsNewField(kind: BlockKind, head: Atom, args: Atom[], atom: Atom): boolean {
  if (atom.kind !== 'word') return false;
  if (isFieldName(kind, atom.text)) return true;
  if (kind !== 'system' || head.kind !== 'word' || isFieldName(kind, head.text)) return false;
  // A level entry (`server x 4`) ends after its count.
  return (
    args.length >= 2 &&
    args[args.length - 1].kind === 'number' &&
    args[args.length - 2].kind === 'word' &&
    (args[args.length - 2] as { text: string }).text === 'x'
  );
}
