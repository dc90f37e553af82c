// "Did you mean": the closest names by edit distance.

export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  if (al === bl) return a === b ? 0 : 0.5;
  let prev = Array.from({ length: bl.length + 1 }, (_, j) => j);
  for (let i = 1; i <= al.length; i++) {
    const cur = [i];
    for (let j = 1; j <= bl.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (al[i - 1] === bl[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[bl.length];
}

/** Up to `limit` candidates close to `name`, best first. */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(2, Math.floor(name.length / 3));
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > max + 2) continue;
    const d = editDistance(name, c);
    const prefix = c.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(c.toLowerCase());
    if (d <= max || (prefix && Math.min(c.length, name.length) >= 3)) scored.push([c, prefix ? Math.min(d, 1) : d]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).slice(0, limit).map(([c]) => c);
}
