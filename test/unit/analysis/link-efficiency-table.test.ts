// A link's own efficiency table, written in the file, replaces the family's defaults; a single value scales them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkEfficiency } from '../../../server/src/analysis/efficiency';
import { analyseText } from '../../helpers/workspace';

test('efficiency tables by message size are read from the file and interpolated in log(size)', () => {
  const a = analyseText(
    'link T { bandwidth 100 GB/s  latency 1 us  family roce  efficiency 20% at 1 KB, 80% at 1 MB }\nlink S { bandwidth 100 GB/s  latency 1 us  family roce  efficiency 42% }\nlink D { bandwidth 100 GB/s  latency 1 us  family roce }\n',
  );
  assert.deepEqual(a.diagnostics, []);
  const table = a.specs.link.get('T')!;
  assert.deepEqual(table.efficiencyTable, [
    { bytes: 1e3, efficiency: 0.2 },
    { bytes: 1e6, efficiency: 0.8 },
  ]);
  assert.ok(Math.abs(linkEfficiency(table, 1e3) - 0.2) < 1e-9);
  assert.ok(Math.abs(linkEfficiency(table, Math.sqrt(1e3 * 1e6)) - 0.5) < 1e-9, 'half-way in log(size)');
  assert.ok(Math.abs(linkEfficiency(table, 1e9) - 0.8) < 1e-9, 'clamped above the last point');
  const scaled = a.specs.link.get('S')!;
  const plain = a.specs.link.get('D')!;
  assert.ok(Math.abs(linkEfficiency(scaled, 8e6) - 0.42) < 1e-9, 'a single value sets the large-message efficiency');
  assert.ok(
    Math.abs(linkEfficiency(scaled, 4e3) / linkEfficiency(plain, 4e3) - 0.42 / linkEfficiency(plain, 8e6)) < 1e-9,
    'and scales the rest of the family table',
  );
});

test('a table point without its message size is reported', () => {
  const a = analyseText('link T { bandwidth 100 GB/s  latency 1 us  efficiency 20% at 1 KB, 80% }\n');
  assert.deepEqual(
    a.diagnostics.map((d) => d.code),
    ['TOPO305'],
  );
  assert.match(a.diagnostics[0].message, /needs its message size/);
});
