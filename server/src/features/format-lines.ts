// The formatter's view of a document: lexer tokens (comments kept) grouped into lines, with brace depth and field starts.
import { IToken, tokenMatcher } from 'chevrotain';
import * as T from '../syntax/lexer';
import { DeclarationKind, declarationKinds } from '../syntax/ast';
import { lineStartAt } from '../syntax/lines';
import { BlockKind, fieldSchema, isFieldName } from '../syntax/schema';

export type Piece =
  | 'word'
  | 'number'
  | 'string'
  | 'comma'
  | 'colon'
  | 'slash'
  | 'percent'
  | 'semicolon'
  | 'open'
  | 'close'
  | 'lineComment'
  | 'blockComment';

export interface Token {
  text: string;
  piece: Piece;
  start: number;
  /** Starts a field of its block: a field name, or a level entry in a system. */
  fieldStart: boolean;
}

export interface Line {
  tokens: Token[];
  /** Open braces before the line's first token. */
  depth: number;
  /** The kind of the block the line starts in (undefined at the top level). */
  kind?: BlockKind;
  /** Column of a trailing line comment in the original text. */
  commentColumn?: number;
}

const pieceOf = (t: IToken): Piece => {
  const name = t.tokenType.name;
  if (tokenMatcher(t, T.Word)) return 'word';
  switch (name) {
    case 'NumberLiteral':
      return 'number';
    case 'StringLiteral':
      return 'string';
    case 'Comma':
      return 'comma';
    case 'Colon':
      return 'colon';
    case 'Slash':
      return 'slash';
    case 'Percent':
      return 'percent';
    case 'Semicolon':
      return 'semicolon';
    case 'LBrace':
      return 'open';
    case 'RBrace':
      return 'close';
    case 'LineComment':
      return 'lineComment';
    default:
      return 'blockComment';
  }
};

/** Two token lists in text order as one, in text order (a merge: the lexer gives each in order). */
function mergeByOffset(a: readonly IToken[], b: readonly IToken[]): IToken[] {
  const out: IToken[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length)
    out.push(j >= b.length || (i < a.length && a[i].startOffset < b[j].startOffset) ? a[i++] : b[j++]);
  return out;
}

/** The document as lines of tokens, or undefined when the lexer met characters the language does not know. */
export function tokenLines(text: string): Line[] | undefined {
  const lexed = T.topoLexer.tokenize(text);
  if (lexed.errors.length) return undefined;
  const all = mergeByOffset(lexed.tokens, lexed.groups.comments ?? []);
  const lines: Line[] = [];
  const kinds: (BlockKind | undefined)[] = [];
  let line: Line = { tokens: [], depth: 0 };
  let head: string | undefined;
  let args: Token[] = [];
  let lineStart = 0;
  const endStatement = () => {
    head = undefined;
    args = [];
  };
  for (const t of all) {
    if (tokenMatcher(t, T.Newline)) {
      lines.push(line);
      line = { tokens: [], depth: kinds.length, kind: kinds[kinds.length - 1] };
      lineStart = t.startOffset + t.image.length;
      endStatement();
      continue;
    }
    const token: Token = { text: t.image, piece: pieceOf(t), start: t.startOffset, fieldStart: false };
    const kind = kinds[kinds.length - 1];
    switch (token.piece) {
      case 'open': {
        const inner: BlockKind | undefined =
          kinds.length === 0
            ? declarationKinds.includes(head as DeclarationKind)
              ? (head as DeclarationKind)
              : undefined
            : kind && head
              ? (fieldSchema(kind, head)?.block ?? kind)
              : kind;
        kinds.push(inner);
        endStatement();
        break;
      }
      case 'close':
        kinds.pop();
        endStatement();
        break;
      case 'semicolon':
        endStatement();
        break;
      case 'lineComment':
        line.commentColumn = t.startOffset - lineStart;
        break;
      case 'blockComment': {
        const lastLine = lineStartAt(t.image, t.image.length);
        if (lastLine > 0) lineStart = t.startOffset + lastLine;
        break;
      }
      default:
        if (head === undefined) {
          head = token.text;
          token.fieldStart = kinds.length > 0 && token.piece === 'word';
        } else if (kind && token.piece === 'word' && startsField(kind, head, args, token.text)) {
          head = token.text;
          args = [];
          token.fieldStart = true;
        } else args.push(token);
    }
    line.tokens.push(token);
  }
  lines.push(line);
  return lines;
}

/** The same rule as the parser's: a field name of the block, or the end of a level entry's `x N`. */
function startsField(kind: BlockKind, head: string, args: Token[], word: string): boolean {
  if (isFieldName(kind, word)) return true;
  if (kind !== 'system' || isFieldName(kind, head)) return false;
  const n = args.length;
  return n >= 2 && args[n - 1].piece === 'number' && args[n - 2].text === 'x';
}
