// The formatter's result as small edits: one per run of changed lines, trimmed to the characters that differ.
import { TextEdit } from './protocol';
import { Span } from '../syntax/ast';
import { LineSource, linesOf, LineTable } from '../syntax/lines';
import { toRange } from './ranges';

/** Rough size of one edit's range in a response, to weigh many small edits against one large one. */
const EDIT_OVERHEAD = 64;

interface Replacement {
  span: Span;
  newText: string;
}

/** Each line with its break; the empty line after a final break is left out. */
function lineItems(lines: LineTable): string[] {
  const items: string[] = [];
  for (let l = 0; l < lines.lineCount; l++) {
    const end = l + 1 < lines.lineCount ? lines.lineStart(l + 1) : lines.text.length;
    items.push(lines.text.slice(lines.lineStart(l), end));
  }
  if (items.length > 1 && items[items.length - 1] === '') items.pop();
  return items;
}

/** A replacement trimmed to the part that differs. */
function trimmed(text: string, span: Span, newText: string): Replacement {
  let { start, end } = span;
  let head = 0;
  while (start + head < end && head < newText.length && text[start + head] === newText[head]) head++;
  start += head;
  let tail = 0;
  const room = newText.length - head;
  while (end - tail > start && tail < room && text[end - 1 - tail] === newText[newText.length - 1 - tail]) tail++;
  end -= tail;
  // An LSP position cannot fall between the \r and \n of a CRLF: widen the edit to take the pair whole.
  const insideCrlf = (at: number) => text[at - 1] === '\r' && text[at] === '\n';
  if (insideCrlf(start) && head > 0) {
    start--;
    head--;
  }
  if (insideCrlf(end) && tail > 0) {
    end++;
    tail--;
  }
  return { span: { start, end }, newText: newText.slice(head, newText.length - tail) };
}

/**
 * The formatter keeps every line in order and only drops blank ones: pair each original line with its formatted
 * line, or with none when dropped. Undefined when the texts do not fit that shape.
 */
function lineReplacements(lines: LineTable, formatted: string): Replacement[] | undefined {
  const before = lineItems(lines);
  const after = lineItems(new LineTable(formatted));
  if (formatted === '') after.length = 0;
  const blank = (item: string) => item.trim() === '';
  const out: Replacement[] = [];
  let run: { start: number; newText: string } | undefined;
  let j = 0;
  let offset = 0;
  for (let i = 0; i < before.length; i++) {
    const item = before[i];
    let paired: string | undefined;
    if (j < after.length && (!blank(item) || blank(after[j]))) {
      if (!blank(item) && blank(after[j])) return undefined;
      paired = after[j++];
    } else if (!blank(item)) return undefined;
    if (paired === item) {
      if (run) out.push(trimmed(lines.text, { start: run.start, end: offset }, run.newText));
      run = undefined;
    } else {
      run ??= { start: offset, newText: '' };
      run.newText += paired ?? '';
    }
    offset += item.length;
  }
  if (j < after.length) {
    run ??= { start: offset, newText: '' };
    run.newText += after.slice(j).join('');
  }
  if (run) out.push(trimmed(lines.text, { start: run.start, end: offset }, run.newText));
  return out;
}

/** The edits that turn a document into its formatted text: per changed line run, or one edit when that is smaller. */
export function minimalEdits(source: LineSource, formatted: string): TextEdit[] {
  const text = source.text;
  const whole = trimmed(text, { start: 0, end: text.length }, formatted);
  const parts = lineReplacements(linesOf(source), formatted);
  const size = (rs: Replacement[]) => rs.reduce((n, r) => n + EDIT_OVERHEAD + r.newText.length, 0);
  const chosen = parts && size(parts) < size([whole]) ? parts : [whole];
  return chosen.map((r) => ({ range: toRange(source, r.span), newText: r.newText }));
}
