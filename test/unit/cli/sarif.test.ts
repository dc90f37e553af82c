// `topo check --format sarif` is a SARIF 2.1.0 log valid against the published schema, as code scanning reads it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import { diagnosticCodes } from '../../../server/src/semantics/diagnostics';
import { repoRoot } from '../../helpers/repo';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const check = (args: string[], input?: string) =>
  spawnSync(process.execPath, [cli, 'check', ...args], { cwd: repoRoot, encoding: 'utf8', input, maxBuffer: 64 << 20 });

/** The schema is draft-04 (test/fixtures/README.md): Ajv 8 reads it with `id` as `$id`, patterns not as unicode. */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const { id, $schema: _draft, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/[\s<>"{}|\\^`]/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
  return ajv.compile({ $id: id, ...rest });
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number };
    };
  }[];
}

describe('topo check --format sarif', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema, for diagnostics of every code and for a clean file', () => {
    for (const input of ['samples', 'samples/gb200-nvl72.topo', '-']) {
      const r = check([input, '--format', 'sarif'], 'link L {');
      const log: { version: string } = JSON.parse(r.stdout);
      assert.ok(validate(log), `${input}: ${JSON.stringify(validate.errors, null, 1)}`);
      assert.equal(log.version, '2.1.0');
    }
  });

  it('the schema check is not vacuous: a log with a bad level or a missing message fails it', () => {
    const log = JSON.parse(check(['samples/mistakes.topo', '--format', 'sarif']).stdout);
    log.runs[0].results[0].level = 'fatal';
    assert.equal(validate(log), false);
    delete log.runs[0].results[0].level;
    delete log.runs[0].results[1].message;
    assert.equal(validate(log), false);
  });

  it('has one result per diagnostic, at the same place, with its rule and a level code scanning knows', () => {
    type Json = { file: string; line: number; column: number; code: string; severity: string; message: string };
    const json = JSON.parse(check(['samples/mistakes.topo', '--format', 'json']).stdout) as Json[];
    const log = JSON.parse(check(['samples/mistakes.topo', '--format', 'sarif']).stdout);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'topo');
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string }) => r.id),
      Object.keys(diagnosticCodes),
    );
    const results = run.results as SarifResult[];
    assert.equal(results.length, json.length);
    json.forEach((d, i) => {
      const r = results[i];
      assert.equal(r.ruleId, d.code);
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, d.code);
      assert.equal(r.level, { error: 'error', warning: 'warning' }[d.severity] ?? 'note');
      assert.equal(r.message.text, d.message);
      const where = r.locations[0].physicalLocation;
      assert.equal(where.artifactLocation.uri, 'samples/mistakes.topo');
      assert.deepEqual([where.region.startLine, where.region.startColumn], [d.line, d.column]);
    });
  });
});
