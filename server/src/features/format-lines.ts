// The formatter's view of a document: lexer tokens (comments kept) grouped into lines, with brace depth and field starts.
import { IToken, tokenMatcher } from 'chevrotain';
import * as T from '../syntax/lexer';
import { DeclarationKind, declarationKinds } from '../syntax/ast';
import { chunkStarts } from '../syntax/incremental';
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

/** Consecutive top-level chunks are lexed together up to about this many characters (a few thousand tokens). */
const LEX_RUN_CHARS = 16_384;

/**
 * Calls `visit` with each line of the document, in order; false when the lexer met characters the language does not
 * know (then some lines may have been visited). The text is lexed a run of top-level chunks at a time
 * (`chunkStarts`: a chunk lexed alone gives the tokens the whole text gives there), and each line is handed on as it
 * ends: only a run's tokens are alive at once, not the whole file's, which in V8's small young generation
 * (`server/src/v8-flags.ts`) would be copied by scavenge after scavenge.
 */
export function eachLine(text: string, visit: (line: Line) => void): boolean {
  const starts = chunkStarts(text);
  const kinds: (BlockKind | undefined)[] = [];
  let line: Line = { tokens: [], depth: 0 };
  // The statement being read: its first word and its arguments after it (their count and the last two).
  let head: string | undefined;
  let argCount = 0;
  let lastArg: Token | undefined;
  let argBefore: Token | undefined;
  let lineStart = 0;
  const endStatement = () => {
    head = undefined;
    argCount = 0;
  };
  const read = (t: IToken, base: number) => {
    const offset = base + t.startOffset;
    if (tokenMatcher(t, T.Newline)) {
      visit(line);
      line = { tokens: [], depth: kinds.length, kind: kinds[kinds.length - 1] };
      lineStart = offset + t.image.length;
      endStatement();
      return;
    }
    const token: Token = { text: t.image, piece: pieceOf(t), start: offset, fieldStart: false };
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
        line.commentColumn = offset - lineStart;
        break;
      case 'blockComment': {
        const lastLine = lineStartAt(t.image, t.image.length);
        if (lastLine > 0) lineStart = offset + lastLine;
        break;
      }
      default:
        if (head === undefined) {
          head = token.text;
          token.fieldStart = kinds.length > 0 && token.piece === 'word';
        } else if (
          kind &&
          token.piece === 'word' &&
          startsField(kind, head, argCount, lastArg, argBefore, token.text)
        ) {
          head = token.text;
          argCount = 0;
          token.fieldStart = true;
        } else {
          argBefore = lastArg;
          lastArg = token;
          argCount++;
        }
    }
    line.tokens.push(token);
  };
  for (let c = 0; c < starts.length;) {
    const base = starts[c];
    while (++c < starts.length && starts[c] - base < LEX_RUN_CHARS);
    const lexed = T.topoLexer.tokenize(c < starts.length ? text.slice(base, starts[c]) : text.slice(base));
    if (lexed.errors.length) return false;
    const tokens = lexed.tokens;
    const comments = lexed.groups.comments ?? [];
    // The tokens and the comments, each in text order, read as one list in text order (indexed: per token).
    for (let i = 0, j = 0; i < tokens.length || j < comments.length;) {
      const fromTokens = j >= comments.length || (i < tokens.length && tokens[i].startOffset < comments[j].startOffset);
      read(fromTokens ? tokens[i++] : comments[j++], base);
    }
  }
  visit(line);
  return true;
}

/**
 * The same rule as the parser's: a field name of the block, or the end of a level entry's `x N` (`last` and `before`
 * are the statement's last two arguments when it has `count` of them).
 */
function startsField(
  kind: BlockKind,
  head: string,
  count: number,
  last: Token | undefined,
  before: Token | undefined,
  word: string,
): boolean {
  if (isFieldName(kind, word)) return true;
  if (kind !== 'system' || isFieldName(kind, head)) return false;
  return count >= 2 && last!.piece === 'number' && before!.text === 'x';
}
