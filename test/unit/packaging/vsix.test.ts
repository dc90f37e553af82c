// `npm run package` in a copy of the project: a VSIX with only what the extension loads, Marketplace-ready, < 400 KB
// before the panel's libraries (dist/pictures.js, elkjs and ECharts, with a budget of their own).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../../helpers/repo';
// @ts-expect-error: a plain ES module script without types
import { entryKib, MAX_KIB, PICTURES_ENTRY, PICTURES_MAX_KIB } from '../../../scripts/vsix-budget.mjs';

/** What the package script needs; a copy keeps the project's own dist/ untouched while other tests use it. */
const PARTS = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  '.vscodeignore',
  'tsconfig.json',
  'images',
  'walkthrough',
  'grammar',
  'catalog',
  'scripts',
  'client',
  'server',
  'media',
];
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/package.json',
  'extension/readme.md',
  'extension/catalog/catalog.topo',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/server-bundle.js',
  'extension/grammar/language-configuration.json',
  'extension/grammar/topo.tmLanguage.json',
  'extension/images/icon.png',
  'extension/images/topo-file.svg',
  'extension/dist/pictures.js',
  'extension/media/panel.css',
  'extension/media/panel.js',
  'extension/media/panel-icon.svg',
];

interface Setting {
  markdownDescription?: string;
  scope?: string;
  description?: string;
}
const scopes = ['application', 'machine', 'window', 'resource', 'language-overridable', 'machine-overridable'];
interface Step {
  description: string;
  media: { markdown: string };
  completionEvents: string[];
}

describe('the VSIX', () => {
  let dir = '';
  let vsix = '';
  let output = '';
  let files: string[] = [];
  const read = (entry: string) => spawnSync('unzip', ['-p', vsix, entry], { maxBuffer: 16 << 20 }).stdout as Buffer;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-vsix-'));
    for (const part of PARTS) fs.cpSync(path.join(repoRoot, part), path.join(dir, part), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(repoRoot, 'node_modules')), path.join(dir, 'node_modules'));
    vsix = path.join(dir, 'out.vsix');
    const run = spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { cwd: dir, encoding: 'utf8' });
    output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, output);
    files = spawnSync('zipinfo', ['-1', vsix], { encoding: 'utf8' }).stdout.trim().split('\n');
  });

  it('is packed without a warning and carries only what the extension loads', () => {
    assert.doesNotMatch(output, /warning/i);
    const walkthrough = files.filter((f) => f.startsWith('extension/walkthrough/'));
    assert.ok(walkthrough.length >= 3);
    assert.deepEqual(files.filter((f) => !walkthrough.includes(f)).sort(), [...EXPECTED].sort());
    const pictures = entryKib(vsix)[PICTURES_ENTRY];
    assert.ok(pictures > 0 && pictures < PICTURES_MAX_KIB, `the panel's libraries: ${pictures} KiB`);
    const kib = fs.statSync(vsix).size / 1024 - pictures;
    assert.ok(kib < MAX_KIB, `the extension: ${kib} KiB`);
  });

  it('has minified bundles without source maps', () => {
    for (const bundle of ['client', 'server', 'server-bundle', 'pictures'].map((b) => `extension/dist/${b}.js`)) {
      const text = read(bundle).toString('utf8');
      assert.ok(text.length / text.split('\n').length > 500, `${bundle} is minified`);
      assert.doesNotMatch(text, /sourceMappingURL/);
    }
  });

  it('has the Marketplace fields: icon, banner, addresses, keywords, categories, capabilities', () => {
    const m = JSON.parse(read('extension/package.json').toString('utf8'));
    const png = read(`extension/${m.icon}`);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'the icon is at least 128x128');
    assert.match(m.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.equal(m.repository.url, 'https://github.com/topo-tools/topo-vscode.git');
    assert.match(m.bugs.url, /^https:\/\/github.com\/topo-tools\/topo-vscode\/issues$/);
    assert.match(m.homepage, /^https:\/\/github.com\/topo-tools\/topo-vscode/);
    assert.ok(m.keywords.length >= 5 && m.keywords.length <= 30);
    assert.ok(m.categories.includes('Programming Languages'));
    assert.equal(m.capabilities.untrustedWorkspaces.supported, true);
    assert.ok('supported' in m.capabilities.virtualWorkspaces);
    assert.equal(m.scripts['vscode:prepublish'], 'node scripts/build.mjs --production');
    for (const icon of Object.values(m.contributes.languages[0].icon) as string[]) {
      assert.ok(files.includes(`extension/${path.posix.normalize(icon)}`), icon);
    }
  });

  it('documents every setting in markdown with a scope, sets [topo] defaults, and walks a first use', () => {
    const m = JSON.parse(read('extension/package.json').toString('utf8'));
    for (const [name, s] of Object.entries(m.contributes.configuration.properties) as [string, Setting][]) {
      assert.ok(s.markdownDescription && !s.description, name);
      assert.ok(scopes.includes(s.scope!), name);
    }
    assert.equal(m.contributes.configurationDefaults['[topo]']['editor.tabSize'], 2);
    const [walkthrough] = m.contributes.walkthroughs;
    assert.ok(walkthrough.steps.length >= 3);
    for (const step of walkthrough.steps as Step[]) {
      assert.ok(files.includes(`extension/${step.media.markdown}`), step.media.markdown);
      assert.ok(step.completionEvents.length > 0);
      for (const link of step.completionEvents.filter((e) => e.startsWith('onLink:')).map((e) => e.slice(7))) {
        assert.ok(
          step.description.includes(`](${link})`),
          `${link} is a link of the step, so following it completes it`,
        );
      }
    }
    assert.equal(m.contributes.problemMatchers[0].name, 'topo');
  });
});
