// The syntax tree of a .topo file: plain data with exact offset spans.

/** Half-open character offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

export type DeclarationKind = 'accelerator' | 'link' | 'system' | 'model' | 'workload' | 'compare';
export const declarationKinds: readonly DeclarationKind[] = [
  'accelerator',
  'link',
  'system',
  'model',
  'workload',
  'compare',
];

export interface NumberAtom {
  kind: 'number';
  /** The value with any count suffix (K, M, B, T) applied. */
  value: number;
  text: string;
  span: Span;
}
export interface WordAtom {
  kind: 'word';
  text: string;
  span: Span;
}
export interface StringAtom {
  kind: 'string';
  value: string;
  span: Span;
}
export interface PunctAtom {
  kind: 'punct';
  text: ',' | ':' | '/' | '%';
  span: Span;
}
export type Atom = NumberAtom | WordAtom | StringAtom | PunctAtom;

/** A field of a block: its name, the atoms after it, and an optional nested block. */
export interface Field {
  name: string;
  nameSpan: Span;
  args: Atom[];
  block?: Block;
  span: Span;
}

export interface Block {
  fields: Field[];
  span: Span;
  /** False when the closing brace was missing and the parser recovered. */
  closed: boolean;
}

export interface Declaration {
  kind: DeclarationKind;
  keywordSpan: Span;
  name?: WordAtom;
  block?: Block;
  span: Span;
}

export interface ImportDeclaration {
  path: string;
  pathSpan: Span;
  span: Span;
}

export interface Comment {
  text: string;
  span: Span;
}

export interface SyntaxIssue {
  message: string;
  span: Span;
}

export interface SourceFile {
  text: string;
  imports: ImportDeclaration[];
  declarations: Declaration[];
  comments: Comment[];
  syntaxIssues: SyntaxIssue[];
}

export function spanOf(first: { span: Span }, last: { span: Span }): Span {
  return { start: first.span.start, end: last.span.end };
}
