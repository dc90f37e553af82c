// Counts are analysed symbolically: `x 1000000` devices costs what `x 10` does, in time and in heap.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { hoverAt } from '../../server/src/features/hover';
import { memoryWorkspace, analyseText } from '../helpers/workspace';
import { Workspace } from '../../server/src/semantics/program';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const system = (count: string) => `system Big {
  rack x ${count} {
    server x ${count} {
      gpu H100 x ${count}
      fabric NVLink4
    }
    fabric RoCE400
  }
  fabric RoCE400 oversubscription 2:1
}
workload W {
  model DeepSeekR1
  on Big devices ${count}
  phase decode
  precision fp8
  parallel ep ${count} dp ${count}
  batch 64 per device
}
`;

function measure(count: string, workspace: Workspace): { heap: number; ms: number; hover: string } {
  const text = system(count);
  analyseText('link Warm { bandwidth 1 GB/s latency 1 us }', workspace);
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const analysis = analyseText(text, workspace);
  const hover = hoverAt(workspace, analysis, text.indexOf('Big') + 1);
  const ms = performance.now() - started;
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error'),
    [],
    JSON.stringify(analysis.diagnostics),
  );
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  // Keep the analysis alive until after the measurement.
  assert.ok(analysis.specs.system.get('Big'));
  return { heap, ms, hover: value };
}

describe('symbolic counts', () => {
  it('analyses a system of 10^18 devices (x 1000000 at three levels) without expanding it', () => {
    const { workspace } = memoryWorkspace();
    const small = measure('10', workspace);
    const huge = measure('1000000', workspace);
    assert.match(huge.hover, /1,000,000,000,000,000,000 devices/);
    assert.match(small.hover, /1,000 devices/);
    // A million objects of even 32 bytes would be 32 MB; the two analyses must cost about the same.
    assert.ok(huge.heap - small.heap < 2_000_000, `x 1000000 retained ${huge.heap} bytes of heap, x 10 ${small.heap}`);
    assert.ok(huge.ms < 200, `x 1000000 took ${huge.ms.toFixed(1)} ms`);
  });

  it('handles x 1000000 on one level and the workload on all of it', () => {
    const text =
      'system Flat { gpu H100 x 1000000  fabric RoCE400 }\nworkload W { model Llama3_70B  on Flat  phase decode  context 4096  parallel tp 8 dp 125000 }';
    const a = analyseText(text);
    assert.deepEqual(
      a.diagnostics.map((d) => d.code),
      [],
    );
    const w = a.specs.workload.get('W')!;
    assert.equal(w.devices, 1_000_000);
    assert.equal(w.ranks, 1_000_000);
  });

  it('reports counts too large to be numbers instead of overflowing', () => {
    const a = analyseText('system S { gpu H100 x 1e400 }');
    assert.ok(a.diagnostics.some((d) => d.code === 'TOPO303'));
  });
});
