// "Did you mean": the closest names by edit distance, bounded in cost for long names and many unknown references.

/** No identifier is longer than this in practice; a longer unknown name gets no suggestion (it bounds the cost). */
const MAX_NAME_LENGTH = 128;
/** A suggestion is at most this many edits away, whatever the name's length. */
const MAX_EDITS = 8;

/**
 * Edit distance (a case-only difference counts 0.5), or `cutoff + 1` as soon as it must exceed `cutoff`:
 * only the band of width 2 x cutoff + 1 around the diagonal is computed.
 */
export function editDistance(a: string, b: string, cutoff = Infinity): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  if (al === bl) return a === b ? 0 : 0.5;
  if (Math.abs(al.length - bl.length) > cutoff) return cutoff + 1;
  const band = Number.isFinite(cutoff) ? Math.floor(cutoff) : Math.max(al.length, bl.length);
  const outside = band + 1;
  let prev = new Int32Array(bl.length + 1);
  let cur = new Int32Array(bl.length + 1);
  for (let j = 0; j <= bl.length; j++) prev[j] = j <= band ? j : outside;
  for (let i = 1; i <= al.length; i++) {
    cur.fill(outside);
    if (i <= band) cur[0] = i;
    let rowMin = cur[0];
    const to = Math.min(bl.length, i + band);
    for (let j = Math.max(1, i - band); j <= to; j++) {
      const d = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (al.charCodeAt(i - 1) === bl.charCodeAt(j - 1) ? 0 : 1),
        outside,
      );
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > cutoff) return cutoff + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[bl.length] > cutoff ? cutoff + 1 : prev[bl.length];
}

/** Up to `limit` candidates close to `name`, best first. */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  if (name.length > MAX_NAME_LENGTH) return [];
  const max = Math.min(MAX_EDITS, Math.max(2, Math.floor(name.length / 3)));
  const lower = name.toLowerCase();
  // The best `limit` so far, kept sorted: no sort of every near candidate.
  const best: [string, number][] = [];
  const better = (x: [string, number], y: [string, number]) =>
    x[1] < y[1] || (x[1] === y[1] && x[0].localeCompare(y[0]) < 0);
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > max + 2) continue;
    const cl = c.toLowerCase();
    const prefix = cl.startsWith(lower) || lower.startsWith(cl);
    const d = editDistance(name, c, max);
    if (!(d <= max || (prefix && Math.min(c.length, name.length) >= 3))) continue;
    const entry: [string, number] = [c, prefix ? Math.min(d, 1) : d];
    if (best.length === limit && !better(entry, best[limit - 1])) continue;
    let i = Math.min(best.length, limit - 1);
    best[i] = entry;
    for (; i > 0 && better(best[i], best[i - 1]); i--) [best[i], best[i - 1]] = [best[i - 1], best[i]];
  }
  return best.map(([c]) => c);
}

/**
 * Name-to-candidate comparisons one list makes per binding (each at most MAX_NAME_LENGTH x (2 x MAX_EDITS + 1)
 * cells): a file with thousands of unknown references (a paste, a generated file) is reported in full, but
 * only the first unknown names are scored against every candidate.
 */
const MAX_COMPARISONS = 25_000;

/** Suggestions among one fixed list of candidates: the list is built once, each name is scored once. */
export class NameSuggester {
  private readonly candidates: string[];
  private readonly memo = new Map<string, string[]>();
  private comparisons = 0;
  constructor(candidates: Iterable<string>) {
    this.candidates = [...new Set(candidates)];
  }
  closest(name: string, limit = 3): string[] {
    const key = `${limit}\u0000${name}`;
    let near = this.memo.get(key);
    if (!near) {
      this.comparisons += this.candidates.length;
      near = this.comparisons <= MAX_COMPARISONS ? closestNames(name, this.candidates, limit) : [];
      this.memo.set(key, near);
    }
    return near;
  }
}
