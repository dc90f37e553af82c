// Tests of the symbolic layout analysis: totals, fabric chains, nested systems, spanned levels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fabricChain,
  levelsSpannedBy,
  systemDevices,
  systemTotals,
  largestDegreeInside,
} from '../../../server/src/analysis/layout';
import { accelerator, devices, fabric, hgxCluster, H100, level, link, system } from './fixtures';

const A910C = accelerator('Ascend910C', { bf16: 752e12, int8: 1504e12 }, 128e9, 3.2e12, 2);
const UB = link('UB', 'ub', 392e9, 200e-9);
const RoCE = link('RoCE400', 'roce', 50e9, 2e-6);

function cloudMatrix() {
  return system(
    'CloudMatrix384',
    [
      level('rack', 12, [level('server', 4, [devices('npu', A910C, 8)], fabric(UB))], undefined, 'compute'),
      level('rack', 4, [], undefined, 'bus'),
    ],
    fabric(UB),
    RoCE,
  );
}

test('CloudMatrix384 totals: 384 devices, BF16 and HBM sums', () => {
  const t = systemTotals(cloudMatrix());
  assert.equal(t.devices, 384);
  assert.equal(t.compute.bf16, 384 * 752e12);
  assert.equal(t.hbmBytes, 384 * 128e9);
  assert.equal(t.hbmBandwidth, 384 * 3.2e12);
});

test('fabric chain: server UB (8) then the supernode UB (384); the physical-only rack merges upward', () => {
  const chain = fabricChain(cloudMatrix());
  assert.deepEqual(
    chain.map((l) => [l.levelName, l.groupSize]),
    [
      ['server', 8],
      ['CloudMatrix384', 384],
    ],
  );
  assert.equal(chain[0].bandwidthPerDevice, 392e9);
});

test('scale-out is the outermost level when the workload uses more devices than the system', () => {
  const chain = fabricChain(cloudMatrix(), 768);
  assert.deepEqual(
    chain.map((l) => [l.levelName, l.groupSize]),
    [
      ['server', 8],
      ['CloudMatrix384', 384],
      ['scaleout', 768],
    ],
  );
});

test('nested systems: the inner system levels come first', () => {
  const cluster = system(
    'Cluster',
    [{ kind: 'node', count: 4, system: cloudMatrix(), children: [], span: { start: 0, end: 0 } }],
    fabric(RoCE),
  );
  assert.equal(systemDevices(cluster), 1536);
  assert.deepEqual(
    fabricChain(cluster).map((l) => [l.levelName, l.groupSize]),
    [
      ['server', 8],
      ['CloudMatrix384', 384],
      ['Cluster', 1536],
    ],
  );
});

test('heterogeneous trees sum over branches', () => {
  const s = system('Mixed', [
    level('node', 2, [devices('gpu', H100, 8)]),
    level('node', 3, [devices('npu', A910C, 16)]),
  ]);
  const t = systemTotals(s);
  assert.equal(t.devices, 2 * 8 + 3 * 16);
  assert.equal(t.accelerators.length, 2);
});

test('oversubscription and links per device scale the bandwidth per device', () => {
  const s = system(
    'Over',
    [level('node', 4, [devices('gpu', H100, 8)], fabric(link('NV', 'nvlink', 450e9, 1e-6), { linksPerDevice: 2 }))],
    fabric(RoCE, { oversubscription: 2 }),
  );
  const chain = fabricChain(s);
  assert.equal(chain[0].bandwidthPerDevice, 900e9);
  assert.equal(chain[1].bandwidthPerDevice, 25e9);
});

test('levelsSpannedBy: a group of 16 spans NVLink and InfiniBand; a group of 8 only NVLink', () => {
  const chain = fabricChain(hgxCluster(12));
  assert.deepEqual(
    levelsSpannedBy(chain, 8).map((s) => [s.level.levelName, s.inside, s.below]),
    [['node', 8, 1]],
  );
  assert.deepEqual(
    levelsSpannedBy(chain, 16).map((s) => [s.level.levelName, s.inside, s.below]),
    [
      ['node', 8, 1],
      ['H100x96', 16, 8],
    ],
  );
  assert.equal(largestDegreeInside(chain, 96, 72), 8);
});

test('a 100,000-device layout is as small as a 100-device one (symbolic counts; timing: npm run bench)', () => {
  const small = hgxCluster(13),
    big = hgxCluster(12500);
  assert.equal(systemDevices(big), 100000);
  assert.equal(fabricChain(big).length, fabricChain(small).length);
  assert.equal(systemTotals(big).accelerators.length, systemTotals(small).accelerators.length);
  assert.ok(JSON.stringify(systemTotals(big)).length < JSON.stringify(systemTotals(small)).length + 32);
});
