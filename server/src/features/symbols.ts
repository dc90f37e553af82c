// Document symbols (the outline) and go to definition.
import { DocumentSymbol, Location, SymbolKind } from './protocol';
import { Block, DeclarationKind } from '../syntax/ast';
import { LineSource } from '../syntax/lines';
import { FileAnalysis, Workspace } from '../semantics/program';
import { declarationNameAt, referenceAt } from './locate';
import { containsOffset, toRange } from './ranges';
import { isFieldName } from '../syntax/schema';

const symbolKinds: Record<DeclarationKind, SymbolKind> = {
  accelerator: SymbolKind.Class,
  link: SymbolKind.Interface,
  system: SymbolKind.Module,
  model: SymbolKind.Struct,
  workload: SymbolKind.Event,
  compare: SymbolKind.Array,
};

export function documentSymbols(analysis: FileAnalysis): DocumentSymbol[] {
  const file = analysis.file;
  return analysis.file.declarations
    .filter((d) => d.name)
    .map((d) => ({
      name: d.name!.text,
      detail: d.kind,
      kind: symbolKinds[d.kind],
      range: toRange(file, d.span),
      selectionRange: toRange(file, d.name!.span),
      children: d.kind === 'system' && d.block ? levelSymbols(file, d.block) : [],
    }));
}

function levelSymbols(file: LineSource, block: Block): DocumentSymbol[] {
  return block.fields
    .filter((f) => !isFieldName('system', f.name))
    .map((f) => ({
      name: [f.name, ...f.args.map((a) => (a.kind === 'word' || a.kind === 'number' ? a.text : ''))].join(' ').trim(),
      kind: SymbolKind.Namespace,
      range: toRange(file, f.span),
      selectionRange: toRange(file, f.nameSpan),
      children: f.block ? levelSymbols(file, f.block) : [],
    }));
}

export function definitionAt(workspace: Workspace, analysis: FileAnalysis, offset: number): Location[] {
  const ref = referenceAt(analysis, offset);
  if (ref) {
    const target = ref.target.uri === analysis.uri ? analysis : workspace.analyse(ref.target.uri);
    if (!target) return [];
    return [{ uri: ref.target.uri, range: toRange(target.file, ref.target.nameSpan) }];
  }
  const imp = analysis.imports.find((i) => containsOffset(i.span, offset));
  if (imp?.target)
    return [{ uri: imp.target.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  const decl = declarationNameAt(analysis.file, offset);
  if (decl?.name) return [{ uri: analysis.uri, range: toRange(analysis.file, decl.name.span) }];
  return [];
}
