// Semantic tokens: declaration names and references by kind (catalog ones marked), field names, units, numbers, words, comments.
import { SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend } from 'vscode-languageserver';
import { Atom, DeclarationKind, Field, Span } from '../syntax/ast';
import { linesOf } from '../syntax/lines';
import { FileAnalysis } from '../semantics/program';
import { unitInfo } from '../semantics/units';
import type { FeatureRegistration } from './registry';

export const tokenTypes = ['keyword', 'class', 'interface', 'namespace', 'struct', 'event', 'property', 'type', 'number', 'string', 'comment', 'enumMember', 'operator'] as const;
export const tokenModifiers = ['declaration', 'defaultLibrary'] as const;
export const legend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };
type TokenType = (typeof tokenTypes)[number];

const kindTypes: Record<DeclarationKind, TokenType> = { accelerator: 'class', link: 'interface', system: 'namespace', model: 'struct', workload: 'event', compare: 'event' };

interface RawToken {
  span: Span;
  type: TokenType;
  modifiers: number;
}

const DECLARATION = 1;
const DEFAULT_LIBRARY = 2;

/** Tokens of a document in order, before line splitting and delta encoding. */
export function classify(analysis: FileAnalysis, catalogUri: string): RawToken[] {
  const out: RawToken[] = [];
  const refs = new Map(analysis.references.map((r) => [r.span.start, r]));
  const push = (span: Span, type: TokenType, modifiers = 0) => out.push({ span, type, modifiers });
  for (const imp of analysis.file.imports) {
    push({ start: imp.span.start, end: imp.span.start + 'import'.length }, 'keyword');
    push(imp.pathSpan, 'string');
  }
  const atoms = (args: Atom[]) => {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const prev = args[i - 1];
      if (a.kind === 'number') push(a.span, 'number');
      else if (a.kind === 'string') push(a.span, 'string');
      else if (a.kind === 'punct') {
        if (a.text === '%' && prev?.kind === 'number') push(a.span, 'type');
      } else {
        const ref = refs.get(a.span.start);
        if (ref) {
          push(a.span, kindTypes[ref.kind], ref.target.uri === catalogUri ? DEFAULT_LIBRARY : 0);
          continue;
        }
        const slash = args[i + 1];
        const per = args[i + 2];
        if (prev?.kind === 'number' && slash?.kind === 'punct' && slash.text === '/' && per?.kind === 'word' && unitInfo(`${a.text}/${per.text}`)) {
          push({ start: a.span.start, end: per.span.end }, 'type');
          i += 2;
        } else if (prev?.kind === 'number' && unitInfo(a.text)) push(a.span, 'type');
        else if (a.text === 'x') push(a.span, 'operator');
        else push(a.span, 'enumMember');
      }
    }
  };
  const fields = (list: Field[]) => {
    for (const f of list) {
      push(f.nameSpan, 'property');
      atoms(f.args);
      if (f.block) fields(f.block.fields);
    }
  };
  for (const d of analysis.file.declarations) {
    push(d.keywordSpan, 'keyword');
    if (d.name) push(d.name.span, kindTypes[d.kind], DECLARATION);
    if (d.block) fields(d.block.fields);
  }
  for (const c of analysis.file.comments) push(c.span, 'comment');
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Delta-encoded tokens, multi-line tokens (block comments) split at line ends. */
export function semanticTokens(analysis: FileAnalysis, catalogUri: string): SemanticTokens {
  const lines = linesOf(analysis.file);
  const builder = new SemanticTokensBuilder();
  for (const t of classify(analysis, catalogUri)) {
    const type = tokenTypes.indexOf(t.type);
    const last = lines.lineOf(t.span.end);
    for (let line = lines.lineOf(t.span.start); line <= last; line++) {
      const start = Math.max(t.span.start, lines.lineStart(line));
      const end = Math.min(t.span.end, lines.lineEnd(line));
      if (end > start) builder.push(line, start - lines.lineStart(line), end - start, type, t.modifiers);
    }
  }
  return builder.build();
}

export const semanticTokensFeature: FeatureRegistration = {
  capabilities: { semanticTokensProvider: { legend, full: true } },
  register(services) {
    services.connection.languages.semanticTokens.on((params) =>
      services.guard<SemanticTokens>('semanticTokens', { data: [] }, () => {
        const analysis = services.analysis(params.textDocument.uri);
        return analysis ? semanticTokens(analysis, services.workspace.catalogUri) : { data: [] };
      }),
    );
  },
};
