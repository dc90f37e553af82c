// Selection ranges: expand a selection from a word to its field, block, declaration and the whole file.
import { SelectionRange } from './protocol';
import { Block, SourceFile, Span } from '../syntax/ast';
import { offsetAt } from '../syntax/lines';
import type { FeatureRegistration } from './registry';
import { containsOffset, toRange } from './ranges';

/** The spans around an offset, outermost first, each strictly inside the one before. */
export function enclosingSpans(file: SourceFile, offset: number): Span[] {
  const spans: Span[] = [{ start: 0, end: file.text.length }];
  const add = (span: Span | undefined) => {
    if (!span || !containsOffset(span, offset)) return false;
    const last = spans[spans.length - 1];
    const inside = span.start >= last.start && span.end <= last.end && (span.start > last.start || span.end < last.end);
    if (inside) spans.push(span);
    return true;
  };
  const walk = (block: Block | undefined) => {
    if (!block || !add(block.span)) return;
    for (const field of block.fields) {
      if (!add(field.span)) continue;
      add(field.nameSpan);
      for (const atom of field.args) add(atom.span);
      walk(field.block);
    }
  };
  for (const imp of file.imports) if (add(imp.span)) add(imp.pathSpan);
  for (const decl of file.declarations) {
    if (!add(decl.span)) continue;
    add(decl.keywordSpan);
    add(decl.name?.span);
    walk(decl.block);
  }
  return spans;
}

export function selectionRange(file: SourceFile, offset: number): SelectionRange {
  let range: SelectionRange | undefined;
  for (const span of enclosingSpans(file, offset)) range = { range: toRange(file, span), parent: range };
  return range!;
}

export const selectionRangesFeature: FeatureRegistration = {
  capabilities: { selectionRangeProvider: true },
  register(services) {
    services.connection.onSelectionRanges((params) =>
      services.guard<SelectionRange[]>('selectionRanges', [], () => {
        const analysis = services.analysis(params.textDocument.uri);
        return analysis ? params.positions.map((p) => selectionRange(analysis.file, offsetAt(analysis.file, p))) : [];
      }),
    );
  },
};
