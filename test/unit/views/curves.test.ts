// The throughput-interactivity chart: strict XML, one path per curve, the SLO line, a legend, nothing non-finite.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Curve, CurvePoint, sweepWorkload } from '../../../server/src/analysis/sweep';
import { Workspace } from '../../../server/src/semantics/program';
import { renderMemoryChart, renderStepChart } from '../../../server/src/views/charts';
import { renderCurveChart } from '../../../server/src/views/curves';
import { catalogPath } from '../../helpers/repo';
import { EstimateView } from '../../../server/src/views/types';
import { analyse, curvePaths, findAll, parseSvg, SvgElement, textOf } from './helpers';

/** A synthetic point: tok/s per user `perUser`, per device `perDevice`. */
function point(batch: number, perUser: number, perDevice: number, ttft?: number): CurvePoint {
  return {
    batch,
    stepTime: 1 / perUser,
    tpot: 1 / perUser,
    ttft,
    perUser,
    perDevice,
    total: perDevice * 8,
    bound: { kind: 'compute', share: 1 },
    boundText: 'compute',
    fits: true,
    meetsSlo: true,
  };
}

function curve(workload: string, points: CurvePoint[], over: Partial<Curve> = {}): Curve {
  return {
    workload,
    phase: 'decode',
    slo: { name: 'tpot', limit: 0.05 },
    memoryLimit: 64,
    points,
    operating: points[1],
    reasons: [],
    ...over,
  };
}

const texts = (svg: SvgElement) => findAll(svg, (e) => e.name === 'text').map(textOf);

describe('throughput-interactivity chart', () => {
  const a = curve('Decode_A', [point(1, 100, 200), point(8, 60, 900), point(64, 15, 2400)]);
  const b = curve('Decode_B', [point(1, 80, 150), point(16, 30, 1500)]);

  it('is strict XML with a path per curve, the SLO line and label, a legend entry per curve, operating points', () => {
    const series = [
      { name: 'a&b.topo: Decode_A', curve: a },
      { name: 'Decode_B', curve: b },
    ];
    const chart = renderCurveChart('Two <curves> & "more"', series);
    assert.deepEqual(chart.left, []);
    const svg = parseSvg(chart.svg!);
    assert.equal(curvePaths(svg).length, 2);
    const all = texts(svg);
    assert.ok(all.includes('a&b.topo: Decode_A') && all.includes('Decode_B'), 'a legend entry per curve, escaped');
    assert.ok(all.includes('TPOT SLO 50 ms (20 tok/s per user)'));
    assert.ok(all.includes('tok/s per user (1 / TPOT)') && all.includes('tok/s per device'), 'axes with units');
    assert.equal(all.filter((t) => t === 'batch 8').length, 1);
    assert.equal(all.filter((t) => t === 'batch 16').length, 1);
    const slo = findAll(svg, (e) => e.name === 'path' && e.attributes.stroke === '#e15759');
    assert.equal(slo.length, 1, 'one SLO line for one limit');
    assert.match(slo[0].attributes.d, /^M([\d.]+) [\d.]+L\1 [\d.]+$/, 'the SLO line is vertical');
    assert.equal(textOf(findAll(svg, (e) => e.name === 'title')[0]), 'Two <curves> & "more"');
  });

  it('drops points that are not finite and says so in its description; none reaches the SVG', () => {
    const bad = curve('Decode_C', [point(1, NaN, 100), point(2, 50, Infinity), point(4, 40, 800), point(8, 20, 1200)]);
    const chart = renderCurveChart('c', [{ name: 'Decode_C', curve: bad }]);
    assert.doesNotMatch(chart.svg!, /NaN|Infinity/);
    const svg = parseSvg(chart.svg!);
    assert.equal(curvePaths(svg).length, 1);
    assert.match(textOf(findAll(svg, (e) => e.name === 'desc')[0]), /2 point\(s\) without finite figures left out/);
  });

  it('a curve with no point to draw gives no chart, and says why', () => {
    const none = curve('Too_big', [], { reasons: ['does not fit memory even at batch 1'] });
    const chart = renderCurveChart('x', [{ name: 'Too_big', curve: none }]);
    assert.equal(chart.svg, undefined);
    assert.deepEqual(chart.left, ['Too_big: no point to draw (does not fit memory even at batch 1)']);
    const nan = renderCurveChart('x', [{ name: 'NaN_only', curve: curve('NaN_only', [point(1, NaN, NaN)]) }]);
    assert.equal(nan.svg, undefined);
    assert.match(nan.left[0], /^NaN_only: no point to draw/);
  });

  it('prefill plots against TTFT with the TTFT SLO; a decode curve beside it is left out, named', () => {
    const prefill = curve('Prefill', [point(1, 1, 5000, 0.2), point(4, 1, 9000, 0.6)], {
      phase: 'prefill',
      slo: { name: 'ttft', limit: 0.5 },
    });
    const chart = renderCurveChart('p', [
      { name: 'Prefill', curve: prefill },
      { name: 'Decode_A', curve: a },
    ]);
    const all = texts(parseSvg(chart.svg!));
    assert.ok(all.includes('TTFT (ms)') && all.includes('TTFT SLO 500 ms'));
    assert.deepEqual(chart.left, ['Decode_A: it plots against tok/s per user: draw it on its own']);
  });

  it('draws a real workload swept by the estimator', () => {
    const analysis = analyse(new Workspace(undefined, catalogPath), 'samples/deepseek-r1.topo');
    const w = analysis.specs.workload.get('R1_decode_NVL72_50ms')!;
    const chart = renderCurveChart('R1', [{ name: w.name, curve: sweepWorkload(w) }]);
    const svg = parseSvg(chart.svg!);
    assert.equal(curvePaths(svg).length, 1);
    assert.ok(
      texts(svg).some((t) => /^batch \d+$/.test(t)),
      'the operating point is labelled with its batch',
    );
  });

  it('every chart names its own title and description in aria-labelledby', () => {
    const e: EstimateView = {
      workload: 'W',
      phase: 'decode',
      valid: true,
      reasons: [],
      title: 't',
      stepTime: 0.01,
      exposedCommTime: 0,
      notes: [],
      byOperator: [{ name: 'matmul', time: 0.01, share: 1 }],
      byLevel: [{ name: 'on device', time: 0.01, share: 1 }],
      memory: {
        unit: 'device',
        weights: 1e10,
        kvCache: 1e9,
        activations: 1e8,
        reserve: 1e9,
        total: 1.21e10,
        capacity: 8e10,
        fits: true,
      },
    };
    const charts = [renderCurveChart('t', [{ name: 'A', curve: a }]).svg!, renderStepChart(e), renderMemoryChart(e)];
    for (const text of charts) {
      const svg = parseSvg(text);
      const ids = new Set(findAll(svg, (x) => x.attributes.id !== undefined).map((x) => x.attributes.id));
      const named = svg.attributes['aria-labelledby'].split(' ');
      assert.equal(named.length, 2);
      for (const id of named) assert.ok(ids.has(id), `${id} is an element of the chart`);
    }
  });
});
