// `compare` declarations and `parallel search`: bound per system, diagnostics once, costs read, bad input reported.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseText, codes, withCode } from '../../helpers/workspace';

const systems = `system Box {\n  gpu H100 x 8\n  fabric NVLink4\n}\nsystem Rack {\n  gpu GB200 x 72\n  fabric NVLink5\n}\n`;
const compare = (lines: string, extra = '') =>
  `${systems}compare C {\n  model Llama3_70B\n  phase decode\n  precision fp8\n  parallel search\n  context 2048\n${extra}  systems {\n${lines}  }\n}\n`;

describe('compare declarations', () => {
  it('binds the shared fields once per system, with devices, power and price', () => {
    const a = analyseText(
      compare('    Box devices 8 power total 10.2 kW price 2.5 usd per device-hour\n    Rack power other 20 kW\n'),
    );
    assert.deepEqual(codes(a.diagnostics), []);
    const c = a.specs.compare.get('C')!;
    assert.equal(c.search, true);
    assert.deepEqual(
      c.entries.map((e) => [e.system.name, e.workload.devices, e.workload.name]),
      [
        ['Box', 8, 'C on Box'],
        ['Rack', 72, 'C on Rack'],
      ],
    );
    assert.deepEqual(c.entries[0].costs, {
      power: { watts: 10200, kind: 'total' },
      price: { amount: 2.5, per: 'device-hour' },
    });
    assert.deepEqual(c.entries[1].costs, { power: { watts: 20000, kind: 'other' } });
    assert.equal(c.entries[0].workload.context, 2048);
    assert.ok(
      a.references.some((r) => r.name === 'Box') && a.references.filter((r) => r.name === 'Llama3_70B').length === 1,
      'each system is a reference; the model once',
    );
  });

  it('an unknown system is TOPO200 with a fix naming the near one, and the others still compare', () => {
    const a = analyseText(compare('    Bx devices 8\n    Rack\n'));
    const [d] = withCode(a, 'TOPO200');
    assert.equal(d.at, 'Bx');
    assert.deepEqual(
      d.diagnostic.data?.fixes?.map((f) => f.newText),
      ['Box'],
    );
    assert.deepEqual(
      a.specs.compare.get('C')!.entries.map((e) => e.system.name),
      ['Rack'],
    );
  });

  it('reports a diagnostic of the shared fields once, not once per system', () => {
    const a = analyseText(compare('    Box\n    Rack\n', '  batch 8\n'));
    assert.equal(withCode(a, 'TOPO305').length, 1, 'batch without per device/global, reported once');
  });

  it('a diagnostic only some systems raise names them', () => {
    const a = analyseText(compare('    Box\n    Rack\n').replace('parallel search', 'parallel tp 3'));
    // 3 divides Rack's 72 ranks, not Box's 8.
    assert.deepEqual(
      withCode(a, 'TOPO400').map((d) => d.message),
      ['tp 3 does not divide the 8 ranks of this workload (on Box)'],
    );
  });

  it('zero power or price is an error, never an infinite tokens-per-joule or per-dollar', () => {
    const a = analyseText(compare('    Box power total 0 kW\n    Rack price 0 usd per system-hour\n'));
    assert.equal(withCode(a, 'TOPO303').length, 2);
    const c = a.specs.compare.get('C')!;
    assert.deepEqual(
      c.entries.map((e) => e.costs),
      [{}, {}],
    );
  });

  it('requires a model, a phase and the systems, with fixes', () => {
    const a = analyseText(`compare C {\n}\n`);
    assert.deepEqual(
      withCode(a, 'TOPO203').map((d) => d.diagnostic.data?.field),
      ['model', 'phase', 'systems'],
    );
  });

  it('is a declaration name like the others: a duplicate is TOPO201', () => {
    assert.deepEqual(
      codes(analyseText(`${compare('    Box\n')}compare C {\n}\n`).diagnostics).filter((c) => c === 'TOPO201'),
      ['TOPO201'],
    );
  });
});

describe('parallel search', () => {
  const workload = (parallel: string) =>
    `${systems}workload W {\n  model Llama3_70B\n  on Box\n  phase decode\n  parallel ${parallel}\n  context 2048\n}\n`;

  it('reads limits: one number is exactly it, LO to HI a range', () => {
    const a = analyseText(workload('search tp 2 to 8 pp 1'));
    assert.deepEqual(codes(a.diagnostics), []);
    assert.deepEqual(a.specs.workload.get('W')!.parallel.search, { tp: [2, 8], pp: [1, 1] });
  });

  it('an empty range is an error with a fix that swaps its ends', () => {
    const a = analyseText(workload('search tp 8 to 2'));
    const [d] = withCode(a, 'TOPO303');
    assert.equal(d.at, '8 to 2');
    assert.equal(d.diagnostic.data?.fixes?.[0].newText, '2 to 8');
  });

  it('without search the degrees are as before', () => {
    assert.equal(analyseText(workload('tp 8')).specs.workload.get('W')!.parallel.search, undefined);
  });
});
