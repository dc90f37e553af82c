// The Chevrotain parser: tokens to the syntax tree of declarations, blocks and fields, with error recovery.
import { EmbeddedActionsParser, IOrAlt, IToken, tokenMatcher, TokenType } from 'chevrotain';
import { Atom, Block, Comment, Declaration, DeclarationKind, Field, ImportDeclaration, Span, SyntaxIssue } from './ast';
import { addField, childKind, splitLeadingFields } from './fields';
import * as T from './lexer';
import { BlockKind } from './schema';

interface ParsedFile {
  imports: ImportDeclaration[];
  declarations: Declaration[];
}

const tokenSpan = (t: IToken): Span => ({ start: t.startOffset, end: t.startOffset + t.image.length });

/**
 * `s` in a string of its own. V8 makes a cut of 13 characters or more (a token's image, a quoted value) a view into
 * the whole text it was cut from, which it keeps alive: a name kept in a cache across versions (an estimate's
 * workload, a spec) would keep every version of the document it came from. Flattening the concatenation copies it.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

const puncts = new Map<TokenType, ',' | ':' | '/' | '%'>([
  [T.Comma, ','],
  [T.Colon, ':'],
  [T.Slash, '/'],
  [T.Percent, '%'],
]);

function toAtom(t: IToken): Atom {
  const span = tokenSpan(t);
  if (t.tokenType === T.NumberLiteral)
    return { kind: 'number', value: T.numberValue(t.image), text: ownString(t.image), span };
  if (t.tokenType === T.StringLiteral) return { kind: 'string', value: ownString(T.stringValue(t.image)), span };
  const punct = puncts.get(t.tokenType);
  if (punct) return { kind: 'punct', text: punct, span };
  return { kind: 'word', text: ownString(t.image), span };
}

/**
 * While Chevrotain records the grammar (RECORDING_PHASE, once per process) its tokens have NaN offsets: the rules
 * return before building any span then. One span of NaN offsets would make V8 keep every span's offsets as boxed
 * doubles (one shape for all `{ start, end }` objects), two extra heap objects per span of every file.
 */
class TopoParser extends EmbeddedActionsParser {
  /** Issues found by the grammar actions themselves (missing braces, stray tokens). */
  issues: SyntaxIssue[] = [];

  /** `validate`: check the grammar's definition (a unit test does; the server starts without the cost). */
  constructor(validate = false) {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 2, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  private issue(message: string, span: Span): void {
    if (!this.RECORDING_PHASE) this.issues.push({ message, span });
  }

  private endOfLast(): number {
    const t = this.LA(0);
    return t && !isNaN(t.startOffset) ? t.startOffset + t.image.length : 0;
  }

  /** True when a '{' comes next, perhaps after newlines. */
  private braceFollows(): boolean {
    for (let i = 1; ; i++) {
      const t = this.LA(i);
      if (tokenMatcher(t, T.Newline)) continue;
      return tokenMatcher(t, T.LBrace);
    }
  }

  /** True when the tokens ahead start a new top-level declaration: `system Name {`. */
  private startsDeclaration(): boolean {
    if (!tokenMatcher(this.LA(1), T.DeclarationKeyword) || !tokenMatcher(this.LA(2), T.Word)) return false;
    for (let i = 3; ; i++) {
      const t = this.LA(i);
      if (tokenMatcher(t, T.Newline)) continue;
      return tokenMatcher(t, T.LBrace);
    }
  }

  /**
   * The alternatives of each OR, built once per parser: an array literal in the rule would allocate the array and
   * a closure per alternative at every repetition (every line). Each alternative returns what it parsed.
   */
  private readonly fileAlternatives: IOrAlt<ImportDeclaration | Declaration | undefined>[] = [
    { ALT: () => void this.CONSUME(T.Newline) },
    { ALT: () => void this.CONSUME(T.Semicolon) },
    { ALT: () => this.SUBRULE(this.importDeclaration) },
    { ALT: () => this.SUBRULE(this.declaration) },
    { ALT: () => void this.SUBRULE(this.stray) },
  ];

  /**
   * The file being parsed, on the parser rather than in a closure's scope: V8 may hold the scope of a closure it is
   * optimising (a background job) after the parse has returned, and with it the whole tree.
   */
  private parsed: ParsedFile = { imports: [], declarations: [] };
  private readonly fileItem = () => {
    const item = this.OR({ IGNORE_AMBIGUITIES: true, DEF: this.fileAlternatives });
    if (!item || this.RECORDING_PHASE) return;
    if ('kind' in item) this.parsed.declarations.push(item);
    else this.parsed.imports.push(item);
  };

  file = this.RULE('file', (): ParsedFile => {
    const file: ParsedFile = (this.parsed = { imports: [], declarations: [] });
    this.MANY(this.fileItem);
    // Nothing of this file stays on the parser: not the file, not the last statements' atoms.
    this.parsed = { imports: [], declarations: [] };
    this.atoms.length = 0;
    return file;
  });

  private importDeclaration = this.RULE('importDeclaration', (): ImportDeclaration | undefined => {
    const kw = this.CONSUME(T.Import);
    let path: IToken | undefined;
    this.OPTION(() => {
      path = this.CONSUME(T.StringLiteral);
    });
    if (this.RECORDING_PHASE) return undefined;
    if (!path) {
      this.issue('expected a quoted path after import, as in import "hardware.topo"', tokenSpan(kw));
      return undefined;
    }
    const pathSpan = tokenSpan(path);
    return { path: ownString(T.stringValue(path.image)), pathSpan, span: { start: kw.startOffset, end: pathSpan.end } };
  });

  private declaration = this.RULE('declaration', (): Declaration | undefined => {
    const kw = this.CONSUME(T.DeclarationKeyword);
    const kind = kw.image as DeclarationKind;
    let name: IToken | undefined;
    let block: Block | undefined;
    this.OPTION(() => {
      name = this.CONSUME(T.Word);
    });
    this.OPTION2({
      GATE: () => this.braceFollows(),
      DEF: () => {
        this.MANY(() => this.CONSUME(T.Newline));
        block = this.SUBRULE(this.block, { ARGS: [kind] });
      },
    });
    if (this.RECORDING_PHASE) return undefined;
    if (!block) this.issue(`expected '{' to open the ${kind} block`, name ? tokenSpan(name) : tokenSpan(kw));
    return {
      kind,
      keywordSpan: tokenSpan(kw),
      name: name ? { kind: 'word', text: ownString(name.image), span: tokenSpan(name) } : undefined,
      block,
      span: { start: kw.startOffset, end: this.endOfLast() },
    };
  });

  /**
   * The kind of the block being parsed and its fields, for its statements: set and restored by `block` (so the
   * alternatives below stay built once). No kind: a block without a field name, parsed only to be reported.
   */
  private blockKind: BlockKind | undefined;
  private blockFields: Field[] = [];

  private readonly blockAlternatives: IOrAlt<void>[] = [
    { ALT: () => void this.CONSUME(T.Newline) },
    { ALT: () => void this.CONSUME(T.Semicolon) },
    { ALT: () => this.SUBRULE(this.statement) },
    {
      ALT: () => {
        const b = this.SUBRULE2(this.block, { ARGS: [undefined] });
        if (b && !this.RECORDING_PHASE)
          this.issue('a block needs a field name before it', { start: b.span.start, end: b.span.start + 1 });
      },
    },
  ];

  private block = this.RULE('block', (kind: BlockKind | undefined): Block | undefined => {
    const open = this.CONSUME(T.LBrace);
    const fields: Field[] = [];
    const outerKind = this.blockKind;
    const outerFields = this.blockFields;
    this.blockKind = kind;
    this.blockFields = fields;
    try {
      this.MANY({ GATE: () => !this.startsDeclaration(), DEF: () => this.OR(this.blockAlternatives) });
    } finally {
      this.blockKind = outerKind;
      this.blockFields = outerFields;
    }
    let close: IToken | undefined;
    this.OPTION(() => {
      close = this.CONSUME(T.RBrace);
    });
    if (this.RECORDING_PHASE) return undefined;
    if (!close) this.issue("missing '}' to close this block", tokenSpan(open));
    return {
      fields,
      span: { start: open.startOffset, end: close ? close.startOffset + 1 : this.endOfLast() },
      closed: !!close,
    };
  });

  /**
   * The atoms of the statement being parsed, the first `atomCount` of a scratch array that every statement reuses
   * (its fields take slices): reset by `statement` before its run of atoms, written by `atomRun`.
   */
  private readonly atoms: Atom[] = [];
  private atomCount = 0;
  private readonly atomRun = () => {
    const t = this.CONSUME(T.AtomToken);
    if (!this.RECORDING_PHASE) this.atoms[this.atomCount++] = toAtom(t);
  };

  /**
   * A statement's atoms, split into the fields of the block it is in; a block after them belongs to the last field
   * (its kind from that field's schema), which is added once the block is parsed.
   */
  private statement = this.RULE('statement', (): void => {
    this.atomCount = 0;
    this.AT_LEAST_ONE(this.atomRun);
    const atoms = this.atoms;
    const count = this.atomCount;
    const kind = this.blockKind;
    const out = this.blockFields;
    let name: Atom | undefined;
    let args: Atom[] | undefined;
    if (!this.RECORDING_PHASE && kind !== undefined) {
      const last = splitLeadingFields(atoms, count, kind, out, this.issues);
      name = atoms[last];
      args = atoms.slice(last + 1, count);
    }
    this.ownedBlockArgs.ARGS[0] = kind === undefined || name?.kind !== 'word' ? kind : childKind(kind, name.text);
    const block = this.OPTION(this.ownedBlock);
    if (name && args) addField(name, args, block, out, this.issues);
  });

  /**
   * A statement's block, of the kind set in `ownedBlockArgs` just before: built once, as a closure and an argument
   * list per statement would be allocated for every line (the block's rule reads its kind when it starts).
   */
  private readonly ownedBlockArgs: { ARGS: [BlockKind | undefined] } = { ARGS: [undefined] };
  private readonly ownedBlock = () => this.SUBRULE(this.block, this.ownedBlockArgs);

  private atom = this.RULE('atom', (): Atom | undefined => {
    const t = this.CONSUME(T.AtomToken);
    return this.RECORDING_PHASE ? undefined : toAtom(t);
  });

  /** Anything at the top level that does not start a declaration: reported once per run of such tokens. */
  private stray = this.RULE('stray', () => this.OR(this.strayAlternatives));
  private readonly strayAlternatives: IOrAlt<void>[] = [
    {
      ALT: () => {
        const a = this.SUBRULE(this.atom);
        if (a && !this.RECORDING_PHASE) this.strayAt(a.span);
      },
    },
    {
      ALT: () => {
        const b = this.SUBRULE(this.block, { ARGS: [undefined] });
        if (b && !this.RECORDING_PHASE) this.strayAt({ start: b.span.start, end: b.span.start + 1 });
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.RBrace);
        if (!this.RECORDING_PHASE) this.strayAt(tokenSpan(t));
      },
    },
  ];

  private strayAt(span: Span): void {
    if (this.RECORDING_PHASE) return;
    const last = this.issues[this.issues.length - 1];
    if (last && last.message.startsWith('expected a declaration') && this.onSameRun(last.span.end, span.start)) {
      last.span = { start: last.span.start, end: span.end };
      return;
    }
    this.issue('expected a declaration: import, accelerator, link, system, model or workload', span);
  }

  private onSameRun(prevEnd: number, nextStart: number): boolean {
    const between = this.text.slice(prevEnd, nextStart);
    return !between.includes('\n') && !between.includes('\r');
  }

  text = '';
}

const parser = new TopoParser();

/** Builds the lexer and the parser with Chevrotain's validations of their definitions: throws on a defect. */
export function validateGrammar(): void {
  T.createLexer(true);
  new TopoParser(true);
}

/** Blocks nested deeper than this are reported and flattened, so recursion stays bounded on any input. */
export const MAX_NESTING = 32;

/** The tokens with blocks nested too deep dropped: the same array when none is (indexed loops: per token). */
function limitNesting(tokens: IToken[], issues: SyntaxIssue[]): IToken[] {
  let depth = 0;
  let dropped = 0;
  let kept: IToken[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType === T.LBrace) {
      if (depth >= MAX_NESTING) {
        if (!kept) {
          kept = tokens.slice(0, i);
          issues.push({ message: `blocks nested more than ${MAX_NESTING} deep`, span: tokenSpan(t) });
        }
        dropped++;
        continue;
      }
      depth++;
    } else if (t.tokenType === T.RBrace) {
      if (dropped > 0) {
        dropped--;
        continue;
      }
      depth = Math.max(0, depth - 1);
    }
    if (kept) kept.push(t);
  }
  return kept ?? tokens;
}

export interface ParseOutput extends ParsedFile {
  comments: Comment[];
  issues: SyntaxIssue[];
}

/** Lexes and parses a whole document into the parts of its tree; never throws on any input. */
export function parseParts(text: string): ParseOutput {
  const lexed = T.topoLexer.tokenize(text);
  const issues: SyntaxIssue[] = [];
  for (const e of lexed.errors) {
    const prev = issues[issues.length - 1];
    if (prev && prev.span.end === e.offset) prev.span.end = e.offset + e.length;
    else
      issues.push({
        message: `unexpected character '${text.substr(e.offset, 1)}'`,
        span: { start: e.offset, end: e.offset + e.length },
      });
  }
  for (let i = 0; i < lexed.tokens.length; i++) {
    const t = lexed.tokens[i];
    if (t.tokenType === T.StringLiteral && (t.image.length < 2 || !t.image.endsWith('"'))) {
      issues.push({ message: "unterminated string: missing '\"'", span: tokenSpan(t) });
    }
  }
  parser.text = text;
  parser.issues = [];
  parser.input = limitNesting(lexed.tokens, issues);
  const { imports, declarations } = parser.file() ?? { imports: [], declarations: [] };
  for (const e of parser.errors) {
    const t = e.token;
    const span = isNaN(t.startOffset) ? { start: text.length, end: text.length } : tokenSpan(t);
    issues.push({ message: e.message, span });
  }
  issues.push(...parser.issues);
  // The parser would keep the tokens (and this text) until the next parse: a whole file's, for an imported file.
  parser.input = [];
  parser.text = '';
  parser.issues = [];
  const comments = (lexed.groups.comments ?? []).map((t) => ({ text: t.image, span: tokenSpan(t) }));
  for (const c of comments) {
    if (c.text.startsWith('/*') && (c.text.length < 4 || !c.text.endsWith('*/')))
      issues.push({
        message: "unterminated comment: missing '*/'",
        span: { start: c.span.start, end: c.span.start + 2 },
      });
  }
  issues.sort((a, b) => a.span.start - b.span.start);
  return { imports, declarations, comments, issues };
}
