// Units and conversions: the unit table, dimensions, bits versus bytes, formatting, and quantities read from fields.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatNumber, formatQuantity, unitInfo, unitsOf } from '../../../server/src/semantics/units';
import { analyseText, withCode } from '../../helpers/workspace';

const close = (actual: number, expected: number, rel = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `${actual} is not ${expected}`);

describe('unit table', () => {
  it('knows the dimension and factor of every unit the language reference lists', () => {
    const expected: [string, string, number][] = [
      ['FLOPS', 'compute', 1],
      ['GFLOPS', 'compute', 1e9],
      ['TFLOPS', 'compute', 1e12],
      ['PFLOPS', 'compute', 1e15],
      ['EFLOPS', 'compute', 1e18],
      ['TOPS', 'compute', 1e12],
      ['POPS', 'compute', 1e15],
      ['B', 'bytes', 1],
      ['KB', 'bytes', 1e3],
      ['MB', 'bytes', 1e6],
      ['GB', 'bytes', 1e9],
      ['TB', 'bytes', 1e12],
      ['PB', 'bytes', 1e15],
      ['KiB', 'bytes', 1024],
      ['MiB', 'bytes', 1024 ** 2],
      ['GiB', 'bytes', 1024 ** 3],
      ['TiB', 'bytes', 1024 ** 4],
      ['B/s', 'bandwidth', 1],
      ['KB/s', 'bandwidth', 1e3],
      ['MB/s', 'bandwidth', 1e6],
      ['GB/s', 'bandwidth', 1e9],
      ['TB/s', 'bandwidth', 1e12],
      ['GiB/s', 'bandwidth', 1024 ** 3],
      ['b/s', 'bandwidth', 1 / 8],
      ['Kb/s', 'bandwidth', 125],
      ['Mb/s', 'bandwidth', 125e3],
      ['Gb/s', 'bandwidth', 125e6],
      ['Tb/s', 'bandwidth', 125e9],
      ['Gbps', 'bandwidth', 125e6],
      ['Tbps', 'bandwidth', 125e9],
      ['Mbps', 'bandwidth', 125e3],
      ['ns', 'time', 1e-9],
      ['us', 'time', 1e-6],
      ['µs', 'time', 1e-6],
      ['ms', 'time', 1e-3],
      ['s', 'time', 1],
      ['W', 'power', 1],
      ['kW', 'power', 1e3],
      ['MW', 'power', 1e6],
      ['%', 'ratio', 0.01],
    ];
    for (const [unit, dimension, factor] of expected) {
      const info = unitInfo(unit);
      assert.ok(info, `unit ${unit} is missing`);
      assert.equal(info.dimension, dimension, unit);
      close(info.factor, factor);
    }
  });

  it('tells bits from bytes by case', () => {
    assert.equal(unitInfo('Gb/s')!.bits, true);
    assert.equal(unitInfo('Gbps')!.bits, true);
    assert.ok(!unitInfo('GB/s')!.bits);
    close(400 * unitInfo('Gb/s')!.factor, 50e9);
    assert.equal(unitInfo('gb/s'), undefined);
  });

  it('does not take object properties for units', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      assert.equal(unitInfo(name), undefined, name);
  });

  it('lists units per dimension', () => {
    assert.ok(unitsOf('time').includes('ms'));
    assert.ok(!unitsOf('time').includes('GB'));
  });
});

describe('formatting', () => {
  it('normalises quantities to a readable prefix', () => {
    assert.equal(formatQuantity(50e9, 'bandwidth'), '50 GB/s');
    assert.equal(formatQuantity(3.2e12, 'bandwidth'), '3.2 TB/s');
    assert.equal(formatQuantity(128e9, 'bytes'), '128 GB');
    assert.equal(formatQuantity(752e12, 'compute'), '752 TFLOPS');
    assert.equal(formatQuantity(2e-7, 'time'), '200 ns');
    assert.equal(formatQuantity(2e-6, 'time'), '2 µs');
    assert.equal(formatQuantity(0.05, 'time'), '50 ms');
    assert.equal(formatQuantity(0.7, 'ratio'), '70%');
    assert.equal(formatQuantity(Infinity, 'bytes'), 'n/a');
  });

  it('formats counts with B/T suffixes and numbers without exponent noise', () => {
    assert.equal(formatCount(671e9), '671B');
    assert.equal(formatCount(70.55e9), '70.5B');
    assert.equal(formatNumber(0.1 + 0.2), '0.3');
    assert.equal(formatNumber(123456), '123,456');
  });

  it('writes numbers as Intl.NumberFormat en-US would (without loading ICU): any magnitude and digits', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
    // As formatNumber rounds before writing: whole above 10,000, else to `digits` significant digits.
    const rounded = (v: number, digits: number) =>
      Math.abs(v) >= 1e4 ? Math.round(v) : Number.isInteger(v) ? v : Number(v.toPrecision(digits));
    const expected = (v: number, digits: number) => (v === 0 ? '0' : intl.format(rounded(v, digits)));
    const values = [0.0000125, -0.0000001, 1.0000005, 2.5e-7, 4.9999e-7, 9999.9999995, 0.9999995, 0.0000005, 1e21];
    values.push(1.2345e25, 1.2345678901234569e23, -1e22, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE);
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 4000; i++) {
      const v = (random() < 0.3 ? -1 : 1) * random() * 10 ** Math.floor(random() * 60 - 30);
      values.push(v, Math.round(v), Number(v.toFixed(Math.floor(random() * 9))));
    }
    for (const v of values) {
      for (const digits of [1, 3, 7, 17])
        assert.equal(formatNumber(v, digits), expected(v, digits), `${v}, ${digits} digits`);
    }
  });

  it('shows only units of the table, with thousands separators beyond the largest unit', () => {
    assert.equal(formatQuantity(2620, 'compute'), '2,620 FLOPS', 'no KFLOPS: the language has no such unit');
    assert.equal(formatQuantity(1500, 'power'), '1.5 kW');
    assert.equal(formatQuantity(1.5832e25, 'compute'), '15,832,000 EFLOPS');
    assert.equal(formatQuantity(6.4e20, 'bytes'), '640,000 PB');
    assert.equal(formatQuantity(1.2288e15, 'bandwidth'), '1,230 TB/s');
    assert.equal(formatQuantity(1e21, 'bytes'), '1,000,000 PB');
    for (const d of ['compute', 'bytes', 'bandwidth', 'power'] as const) {
      for (let v = 1; v < 1e30; v *= 7.3)
        assert.ok(unitInfo(formatQuantity(v, d).split(' ')[1]), `${v} ${d}: ${formatQuantity(v, d)}`);
    }
  });

  it('formats small counts exactly, as its comment says (1536 -> "1,536")', () => {
    assert.equal(formatCount(1536), '1,536');
  });
});

describe('quantities read from a document', () => {
  it('converts every written unit to base units', () => {
    const a = analyseText(
      'accelerator X {\n  compute bf16 752 TFLOPS, int8 1.504 POPS\n  memory 128 GiB at 3200 GB/s\n  power 0.6 kW\n  arch other\n}\nlink L { bandwidth 400 Gbps latency 2 µs efficiency 80% }',
    );
    assert.deepEqual(a.diagnostics, []);
    const x = a.specs.accelerator.get('X')!;
    close(x.compute.bf16!, 752e12);
    close(x.compute.int8!, 1.504e15);
    close(x.memoryBytes, 128 * 1024 ** 3);
    close(x.memoryBandwidth, 3.2e12);
    close(x.powerWatts!, 600);
    const l = a.specs.link.get('L')!;
    close(l.bandwidth, 50e9);
    assert.equal(l.writtenInBits, true);
    close(l.latency, 2e-6);
    close(l.efficiency!, 0.8);
  });

  it('reports a bandwidth written in GB (TOPO300) with a fix to GB/s', () => {
    const a = analyseText('accelerator X { compute bf16 1 TFLOPS  memory 80 GB at 2000 GB }');
    const [d] = withCode(a, 'TOPO300');
    assert.equal(d.at, 'GB');
    assert.deepEqual(
      d.diagnostic.data?.fixes?.map((f) => f.newText),
      ['GB/s'],
    );
  });

  it('reports a missing unit and an unknown unit (TOPO301) with did-you-mean', () => {
    const a = analyseText('link L { bandwidth 50 latency 2 usec }');
    const found = withCode(a, 'TOPO301');
    assert.equal(found.length, 2);
    assert.equal(found[0].at, '50');
    assert.match(found[0].message, /needs a unit of bandwidth/);
    assert.equal(found[1].at, 'usec');
    assert.match(found[1].message, /did you mean 'us'/);
  });

  it('reads ratios as A:B and as percentages', () => {
    const a = analyseText(
      'system S { server x 4 { gpu H100 x 8  fabric NVLink4 }  fabric RoCE400 oversubscription 2:1 }',
    );
    const s = a.specs.system.get('S')!;
    assert.equal(s.root.fabric!.oversubscription, 2);
    assert.equal(withCode(a, 'TOPO403').length, 1);
  });
});
