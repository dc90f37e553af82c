// A fix that changes one parallel degree and keeps the layout whole: tp x pp x dp still equals the ranks.
import { Span } from '../syntax/ast';
import { ParallelSpec } from './types';

export type Degree = 'tp' | 'pp' | 'ep' | 'dp' | 'adp';
export interface LayoutFix {
  title: string;
  span: Span;
  newText: string;
}

/**
 * Sets `degree` to `value`; when the degree is tp or pp and dp is written, dp takes up the difference so that the
 * degrees still cover the ranks (tp 16 dp 1 on 16 ranks becomes tp 8 dp 2, not tp 8 and a TOPO406). One edit,
 * from the first changed number to the last, keeping the text between them as written. Undefined when the
 * degree is not written or no whole layout exists with that value.
 */
export function resizeDegree(
  text: string,
  parallel: ParallelSpec,
  ranks: number,
  degree: Degree,
  value: number,
  why = '',
): LayoutFix | undefined {
  if (!parallel.valueSpans[degree] || !(value >= 1) || !Number.isSafeInteger(value)) return undefined;
  const changes: [Degree, number][] = [[degree, value]];
  const covered = parallel.tp * parallel.pp * parallel.dp === ranks;
  if ((degree === 'tp' || degree === 'pp') && parallel.spans.dp && covered) {
    const dp = ranks / (value * (degree === 'tp' ? parallel.pp : parallel.tp));
    if (Number.isSafeInteger(dp) && dp >= 1 && dp !== parallel.dp) changes.push(['dp', dp]);
  }
  // A layout that covered the ranks keeps covering them, or there is no fix; one that did not is left to TOPO406.
  if (covered && parallel.spans.dp) {
    const after = { tp: parallel.tp, pp: parallel.pp, dp: parallel.dp };
    for (const [d, v] of changes) if (d === 'tp' || d === 'pp' || d === 'dp') after[d] = v;
    if (after.tp * after.pp * after.dp !== ranks) return undefined;
  }
  const edits = changes
    .map(([d, v]) => ({ v, span: parallel.valueSpans[d]! }))
    .sort((a, b) => a.span.start - b.span.start);
  const start = edits[0].span.start,
    end = edits[edits.length - 1].span.end;
  let newText = text.slice(start, end);
  for (const e of [...edits].reverse()) {
    newText = newText.slice(0, e.span.start - start) + String(e.v) + newText.slice(e.span.end - start);
  }
  const title = `Set ${changes.map(([d, v]) => `${d} to ${v}`).join(' and ')}${why ? ` (${why})` : ''}`;
  return { title, span: { start, end }, newText };
}
