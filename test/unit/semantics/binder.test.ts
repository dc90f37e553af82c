// The binder: every diagnostic code of TOPO100-TOPO406 triggered by a minimal document, and did-you-mean suggestions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticCodes } from '../../../server/src/semantics/diagnostics';
import { FILE_BUDGET_BYTES } from '../../../server/src/semantics/budgets';
import { analyseText, codes, isValidSpan, memoryWorkspace, uriOf, withCode } from '../../helpers/workspace';

const link = (name: string, body = 'bandwidth 50 GB/s  latency 2 us') => `link ${name} { ${body} }`;
const cluster = 'system C {\n  server x 4 {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n';
const workload = (body: string) => `${cluster}workload W {\n  model Llama3_70B\n  on C\n  phase decode\n  ${body}\n}\n`;

/** One minimal document per code, and the text the diagnostic must point at. */
const cases: Record<string, { text: string; at: string; severity?: string; files?: Record<string, string> }> = {
  TOPO100: { text: `${link('A')}\n}\n${link('B')}`, at: '}' },
  TOPO200: { text: 'system S { gpu H10 x 8 }', at: 'H10' },
  TOPO201: { text: `${link('A')}\n${link('A')}`, at: 'A' },
  TOPO202: { text: 'link A {\n  bandwidth 50 GB/s\n  latency 2 us\n  bandwith 50 GB/s\n}', at: 'bandwith' },
  TOPO203: { text: 'link A { bandwidth 50 GB/s }', at: 'A' },
  TOPO204: { text: `import "nowhere.topo"\n${link('A')}`, at: '"nowhere.topo"' },
  TOPO205: { text: `import "doc.topo"\n${link('A')}`, at: '"doc.topo"' },
  TOPO206: { text: 'system S { gpu NVLink4 x 8 }', at: 'NVLink4' },
  TOPO207: { text: 'link { bandwidth 50 GB/s  latency 2 us }', at: 'link' },
  TOPO208: { text: 'link A { bandwidth 50 GB/s  latency 2 us  latency 3 us }', at: 'latency', severity: 'warning' },
  TOPO209: { text: workload('batch 8 per device'), at: 'W', severity: 'information' },
  // Over the size budget: the notice sits on the first line.
  TOPO210: {
    text: `link A { bandwidth 50 GB/s  latency 2 us }\n// ${'x'.repeat(FILE_BUDGET_BYTES)}\n`,
    at: 'link A { bandwidth 50 GB/s  latency 2 us }',
    severity: 'information',
  },
  TOPO300: { text: 'link A { bandwidth 50 GB  latency 2 us }', at: 'GB' },
  TOPO301: { text: 'link A { bandwidth 50 GB/s  latency 2 }', at: '2' },
  TOPO302: { text: 'link RoCE_NIC { bandwidth 400 GB/s  latency 2 us }', at: '400 GB/s', severity: 'warning' },
  TOPO303: { text: 'link A { bandwidth 0 GB/s  latency 2 us }', at: '0 GB/s' },
  TOPO304: {
    text: 'model M { layers 32  hidden 4096  vocab 128256  attention gqa { heads 32  kv_heads 8  head_dim 128 }  ffn 14336  params 80B }',
    at: '80B',
    severity: 'warning',
  },
  TOPO305: { text: 'link A { bandwidth 50 GB/s  latency 2 us  medium copper }', at: 'copper' },
  TOPO400: { text: workload('parallel tp 3'), at: '3' },
  TOPO401: { text: workload('parallel tp 64'), at: '64' },
  TOPO402: { text: workload('parallel tp 16 dp 2'), at: 'tp 16', severity: 'warning' },
  TOPO403: {
    text: 'system S { server x 2 { gpu H100 x 8 } fabric RoCE400 oversubscription 4:1 }',
    at: '4:1',
    severity: 'warning',
  },
  TOPO404: { text: cluster, at: 'fabric RoCE400', severity: 'information' },
  TOPO405: { text: `${cluster}workload W { model Llama3_70B  on C devices 64  phase decode }`, at: '64' },
  TOPO406: { text: workload('parallel tp 8 dp 2'), at: 'parallel tp 8 dp 2', severity: 'warning' },
  TOPO407: { text: 'system Huge { server x 1e9 { gpu H100 x 8 } }', at: 'Huge', severity: 'warning' },
};

describe('every diagnostic code from a minimal document', () => {
  it('covers every code of TOPO1xx-TOPO4xx in diagnostics.ts', () => {
    const all = Object.keys(diagnosticCodes).filter((c) => c < 'TOPO500');
    assert.deepEqual(Object.keys(cases).sort(), all.sort());
  });

  for (const [code, c] of Object.entries(cases)) {
    it(`${code}: ${diagnosticCodes[code as keyof typeof diagnosticCodes]}`, () => {
      const { workspace } = memoryWorkspace();
      const uri = uriOf('/mem/doc.topo');
      workspace.setDocument(uri, c.text, 1);
      const analysis = workspace.analyse(uri)!;
      const found = withCode(analysis, code);
      assert.ok(
        found.length >= 1,
        `${code} not reported; got ${JSON.stringify(analysis.diagnostics.map((d) => `${d.code} ${d.message}`))}`,
      );
      assert.ok(
        found.some((f) => f.at === c.at),
        `${code} points at ${JSON.stringify(found.map((f) => f.at))}, not '${c.at}'`,
      );
      assert.equal(found[0].severity, c.severity ?? 'error');
      for (const d of analysis.diagnostics) {
        assert.ok(isValidSpan(d.span, c.text.length), `bad span ${JSON.stringify(d)}`);
        assert.ok(d.message.length > 0);
      }
    });
  }
});

describe('clean documents', () => {
  it('reports nothing on a correct file using the catalog', () => {
    const a = analyseText(
      workload('parallel tp 8 dp 4\n  batch 32 per device\n  context 4096\n  slo tpot 50 ms').replace(
        'fabric RoCE400',
        'fabric RoCE400 nonblocking',
      ),
    );
    assert.deepEqual(
      a.diagnostics.filter((d) => d.code !== 'TOPO404'),
      [],
    );
    const w = a.specs.workload.get('W')!;
    assert.equal(w.devices, 32);
    assert.equal(w.ranks, 32);
    assert.deepEqual({ tp: w.parallel.tp, dp: w.parallel.dp }, { tp: 8, dp: 4 });
    assert.equal(w.accelerator.name, 'H100');
  });

  it('counts ranks as devices x dies (Ascend 910C: two dies per package)', () => {
    const a = analyseText(
      'system S { server x 2 { npu Ascend910C x 8  fabric UB } fabric UB }\nworkload W { model DeepSeekR1  on S  phase decode  parallel ep 32 dp 32  context 4096 }',
    );
    assert.deepEqual(codes(a.diagnostics), []);
    assert.equal(a.specs.workload.get('W')!.ranks, 32);
  });
});

describe('did you mean', () => {
  it('suggests the closest catalog accelerator, with a fix for each suggestion', () => {
    const a = analyseText('system S { gpu H10 x 8 }');
    const [d] = withCode(a, 'TOPO200');
    assert.match(d.message, /did you mean 'H100'/);
    assert.equal(d.diagnostic.data?.fixes?.[0].newText, 'H100');
    assert.deepEqual(
      d.diagnostic.data?.suggestions,
      d.diagnostic.data?.fixes?.map((f) => f.newText),
    );
  });

  it('suggests local names as well as catalog ones', () => {
    const a = analyseText(`${link('FastLink')}\nsystem S { gpu H100 x 8  fabric FastLnk }`);
    assert.match(withCode(a, 'TOPO200')[0].message, /did you mean 'FastLink'/);
  });

  it('suggests models and systems by kind', () => {
    const a = analyseText(`${cluster}workload W { model Llama3_70 on Cc phase decode }`);
    const msgs = withCode(a, 'TOPO200').map((d) => d.message);
    assert.ok(
      msgs.some((m) => /unknown model 'Llama3_70'; did you mean 'Llama3_70B'/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(
      msgs.some((m) => /unknown system 'Cc'; did you mean 'C'/.test(m)),
      msgs.join('\n'),
    );
  });

  it('suggests field names and fixed words', () => {
    const a = analyseText('link A {\n  bandwidth 50 GB/s\n  latncy 2 us\n  medium opticl\n}');
    assert.match(withCode(a, 'TOPO202')[0].message, /did you mean 'latency'/);
    assert.match(withCode(a, 'TOPO305')[0].message, /did you mean 'optical'/);
  });

  it('does not suggest anything for a name nothing resembles', () => {
    const [d] = withCode(analyseText('system S { gpu Zzzzzzzzzzzz x 8 }'), 'TOPO200');
    assert.doesNotMatch(d.message, /did you mean/);
  });

  it('suggests a phase for a typo', () => {
    const a = analyseText(`${cluster}workload W { model Llama3_70B on C phase decod }`);
    assert.match(withCode(a, 'TOPO305')[0].message, /did you mean 'decode'/);
  });
});

describe('binder details', () => {
  it('reports a bits-versus-bytes slip both ways', () => {
    const a = analyseText(
      'link RoCE_A { bandwidth 400 GB/s latency 2 us }\nlink NVLink_B { bandwidth 3600 Gb/s latency 1 us }\nlink NVLink_C { bandwidth 100 Gb/s latency 1 us }',
    );
    const found = withCode(a, 'TOPO302');
    assert.deepEqual(
      found.map((f) => f.at),
      ['400 GB/s', '100 Gb/s'],
    );
    assert.deepEqual(
      found.map((f) => f.diagnostic.data?.fixes?.[0].newText),
      ['Gb/s', 'GB/s'],
    );
  });

  it('infers the link family from the name, and an explicit family wins', () => {
    const a = analyseText(
      'link IB800 { bandwidth 100 GB/s latency 1 us }\nlink Wire { bandwidth 100 GB/s latency 1 us family nvlink }\nlink RoCE_X { bandwidth 400 Gb/s latency 1 us }',
    );
    assert.equal(a.specs.link.get('IB800')!.family, 'infiniband');
    assert.equal(a.specs.link.get('Wire')!.family, 'nvlink');
    assert.equal(a.specs.link.get('RoCE_X')!.family, 'roce');
  });

  it('reports a system that contains itself without looping', () => {
    const a = analyseText('system A { node B x 2 }\nsystem B { node A x 2 }\nsystem Self { node Self x 2 }');
    assert.ok(withCode(a, 'TOPO206').length >= 1);
    for (const d of a.diagnostics) assert.ok(isValidSpan(d.span, a.file.text.length));
  });

  it('counts devices through systems inside systems', () => {
    const a = analyseText(
      'system Pod { node CloudMatrix384 x 4  fabric RoCE400 }\nsystem CloudMatrix384 { rack x 12 { server x 4 { npu Ascend910C x 8 fabric UB } } fabric UB }\nworkload W { model DeepSeekR1 on Pod devices 2000 phase decode }',
    );
    assert.match(withCode(a, 'TOPO405')[0].message, /Pod has 1,536 devices/);
  });

  it('records references for go to definition, into the catalog for catalog names', () => {
    const { workspace } = memoryWorkspace();
    const a = analyseText(`${link('Local')}\nsystem S { gpu H100 x 8  fabric Local }`, workspace);
    const byName = new Map(a.references.map((r) => [r.name, r]));
    assert.equal(byName.get('Local')!.target.uri, a.uri);
    assert.equal(byName.get('H100')!.target.uri, workspace.catalogUri);
    assert.equal(byName.get('H100')!.kind, 'accelerator');
  });

  it('reports a missing required field with an insertion fix inside the block', () => {
    const text = 'accelerator X {\n  compute bf16 1 TFLOPS\n  arch hopper\n}';
    const [d] = withCode(analyseText(text), 'TOPO203');
    const fix = d.diagnostic.data!.fixes![0];
    const fixed = text.slice(0, fix.span.start) + fix.newText + text.slice(fix.span.end);
    assert.equal(analyseText(fixed).diagnostics.length, 0, fixed);
  });

  it('applies each quick fix of the minimal documents without making new errors of the same code at the same place', () => {
    for (const [code, c] of Object.entries(cases)) {
      const a = analyseText(c.text);
      for (const d of withCode(a, code)) {
        for (const fix of d.diagnostic.data?.fixes ?? []) {
          assert.ok(isValidSpan(fix.span, c.text.length), `${code} fix span`);
          const fixed = c.text.slice(0, fix.span.start) + fix.newText + c.text.slice(fix.span.end);
          const after = analyseText(fixed);
          assert.ok(
            !after.diagnostics.some((x) => x.code === code && x.span.start === d.diagnostic.span.start),
            `${code}: '${fix.title}' leaves the diagnostic: ${fixed}`,
          );
        }
      }
    }
  });
});

describe('absurd device counts (TOPO407)', () => {
  const system = (servers: string) =>
    `system S {\n  server x ${servers} {\n    gpu H100 x 8\n    fabric NVLink4\n  }\n  fabric RoCE400\n}\n`;

  it('warns above a million devices, not at a million', () => {
    assert.deepEqual(withCode(analyseText(system('125000')), 'TOPO407'), []);
    const [d] = withCode(analyseText(system('125001')), 'TOPO407');
    assert.equal(d.at, 'S');
    assert.match(d.message, /S has 1,000,008 devices, more than any system built/);
  });

  it('says that counts beyond 2^53 are not exact, and binds a billion billion devices symbolically at once', () => {
    const t0 = performance.now();
    const a = analyseText(
      `${system('1e18')}workload W {\n  model Llama3_70B\n  on S\n  phase decode\n  parallel tp 3e17\n}\n`,
    );
    assert.ok(performance.now() - t0 < 1000);
    const [d] = withCode(a, 'TOPO407');
    assert.match(d.message, /8,000,000,000,000,000,000 devices.*beyond 2\^53 counts are not exact/);
  });
});
