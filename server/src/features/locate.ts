// Finds what sits under the cursor: a declaration name, a reference, a quantity, a field.
import { Atom, Declaration, Field, SourceFile, Span } from '../syntax/ast';
import { BlockKind, fieldSchema } from '../syntax/schema';
import { FileAnalysis } from '../semantics/program';
import { Reference } from '../semantics/scope';
import { containsOffset } from './ranges';

export interface FieldPath {
  declaration: Declaration;
  /** Fields from the outermost to the innermost containing the offset, with the kind of block each sits in. */
  fields: { field: Field; blockKind: BlockKind }[];
}

/**
 * The first of a list of spanned items in text order that contains an offset, by binary search: the first whose
 * span ends at or after it, if it starts at or before it (declarations and references do not overlap).
 */
export function itemAt<T extends { span: Span }>(items: readonly T[], offset: number): T | undefined {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].span.end < offset) lo = mid + 1;
    else hi = mid;
  }
  const found = items[lo];
  return found && containsOffset(found.span, offset) ? found : undefined;
}

export function declarationAt(file: SourceFile, offset: number): Declaration | undefined {
  return itemAt(file.declarations, offset);
}

/** The chain of fields containing an offset. */
export function fieldPathAt(file: SourceFile, offset: number): FieldPath | undefined {
  const declaration = declarationAt(file, offset);
  if (!declaration) return undefined;
  const fields: FieldPath['fields'] = [];
  let block = declaration.block;
  let kind: BlockKind = declaration.kind;
  while (block && containsOffset(block.span, offset)) {
    const field = block.fields.find((f) => containsOffset(f.span, offset));
    if (!field) break;
    fields.push({ field, blockKind: kind });
    kind = fieldSchema(kind, field.name)?.block ?? kind;
    block = field.block;
  }
  return { declaration, fields };
}

export function atomAt(field: Field, offset: number): { atom: Atom; index: number } | undefined {
  const index = field.args.findIndex((a) => containsOffset(a.span, offset));
  return index >= 0 ? { atom: field.args[index], index } : undefined;
}

export function referenceAt(analysis: FileAnalysis, offset: number): Reference | undefined {
  return itemAt(analysis.references, offset);
}

/** A declaration whose name is under the cursor. */
export function declarationNameAt(file: SourceFile, offset: number): Declaration | undefined {
  const declaration = declarationAt(file, offset);
  return declaration?.name && containsOffset(declaration.name.span, offset) ? declaration : undefined;
}
