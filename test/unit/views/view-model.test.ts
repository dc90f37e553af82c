// Golden view models: the panel's view of every sample, each workload, system and comparison, as JSON under
// test/unit/views/expected/. Update deliberately with `npm run test:update-golden` (UPDATE_GOLDEN=1) and review the diff.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { viewOf } from '../../../server/src/features/panel';
import { defaultSettings } from '../../../server/src/features/services';
import { Workspace } from '../../../server/src/semantics/program';
import { catalogPath, repoRoot } from '../../helpers/repo';
import { lineDiff } from '../../helpers/diff';
import { analyse } from './helpers';

const update = !!process.env.UPDATE_GOLDEN && process.env.UPDATE_GOLDEN !== '0';
const expectedDir = path.join(repoRoot, 'test', 'unit', 'views', 'expected');
const samples = fs
  .readdirSync(path.join(repoRoot, 'samples'))
  .filter((f) => f.endsWith('.topo'))
  .sort();

/** Machine-independent JSON: file URIs and paths in messages are relative to the repository (<root>). */
function normalise(value: unknown): string {
  const root = `file://${repoRoot}`;
  const json = JSON.stringify(value, null, 1);
  return `${json.split(encodeURI(root)).join('<root>').split(root).join('<root>').split(repoRoot).join('<root>')}\n`;
}

describe('panel view model of every sample (golden)', () => {
  const workspace = new Workspace(undefined, catalogPath);
  for (const sample of samples) {
    it(sample, () => {
      const analysis = analyse(workspace, `samples/${sample}`);
      const views: Record<string, unknown> = {};
      const threshold = defaultSettings.bottleneckThreshold;
      for (const w of analysis.specs.workload.keys())
        views[`workload ${w}`] = viewOf(workspace, analysis, { workload: w }, threshold);
      for (const s of analysis.specs.system.keys())
        views[`system ${s}`] = viewOf(workspace, analysis, { system: s }, threshold);
      for (const c of analysis.specs.compare.keys())
        views[`compare ${c}`] = viewOf(workspace, analysis, { compare: c }, threshold);
      if (!Object.keys(views).length)
        views['default'] = viewOf(workspace, analysis, {}, defaultSettings.bottleneckThreshold);
      const actual = normalise(views);
      const file = path.join(expectedDir, `${path.basename(sample, '.topo')}.view.json`);
      if (update || !fs.existsSync(file)) {
        fs.mkdirSync(expectedDir, { recursive: true });
        fs.writeFileSync(file, actual);
        if (!update) assert.fail(`wrote missing golden file ${path.relative(repoRoot, file)}; review and commit it`);
        return;
      }
      const expected = fs.readFileSync(file, 'utf8');
      assert.ok(
        actual === expected,
        `view of ${sample} differs from ${path.relative(repoRoot, file)}:\n${lineDiff(expected, actual)}`,
      );
    });
  }
});
