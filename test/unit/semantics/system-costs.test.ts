// Power per level and price on systems: read as written, summed symbolically, bad values reported.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeSystem } from '../../../server/src/features/describe';
import { levelPower, systemPower } from '../../../server/src/semantics/system-shape';
import { analyseText, codes, withCode } from '../../helpers/workspace';

const system = (body: string) => analyseText(`system S {\n${body}}\n`);

describe('system power and price', () => {
  it('reads power per level (total or other) and price at the top', () => {
    const a = system(
      '  server x 12 {\n    gpu H100 x 8\n    fabric NVLink4\n    power total 10.2 kW\n  }\n' +
        '  rack net x 2 {\n    power other 15 kW\n  }\n  power other 3 kW\n  price 2.5 usd per device-hour\n',
    );
    assert.deepEqual(codes(a.diagnostics), []);
    const s = a.specs.system.get('S')!;
    assert.deepEqual(s.root.power, { watts: 3000, kind: 'other' });
    assert.deepEqual(s.root.children[0].power, { watts: 10200, kind: 'total' });
    assert.deepEqual(s.root.children[1].power, { watts: 15000, kind: 'other' });
    assert.deepEqual(s.price, { amount: 2.5, per: 'device-hour' });
  });

  it('sums symbolically: a total covers its accelerators, counts multiply, other adds to board power', () => {
    const s = system(
      '  server x 12 {\n    gpu H100 x 8\n    power total 10.2 kW\n  }\n' +
        '  rack net x 2 {\n    power other 15 kW\n  }\n' +
        '  power other 3 kW\n',
    ).specs.system.get('S')!;
    assert.deepEqual(systemPower(s), { watts: 12 * 10200 + 2 * 15000 + 3000, declared: true });
    const boards = system('  server x 4 {\n    gpu H100 x 8\n    power other 1.5 kW\n  }\n').specs.system.get('S')!;
    assert.equal(systemPower(boards).watts, 4 * (8 * 700 + 1500), 'H100 board power is 700 W in the catalog');
    const plain = system('  gpu H100 x 8\n').specs.system.get('S')!;
    assert.deepEqual(systemPower(plain), { watts: 8 * 700, declared: false });
  });

  it('a million servers are summed by multiplication, not one by one', () => {
    const s = system(
      '  pod x 1000 {\n    server x 1000 {\n      gpu H100 x 8\n      power other 2 kW\n    }\n  }\n',
    ).specs.system.get('S')!;
    assert.equal(systemPower(s).watts, 1e6 * (8 * 700 + 2000));
  });

  it('names an accelerator without board power that no total covers; a total above it covers it', () => {
    const bare = system('  npu Ascend910C x 8\n  power other 1 kW\n').specs.system.get('S')!;
    assert.equal(systemPower(bare).missing, 'Ascend910C');
    const covered = system('  server x 2 {\n    npu Ascend910C x 8\n    power total 6 kW\n  }\n').specs.system.get(
      'S',
    )!;
    assert.deepEqual(systemPower(covered), { watts: 12000, declared: true });
    assert.equal(levelPower(covered.root.children[0]).watts, 6000);
  });

  it('zero, negative or missing power or price is an error and sets nothing', () => {
    for (const bad of ['power total 0 kW', 'power other -2 kW', 'power total', 'power 5 kW', 'power total 5']) {
      const a = system(`  gpu H100 x 8\n  ${bad}\n`);
      assert.ok(
        a.diagnostics.some((d) => d.severity === 'error'),
        bad,
      );
      assert.equal(a.specs.system.get('S')!.root.power, undefined, bad);
    }
    for (const bad of ['price 0 usd per device-hour', 'price -1 usd per device-hour', 'price 2 usd per day', 'price']) {
      const a = system(`  gpu H100 x 8\n  ${bad}\n`);
      assert.ok(
        a.diagnostics.some((d) => d.severity === 'error'),
        bad,
      );
      assert.equal(a.specs.system.get('S')!.price, undefined, bad);
    }
    const zero = withCode(system('  gpu H100 x 8\n  power total 0 kW\n'), 'TOPO303');
    assert.deepEqual(
      zero.map((d) => [d.message, d.at]),
      [['power of the system must be positive, not 0 W', '0 kW']],
    );
    const level = withCode(system('  server x 2 {\n    gpu H100 x 8\n    power other 0 W\n  }\n'), 'TOPO303');
    assert.deepEqual(
      level.map((d) => d.message),
      ['power of what is not an accelerator in one server must be positive, not 0 W'],
    );
  });

  it('a price on a level is an error: a system is priced at its top', () => {
    const a = system('  server x 2 {\n    gpu H100 x 8\n    price 2 usd per device-hour\n  }\n');
    const [d] = withCode(a, 'TOPO305');
    assert.equal(d.at, 'price');
    assert.match(d.message, /price is written at the top of the system, not on a level \('server'\)/);
  });

  it('the system hover says its power and price, or why the power is unknown', () => {
    const priced = system(
      '  server x 2 {\n    gpu H100 x 8\n    power other 1 kW\n  }\n  price 3 usd per device-hour\n',
    );
    const text = describeSystem(priced.specs.system.get('S')!);
    assert.match(text, /Power: 13\.2 kW/);
    assert.match(text, /Price: 3 usd per device-hour/);
    assert.match(
      describeSystem(system('  gpu H100 x 8\n').specs.system.get('S')!),
      /Power: 5\.6 kW \(the accelerators' board power only\)/,
    );
    assert.match(
      describeSystem(system('  npu Ascend910C x 8\n').specs.system.get('S')!),
      /Power: unknown \(Ascend910C gives no board power/,
    );
  });
});
