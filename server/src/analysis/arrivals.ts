// Requests arriving over time: the busiest of n ranks, percentiles of the running batch, M/D/1 waiting time.

const finite = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

// Acklam's coefficients, highest power first.
const A: readonly number[] = [
  -39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472, 2.50662827745924,
];
const B: readonly number[] = [
  -54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857,
];
const C: readonly number[] = [
  -0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373, 4.37466414146497, 2.93816398269878,
];
const D: readonly number[] = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742];

/** The polynomial of coefficients `k` (highest power first) at x, by Horner's rule. */
function poly(k: readonly number[], x: number): number {
  let acc = 0;
  for (const v of k) acc = acc * x + v;
  return acc;
}

/** The tails' rational function of r = sqrt(-2 ln q). */
const tail = (r: number): number => poly(C, r) / (poly(D, r) * r + 1);

/** One-sided standard normal quantile z_p (Acklam's rational approximation, |error| < 1.2e-9); p clamped to (0, 1). */
export function normalQuantile(p: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, Number.isFinite(p) ? p : 0.5));
  if (q < 0.02425) return tail(Math.sqrt(-2 * Math.log(q)));
  if (q > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - q)));
  const r = q - 0.5,
    t = r * r;
  return (poly(A, t) * r) / (poly(B, t) * t + 1);
}

/**
 * Expected maximum over `n` independent ranks of a Poisson count with mean `mean`: E[max] = sum over k >= 0 of
 * 1 - P(X <= k)^n. Summed to mean + 12 sd + 30 (the rest is below 1e-20); above a mean of 700 (where e^-mean
 * underflows) the normal approximation mean + sd x the expected largest of n standard normals, taken as
 * z at (n - 0.375) / (n + 0.25) (Blom's plotting position), is used instead. n <= 1 gives the mean.
 */
export function expectedMaxPoisson(mean: number, n: number): number {
  const m = finite(mean);
  const ranks = Number.isFinite(n) && n > 1 ? n : 1;
  if (ranks <= 1 || m === 0) return m;
  if (m > 700) return m + Math.sqrt(m) * normalQuantile((ranks - 0.375) / (ranks + 0.25));
  const last = Math.ceil(m + 12 * Math.sqrt(m) + 30);
  let pmf = Math.exp(-m),
    cdf = pmf,
    sum = 0;
  for (let k = 0; k <= last; k++) {
    sum += 1 - Math.pow(Math.min(1, cdf), ranks);
    pmf *= m / (k + 1);
    cdf += pmf;
  }
  return sum;
}

/**
 * The running batch at percentile p when requests arrive as a Poisson process and each stays for its own
 * (independent) service time: the number in an M/G/infinity system is Poisson with the mean batch, so its
 * p-quantile is about mean + z_p sqrt(mean) (normal approximation). p <= 0.5 gives the mean.
 */
export function batchAtPercentile(mean: number, p: number): number {
  const m = finite(mean);
  if (!(p > 0.5)) return m;
  return m + normalQuantile(p) * Math.sqrt(m);
}

/**
 * Waiting time in an M/D/1 queue at percentile p: Poisson arrivals, one server with a deterministic service time
 * `service`, utilisation rho. Mean wait (Pollaczek-Khinchine) W = rho service / (2 (1 - rho)); its tail is taken
 * as exponential, P(wait > x) = rho exp(-rho x / W) (Kingman's heavy-traffic approximation), so the p-quantile is
 * (W / rho) ln(rho / (1 - p)), zero when rho <= 1 - p. p undefined gives the mean W. rho >= 1: Infinity.
 */
export function mdOneWait(service: number, rho: number, p?: number): number {
  const s = finite(service);
  if (!(rho > 0) || s === 0) return 0;
  if (rho >= 1) return Infinity;
  const mean = (rho * s) / (2 * (1 - rho));
  if (p === undefined) return mean;
  const q = Math.min(1 - 1e-9, Math.max(0, p));
  if (rho <= 1 - q) return 0;
  return (mean / rho) * Math.log(rho / (1 - q));
}
