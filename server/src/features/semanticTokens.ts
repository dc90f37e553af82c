// Semantic tokens: declaration names and references by kind (catalog ones marked), field names, units, numbers, words, comments.
import { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from './protocol';
import { Atom, DeclarationKind, Field, Span } from '../syntax/ast';
import { linesOf, offsetAt } from '../syntax/lines';
import { FileAnalysis } from '../semantics/program';
import { Reference } from '../semantics/scope';
import { unitInfo } from '../semantics/units';
import type { FeatureRegistration } from './registry';

export const tokenTypes = [
  'keyword',
  'class',
  'interface',
  'namespace',
  'struct',
  'event',
  'property',
  'type',
  'number',
  'string',
  'comment',
  'enumMember',
  'operator',
] as const;
export const tokenModifiers = ['declaration', 'defaultLibrary'] as const;
export const legend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };
type TokenType = (typeof tokenTypes)[number];

const kindTypes: Record<DeclarationKind, TokenType> = {
  accelerator: 'class',
  link: 'interface',
  system: 'namespace',
  model: 'struct',
  workload: 'event',
  compare: 'event',
};

interface RawToken {
  span: Span;
  type: TokenType;
  modifiers: number;
}

const typeIndex = Object.fromEntries(tokenTypes.map((t, i) => [t, i])) as Record<TokenType, number>;
const DECLARATION = 1;
const DEFAULT_LIBRARY = 2;

/** The last reference starting at an offset, by binary search (the analysis keeps references in text order). */
function referenceStartingAt(references: readonly Reference[], offset: number): Reference | undefined {
  let lo = 0;
  let hi = references.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (references[mid].span.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  const found = references[lo - 1];
  return found && found.span.start === offset ? found : undefined;
}

/** The index of the first item whose span ends at or after `offset` (items in text order, not overlapping). */
function firstEndingAfter(items: readonly { span: Span }[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].span.end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Tokens of a document in text order, before line splitting and delta encoding; with a range, only the tokens
 * of the declarations, imports and comments it overlaps (found by binary search, not by walking the file).
 */
export function classify(analysis: FileAnalysis, catalogUri: string, range?: Span): RawToken[] {
  const file = analysis.file;
  const from = range?.start ?? 0;
  const to = range?.end ?? Infinity;
  const code: RawToken[] = [];
  const push = (span: Span, type: TokenType, modifiers = 0) => code.push({ span, type, modifiers });
  const atoms = (args: Atom[]) => {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const prev = args[i - 1];
      if (a.kind === 'number') push(a.span, 'number');
      else if (a.kind === 'string') push(a.span, 'string');
      else if (a.kind === 'punct') {
        if (a.text === '%' && prev?.kind === 'number') push(a.span, 'type');
      } else {
        const ref = referenceStartingAt(analysis.references, a.span.start);
        if (ref) {
          push(a.span, kindTypes[ref.kind], ref.target.uri === catalogUri ? DEFAULT_LIBRARY : 0);
          continue;
        }
        const slash = args[i + 1];
        const per = args[i + 2];
        if (
          prev?.kind === 'number' &&
          slash?.kind === 'punct' &&
          slash.text === '/' &&
          per?.kind === 'word' &&
          unitInfo(`${a.text}/${per.text}`)
        ) {
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
  // Imports and declarations, each in text order, merged; then the comments merged in.
  const imports = file.imports;
  const declarations = file.declarations;
  let i = firstEndingAfter(imports, from);
  let d = firstEndingAfter(declarations, from);
  for (;;) {
    const imp = i < imports.length && imports[i].span.start <= to ? imports[i] : undefined;
    const decl = d < declarations.length && declarations[d].span.start <= to ? declarations[d] : undefined;
    if (imp && (!decl || imp.span.start < decl.span.start)) {
      push({ start: imp.span.start, end: imp.span.start + 'import'.length }, 'keyword');
      push(imp.pathSpan, 'string');
      i++;
    } else if (decl) {
      push(decl.keywordSpan, 'keyword');
      if (decl.name) push(decl.name.span, kindTypes[decl.kind], DECLARATION);
      if (decl.block) fields(decl.block.fields);
      d++;
    } else break;
  }
  const out: RawToken[] = [];
  const comments = file.comments;
  let c = firstEndingAfter(comments, from);
  const overlaps = (t: RawToken) => t.span.end >= from && t.span.start <= to;
  for (const t of code) {
    for (; c < comments.length && comments[c].span.start < t.span.start; c++)
      out.push({ span: comments[c].span, type: 'comment', modifiers: 0 });
    if (overlaps(t)) out.push(t);
  }
  for (; c < comments.length && comments[c].span.start <= to; c++)
    out.push({ span: comments[c].span, type: 'comment', modifiers: 0 });
  return range ? out.filter(overlaps) : out;
}

/** Delta-encoded tokens (of a range, or of the whole document), multi-line tokens (block comments) split at line ends. */
export function semanticTokens(analysis: FileAnalysis, catalogUri: string, range?: Span): SemanticTokens {
  const lines = linesOf(analysis.file);
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  let line = range ? lines.lineOf(range.start) : 0;
  for (const t of classify(analysis, catalogUri, range)) {
    const type = typeIndex[t.type];
    while (line + 1 < lines.lineCount && lines.lineStart(line + 1) <= t.span.start) line++;
    for (let l = line; l < lines.lineCount && lines.lineStart(l) <= t.span.end; l++) {
      const lineStart = lines.lineStart(l);
      const start = Math.max(t.span.start, lineStart);
      const end = Math.min(t.span.end, lines.lineEnd(l));
      if (end <= start) continue;
      const char = start - lineStart;
      data.push(l - prevLine, l === prevLine ? char - prevChar : char, end - start, type, t.modifiers);
      prevLine = l;
      prevChar = char;
    }
  }
  return { data };
}

/**
 * The edit from one token array to the next: the run between their common prefix and suffix (whole tokens of
 * five numbers), replaced. An empty list when they are equal.
 */
export function tokenEdits(previous: readonly number[], next: readonly number[]): SemanticTokensEdit[] {
  const max = Math.min(previous.length, next.length);
  let prefix = 0;
  while (prefix < max && previous[prefix] === next[prefix]) prefix++;
  if (prefix === previous.length && prefix === next.length) return [];
  prefix -= prefix % 5;
  let suffix = 0;
  while (suffix < max - prefix && previous[previous.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  suffix -= suffix % 5;
  return [
    { start: prefix, deleteCount: previous.length - prefix - suffix, data: next.slice(prefix, next.length - suffix) },
  ];
}

/** The last tokens sent for each document, to answer a delta request with an edit of them. */
const sent = new Map<string, { resultId: string; data: number[] }>();
let nextResultId = 1;

function remember(uri: string, tokens: SemanticTokens): SemanticTokens {
  const resultId = String(nextResultId++);
  sent.set(uri, { resultId, data: tokens.data });
  return { resultId, data: tokens.data };
}

export const semanticTokensFeature: FeatureRegistration = {
  capabilities: { semanticTokensProvider: { legend, full: { delta: true }, range: true } },
  register(services) {
    const tokens = services.connection.languages.semanticTokens;
    const full = (uri: string): SemanticTokens => {
      const analysis = services.analysis(uri);
      return analysis ? semanticTokens(analysis, services.workspace.catalogUri) : { data: [] };
    };
    tokens.on((params) =>
      services.guard<SemanticTokens>('semanticTokens', { data: [] }, () =>
        remember(params.textDocument.uri, full(params.textDocument.uri)),
      ),
    );
    tokens.onDelta((params) =>
      services.guard<SemanticTokens | SemanticTokensDelta>('semanticTokens/delta', { data: [] }, () => {
        const uri = params.textDocument.uri;
        const previous = sent.get(uri);
        const next = remember(uri, full(uri));
        if (previous?.resultId !== params.previousResultId) return next;
        return { resultId: next.resultId, edits: tokenEdits(previous.data, next.data) };
      }),
    );
    tokens.onRange((params) =>
      services.guard<SemanticTokens>('semanticTokens/range', { data: [] }, () => {
        const analysis = services.analysis(params.textDocument.uri);
        if (!analysis) return { data: [] };
        const range = {
          start: offsetAt(analysis.file, params.range.start),
          end: offsetAt(analysis.file, params.range.end),
        };
        return semanticTokens(analysis, services.workspace.catalogUri, range);
      }),
    );
    services.documents.onDidClose((e) => sent.delete(e.document.uri));
  },
};
