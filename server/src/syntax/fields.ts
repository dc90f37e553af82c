// A statement's atoms split into fields by its block kind's schema: the parser calls it once per statement.
import { Atom, Block, Field, SyntaxIssue } from './ast';
import { BlockKind, fieldSchema, isFieldName } from './schema';

/** The kind of block a field's nested block is: from the schema, or a system level. */
export function childKind(kind: BlockKind, fieldName: string): BlockKind {
  return fieldSchema(kind, fieldName)?.block ?? kind;
}

/**
 * Adds to `out` every field of a statement's atoms (the first `count` of `atoms`) but the last, and returns where the
 * last starts: the statement's block, parsed after this, belongs to that one (`addField` adds it). -1 when there are
 * no atoms.
 */
export function splitLeadingFields(
  atoms: readonly Atom[],
  count: number,
  kind: BlockKind,
  out: Field[],
  issues: SyntaxIssue[],
): number {
  let head = -1;
  for (let i = 0; i < count; i++) {
    if (head >= 0 && startsNewField(kind, atoms, head, i)) {
      addField(atoms[head], atoms.slice(head + 1, i), undefined, out, issues);
      head = -1;
    }
    if (head < 0) head = i;
  }
  return head;
}

/**
 * The field named by `name`, with its arguments (an array of their exact length, as the tree keeps it) and the
 * block it carries.
 */
export function addField(name: Atom, args: Atom[], block: Block | undefined, out: Field[], issues: SyntaxIssue[]) {
  if (name.kind !== 'word') {
    issues.push({ message: 'expected a field name', span: name.span });
    return;
  }
  const last = args.length > 0 ? args[args.length - 1].span.end : name.span.end;
  out.push({
    name: name.text,
    nameSpan: name.span,
    args,
    block,
    span: { start: name.span.start, end: block ? block.span.end : last },
  });
}

/** Whether atoms[at] starts a new field after the one named by atoms[head]. */
function startsNewField(kind: BlockKind, atoms: readonly Atom[], head: number, at: number): boolean {
  const atom = atoms[at];
  if (atom.kind !== 'word') return false;
  if (isFieldName(kind, atom.text)) return true;
  const name = atoms[head];
  if (kind !== 'system' || name.kind !== 'word' || isFieldName(kind, name.text)) return false;
  // A level entry (`server x 4`) ends after its count.
  const before = atoms[at - 2];
  return at - head - 1 >= 2 && atoms[at - 1].kind === 'number' && before.kind === 'word' && before.text === 'x';
}
