// The workspace re-analyses a document only when it or something it was bound against changed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryWorkspace, uriOf } from '../../helpers/workspace';

const hw = 'link MyLink { bandwidth 100 GB/s  latency 1 us }\n';
const main = 'import "hw.topo"\nsystem S { gpu H100 x 8  fabric MyLink }\n';
const other = 'system T { gpu H100 x 4 }\n';

describe('analysis cache', () => {
  it('keeps an analysis while nothing it depends on changes, and drops it when an import changes', () => {
    const { workspace } = memoryWorkspace({ '/mem/hw.topo': hw, '/mem/main.topo': main, '/mem/other.topo': other });
    const [hwUri, mainUri, otherUri] = ['/mem/hw.topo', '/mem/main.topo', '/mem/other.topo'].map(uriOf);
    workspace.setDocument(mainUri, main, 1);
    workspace.setDocument(otherUri, other, 1);
    const first = workspace.analyse(mainUri)!;
    const otherFirst = workspace.analyse(otherUri)!;
    assert.equal(workspace.analyse(mainUri), first, 'unchanged: the same analysis');

    workspace.setDocument(otherUri, `${other}// edited\n`, 2);
    assert.equal(workspace.analyse(mainUri), first, 'an unrelated edit keeps it');
    assert.notEqual(workspace.analyse(otherUri), otherFirst, 'the edited file is analysed again');
    assert.equal(workspace.dependsOn(mainUri, hwUri), true);
    assert.equal(workspace.dependsOn(otherUri, hwUri), false);

    workspace.setDocument(hwUri, 'link MyLink { bandwidth 50 GB/s  latency 1 us }\n', 1);
    const second = workspace.analyse(mainUri)!;
    assert.notEqual(second, first, 'an edit of the import invalidates the importer');
    assert.equal(second.specs.system.get('S')!.root.fabric!.link.bandwidth, 50e9);
  });

  it('notices an import that was missing and is now open', () => {
    const { workspace } = memoryWorkspace({ '/mem/main.topo': main });
    const mainUri = uriOf('/mem/main.topo');
    workspace.setDocument(mainUri, main, 1);
    assert.ok(workspace.analyse(mainUri)!.diagnostics.some((d) => d.code === 'TOPO204'));
    workspace.setDocument(uriOf('/mem/hw.topo'), hw, 1);
    assert.ok(!workspace.analyse(mainUri)!.diagnostics.some((d) => d.code === 'TOPO204'));
  });
});
