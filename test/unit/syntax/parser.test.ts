// Lexer and parser: exact ranges, several syntax errors in one file, recovery, unterminated constructs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/shape';
import { numberValue, stringValue, topoLexer } from '../../../server/src/syntax/lexer';
import { positionAt, offsetAt } from '../../../server/src/syntax/lines';
import { Span } from '../../../server/src/syntax/ast';
import { validateGrammar } from '../../../server/src/syntax/parser';
import { analyseText, isValidSpan, spanText, withCode } from '../../helpers/workspace';

const tokens = (text: string) => topoLexer.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
const at = (text: string, span: Span) => text.slice(span.start, span.end);

describe('grammar definition', () => {
  it("passes Chevrotain's validations of the lexer and the parser (skipped when the server starts)", () => {
    assert.doesNotThrow(() => validateGrammar());
  });
});

describe('lexer', () => {
  it('reads a string without its quotes, an unterminated one without its opening quote', () => {
    assert.deepEqual(['"a b"', '"a', '"', '""', '"x""'].map(stringValue), ['a b', 'a', '', '', 'x"']);
  });

  it('reads numbers with separators, exponents, decimals and count suffixes', () => {
    assert.equal(numberValue('752'), 752);
    assert.equal(numberValue('1_504'), 1504);
    assert.equal(numberValue('3.2'), 3.2);
    assert.equal(numberValue('1e6'), 1e6);
    assert.equal(numberValue('671B'), 671e9);
    assert.equal(numberValue('70.6B'), 70.6e9);
    assert.equal(numberValue('32K'), 32e3);
    assert.equal(numberValue('1.5T'), 1.5e12);
    assert.equal(numberValue('2M'), 2e6);
  });

  it('keeps a unit glued to a number apart from count suffixes: 128GB is 128 and GB, 671B is one number', () => {
    assert.deepEqual(tokens('128GB'), ['NumberLiteral:128', 'Word:GB']);
    assert.deepEqual(tokens('671B'), ['NumberLiteral:671B']);
    assert.deepEqual(tokens('400 Gb/s'), ['NumberLiteral:400', 'Word:Gb', 'Slash:/', 'Word:s']);
    assert.deepEqual(tokens('70%'), ['NumberLiteral:70', 'Percent:%']);
    assert.deepEqual(tokens('2:1'), ['NumberLiteral:2', 'Colon:ý'.replace('ý', ':'), 'NumberLiteral:1']);
  });

  it('reads dotted and dashed names as one word, and keywords only as whole words', () => {
    assert.deepEqual(tokens('Llama3.1-70B'), ['Word:Llama3.1-70B']);
    assert.deepEqual(tokens('systems'), ['Word:systems']);
    assert.deepEqual(tokens('system'), ['System:system']);
    assert.deepEqual(tokens('two-batch'), ['Word:two-batch']);
    assert.deepEqual(tokens('10 µs'), ['NumberLiteral:10', 'Word:µs']);
  });

  it('puts comments in their own group', () => {
    const lexed = topoLexer.tokenize('// a\nlink /* b */ X');
    assert.deepEqual(
      lexed.tokens.map((t) => t.image),
      ['\n', 'link', 'X'],
    );
    assert.deepEqual(
      lexed.groups.comments.map((t) => t.image),
      ['// a', '/* b */'],
    );
  });
});

describe('parser: the tree and its ranges', () => {
  const text = [
    'import "hardware.topo"',
    'accelerator Ascend910C {',
    '  compute bf16 752 TFLOPS, int8 1504 TOPS',
    '  memory 128 GB at 3.2 TB/s',
    '}',
    'model M { layers 61  hidden 7168  vocab 129280',
    '  attention mla { heads 128  kv_rank 512 }',
    '}',
  ].join('\n');
  const file = parse(text);

  it('gives imports with the path and its exact span', () => {
    assert.equal(file.imports.length, 1);
    assert.equal(file.imports[0].path, 'hardware.topo');
    assert.equal(at(text, file.imports[0].pathSpan), '"hardware.topo"');
    assert.equal(at(text, file.imports[0].span), 'import "hardware.topo"');
  });

  it('gives declarations with exact keyword, name, block and whole spans', () => {
    assert.equal(file.syntaxIssues.length, 0, JSON.stringify(file.syntaxIssues));
    const [acc, model] = file.declarations;
    assert.equal(acc.kind, 'accelerator');
    assert.equal(at(text, acc.keywordSpan), 'accelerator');
    assert.equal(at(text, acc.name!.span), 'Ascend910C');
    assert.ok(at(text, acc.span).startsWith('accelerator Ascend910C {') && at(text, acc.span).endsWith('}'));
    assert.equal(at(text, acc.block!.span)[0], '{');
    assert.equal(acc.block!.closed, true);
    assert.equal(model.kind, 'model');
    assert.equal(at(text, model.name!.span), 'M');
  });

  it('splits fields sharing a line and gives each field and atom its exact span', () => {
    const acc = file.declarations[0];
    const compute = acc.block!.fields[0];
    assert.equal(compute.name, 'compute');
    assert.equal(at(text, compute.nameSpan), 'compute');
    assert.equal(at(text, compute.span), 'compute bf16 752 TFLOPS, int8 1504 TOPS');
    assert.deepEqual(
      compute.args.map((a) => at(text, a.span)),
      ['bf16', '752', 'TFLOPS', ',', 'int8', '1504', 'TOPS'],
    );
    const memory = acc.block!.fields[1];
    assert.equal(at(text, memory.span), 'memory 128 GB at 3.2 TB/s');
    const model = file.declarations[1];
    assert.deepEqual(
      model.block!.fields.map((f) => f.name),
      ['layers', 'hidden', 'vocab', 'attention'],
    );
    assert.deepEqual(
      model.block!.fields.slice(0, 3).map((f) => at(text, f.span)),
      ['layers 61', 'hidden 7168', 'vocab 129280'],
    );
    const attention = model.block!.fields[3];
    assert.equal(at(text, attention.span), 'attention mla { heads 128  kv_rank 512 }');
    assert.deepEqual(
      attention.block!.fields.map((f) => at(text, f.span)),
      ['heads 128', 'kv_rank 512'],
    );
  });

  it('keeps comments with their spans', () => {
    const t = 'link L { // per device\n bandwidth 1 GB/s /* each way */ latency 1 us }';
    const f = parse(t);
    assert.deepEqual(
      f.comments.map((c) => at(t, c.span)),
      ['// per device', '/* each way */'],
    );
    assert.deepEqual(
      f.declarations[0].block!.fields.map((x) => x.name),
      ['bandwidth', 'latency'],
    );
  });

  it('splits system level entries after their count: `npu Ascend910C x 8 fabric UB` on one line', () => {
    const t = 'system S { server x 4 { npu Ascend910C x 8 fabric UB } }';
    const f = parse(t);
    const server = f.declarations[0].block!.fields[0];
    assert.equal(at(t, server.span), 'server x 4 { npu Ascend910C x 8 fabric UB }');
    assert.deepEqual(
      server.block!.fields.map((x) => at(t, x.span)),
      ['npu Ascend910C x 8', 'fabric UB'],
    );
  });

  it('accepts a level called like a keyword (keywords are not reserved inside blocks)', () => {
    const f = parse('system S {\n  compute x 2 { gpu H100 x 8 }\n  model x 1 { gpu H100 x 1 }\n}');
    assert.deepEqual(f.syntaxIssues, []);
    assert.deepEqual(
      f.declarations[0].block!.fields.map((x) => x.name),
      ['compute', 'model'],
    );
  });

  it('maps offsets to positions and back, counting UTF-16 code units', () => {
    const t = { text: 'a\nµs 😀x\nlast' };
    const x = t.text.indexOf('x');
    assert.deepEqual(positionAt(t, x), { line: 1, character: 5 });
    assert.equal(offsetAt(t, { line: 1, character: 5 }), x);
    assert.deepEqual(positionAt(t, t.text.length + 10), { line: 2, character: 4 });
    assert.equal(offsetAt(t, { line: 99, character: 0 }), t.text.length);
  });
});

describe('parser: errors and recovery', () => {
  it('reports several syntax errors in one file, each at its place, and analyses everything else', () => {
    const text = [
      'link A { bandwidth 50 GB/s latency 2 us }}', // stray '}'
      'modle M { layers 2 }', // keyword typo
      'link B { bandwidth 400 GB/s latency 2 us family roce }',
      '@@@', // bad characters
      'link C { bandwidth 50 GB/s latency 2 us }',
    ].join('\n');
    const analysis = analyseText(text);
    const syntax = withCode(analysis, 'TOPO100');
    assert.ok(syntax.length >= 3, JSON.stringify(syntax));
    const lines = syntax.map((s) => text.slice(0, s.diagnostic.span.start).split('\n').length);
    assert.ok(lines.includes(1) && lines.includes(2) && lines.includes(4), `errors on lines ${lines}`);
    assert.ok(
      syntax.some((s) => s.at === '}'),
      'the stray brace is pointed at',
    );
    assert.ok(
      syntax.some((s) => s.at.startsWith('@')),
      'the bad characters are pointed at',
    );
    // Later declarations are still analysed: B's bits-versus-bytes mistake is reported, C is bound.
    assert.equal(withCode(analysis, 'TOPO302').length, 1);
    assert.deepEqual([...analysis.specs.link.keys()].sort(), ['A', 'B', 'C']);
  });

  it('reports a missing closing brace and still binds the declarations after it', () => {
    const text = 'link A { bandwidth 50 GB/s latency 2 us\nlink B { bandwidth 50 GB/s latency 2 us }\n';
    const analysis = analyseText(text);
    const syntax = withCode(analysis, 'TOPO100');
    assert.equal(syntax.length, 1);
    assert.match(syntax[0].message, /missing '}'/);
    assert.equal(syntax[0].at, '{');
    assert.ok(analysis.specs.link.has('B'));
  });

  it('reports an unterminated block at the end of the file', () => {
    const text = 'system S {\n  server x 2 {\n    gpu H100 x 8\n';
    const file = parse(text);
    assert.equal(file.syntaxIssues.filter((i) => /missing '}'/.test(i.message)).length, 2);
    for (const i of file.syntaxIssues) assert.ok(isValidSpan(i.span, text.length), JSON.stringify(i));
    assert.equal(file.declarations[0].block!.closed, false);
    assert.equal(file.declarations[0].block!.fields[0].block!.fields[0].name, 'gpu');
  });

  it('reports an unterminated block comment at its opening', () => {
    const text = 'link A { bandwidth 50 GB/s latency 2 us }\n/* never closed\nlink B { }';
    const file = parse(text);
    const issue = file.syntaxIssues.find((i) => /unterminated comment/.test(i.message));
    assert.ok(issue);
    assert.equal(at(text, issue.span), '/*');
    assert.equal(file.declarations.length, 1);
  });

  it('keeps going after an unterminated string: the next lines are analysed', () => {
    const text =
      'link A { source "no end\n bandwidth 50 GB/s latency 2 us }\nlink B { bandwidth 50 GB/s latency 2 us }';
    const analysis = analyseText(text);
    for (const d of analysis.diagnostics) assert.ok(isValidSpan(d.span, text.length), JSON.stringify(d));
    assert.ok(analysis.specs.link.has('B'));
  });

  it('reports an unterminated string', () => {
    const text = 'import "hardware.topo\nlink A { source "no end\n bandwidth 50 GB/s latency 2 us }';
    const file = parse(text);
    assert.equal(
      file.syntaxIssues.filter((i) => /string|quote/.test(i.message)).length,
      2,
      JSON.stringify(file.syntaxIssues),
    );
  });

  it('reports an import without a path, and a declaration without a block', () => {
    const text = 'import\nlink B { bandwidth 50 GB/s latency 2 us }\naccelerator X';
    const file = parse(text);
    assert.ok(file.syntaxIssues.some((i) => /quoted path/.test(i.message) && at(text, i.span) === 'import'));
    assert.ok(file.syntaxIssues.some((i) => /expected '\{'/.test(i.message) && at(text, i.span) === 'X'));
    assert.equal(file.declarations.find((d) => d.name?.text === 'B')?.block?.closed, true);
  });

  it('never produces NaN or out-of-range spans, even when recovery inserts a brace', () => {
    // `accelerator H20` with the brace forgotten and the fields on the next lines: Chevrotain inserts a
    // virtual '{' whose offset is NaN; the block and its "missing '}'" issue then carry NaN spans.
    const text = 'accelerator H20\n  compute bf16 148 TFLOPS\n  memory 96 GB at 4 TB/s\n';
    const file = parse(text);
    for (const i of file.syntaxIssues)
      assert.ok(isValidSpan(i.span, text.length), `syntax issue span ${JSON.stringify(i)}`);
    for (const d of file.declarations) {
      assert.ok(isValidSpan(d.span, text.length), `declaration span ${JSON.stringify(d.span)}`);
      if (d.block) assert.ok(isValidSpan(d.block.span, text.length), `block span ${JSON.stringify(d.block.span)}`);
    }
  });

  it('never throws on odd input', () => {
    for (const text of [
      '',
      '}',
      '{',
      '{{{{',
      '"',
      '/*',
      '//',
      'import',
      'system',
      'system S',
      'system S {',
      '\u0000\uffff',
      'x'.repeat(10_000),
      '{'.repeat(200),
      '}'.repeat(2_000),
      'system S {\n' + 'a x 2 {\n'.repeat(100),
    ]) {
      const analysis = analyseText(text);
      for (const d of analysis.diagnostics)
        assert.ok(isValidSpan(d.span, text.length), `${JSON.stringify(text.slice(0, 20))}: ${JSON.stringify(d)}`);
    }
  });

  it('never throws on deeply nested blocks', () => {
    for (const text of ['{'.repeat(2_000), 'system S {\n' + 'rack x 2 {\n'.repeat(1_000)])
      assert.doesNotThrow(() => parse(text));
  });

  it('gives the stray-token error once per run of tokens on a line', () => {
    const text = 'this is not a declaration\nlink A { bandwidth 50 GB/s latency 2 us }';
    const file = parse(text);
    assert.equal(file.syntaxIssues.length, 1);
    assert.equal(spanText(text, file.syntaxIssues[0].span), 'this is not a declaration');
  });
});
