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

export function declarationAt(file: SourceFile, offset: number): Declaration | undefined {
  return file.declarations.find((d) => containsOffset(d.span, offset));
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
  return analysis.references.find((r) => containsOffset(r.span, offset));
}

/** A declaration whose name is under the cursor. */
export function declarationNameAt(file: SourceFile, offset: number): Declaration | undefined {
  return file.declarations.find((d) => d.name && containsOffset(d.name.span, offset));
}

