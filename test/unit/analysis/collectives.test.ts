// Tests of the alpha-beta collective costs against hand-computed cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allReduceCost, allToAllCost } from '../../../server/src/analysis/collectives';
import { fabricChain } from '../../../server/src/analysis/layout';
import { hgxCluster } from './fixtures';

const close = (a: number, b: number, rel = 1e-9) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`);

test('all-to-all inside one level (EP8 on one NVLink node)', () => {
  const chain = fabricChain(hgxCluster(1));
  // 4,096 tokens x top-8 x 7,168 x 1 byte = 234,881,024 bytes per device; 7/8 leave the device.
  const c = allToAllCost(chain, 8, 4096, 8, 7168, 1, 'ep-dispatch');
  assert.equal(c.length, 1);
  close(c[0].bytes, 205520896);
  // 29 MB per peer: large-message NVLink efficiency 0.78; 1 us hop latency; 10 us floor.
  close(c[0].time, 205520896 / (450e9 * 0.78) + 1e-6 + 10e-6);
});

test('all-to-all across two levels (EP32 on 4 nodes): bytes_L = P x (g_L - g_(L-1)) / EP', () => {
  const chain = fabricChain(hgxCluster(4));
  const P = 8192 * 8 * 7168; // 469,762,048 bytes per device
  const c = allToAllCost(chain, 32, 8192, 8, 7168, 1, 'ep-dispatch');
  assert.equal(c.length, 2);
  close(c[0].bytes, (P * 7) / 32);
  close(c[1].bytes, (P * 24) / 32);
  // InfiniBand: 14.7 MB per peer -> efficiency 0.86; 2 us latency; 20 us floor.
  close(c[1].time, (P * 24) / 32 / (50e9 * 0.86) + 2e-6 + 20e-6);
  assert.ok(c[1].time > c[0].time * 5, 'the slow level dominates');
});

test('ring all-reduce on one level: 2(n-1)/n x bytes / bw + 2(n-1) x latency', () => {
  const chain = fabricChain(hgxCluster(1));
  const c = allReduceCost(chain, 8, 64e6);
  assert.equal(c.length, 1);
  close(c[0].bytes, 2 * (7 / 8) * 64e6);
  close(c[0].time, (2 * (7 / 8) * 64e6) / (450e9 * 0.78) + 2 * 7 * 1e-6 + 10e-6);
});

test('hierarchical all-reduce across two levels moves 1/8 of the data over InfiniBand', () => {
  const chain = fabricChain(hgxCluster(2));
  const c = allReduceCost(chain, 16, 64e6);
  assert.equal(c.length, 2);
  close(c[0].bytes, 2 * (7 / 8) * 64e6);
  close(c[1].bytes, 64e6 / 8); // m = 2 node groups: 2 (m-1)/m x bytes / 8
});
