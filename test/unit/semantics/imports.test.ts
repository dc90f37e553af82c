// Imports across files with an in-memory FileHost: relative paths, cycles, missing files, duplicates, caching.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFiles } from '../../../server/src/cli/check';
import { memoryWorkspace, uriOf, withCode } from '../../helpers/workspace';

const hardware =
  'accelerator MyGPU { compute bf16 100 TFLOPS  memory 16 GB at 1 TB/s }\nlink MyLink { bandwidth 100 GB/s  latency 1 us }\n';

describe('imports', () => {
  it('resolves names from an imported file, relative to the importing file', () => {
    const { workspace } = memoryWorkspace({
      '/mem/proj/hw/hardware.topo': hardware,
      '/mem/proj/systems/box.topo': 'import "../hw/hardware.topo"\nsystem Box { gpu MyGPU x 4  fabric MyLink }\n',
      '/mem/proj/main.topo':
        'import "systems/box.topo"\nimport "./hw/hardware.topo"\nsystem Two { node Box x 2  fabric MyLink }\n',
    });
    const main = workspace.analyse(uriOf('/mem/proj/main.topo'))!;
    assert.deepEqual(
      main.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(
      main.imports.map((i) => i.uri),
      [uriOf('/mem/proj/systems/box.topo'), uriOf('/mem/proj/hw/hardware.topo')],
    );
    const box = main.references.find((r) => r.name === 'Box')!;
    assert.equal(box.target.uri, uriOf('/mem/proj/systems/box.topo'));
    const myLink = main.references.find((r) => r.name === 'MyLink')!;
    assert.equal(myLink.target.uri, uriOf('/mem/proj/hw/hardware.topo'));
  });

  it('does not re-export: a name of an import of an import is not visible', () => {
    const { workspace } = memoryWorkspace({
      '/mem/a.topo': hardware,
      '/mem/b.topo': 'import "a.topo"\n',
      '/mem/c.topo': 'import "b.topo"\nsystem S { gpu MyGPU x 2 }\n',
    });
    const c = workspace.analyse(uriOf('/mem/c.topo'))!;
    // Either behaviour is defensible; this pins the current one (imports are not transitive).
    assert.equal(withCode(c, 'TOPO200').length, 1);
  });

  it('reports a missing import with the path it looked for, and keeps analysing', () => {
    const { workspace } = memoryWorkspace({ '/mem/main.topo': 'import "missing.topo"\nsystem S { gpu H100 x 8 }\n' });
    const a = workspace.analyse(uriOf('/mem/main.topo'))!;
    const [d] = withCode(a, 'TOPO204');
    assert.equal(d.at, '"missing.topo"');
    assert.match(d.message, /missing\.topo/);
    assert.ok(a.specs.system.has('S'));
  });

  it('reports a cycle in every member, at its import of the next, and follows none of its imports', () => {
    const { workspace, host } = memoryWorkspace({
      '/mem/a.topo': 'import "b.topo"\nlink LA { bandwidth 50 GB/s latency 2 us }\n',
      '/mem/b.topo': 'import "c.topo"\nlink LB { bandwidth 50 GB/s latency 2 us }\n',
      '/mem/c.topo': 'import "a.topo"\nimport "d.topo"\nlink LC { bandwidth 50 GB/s latency 2 us }\n',
      '/mem/d.topo': 'link LD { bandwidth 50 GB/s latency 2 us }\n',
    });
    const cycles = { a: 'a -> b -> c -> a', b: 'b -> c -> a -> b', c: 'c -> a -> b -> c' };
    for (const [name, chain] of Object.entries(cycles)) {
      const analysis = workspace.analyse(uriOf(`/mem/${name}.topo`))!;
      const found = withCode(analysis, 'TOPO205');
      assert.equal(found.length, 1, `${name}: ${JSON.stringify(found)}`);
      assert.equal(
        found[0].message,
        `import cycle: ${chain
          .split(' -> ')
          .map((n) => `${n}.topo`)
          .join(' -> ')}; the cycle is not followed`,
      );
      assert.equal(analysis.imports[0].target, undefined);
    }
    // The same answers whichever member is analysed first.
    const fresh = memoryWorkspace(host.files).workspace;
    assert.equal(withCode(fresh.analyse(uriOf('/mem/c.topo'))!, 'TOPO205')[0].at, '"a.topo"');
    // `topo check` on any member fails.
    const checked = checkFiles(memoryWorkspace(host.files).workspace, ['/mem/b.topo']).diagnostics;
    assert.deepEqual(
      checked.filter((d) => d.code === 'TOPO205').map((d) => `${d.line}:${d.column} ${d.severity}`),
      ['1:8 error'],
    );
    // The editor revalidates a member when any other member changes, though no import of the cycle is followed.
    const alone = memoryWorkspace(host.files).workspace;
    alone.analyse(uriOf('/mem/a.topo'));
    assert.ok(alone.dependsOn(uriOf('/mem/a.topo'), uriOf('/mem/c.topo')));
    // An import off the cycle is still followed.
    assert.ok(workspace.analyse(uriOf('/mem/c.topo'))!.imports[1].target);
    assert.ok(host.reads.length < 20, `read ${host.reads.length} files`);
  });

  it('drops the cycle from every member once one member stops importing', () => {
    const files = { '/mem/a.topo': 'import "b.topo"\n', '/mem/b.topo': 'import "a.topo"\n' };
    const { workspace } = memoryWorkspace(files);
    const a = uriOf('/mem/a.topo'),
      b = uriOf('/mem/b.topo');
    assert.equal(withCode(workspace.analyse(a)!, 'TOPO205').length, 1);
    workspace.setDocument(b, 'link LB { bandwidth 50 GB/s latency 2 us }\n', 2);
    assert.equal(withCode(workspace.analyse(a)!, 'TOPO205').length, 0);
    assert.ok(workspace.analyse(a)!.imports[0].target);
  });

  it('reports a file importing itself', () => {
    const { workspace } = memoryWorkspace({ '/mem/self.topo': 'import "self.topo"\n' });
    assert.equal(withCode(workspace.analyse(uriOf('/mem/self.topo'))!, 'TOPO205').length, 1);
  });

  it('reports a name declared both here and in an import (TOPO201)', () => {
    const { workspace } = memoryWorkspace({
      '/mem/hw.topo': hardware,
      '/mem/main.topo': 'import "hw.topo"\nlink MyLink { bandwidth 50 GB/s latency 2 us }\n',
    });
    const [d] = withCode(workspace.analyse(uriOf('/mem/main.topo'))!, 'TOPO201');
    assert.match(d.message, /hw\.topo/);
  });

  it('sees the editor copy of an open imported file, and re-analyses importers when it changes', () => {
    const { workspace } = memoryWorkspace({
      '/mem/hw.topo': hardware,
      '/mem/main.topo': 'import "hw.topo"\nsystem S { gpu MyGPU x 2 }\n',
    });
    const main = uriOf('/mem/main.topo');
    assert.equal(withCode(workspace.analyse(main)!, 'TOPO200').length, 0);
    workspace.setDocument(uriOf('/mem/hw.topo'), hardware.replace(/MyGPU/g, 'OtherGPU'), 2);
    const after = workspace.analyse(main)!;
    assert.match(withCode(after, 'TOPO200')[0].message, /unknown accelerator 'MyGPU'/);
  });

  it('caches analyses until something changes', () => {
    const { workspace } = memoryWorkspace();
    const uri = uriOf('/mem/doc.topo');
    workspace.setDocument(uri, hardware, 1);
    const first = workspace.analyse(uri);
    assert.equal(workspace.analyse(uri), first);
    workspace.setDocument(uri, hardware + '\n', 2);
    assert.notEqual(workspace.analyse(uri), first);
  });

  it('resolves catalog names without an import, and the catalog itself is clean', () => {
    const { workspace } = memoryWorkspace();
    const catalog = workspace.catalog()!;
    assert.deepEqual(catalog.diagnostics, []);
    for (const name of ['Ascend910C', 'H100', 'H800', 'H200', 'B200', 'GB200'])
      assert.ok(catalog.specs.accelerator.has(name), name);
    for (const name of ['UB', 'NVLink4', 'NVLink5', 'IB400', 'RoCE400']) assert.ok(catalog.specs.link.has(name), name);
    for (const name of [
      'DeepSeekV3',
      'DeepSeekR1',
      'Llama3_70B',
      'Llama3_1_70B',
      'Llama3_405B',
      'Llama3_1_405B',
      'Qwen3_235B_A22B',
    ])
      assert.ok(catalog.specs.model.has(name), name);
  });
});
