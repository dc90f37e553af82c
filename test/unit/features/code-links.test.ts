// Each diagnostic's code links to the README's table of codes, on the project's own repository.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIAGNOSTIC_CODES_URL, toLspDiagnostic } from '../../../server/src/features/ranges';
import { diagnostic } from '../../../server/src/semantics/diagnostics';
import { parse } from '../../../server/src/syntax/shape';
import { readRepoFile } from '../../helpers/repo';

describe('diagnostic code links', () => {
  it("point at the heading of the README's code table on the repository package.json names", () => {
    const repository = JSON.parse(readRepoFile('package.json')).repository.url.replace(/\.git$/, '');
    assert.equal(DIAGNOSTIC_CODES_URL, `${repository}#diagnostic-codes`);
    // GitHub's anchor for `## Diagnostic codes` is `diagnostic-codes`.
    assert.match(readRepoFile('README.md'), /^## Diagnostic codes$/m);
  });

  it('are on an LSP diagnostic when asked for (the client shows them), and only then', () => {
    const file = parse('link L {}\n');
    const d = diagnostic('TOPO300', 'error', 'a message', { start: 0, end: 4 });
    assert.deepEqual(toLspDiagnostic(file, d, true).codeDescription, { href: DIAGNOSTIC_CODES_URL });
    assert.equal(toLspDiagnostic(file, d, true).code, 'TOPO300');
    assert.equal(toLspDiagnostic(file, d).codeDescription, undefined);
  });
});
