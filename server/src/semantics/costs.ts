// Reads the power and price phrases systems and comparison lines share: `total|other Q`, `A usd per device-hour`.
import { ArgReader } from './args';
import { SystemCosts } from './types';

/**
 * After the word `power`: `total Q` (everything, accelerators included) or `other Q` (what is not an accelerator:
 * switches, optics, CPUs). Zero, negative or unreadable power is an error (a tokens-per-joule figure from it would be
 * infinite); undefined then. `level` names the level kind the power is per instance of (absent: the whole system).
 */
export function readPower(r: ArgReader, level?: string): SystemCosts['power'] | undefined {
  const kind = r.choice('total or other', ['total', 'other'] as const);
  const q = r.quantity(
    kind?.value === 'other'
      ? `power of what is not an accelerator${level ? ` in one ${level}` : ''}`
      : `power of ${level ? `one ${level}` : 'the system'}`,
    'power',
  );
  return kind && q ? { watts: q.value, kind: kind.value } : undefined;
}

/** After the word `price`: `A usd per device-hour|system-hour`; zero, negative or unreadable is an error, undefined. */
export function readPrice(r: ArgReader): SystemCosts['price'] | undefined {
  const amount = r.count('price', { integer: false });
  r.choice('a currency', ['usd'] as const);
  r.choice("'per'", ['per'] as const);
  const per = r.choice('device-hour or system-hour', ['device-hour', 'system-hour'] as const);
  return amount && per ? { amount: amount.value, per: per.value } : undefined;
}
