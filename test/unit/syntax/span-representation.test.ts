// Spans hold small integers: nothing at start (Chevrotain's grammar recording) makes V8 box their offsets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { parse } from '../../../server/src/syntax/shape';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: string[][]; edge_fields: string[]; edge_types: string[][] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** The objects held by a property named `span`, and how many of them keep a boxed number (a Smi is no heap object). */
function spansInHeap(): { spans: number; boxed: number } {
  const chunks: Buffer[] = [];
  const stream = v8.getHeapSnapshot();
  let chunk: Buffer | null;
  while ((chunk = stream.read()) !== null) chunks.push(chunk);
  const s = JSON.parse(Buffer.concat(chunks).toString()) as Snapshot;
  const { node_fields: nf, node_types, edge_fields: ef, edge_types } = s.snapshot.meta;
  const [ntypes, etypes] = [node_types[0], edge_types[0]];
  const [iType, iEdges] = [nf.indexOf('type'), nf.indexOf('edge_count')];
  const [eType, eName, eTo] = [ef.indexOf('type'), ef.indexOf('name_or_index'), ef.indexOf('to_node')];
  // Where each node's edges begin.
  const firstEdge = new Map<number, number>();
  for (let i = 0, e = 0; i < s.nodes.length; i += nf.length) {
    firstEdge.set(i, e);
    e += s.nodes[i + iEdges] * ef.length;
  }
  const spans = new Set<number>();
  for (let e = 0; e < s.edges.length; e += ef.length) {
    if (etypes[s.edges[e + eType]] === 'property' && s.strings[s.edges[e + eName]] === 'span')
      spans.add(s.edges[e + eTo]);
  }
  let boxed = 0;
  for (const node of spans) {
    const first = firstEdge.get(node)!;
    for (let k = 0; k < s.nodes[node + iEdges]; k++) {
      if (ntypes[s.nodes[s.edges[first + k * ef.length + eTo] + iType]] === 'number') {
        boxed++;
        break;
      }
    }
  }
  return { spans: spans.size, boxed };
}

describe('spans in memory', () => {
  it('keep their offsets unboxed after the parser has recorded its grammar', () => {
    const file = parse('accelerator A {\n  memory 80 GB at 3.35 TB/s\n  power 700 W\n}\n'.repeat(200));
    const { spans, boxed } = spansInHeap();
    assert.ok(file.declarations.length === 200 && spans > 2000, `found ${spans} spans`);
    assert.equal(boxed, 0, `${boxed} of ${spans} spans keep boxed offsets`);
  });
});
