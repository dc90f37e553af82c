// Incremental binding: unchanged declarations keep their specs and diagnostics, moved into place; it equals a fresh bind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { FileAnalysis } from '../../../server/src/semantics/program';
import { memoryWorkspace, uriOf } from '../../helpers/workspace';

const text = `model M {
  layers 2  hidden 64  vocab 100
  attention mha { heads 4  head_dim 16 }
  ffn 256
}
accelerator A {
  compute bf16 100 TFLOPS
  memory 10 GB at 1 TB/s
  power 0 W
}
system S { gpu A x 4  fabric NVLink4 }
workload W1 { model M  on S  phase decode  parallel tp 4  batch 8 per device }
workload W2 { model M  on S  phase decode  parallel tp 3  batch 8 per device }
`;

/** What a fresh workspace makes of the text: the reference for the incremental result. */
function freshAnalysis(uri: string, source: string): FileAnalysis {
  const { workspace } = memoryWorkspace();
  workspace.setDocument(uri, source, 1);
  return workspace.analyse(uri)!;
}

function assertSameAsFresh(analysis: FileAnalysis, source: string): void {
  const fresh = freshAnalysis(analysis.uri, source);
  assert.deepEqual(analysis.diagnostics, fresh.diagnostics);
  assert.deepEqual(analysis.references, fresh.references);
  assert.deepEqual(analysis.specs, fresh.specs);
}

describe('incremental binding', () => {
  const uri = uriOf('/mem/bind.topo');

  it('keeps the specs of declarations an edit did not touch, and moves their spans with them', () => {
    const { workspace } = memoryWorkspace();
    workspace.setDocument(uri, text, 1);
    const first = workspace.analyse(uri)!;
    // An edit in W1 that changes its length: W2 moves, M, A and S stay where they are.
    const edited = text.replace('batch 8 per device }\nworkload W2', 'batch 16 per device }\nworkload W2');
    workspace.setDocument(uri, edited, 2);
    const second = workspace.analyse(uri)!;
    for (const kind of ['model', 'accelerator', 'system'] as const) {
      for (const [name, spec] of first.specs[kind])
        assert.equal(second.specs[kind].get(name), spec, `${kind} ${name} is reused`);
    }
    assert.equal(second.specs.workload.get('W2'), first.specs.workload.get('W2'), 'W2 is reused, though it moved');
    assert.notEqual(second.specs.workload.get('W1'), first.specs.workload.get('W1'), 'W1 is bound again');
    assert.equal(second.specs.workload.get('W2')!.site.span.start, edited.indexOf('workload W2'));
    assertSameAsFresh(second, edited);
  });

  it('binds again what depends on a changed declaration, and a name that appears or goes', () => {
    const { workspace } = memoryWorkspace();
    workspace.setDocument(uri, text, 1);
    const first = workspace.analyse(uri)!;
    const edits = [
      text.replace('layers 2', 'layers 4'),
      text.replace('model M {', 'model N {'),
      text.replace('gpu A x 4', 'gpu A x 8'),
      `${text}accelerator B { compute bf16 1 TFLOPS  memory 1 GB at 1 TB/s }\n`,
      text.replace('fabric NVLink4', 'fabric NVLinkk'),
      text,
    ];
    let version = 2;
    for (const edited of edits) {
      workspace.setDocument(uri, edited, version++);
      assertSameAsFresh(workspace.analyse(uri)!, edited);
    }
    workspace.setDocument(uri, text.replace('layers 2', 'layers 4'), version++);
    const changed = workspace.analyse(uri)!;
    assert.notEqual(
      changed.specs.workload.get('W1'),
      first.specs.workload.get('W1'),
      'a workload of the changed model is bound again',
    );
    assert.equal(changed.specs.workload.get('W1')!.model.layers, 4);
  });

  it('binds compare declarations too, and moves the spans of the workloads they hold', () => {
    // A compare after the edited workload: it moves, and each entry's workload holds spans inside the compare.
    const withCompare = `${text}compare C {\n  model M  phase decode  parallel tp 4  batch 4 per device\n  systems { S }\n}\n`;
    const { workspace } = memoryWorkspace();
    workspace.setDocument(uri, withCompare, 1);
    const first = workspace.analyse(uri)!;
    assert.ok(first.specs.compare.get('C')!.entries.length > 0, 'the compare binds an entry');
    const edited = withCompare.replace('batch 8 per device }\nworkload W2', 'batch 16 per device }\nworkload W2');
    workspace.setDocument(uri, edited, 2);
    const second = workspace.analyse(uri)!;
    assert.equal(second.specs.compare.get('C'), first.specs.compare.get('C'), 'C is reused, though it moved');
    assertSameAsFresh(second, edited);
    const changed = edited.replace('tp 4  batch 4', 'tp 2  batch 4');
    workspace.setDocument(uri, changed, 3);
    assertSameAsFresh(workspace.analyse(uri)!, changed);
  });
});

describe('incremental binding and memory', () => {
  it('keeps nothing of an earlier version once its declarations are bound again or reused', async () => {
    // A closure in the binding cache kept the binding it was made in, and through it every earlier version.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const { workspace } = memoryWorkspace();
    const uri = uriOf('/mem/versions.topo');
    workspace.setDocument(uri, text, 1);
    const first = new WeakRef(workspace.analyse(uri)!.specs);
    for (let version = 2; version <= 5; version++) {
      workspace.setDocument(
        uri,
        text.replace('batch 8 per device }\nworkload W2', `batch ${version} per device }\nworkload W2`),
        version,
      );
      workspace.analyse(uri);
    }
    // Collections after turns of the event loop: V8 may hold a closure's scope a little while it optimises it.
    for (let i = 0; i < 3 && first.deref() !== undefined; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    assert.equal(first.deref(), undefined, "the first version's specs were collected");
  });
});
