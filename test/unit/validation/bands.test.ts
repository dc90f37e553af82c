// Error bands: the committed uncertainty.json is what validate's held-out rows give; regimes; lens and hover text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { breakdownMarkdown, lensTitle, uncertaintyText } from '../../../server/src/analysis/report';
import { loadOf, regimeOf, uncertaintyOf } from '../../../server/src/analysis/uncertainty';
import { estimatesOf } from '../../../server/src/features/estimates';
import { Workspace } from '../../../server/src/semantics/program';
import { BANDS_PATH, bandsOf, bandsText, rowOf } from '../../../validation/bands';
import { points } from '../../../validation/points';
import { catalogPath, repoRoot } from '../../helpers/repo';
import { analyseText } from '../../helpers/workspace';

const workspace = new Workspace(undefined, catalogPath);
const analysis = workspace.analyse(URI.file(path.join(repoRoot, 'validation', 'points.topo')).toString())!;
const results = estimatesOf(analysis);
const running = points.filter((p) => !p.pending);

describe('error bands (server/src/analysis/uncertainty.json)', () => {
  it('are what the held-out validation points give now: run `npm run validate -- --write-bands` when this fails', () => {
    const rows = running.map((p) => rowOf(p, results.get(p.workload)!.spec, results.get(p.workload)!.estimate));
    const committed = fs.readFileSync(path.join(repoRoot, BANDS_PATH), 'utf8');
    assert.equal(committed, bandsText(bandsOf(rows)));
  });

  it('count only held-out points: a regime with calibration points alone has no band', () => {
    const file = bandsOf([
      { role: 'calibration', regime: 'hopper decode offline', err: 0.01 },
      { role: 'held-out', regime: 'hopper serving offline', err: -0.3 },
      { role: 'held-out', regime: 'hopper serving offline', err: 0.1 },
      { role: 'held-out', regime: 'hopper serving offline', err: 0.2 },
    ]);
    assert.deepEqual(file.regimes, { 'hopper serving offline': { points: 3, median: 0.2, max: 0.3 } });
  });

  it("the regime of every point's workload has the point's load", () => {
    for (const p of running) assert.equal(loadOf(results.get(p.workload)!.spec), p.load, p.workload);
    const r1 = results.get('cm384-r1-decode')!.spec;
    assert.equal(regimeOf(r1), 'ascend decode latency-limited moe');
    assert.equal(regimeOf(results.get('trtllm-h200-70b-1k1k')!.spec), 'hopper serving offline dense');
  });

  it('a regime without held-out points gets no band, and says so', () => {
    const spec = results.get('lmsys-h100-decode')!.spec; // hopper decode offline moe: one calibration point only
    assert.deepEqual(uncertaintyOf(spec), { regime: 'hopper decode offline moe' });
    const e = results.get('lmsys-h100-decode')!.estimate;
    assert.match(lensTitle(e), /^≈[\d,]+ tok\/s per device \(not validated\) · /);
    assert.match(uncertaintyText(e)!, /no validation points in this estimate's regime \(hopper decode offline moe\)/);
    assert.equal(
      uncertaintyOf(spec, { about: '', regimes: { 'hopper decode offline moe': { points: 0, median: 0, max: 0 } } })
        .band,
      undefined,
    );
  });

  it("dense and MoE models are separate regimes: a dense Llama on Hopper does not carry the MoE runs' error", () => {
    const dense = results.get('trtllm-h100-70b-1k1k')!.estimate.uncertainty!,
      moe = results.get('trtllm-h100-qwen3-1k1k')!.estimate.uncertainty!;
    assert.notEqual(dense.regime, moe.regime);
    // Each band is the largest held-out error of its own regime's points.
    const bandOf = (regime: string) =>
      Math.max(
        ...running
          .filter((p) => results.get(p.workload)!.estimate.uncertainty?.regime === regime)
          .filter((p) => rowOf(p, results.get(p.workload)!.spec, results.get(p.workload)!.estimate).role === 'held-out')
          .map((p) => Math.abs(rowOf(p, results.get(p.workload)!.spec, results.get(p.workload)!.estimate).err)),
      );
    assert.ok(Math.abs(dense.band! - bandOf(dense.regime)) < 1e-3, `${dense.band} vs ${bandOf(dense.regime)}`);
    assert.ok(Math.abs(moe.band! - bandOf(moe.regime)) < 1e-3, `${moe.band} vs ${bandOf(moe.regime)}`);
  });

  it('the lens shows ±(largest held-out error) and the hover explains it', () => {
    const e = results.get('trtllm-h100-70b-1k1k')!.estimate; // hopper serving offline dense: ten points
    const band = e.uncertainty!.heldOut!;
    assert.equal(e.uncertainty!.band, band.max);
    assert.equal(e.uncertainty!.floored, undefined);
    assert.match(lensTitle(e), new RegExp(`^≈[0-9,]+ tok/s per device ±${Math.ceil(band.max * 100)}% · `));
    assert.match(
      breakdownMarkdown(e),
      /Uncertainty: ±\d+%, the largest error of \d+ held-out validation points in this estimate's regime \(hopper serving offline dense; median \d+\.\d%\)/,
    );
  });

  it("a regime's band is at least the median held-out error of the whole validation, and says why", () => {
    const file = {
      about: '',
      overall: { points: 24, median: 0.08, max: 0.3 },
      regimes: { 'ascend decode latency-limited moe': { points: 1, median: 0.003, max: 0.003 } },
    };
    const spec = results.get('cm384-r1-decode')!.spec;
    const u = uncertaintyOf(spec, file);
    assert.equal(u.band, 0.08);
    assert.deepEqual(u.floored, file.overall);
    // Without the floor the one point's 0.3% would be the band.
    assert.equal(uncertaintyOf(spec, { ...file, overall: undefined }).band, 0.003);
    const e = results.get('cm384-r1-decode')!.estimate;
    const committed = e.uncertainty!;
    assert.ok(committed.floored, 'the committed file floors the one-point Ascend decode regime');
    assert.match(lensTitle(e), new RegExp(`^≈[0-9,]+ tok/s per device ±${Math.ceil(committed.band! * 100)}% · `));
    assert.match(
      breakdownMarkdown(e),
      /Uncertainty: ±\d+%, the median error of all \d+ held-out validation points: the 1 held-out validation point in this estimate's regime \(ascend decode latency-limited moe\) came closer \(largest \d+\.\d%\)/,
    );
  });

  it('a training workload or an accelerator without arch has no validation points', () => {
    const a = analyseText(
      'system C { server x 1 { gpu H100 x 8  fabric NVLink4 } }\n' +
        'workload T { model Llama3_70B  on C  phase training  input 4096  parallel tp 8  batch 4 per device }',
    );
    const e = estimatesOf(a).get('T')!.estimate;
    assert.equal(e.uncertainty!.regime, 'hopper training offline dense');
    assert.match(lensTitle(e), /\(not validated\)/);
  });
});
