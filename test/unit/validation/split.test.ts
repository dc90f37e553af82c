// The validation points: every point has a committed role, the original roles are kept, and the set covers the regimes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { estimatesOf } from '../../../server/src/features/estimates';
import { Workspace } from '../../../server/src/semantics/program';
import { curves, points } from '../../../validation/points';
import { committedRoles, roleOf, splitNames, splitProblems } from '../../../validation/split';
import { catalogPath, repoRoot } from '../../helpers/repo';

describe('validation split (validation/split.json)', () => {
  it('gives every point and curve point of validation/points.ts a role and names no other point', () => {
    assert.deepEqual(splitProblems(splitNames(points, curves)), []);
  });

  it('names each curve point workload@condition, once, with its own role', () => {
    const ids = curves.flatMap((c) => c.points.map((p) => p.id));
    assert.ok(ids.length >= 7, `${ids.length} curve points`);
    for (const c of curves) for (const p of c.points) assert.ok(p.id.startsWith(`${c.workload}@`), p.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(roleOf(id), id);
  });

  it('refuses a point without a role, a role that is not calibration or held-out, and a role without a point', () => {
    const roles = { a: 'calibration', b: 'tuning', gone: 'held-out' };
    assert.deepEqual(
      splitProblems([{ workload: 'a' }, { workload: 'b' }, { workload: 'c' }, { workload: 'a' }], roles),
      [
        'point b has role "tuning" in validation/split.json; expected calibration or held-out',
        'point c has no role in validation/split.json',
        'point a is listed twice in validation/points.ts',
        'validation/split.json gives gone a role but validation/points.ts has no such point',
      ],
    );
    assert.equal(roleOf('b', roles), undefined);
    assert.equal(roleOf('toString', roles), undefined);
  });

  it('keeps the roles of the first 14 points', () => {
    const calibration = ['cm384-r1-decode', 'lmsys-h100-decode', 'lmsys-h100-prefill', 'trtllm-h200-70b-1k1k'];
    const heldOut = [
      'cm384-r1-prefill',
      'cm384-r1-decode-15ms',
      'deepseek-h800-decode',
      'lmsys-gb200-decode',
      'lmsys-gb200-prefill',
      'trtllm-h100-70b-1k1k',
      'trtllm-h100-70b-500-2000',
      'trtllm-h100-405b-1k1k',
      'trtllm-b200-70b-1k1k',
      'trtllm-gb200-70b-1k1k',
    ];
    for (const w of calibration) assert.equal(committedRoles[w], 'calibration', w);
    for (const w of heldOut) assert.equal(committedRoles[w], 'held-out', w);
  });
});

describe('validation coverage', () => {
  const workspace = new Workspace(undefined, catalogPath);
  const analysis = workspace.analyse(URI.file(path.join(repoRoot, 'validation', 'points.topo')).toString())!;
  const results = estimatesOf(analysis);
  const running = points.filter((p) => !p.pending);

  it('runs at least 30 points, each a workload of validation/points.topo; pending points have a reason and no workload', () => {
    assert.ok(running.length >= 30, `${running.length} points run`);
    for (const p of running) assert.ok(results.has(p.workload), `${p.workload} has no workload`);
    for (const p of points.filter((q) => q.pending)) {
      assert.ok(p.pending!.length > 20, `${p.workload}: pending needs a reason`);
      assert.ok(!results.has(p.workload), `${p.workload} is pending but has a workload`);
    }
  });

  it('covers 6 accelerators, dense and MoE models, every phase, offline and latency-limited loads', () => {
    const specs = running.map((p) => results.get(p.workload)!.spec);
    const accelerators = new Set(specs.map((s) => s.accelerator.name));
    assert.deepEqual(accelerators, new Set(['Ascend910C', 'H100', 'H800', 'H200', 'B200', 'GB200']));
    assert.deepEqual(new Set(specs.map((s) => (s.model.moe ? 'moe' : 'dense'))), new Set(['moe', 'dense']));
    assert.deepEqual(new Set(specs.map((s) => s.phase)), new Set(['decode', 'prefill', 'serving']));
    assert.deepEqual(new Set(running.map((p) => p.load)), new Set(['offline', 'latency-limited']));
  });

  it('cites a source and describes the setup of every point', () => {
    for (const p of points) {
      assert.ok(p.citation.length > 40, `${p.workload}: citation`);
      assert.ok(p.description.length > 20, `${p.workload}: description`);
      assert.ok(Number.isFinite(p.measured) && p.measured > 0, `${p.workload}: measured`);
    }
  });
});
