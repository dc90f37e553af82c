// Parameter counts computed from the catalog models' architectures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parameterCounts } from '../../../server/src/semantics/params';
import { memoryWorkspace } from '../../helpers/workspace';

function catalogModel(name: string) {
  const { workspace } = memoryWorkspace();
  const catalog = workspace.catalog();
  assert.ok(catalog, 'the catalog is analysed');
  const model = catalog.specs.model.get(name);
  assert.ok(model, `the catalog has model ${name}`);
  return model;
}

function near(actual: number, expected: number, tolerance: number, what: string) {
  assert.ok(
    Math.abs(actual - expected) / expected <= tolerance,
    `${what}: computed ${(actual / 1e9).toFixed(2)}B, expected about ${(expected / 1e9).toFixed(2)}B`,
  );
}

describe('parameter counts of the catalog models', () => {
  it('DeepSeek-V3: about 671B total (without the MTP module) and 37B active', () => {
    const p = parameterCounts(catalogModel('DeepSeekV3'));
    near(p.total, 671e9, 0.01, 'DeepSeek-V3 total');
    near(p.active, 37e9, 0.05, 'DeepSeek-V3 active');
    assert.equal(p.denseLayers, 3);
    assert.equal(p.moeLayers, 58);
  });

  it('DeepSeek-R1 has the same architecture as V3', () => {
    assert.equal(parameterCounts(catalogModel('DeepSeekR1')).total, parameterCounts(catalogModel('DeepSeekV3')).total);
  });

  it('Llama 3 70B: about 70.6B', () => {
    const p = parameterCounts(catalogModel('Llama3_70B'));
    near(p.total, 70.6e9, 0.005, 'Llama 3 70B');
    assert.equal(p.total, p.active, 'a dense model uses every parameter per token');
  });

  it('Llama 3 405B: about 405.9B', () => {
    near(parameterCounts(catalogModel('Llama3_405B')).total, 405.9e9, 0.005, 'Llama 3 405B');
  });

  it('Qwen3-235B-A22B: about 235B total, 22B active', () => {
    const p = parameterCounts(catalogModel('Qwen3_235B_A22B'));
    near(p.total, 235e9, 0.01, 'Qwen3-235B total');
    near(p.active, 22e9, 0.05, 'Qwen3-235B active');
  });

  it('every catalog model declaring params is within 10% of its computed count (no TOPO304 in the catalog)', () => {
    const { workspace } = memoryWorkspace();
    const catalog = workspace.catalog()!;
    assert.ok(catalog.specs.model.size >= 7);
    assert.deepEqual(
      catalog.diagnostics.filter((d) => d.code === 'TOPO304'),
      [],
    );
  });

  it('counts tied embeddings once', () => {
    const base = { ...catalogModel('Llama3_70B') };
    const untied = parameterCounts(base).total;
    const tied = parameterCounts({ ...base, tiedEmbeddings: true }).total;
    assert.equal(untied - tied, base.vocab * base.hidden);
  });
});
