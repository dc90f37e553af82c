// The README stays true: every diagnostic code is documented, every npm command exists, every language example parses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnosticCodes } from '../../server/src/semantics/diagnostics';
import { parse } from '../../server/src/syntax/shape';
import { repoRoot } from '../helpers/repo';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const scripts = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts as Record<
  string,
  string
>;

describe('README', () => {
  it('documents every diagnostic code with its meaning', () => {
    for (const [code, meaning] of Object.entries(diagnosticCodes)) {
      assert.ok(
        readme.includes(`| ${code} | ${meaning.replace(/\|/g, '\\|')} |`),
        `${code} is missing from the README's table`,
      );
    }
  });

  it('lists every setting the extension contributes, with its default', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const settings = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    for (const [name, setting] of Object.entries(settings)) {
      const row = new RegExp(`^\\| \`${name.replace(/\./g, '\\.')}\` \\| \`${String(setting.default)}\` \\|`, 'm');
      assert.match(readme, row, `${name} (default ${String(setting.default)}) is missing from the README's settings`);
    }
  });

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]);
    assert.ok(named.length >= 6);
    for (const name of named)
      assert.ok(scripts[name], `README names 'npm run ${name}', which package.json does not define`);
    for (const name of ['test', 'start']) assert.ok(scripts[name], `npm ${name} is in the README`);
  });

  it('has language examples that parse without syntax errors', () => {
    const reference = readme.slice(readme.indexOf('## Language reference'), readme.indexOf('## Diagnostic codes'));
    const blocks = [...reference.matchAll(/```\n([\s\S]*?)```/g)]
      .map((m) => m[1])
      .filter((b) => /^(accelerator|link|system|model|workload)\s/m.test(b));
    assert.ok(blocks.length >= 5, 'the reference shows an example of every declaration');
    for (const block of blocks) assert.deepEqual(parse(block).syntaxIssues, [], block);
  });
});
