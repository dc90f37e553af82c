// The editor is shown at most DIAGNOSTICS_BUDGET diagnostics of one file, with a notice; the CLI prints them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withinBudget } from '../../../server/src/features/diagnostics';
import { DIAGNOSTICS_BUDGET } from '../../../server/src/semantics/budgets';
import { analyseText } from '../../helpers/workspace';

test('the editor gets at most 1,000 diagnostics of a file, the first in text order, with a notice at the top', () => {
  const text = Array.from({ length: 600 }, (_, i) => `workload W${i} { model Nope${i}  on Nowhere${i} }`).join('\n');
  const analysis = analyseText(text);
  assert.ok(analysis.diagnostics.length > DIAGNOSTICS_BUDGET);
  const shown = withinBudget(analysis.diagnostics, analysis);
  assert.equal(shown.length, DIAGNOSTICS_BUDGET + 1);
  assert.equal(shown[0].code, 'TOPO210');
  assert.match(shown[0].message, /^1,\d{3} problems: the first 1,000 are shown/);
  assert.deepEqual(shown.slice(1), analysis.diagnostics.slice(0, DIAGNOSTICS_BUDGET));
  assert.equal(withinBudget(analysis.diagnostics.slice(0, 10), analysis).length, 10);
});
