// Tokens of the topo language and the Chevrotain lexer that produces them.
import { createToken, Lexer, TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\u00a0\ufeff]+/, group: Lexer.SKIPPED });
/** A line break as LSP counts them: \r\n, \n or a lone \r (the line table in lines.ts agrees). */
export const Newline = createToken({ name: 'Newline', pattern: /\r\n?|\n/, line_breaks: true });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*(?:[^*]|\*(?!\/))*(?:\*\/)?/,
  group: 'comments',
  line_breaks: true,
});

/** Every token that can be an argument of a field: consumed as one category, mapped to atoms by type. */
export const AtomToken = createToken({ name: 'AtomToken', pattern: Lexer.NA });

/** Any word: names, field names, units. Keywords below are words too, so a level may be called `compute`. */
export const Word = createToken({
  name: 'Word',
  pattern: /[A-Za-z_\u00b5\u03bc][A-Za-z0-9_\u00b5\u03bc]*(?:[.-][A-Za-z0-9_]+)*/,
  categories: [AtomToken],
});
export const DeclarationKeyword = createToken({ name: 'DeclarationKeyword', pattern: Lexer.NA, categories: [Word] });
const keyword = (name: string) =>
  createToken({
    name: name[0].toUpperCase() + name.slice(1),
    pattern: new RegExp(name),
    longer_alt: Word,
    categories: [DeclarationKeyword, Word, AtomToken],
  });
export const Accelerator = keyword('accelerator');
export const Link = keyword('link');
export const System = keyword('system');
export const Model = keyword('model');
export const Workload = keyword('workload');
export const Compare = keyword('compare');
export const Import = createToken({
  name: 'Import',
  pattern: /import/,
  longer_alt: Word,
  categories: [Word, AtomToken],
});

/** A number, with an optional count suffix glued to it: 671B, 1.5T, 32K. */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?(?:\d[\d_]*)(?:\.\d+)?(?:[eE][+-]?\d+)?(?:[KMBT](?![A-Za-z0-9_]))?/,
  categories: [AtomToken],
});
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"[^"\r\n]*"?/, categories: [AtomToken] });
export const LBrace = createToken({ name: 'LBrace', pattern: /{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /}/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/, categories: [AtomToken] });
export const Colon = createToken({ name: 'Colon', pattern: /:/, categories: [AtomToken] });
export const Slash = createToken({ name: 'Slash', pattern: /\//, categories: [AtomToken] });
export const Percent = createToken({ name: 'Percent', pattern: /%/, categories: [AtomToken] });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });

export const allTokens: TokenType[] = [
  AtomToken,
  WhiteSpace,
  Newline,
  LineComment,
  BlockComment,
  Accelerator,
  Link,
  System,
  Model,
  Workload,
  Compare,
  Import,
  DeclarationKeyword,
  NumberLiteral,
  Word,
  StringLiteral,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Slash,
  Percent,
  Semicolon,
];

/**
 * The lexer's options. The definition's validations run in a unit test (parser.test.ts, `validateGrammar`), not at
 * every start of the server: `validate` is for that test.
 */
export function createLexer(validate = false): Lexer {
  return new Lexer(allTokens, {
    ensureOptimizations: true,
    positionTracking: 'onlyOffset',
    skipValidations: !validate,
  });
}

export const topoLexer = createLexer();

export const countSuffixes: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

/** The text of a string token without its quotes (an unterminated string has only the opening one). */
export function stringValue(image: string): string {
  return image.length > 1 && image.endsWith('"') ? image.slice(1, -1) : image.slice(1);
}

/** The numeric value of a number token, with its count suffix applied. */
export function numberValue(text: string): number {
  const last = text[text.length - 1];
  const scale = countSuffixes[last] ?? 1;
  const written = scale === 1 ? text : text.slice(0, -1);
  const digits = written.includes('_') ? written.replace(/_/g, '') : written;
  return Number(digits) * scale;
}
