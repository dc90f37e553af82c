// Markdown the server shows: file-controlled text escaped, line breaks kept, and back to plain text for the CLI.

/**
 * Characters that make Markdown in the middle of a line: emphasis, code, links and images, HTML and entities, table
 * cells, strike-through; `_` only at a word's edge (inside `R1_decode` it makes no emphasis, and names stay readable).
 * Line-start markers such as `#`, `-` or `1.` cannot occur: escaped text never starts a line.
 */
const special = /[\\`*[\]<>!|~&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/**
 * Escapes text that comes from a file (names, `source` strings, messages quoting them) so that it shows as written:
 * no image, link, HTML, emphasis or table cell is made from it. Line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(special, (c) => `\\${c}`);
}

/** Lines of a Markdown paragraph joined so that each shows on its own line (a single `\n` would be a space). */
export function lineBreaks(lines: string[]): string {
  return lines.join('  \n');
}

/** Plain text of the Markdown the server builds: emphasis markers and escapes removed, hard breaks kept as lines. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/ {2}\n/g, '\n')
    .replace(/\*\*/g, '')
    .replace(/^_(.*)_$/gm, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
