// The one line table: lines break at \r\n, \n and a lone \r, as LSP and the editor's documents count them.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { chunkStarts } from '../../../server/src/syntax/incremental';
import { LineTable, linesOf, offsetAt, positionAt } from '../../../server/src/syntax/lines';
import { parse } from '../../../server/src/syntax/shape';

describe('line table', () => {
  it('agrees with an LSP text document at every offset and position, whatever the line breaks', () => {
    const texts = ['', 'a', '\r', '\n', '\r\n', 'a\rb', 'a\r\nb\nc\rd', '\r\r\n\n\r', 'x\r', 'µs 😀\r\nz', 'end\n'];
    for (const text of texts) {
      const doc = TextDocument.create('file:///t.topo', 'topo', 1, text);
      const source = { text };
      for (let o = 0; o <= text.length + 1; o++)
        assert.deepEqual(positionAt(source, o), doc.positionAt(o), `${JSON.stringify(text)} @${o}`);
      for (let line = 0; line <= doc.lineCount; line++) {
        for (let character = 0; character <= 4; character++) {
          assert.equal(
            offsetAt(source, { line, character }),
            doc.offsetAt({ line, character }),
            `${JSON.stringify(text)} ${line}:${character}`,
          );
        }
      }
      assert.equal(linesOf(source).lineCount, doc.lineCount);
    }
  });

  it('agrees with an LSP text document on random mixes of \\r, \\n and \\r\\n', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 300; n++) {
      const text = Array.from(
        { length: Math.floor(next() * 12) },
        () => ['a', '\r', '\n', '\r\n'][Math.floor(next() * 4)],
      );
      const joined = text.join('');
      const doc = TextDocument.create('file:///t.topo', 'topo', 1, joined);
      const table = new LineTable(joined);
      assert.equal(table.lineCount, doc.lineCount, JSON.stringify(joined));
      for (let line = 0; line < doc.lineCount; line++)
        assert.equal(table.lineStart(line), doc.offsetAt({ line, character: 0 }), `${JSON.stringify(joined)} ${line}`);
    }
  });

  it('is built once per owner, not looked up by the text', () => {
    const text = 'x'.repeat(20_000);
    const a = { text };
    const b = { text };
    assert.equal(linesOf(a), linesOf(a));
    assert.notEqual(linesOf(a), linesOf(b));
    // Many versions of the same length (the case a string-keyed cache hashes alike): lookups stay cheap.
    const versions = Array.from({ length: 64 }, (_, i) => ({
      text: `${'y'.repeat(200_000)}${String(i).padStart(3, '0')}\n`,
    }));
    const started = performance.now();
    for (let round = 0; round < 200; round++) for (const v of versions) positionAt(v, 100_000);
    assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
  });

  it('names the line break to write: the first one, else \\n', () => {
    assert.equal(new LineTable('a\r\nb\nc').eol, '\r\n');
    assert.equal(new LineTable('a\rb').eol, '\r');
    assert.equal(new LineTable('ab').eol, '\n');
  });
});

describe('lexer and chunks at a lone CR', () => {
  it('a lone CR ends a line comment and separates fields, as the editor shows them', () => {
    const f = parse('link L {\r  bandwidth 1 GB/s // per direction\r  latency 2 us\r}\r');
    assert.deepEqual(f.syntaxIssues, []);
    assert.deepEqual(
      f.declarations[0].block!.fields.map((x) => x.name),
      ['bandwidth', 'latency'],
    );
    assert.deepEqual(
      f.comments.map((c) => c.text),
      ['// per direction'],
    );
  });

  it('declarations after lone CRs start their own chunks, and chunked parsing equals a whole parse', () => {
    const text = 'link A {\r  bandwidth 1 GB/s // {\r}\rlink B {\r  latency 2 us\r}\r';
    assert.deepEqual(chunkStarts(text), [0, text.indexOf('link B')]);
  });
});
