// Divisors of rank and device counts by factorisation: bounded arithmetic, never a countdown over a user number.

/**
 * Trial division stops at this prime candidate: at most ~500k divisions (a few milliseconds). A cofactor left
 * over is prime when below TRIAL_LIMIT^2 (1e12); above that it is kept whole, so a divisor found is always
 * a true divisor, and the largest one for every count below 1e12.
 */
const TRIAL_LIMIT = 1_000_000;

export function greatestCommonDivisor(a: number, b: number): number {
  let x = Math.abs(a),
    y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}

/** Prime factors of a safe positive integer with their exponents (see TRIAL_LIMIT for huge cofactors). */
function factorise(n: number): [number, number][] {
  const factors: [number, number][] = [];
  let rest = n;
  const take = (p: number) => {
    let e = 0;
    while (rest % p === 0) {
      rest /= p;
      e++;
    }
    if (e) factors.push([p, e]);
  };
  take(2);
  for (let p = 3; p <= TRIAL_LIMIT && p * p <= rest; p += 2) take(p);
  if (rest > 1) factors.push([rest, 1]);
  return factors;
}

/**
 * The largest divisor of `n` that is at most `limit` (1 when none is larger), or undefined when `n` is not an
 * exact integer (beyond 2^53 the remainder of a division is meaningless, so no answer is better than garbage).
 */
export function largestDivisorAtMost(n: number, limit: number): number | undefined {
  if (!Number.isSafeInteger(n) || n < 1) return undefined;
  const cap = Math.floor(Math.min(n, limit));
  if (!(cap >= 1)) return 1;
  if (n % cap === 0) return cap;
  return divisorsAtMost(n, cap).reduce((a, b) => Math.max(a, b), 1);
}

/** Every divisor of `n` at most `limit`, ascending; empty when `n` is not an exact positive integer. */
export function divisorsAtMost(n: number, limit: number): number[] {
  if (!Number.isSafeInteger(n) || n < 1) return [];
  const cap = Math.floor(Math.min(n, limit));
  if (!(cap >= 1)) return [];
  const divisors = [1];
  for (const [p, e] of factorise(n)) {
    const before = divisors.length;
    let power = 1;
    for (let k = 1; k <= e; k++) {
      power *= p;
      if (power > cap) break;
      for (let i = 0; i < before; i++) {
        const d = divisors[i] * power;
        if (d <= cap) divisors.push(d);
      }
    }
  }
  return divisors.sort((a, b) => a - b);
}
