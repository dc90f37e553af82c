// The batch search's bracket: guided by a gauge (latency over its limit, memory over capacity) it finds what bisection finds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { largest, searchBatch } from '../../../server/src/analysis/batch';
import { pointsOf } from '../../../server/src/analysis/phases';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { meetsSlo, sloChecks } from '../../../server/src/analysis/slo';
import { DeepSeekV3, hgxCluster, Llama70B, parallel, workload } from './fixtures';

/** A deterministic generator, so a failure names its case. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('largest', () => {
  it('with any gauge, even a misleading one, finds the batch bisection finds, within twice its probes', () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const hi = 1 + Math.floor(next() * (next() < 0.5 ? 50 : 1 << 20));
      const answer = Math.floor(next() * (hi + 2)) - 1; // -1 .. hi: none, some or all pass
      const ok = (b: number) => b <= answer;
      const curve = 1 + next() * 3;
      const gauges: ((b: number) => number)[] = [
        (b) => Math.pow((b + 0.5) / (answer + 1.5), curve), // convex, crossing 1 at the edge
        (b) => (b + 1) / (answer + 2) + (next() - 0.5) * 0.2, // noisy
        () => 1, // flat: no guidance
        (b) => (b > answer ? Infinity : 0), // unbounded above the answer
        (b) => -b, // falling: misleading
      ];
      let probes = 0;
      const counted = (b: number) => (probes++, ok(b));
      const expected = largest(1, hi, counted);
      assert.equal(expected, Math.min(hi, Math.max(0, answer)));
      gauges.forEach((gauge, g) => {
        probes = 0;
        assert.equal(largest(1, hi, counted, gauge), expected, `case ${i}, gauge ${g}, hi ${hi}, answer ${answer}`);
        assert.ok(probes <= 2 * Math.log2(hi) + 4, `case ${i}, gauge ${g}: ${probes} probes`);
      });
    }
  });

  it('guided by a roofline latency (the larger of a weights-bound and a compute-bound line), halves the probes', () => {
    const next = random(3);
    let guided = 0,
      bisected = 0;
    for (let i = 0; i < 2000; i++) {
      const hi = 1 + Math.floor(next() * (next() < 0.5 ? 50 : 1 << 20));
      const weights = next(),
        perSeq = next() * 1e-3 * Math.pow(10, -3 * next()),
        compute = next() * 1e-2 * Math.pow(10, -3 * next());
      const limit = weights + next();
      const gauge = (b: number) => Math.max(weights + perSeq * b, compute * b) / limit;
      const ok = (b: number) => gauge(b) <= 1;
      let probes = 0;
      const counted = (b: number) => (probes++, ok(b));
      const expected = largest(1, hi, counted);
      bisected += probes;
      probes = 0;
      assert.equal(largest(1, hi, counted, gauge), expected, `case ${i}`);
      guided += probes;
    }
    assert.ok(guided < bisected / 2, `guided ${guided} probes, bisection ${bisected}`);
  });
});

describe('searchBatch', () => {
  const cases = [
    workload({
      model: Llama70B,
      system: hgxCluster(1),
      devices: 8,
      parallel: parallel({ tp: 8 }, 8),
      slo: { tpot: 0.03 },
    }),
    workload({
      model: DeepSeekV3,
      system: hgxCluster(2),
      devices: 16,
      parallel: parallel({ tp: 8, ep: 16 }, 16),
      phase: 'serving',
      slo: { tpot: 0.05, ttft: 2, percentiles: { tpot: 0.9, ttft: 0.9 } },
    }),
  ];
  for (const w of cases)
    it(`stops at the SLO's edge: the batch meets it and the next does not (${w.phase})`, () => {
      const s = setupWorkload(w);
      const { search, capacity } = searchBatch(w, s);
      assert.equal(search.stoppedBy, 'slo');
      const at = pointsOf(w, s);
      assert.ok(meetsSlo(sloChecks(w, s, search.batch, capacity, at)));
      assert.ok(!meetsSlo(sloChecks(w, s, search.batch + 1, capacity, at)));
    });
});
