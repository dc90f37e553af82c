// Validation curves: each published point is read off its workload's sweep, at its batch, the curve's end or its TPOT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { estimateWorkload } from '../../../server/src/analysis/estimate';
import { atBatchMax, withTpot } from '../../../server/src/analysis/sweep';
import { estimatesOf } from '../../../server/src/features/estimates';
import { Workspace } from '../../../server/src/semantics/program';
import { batchPerDevice, readCurve } from '../../../validation/curves';
import { curves, ValidationCurve } from '../../../validation/points';
import { catalogPath, repoRoot } from '../../helpers/repo';
import { analyseText } from '../../helpers/workspace';

describe('validation curves', () => {
  const workspace = new Workspace(undefined, catalogPath);
  const analysis = workspace.analyse(URI.file(path.join(repoRoot, 'validation', 'points.topo')).toString())!;
  const results = estimatesOf(analysis);

  it('each curve sweeps a workload of validation/points.topo, cites its source and holds measured figures', () => {
    assert.ok(curves.length >= 2);
    for (const c of curves) {
      assert.ok(results.has(c.workload), `${c.name}: workload ${c.workload}`);
      assert.ok(c.citation.length > 40 && c.description.length > 20, c.name);
      assert.ok(c.points.length >= 2, `${c.name}: a curve has several points`);
      for (const p of c.points) assert.ok(Number.isFinite(p.measured) && p.measured > 0, p.id);
    }
  });

  it('reads every point off the sweep: the batch itself, the end past it, batch max under a TPOT', () => {
    for (const c of curves) {
      const spec = results.get(c.workload)!.spec;
      const reading = readCurve(c, spec);
      for (const r of reading.rows) {
        assert.ok(r.predicted && r.err !== undefined, r.measured.id);
        const b = batchPerDevice(r.measured.at, spec);
        if (b === undefined) {
          const own = estimateWorkload(atBatchMax(withTpot(spec, (r.measured.at as { tpot: number }).tpot)));
          assert.equal(r.predicted.perDevice, own.throughputPerDevice, `${r.measured.id}: batch max under its TPOT`);
        } else if (r.pastEnd) assert.equal(r.predicted.batch, reading.memoryLimit, r.measured.id);
        else assert.equal(r.predicted.batch, b, r.measured.id);
      }
    }
  });

  it('a concurrency past the memory limit is compared at the curve end and says so', () => {
    const a = analyseText(
      'system Box {\n  gpu H100 x 2\n  fabric NVLink4\n}\nworkload W {\n  model Llama3_70B\n  on Box\n' +
        '  phase serving\n  precision fp8\n  parallel tp 2\n  input 5000  output 500\n}\n',
    );
    const spec = a.specs.workload.get('W')!;
    const curve: ValidationCurve = {
      name: 'test',
      workload: 'W',
      system: 'H100/H800/H200',
      description: 'a test curve',
      citation: 'none',
      points: [
        { id: 'W@c2', at: { batch: 2, per: 'global' }, measured: 10 },
        { id: 'W@c100000', at: { batch: 100000, per: 'global' }, measured: 10 },
      ],
    };
    const [small, huge] = readCurve(curve, spec).rows;
    assert.equal(small.pastEnd, false);
    assert.equal(small.predicted!.batch, 1, 'two in flight over two GPUs: one per device');
    assert.equal(huge.pastEnd, true);
    assert.ok(huge.predicted!.batch < 50000 && huge.predicted!.fits);
  });
});
