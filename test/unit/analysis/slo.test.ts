// Latency limits under arrivals: M/D/1 queueing in TTFT, percentiles of TPOT, both limits bound the batch; the binder's percentiles.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  batchAtPercentile,
  expectedMaxPoisson,
  mdOneWait,
  normalQuantile,
} from '../../../server/src/analysis/arrivals';
import { batchCapacity, searchBatch } from '../../../server/src/analysis/batch';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { workloadFindings } from '../../../server/src/analysis/findings';
import { batchMaxText, breakdownMarkdown } from '../../../server/src/analysis/report';
import { operatingPoint, reservedContext } from '../../../server/src/analysis/phases';
import { setupWorkload } from '../../../server/src/analysis/setup';
import { queueWait, sloChecks } from '../../../server/src/analysis/slo';
import { WorkloadSpec } from '../../../server/src/semantics/types';
import { analyseText } from '../../helpers/workspace';
import { hgxCluster, Llama70B, parallel, workload } from './fixtures';

const span = { start: 0, end: 0 };
function serving(slo: WorkloadSpec['slo'], input = 1000, output = 1000): WorkloadSpec {
  return workload({
    model: Llama70B,
    system: hgxCluster(1),
    devices: 8,
    parallel: parallel({ tp: 8 }, 8),
    phase: 'serving',
    batch: { mode: 'max', span },
    input,
    output,
    slo,
    engine: {},
  });
}

describe('arrival statistics', () => {
  it('normal quantiles match the table', () => {
    assert.ok(Math.abs(normalQuantile(0.5)) < 1e-9);
    assert.ok(Math.abs(normalQuantile(0.9) - 1.2816) < 1e-3);
    assert.ok(Math.abs(normalQuantile(0.99) - 2.3263) < 1e-3);
  });

  it('M/D/1 mean wait is Pollaczek-Khinchine and grows without bound as utilisation nears 1', () => {
    assert.ok(Math.abs(mdOneWait(1, 0.5) - 0.5) < 1e-12, 'rho S / (2 (1 - rho)) = 0.5 at rho 0.5');
    assert.ok(mdOneWait(1, 0.9) > mdOneWait(1, 0.8));
    assert.equal(mdOneWait(1, 1), Infinity);
    assert.equal(mdOneWait(1, 0), 0);
  });

  it('a wait percentile is stricter than the mean at high load and zero when most requests do not wait', () => {
    assert.ok(mdOneWait(1, 0.8, 0.99) > mdOneWait(1, 0.8));
    assert.ok(mdOneWait(1, 0.8, 0.99) > mdOneWait(1, 0.8, 0.9));
    assert.equal(mdOneWait(1, 0.05, 0.9), 0, 'P(wait > 0) = rho = 5% < 10%');
  });

  it('the running batch at a percentile exceeds the mean by z sqrt(mean)', () => {
    assert.equal(batchAtPercentile(100, 0.5), 100);
    assert.ok(Math.abs(batchAtPercentile(100, 0.99) - (100 + 2.3263 * 10)) < 0.01);
  });

  it('the busiest of n Poisson ranks: the mean for one rank, more for more ranks, relatively less at larger means', () => {
    assert.ok(Math.abs(expectedMaxPoisson(0.5, 1) - 0.5) < 1e-12);
    assert.ok(expectedMaxPoisson(0.5, 8) > expectedMaxPoisson(0.5, 2));
    assert.ok(expectedMaxPoisson(0.5, 8) / 0.5 > expectedMaxPoisson(50, 8) / 50);
    // the normal branch above a mean of 700 joins the summed one
    assert.ok(Math.abs(expectedMaxPoisson(700, 8) / expectedMaxPoisson(701, 8) - 1) < 0.01);
  });
});

describe('TTFT queueing and percentiles bound the batch', () => {
  it('TTFT grows with load: the queue wait rises with the batch towards the capacity', () => {
    const w = serving({ ttft: 10 });
    const s = setupWorkload(w);
    const hi = batchCapacity(w, s).capacity;
    const cap = operatingPoint(w, s, hi);
    const waits = [0.3, 0.6, 0.9].map((f) => queueWait(w, s, operatingPoint(w, s, Math.floor(hi * f)), cap));
    assert.ok(waits[0] < waits[1] && waits[1] < waits[2], waits.join(' < '));
    assert.equal(queueWait(w, s, cap, cap), Infinity, 'utilisation 1');
  });

  it('a TTFT limit stops batch max below what memory allows, and a tighter one stops it earlier', () => {
    const free = estimateWorkload(serving({}));
    const loose = estimateWorkload(serving({ ttft: 5 }));
    const tight = estimateWorkload(serving({ ttft: 1 }));
    assert.equal(loose.batchSearch?.stoppedBy, 'slo');
    assert.equal(loose.batchSearch?.slo, 'ttft', 'the limit that stopped it');
    assert.match(batchMaxText(loose) ?? '', /stopped by the ttft SLO/);
    assert.match(breakdownMarkdown(loose), /SLO: ttft mean [\d.]+ s \(limit 5 s\)/);
    assert.ok(loose.batchPerDevice < free.batchPerDevice);
    assert.ok(tight.batchPerDevice < loose.batchPerDevice);
    const ttft = tight.slo?.find((c) => c.name === 'ttft');
    assert.ok(ttft && ttft.value <= 1, 'the limit is met at the batch found');
  });

  it('a TPOT percentile is stricter than the same limit on the mean', () => {
    const free = estimateWorkload(serving({}));
    const limit = free.tpot! * 0.8;
    const mean = estimateWorkload(serving({ tpot: limit }));
    const p99 = estimateWorkload(serving({ tpot: limit, percentiles: { tpot: 0.99 } }));
    assert.equal(mean.batchSearch?.stoppedBy, 'slo');
    assert.ok(p99.batchPerDevice < mean.batchPerDevice, `${p99.batchPerDevice} < ${mean.batchPerDevice}`);
    assert.ok(p99.throughputPerDevice < mean.throughputPerDevice);
  });

  it('both limits bound the batch: the batch found meets each, and is no larger than either alone allows', () => {
    const free = estimateWorkload(serving({}));
    const slo = { tpot: free.tpot! * 0.9, ttft: 2, percentiles: { tpot: 0.9, ttft: 0.9 } };
    const both = estimateWorkload(serving(slo));
    const tpotOnly = estimateWorkload(serving({ tpot: slo.tpot, percentiles: { tpot: 0.9 } }));
    const ttftOnly = estimateWorkload(serving({ ttft: 2, percentiles: { ttft: 0.9 } }));
    assert.equal(both.batchPerDevice, Math.min(tpotOnly.batchPerDevice, ttftOnly.batchPerDevice));
    for (const c of both.slo!) assert.ok(c.value <= c.limit, `${c.name} ${c.value} <= ${c.limit}`);
  });

  it('no batch meets an impossible TTFT: TOPO503 names the limit and its percentile', () => {
    const w = serving({ ttft: 0.001, percentiles: { ttft: 0.99 } });
    const e = estimateWorkload(w);
    const f = workloadFindings(w, e).find((x) => x.code === 'TOPO503');
    assert.ok(f && f.severity === 'error' && /ttft p99 1 ms/.test(f.message), f?.message);
  });

  it('a mean TPOT limit alone keeps the closed-loop check (no arrivals, no queueing note)', () => {
    const e = estimateWorkload(serving({ tpot: 0.05 }));
    assert.ok(!e.notes.some((n) => /Poisson/.test(n)));
    const w = serving({ tpot: 0.05 });
    const s = setupWorkload(w);
    const b = searchBatch(w, s).point.batch;
    assert.equal(
      sloChecks(w, s, b, operatingPoint(w, s, batchCapacity(w, s).capacity))[0].value,
      operatingPoint(w, s, b).tpot,
    );
  });
});

describe('serving reserves KV for input + output (GUARANTEED_NO_EVICT)', () => {
  it('memory holds the full length per running sequence, so decode-heavy lengths fit fewer sequences', () => {
    const w = serving({}, 500, 2000);
    const s = setupWorkload(w);
    const p = operatingPoint(w, s, 10);
    const perSeq = p.memory.kvCache / 10;
    const q = operatingPoint({ ...w, input: 2000, output: 500 }, s, 10);
    assert.equal(reservedContext(w), 2500);
    assert.ok(Math.abs(perSeq - q.memory.kvCache / 10) < 1, 'same reserved length 2,500 both ways');
  });
});

describe('slo percentiles in the language', () => {
  it('reads p99 and p90 after each limit', () => {
    const a = analyseText(
      'system C { server x 1 { gpu H100 x 8  fabric NVLink4 } }\n' +
        'workload W { model Llama3_70B  on C  phase serving  input 1000 output 1000  slo tpot 50 ms p99 ttft 2 s p90 }',
    );
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(a.specs.workload.get('W')!.slo, { tpot: 0.05, ttft: 2, percentiles: { tpot: 0.99, ttft: 0.9 } });
  });

  it('reads p999 as 99.9% and leaves the mean without a percentile', () => {
    const a = analyseText(
      'system C { server x 1 { gpu H100 x 8  fabric NVLink4 } }\n' +
        'workload W { model Llama3_70B  on C  phase serving  input 1000 output 1000  slo tpot 50 ms ttft 2 s p999 }',
    );
    assert.deepEqual(a.specs.workload.get('W')!.slo, { tpot: 0.05, ttft: 2, percentiles: { ttft: 0.999 } });
  });

  it('rejects a percentile below p50', () => {
    const a = analyseText(
      'system C { server x 1 { gpu H100 x 8  fabric NVLink4 } }\n' +
        'workload W { model Llama3_70B  on C  phase serving  input 1000 output 1000  slo tpot 50 ms p10 }',
    );
    assert.ok(a.diagnostics.some((d) => d.code === 'TOPO303' && /percentile/.test(d.message)));
  });
});
