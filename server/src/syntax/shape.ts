// The syntax tree of a document: the parser's declarations with its comments and issues in text order.
import { SourceFile } from './ast';
import { parseParts } from './parser';

/** Parses a document into its syntax tree. Any text gives a tree and a list of issues. */
export function parse(text: string): SourceFile {
  const { imports, declarations, comments, issues } = parseParts(text);
  return { text, imports, declarations, comments, syntaxIssues: issues };
}
