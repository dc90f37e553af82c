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

/**
 * Splits a statement's atoms into fields: a field name starts each; the statement's block goes to the last.
 * A field's arguments are sliced from the atoms once its end is known: arrays of their exact length, as the tree
 * keeps them.
 */
function splitStatement(statement: RawStatement, kind: BlockKind, out: Field[], issues: SyntaxIssue[]): void {
  const { atoms } = statement;
  let head = -1;
  for (let i = 0; i < atoms.length; i++) {
    if (head >= 0 && startsNewField(kind, atoms, head, i)) {
      addField(atoms, head, i, undefined, kind, out, issues);
      head = -1;
    }
    if (head < 0) head = i;
  }
  if (head >= 0) addField(atoms, head, atoms.length, statement.block, kind, out, issues);
}

/** The field named by atoms[head], its arguments up to `end`. */
function addField(
  atoms: Atom[],
  head: number,
  end: number,
  block: RawBlock | undefined,
  kind: BlockKind,
  out: Field[],
  issues: SyntaxIssue[],
): void {
  const name = atoms[head];
  if (name.kind !== 'word') {
    issues.push({ message: 'expected a field name', span: name.span });
    return;
  }
  const last = end - 1 > head ? atoms[end - 1].span.end : name.span.end;
  const shaped = block ? shapeBlock(block, childKind(kind, name.text), issues) : undefined;
  out.push({
    name: name.text,
    nameSpan: name.span,
    args: atoms.slice(head + 1, end),
    block: shaped,
    span: { start: name.span.start, end: shaped ? shaped.span.end : last },
  });
}

/** Whether atoms[at] starts a new field after the one named by atoms[head]. */
function startsNewField(kind: BlockKind, atoms: Atom[], head: number, at: number): boolean {
  const atom = atoms[at];
  if (atom.kind !== 'word') return false;
  if (isFieldName(kind, atom.text)) return true;
  const name = atoms[head];
  if (kind !== 'system' || name.kind !== 'word' || isFieldName(kind, name.text)) return false;
  // A level entry (`server x 4`) ends after its count.
  const before = atoms[at - 2];
  return at - head - 1 >= 2 && atoms[at - 1].kind === 'number' && before.kind === 'word' && before.text === 'x';
}
