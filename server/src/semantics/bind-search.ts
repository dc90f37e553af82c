// Reads `parallel search [tp 1 to 8] [ep 32 to 320] ...`: the inclusive range of each degree a layout search keeps.
import { ArgReader } from './args';
import { diagnostic } from './diagnostics';
import { Degree } from './relayout';
import { SearchLimits } from './types';

const degrees: readonly Degree[] = ['tp', 'pp', 'ep', 'dp', 'adp'];

/** After `search`: each degree with one number (exactly it) or `LO to HI`; an empty range is an error. */
export function readSearchLimits(r: ArgReader): SearchLimits {
  const limits: SearchLimits = {};
  while (!r.done()) {
    const key = r.choice('a parallel degree to limit', degrees);
    if (!key) break;
    const lo = r.count(`the smallest ${key.value}`);
    if (!lo) break;
    let hi = lo;
    if (r.acceptWord('to')) {
      const h = r.count(`the largest ${key.value}`);
      if (!h) break;
      hi = h;
    }
    if (hi.value < lo.value) {
      const span = { start: lo.span.start, end: hi.span.end };
      r.diagnostics.push(
        diagnostic(
          'TOPO303',
          'error',
          `${key.value} ${lo.value} to ${hi.value} is empty: the first number is the smallest`,
          span,
          {
            fixes: [
              { title: `Write ${key.value} ${hi.value} to ${lo.value}`, span, newText: `${hi.value} to ${lo.value}` },
            ],
          },
        ),
      );
      continue;
    }
    limits[key.value] = [lo.value, hi.value];
  }
  return limits;
}
