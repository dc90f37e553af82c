// Completion at cursor markers: keywords, snippets, field names by block kind, names with figures, units by dimension.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { completionsAt } from '../../../server/src/features/completion';
import { cursors, uriOf, workspaceWith } from './fixture';

function complete(marked: string, others: Record<string, string> = {}, bySpace = false) {
  const { text, offsets } = cursors(marked);
  const workspace = workspaceWith(others);
  workspace.setDocument(uriOf('main.topo'), text, 1);
  const items = completionsAt(workspace, {
    analysis: workspace.analyse(uriOf('main.topo'))!,
    offset: offsets[0],
    bySpace,
  });
  return { items, labels: items.map((i) => i.label as string) };
}

test('top level: declaration keywords, import and a snippet for each kind of block', () => {
  const { labels, items } = complete('|');
  for (const k of ['accelerator', 'link', 'system', 'model', 'workload', 'import']) assert.ok(labels.includes(k), k);
  for (const k of ['accelerator', 'link', 'system', 'model', 'workload'])
    assert.ok(labels.includes(`${k} block`), `${k} block`);
  const model = items.find((i) => i.label === 'model block')!;
  assert.match(
    (model.textEdit as { newText: string }).newText,
    /model \$\{1:Name\} \{\n\tlayers \$\{2:80\}\n\thidden \$\{3:8192\}/,
  );
});

test('after a number in a link bandwidth, only bandwidth units', () => {
  const { labels, items } = complete('link L {\n  bandwidth 400 |\n}\n');
  assert.ok(labels.includes('GB/s') && labels.includes('Gb/s'));
  assert.ok(!labels.includes('GB') && !labels.includes('ns') && !labels.includes('latency'), labels.join(' '));
  assert.equal(items.find((i) => i.label === 'Gb/s')!.detail, '400 Gb/s = 50 GB/s');
});

test('units follow the dimension of the slot: bytes then bandwidth in memory, time in latency, compute in compute', () => {
  assert.ok(complete('accelerator A {\n  memory 80 |\n}').labels.includes('GB'));
  assert.ok(!complete('accelerator A {\n  memory 80 |\n}').labels.includes('GB/s'));
  assert.ok(complete('accelerator A {\n  memory 80 GB at 3.35 |\n}').labels.includes('TB/s'));
  assert.deepEqual(complete('accelerator A {\n  memory 80 GB |\n}').labels, ['at']);
  assert.ok(complete('link L {\n  latency 2 |\n}').labels.includes('us'));
  assert.ok(complete('accelerator A {\n  compute bf16 989 |\n}').labels.includes('TFLOPS'));
  assert.ok(complete('workload W {\n  slo tpot 50 |\n}').labels.includes('ms'));
});

test('field names valid in the block, without the ones already given', () => {
  const { labels } = complete('link L {\n  bandwidth 400 Gb/s\n  |\n}');
  assert.ok(
    labels.includes('latency') &&
      labels.includes('family') &&
      !labels.includes('bandwidth') &&
      !labels.includes('layers'),
  );
  const attention = complete('model M {\n  attention gqa { heads 64  | }\n}').labels;
  assert.ok(attention.includes('kv_heads') && !attention.includes('heads') && !attention.includes('layers'));
  const moe = complete('model M {\n  moe {\n    |\n  }\n}').labels;
  assert.ok(moe.includes('experts') && moe.includes('expert_ffn'));
});

test('in a system block: level kinds, fabric and scaleout', () => {
  const { labels } = complete('system S {\n  |\n}');
  for (const l of ['gpu', 'npu', 'server', 'rack', 'fabric', 'scaleout']) assert.ok(labels.includes(l), l);
});

test('names of accelerators from the file, its imports and the catalog, with key figures', () => {
  const { items } = complete(
    'import "hw.topo"\naccelerator Mine {\n  compute bf16 100 TFLOPS\n  memory 16 GB at 1 TB/s\n}\nsystem S {\n  server x 2 {\n    gpu |\n  }\n}',
    {
      'hw.topo': 'accelerator Theirs {\n  compute bf16 500 TFLOPS\n  memory 96 GB at 4 TB/s\n}\n',
    },
  );
  const h100 = items.find((i) => i.label === 'H100')!;
  assert.equal(h100.detail, '989 TFLOPS bf16 · 80 GB · 3.35 TB/s');
  assert.equal(items.find((i) => i.label === 'Theirs')!.detail, '500 TFLOPS bf16 · 96 GB · 4 TB/s');
  assert.ok(items.some((i) => i.label === 'Mine'));
  assert.ok(items.some((i) => i.label === 'S') === false, 'a system is not offered inside itself');
  assert.ok(!items.some((i) => i.label === 'NVLink4'), 'links are not devices');
});

test('links after fabric, models after model, systems after on, phases after phase', () => {
  assert.ok(complete('system S {\n  fabric |\n}').labels.includes('NVLink4'));
  const models = complete('workload W {\n  model |\n}').items;
  assert.match(models.find((i) => i.label === 'DeepSeekR1')!.detail!, /^6\d\dB params · 61 layers · mla/);
  const systems = complete('system Pod {\n  gpu H100 x 8\n  fabric NVLink4\n}\nworkload W {\n  on |\n}').items;
  assert.equal(systems.find((i) => i.label === 'Pod')?.labelDetails?.description, 'this file');
  assert.ok(
    complete('system Pod {\n  gpu H100 x 8\n}\nsystem Big {\n  node |\n}').labels.includes('Pod'),
    'systems may be levels too',
  );
  assert.deepEqual(complete('workload W {\n  phase |\n}').labels.sort(), ['decode', 'prefill', 'serving', 'training']);
  assert.ok(complete('workload W {\n  precision |\n}').labels.includes('fp8'));
  assert.ok(complete('workload W {\n  precision weights |\n}').labels.includes('int8'));
});

test('a typed space asks only where a closed set fits', () => {
  assert.equal(complete('model M {\n  layers 61 |\n}', {}, true).items.length, 0);
  assert.ok(complete('link L {\n  bandwidth 400 |\n}', {}, true).labels.includes('GB/s'));
  assert.ok(complete('system S {\n  gpu |\n}', {}, true).labels.includes('H100'));
});

test('nothing inside comments or after a digit', () => {
  assert.equal(complete('// gpu |\n').items.length, 0);
  assert.equal(complete('link L {\n  bandwidth 4|\n}').items.length, 0);
});

test('the replaced range covers the partial word, including a unit typed so far', () => {
  const { text, offsets } = cursors('link L {\n  bandwidth 400 GB/|\n}');
  const workspace = workspaceWith({});
  workspace.setDocument(uriOf('main.topo'), text, 1);
  const items = completionsAt(workspace, { analysis: workspace.analyse(uriOf('main.topo'))!, offset: offsets[0] });
  const gbs = items.find((i) => i.label === 'GB/s')!;
  assert.deepEqual((gbs.textEdit as { range: unknown }).range, {
    start: { line: 1, character: 16 },
    end: { line: 1, character: 19 },
  });
});

/** A snippet as the editor inserts it when every placeholder keeps its default (the first choice). */
const expand = (snippet: string) =>
  snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');

test('every block snippet, inserted as it comes, binds without an error (a dense model has its ffn)', () => {
  const { items } = complete('|');
  for (const kind of ['accelerator', 'link', 'model']) {
    const snippet = (items.find((i) => i.label === `${kind} block`)!.textEdit as { newText: string }).newText;
    const ws = workspaceWith({});
    ws.setDocument(uriOf('s.topo'), expand(snippet), 1);
    const errors = ws.analyse(uriOf('s.topo'))!.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => `${d.code} ${d.message}`),
      [],
      `${kind} block:\n${expand(snippet)}`,
    );
  }
});

test('unit details convert only when the conversion says something, in units the table has', () => {
  const units = complete('accelerator A {\n  compute bf16 2620 |\n}').items;
  assert.equal(units.find((i) => i.label === 'TFLOPS')!.detail, '2620 TFLOPS = 2.62 PFLOPS');
  assert.equal(units.find((i) => i.label === 'EFLOPS')!.detail, 'compute', 'no "2620 EFLOPS = 2,620 EFLOPS"');
  assert.ok(
    units.every((i) => !/KFLOPS|KW\b/.test(i.detail ?? '')),
    units.map((i) => i.detail).join(' | '),
  );
});

test('host memory and offload: units by slot, what can be offloaded, every precision key', () => {
  assert.deepEqual(complete('accelerator A {\n  host_memory 240 GB |\n}').labels, ['at']);
  assert.ok(complete('accelerator A {\n  host_memory 240 GB at 225 |\n}').labels.includes('GB/s'));
  const offload = complete('workload W {\n  offload |\n}').labels;
  for (const k of ['kv', 'weights', 'experts', 'attention', 'ffn', 'embeddings'])
    assert.ok(offload.includes(k), offload.join(' '));
  assert.ok(complete('workload W {\n  offload kv 50 |\n}').labels.includes('%'));
  const keys = complete('workload W {\n  precision weights fp8 |\n}').labels;
  for (const k of ['experts', 'attention', 'ffn', 'embeddings', 'dispatch', 'combine'])
    assert.ok(keys.includes(k), keys.join(' '));
  assert.ok(complete('workload W {\n  precision experts |\n}').labels.includes('fp4'));
});

test('precisions and tensors already written are not offered again', () => {
  const compute = complete('accelerator A {\n  compute bf16 989 TFLOPS, fp8 1979 TFLOPS, |\n}').labels;
  assert.ok(compute.includes('int8') && !compute.includes('bf16') && !compute.includes('fp8'), compute.join(' '));
  const tensors = complete('workload W {\n  precision weights fp8 |\n}').labels;
  assert.ok(
    tensors.includes('activations') && tensors.includes('kv') && !tensors.includes('weights'),
    tensors.join(' '),
  );
});

test('a device level offers accelerators only; keywords that need a number insert a placeholder for it', () => {
  const device = complete('system S {\n  server x 2 {\n    gpu |\n  }\n}').labels;
  assert.ok(device.includes('H100') && !device.includes('x'), device.join(' '));
  assert.ok(complete('system S {\n  server |\n}').labels.includes('x'));
  const links = complete('system S {\n  gpu H100 x 8\n  fabric NVLink4 |\n}').items.find((i) => i.label === 'links')!;
  assert.equal(links.insertText, 'links ${1:2}');
  const devices = complete('system P {\n  gpu H100 x 8\n}\nworkload W {\n  on P |\n}').items.find(
    (i) => i.label === 'devices',
  )!;
  assert.equal((devices.textEdit as { newText: string }).newText, 'devices ${1:8}');
});

test('link families include AMD Infinity Fabric (xgmi), with a sourced catalog link', () => {
  assert.ok(complete('link L {\n  family |\n}').labels.includes('xgmi'));
  const catalog = complete('system S {\n  fabric |\n}').items.find((i) => i.label === 'InfinityFabric_MI300X')!;
  assert.equal(catalog.detail, '448 GB/s · 1 µs · xgmi');
});

test('a lone CR ends a line for completion as it does in the editor: a new line offers fields, not units', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const { labels } = complete(`link L {${eol}  latency 2${eol}  |${eol}}${eol}`);
    assert.ok(labels.includes('bandwidth'), `${JSON.stringify(eol)}: ${labels.join(' ')}`);
    assert.ok(!labels.includes('ns'), `${JSON.stringify(eol)}: ${labels.join(' ')}`);
  }
});

test('power and price in a system: their words, power units, and neither taken for a level kind', () => {
  assert.ok(complete('system S {\n  |\n}').labels.includes('power'));
  assert.ok(complete('system S {\n  |\n}').labels.includes('price'));
  assert.deepEqual(complete('system S {\n  server x 2 {\n    power |\n  }\n}').labels.sort(), ['other', 'total']);
  const units = complete('system S {\n  power total 10 |\n}').labels;
  assert.ok(units.includes('kW') && !units.includes('GB') && !units.includes('x'), units.join(' '));
  assert.deepEqual(complete('system S {\n  price 2 |\n}').labels, ['usd']);
  assert.deepEqual(complete('system S {\n  price 2 usd |\n}').labels, ['per']);
  assert.deepEqual(complete('system S {\n  price 2 usd per |\n}').labels.sort(), ['device-hour', 'system-hour']);
});
