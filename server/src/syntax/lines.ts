// Offsets to zero-based line and character positions (UTF-16, as LSP counts them), with a cached line table.
export interface Position {
  line: number;
  character: number;
}

const stringTables = new Map<string, number[]>();

function lineStarts(text: string): number[] {
  const cached = stringTables.get(text);
  if (cached) return cached;
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (stringTables.size > 32) stringTables.clear();
  stringTables.set(text, starts);
  return starts;
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  const clamped = Math.max(0, Math.min(offset, text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: clamped - starts[lo] };
}

export function offsetAt(text: string, position: Position): number {
  const starts = lineStarts(text);
  if (position.line >= starts.length) return text.length;
  if (position.line < 0) return 0;
  const lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] - 1 : text.length;
  return Math.min(starts[position.line] + Math.max(0, position.character), lineEnd);
}


