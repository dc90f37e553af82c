// Decision benchmarks: one workload's curve, a full layout search on 160 Ascend 910C, three systems compared with search.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { compareSystems } from '../server/src/analysis/compare';
import { searchLayouts } from '../server/src/analysis/search';
import { sweepWorkload } from '../server/src/analysis/sweep';
import { Workspace } from '../server/src/semantics/program';
import { catalogPath, repoRoot } from '../test/helpers/repo';
import type { Measurement } from './bench';

const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

function analysed(file: string) {
  return new Workspace(undefined, catalogPath).analyse(URI.file(path.join(repoRoot, 'samples', file)).toString())!;
}

/** Each run on fresh specs' figures (searches are pure: nothing is cached below the editor's cache). */
export const decisionMeasurements: Measurement[] = [
  {
    name: "sweep: one workload's curve (R1 decode on CloudMatrix384)",
    unit: 'ms',
    budget: 20,
    run: (ctx) => {
      const w = analysed('deepseek-r1.topo').specs.workload.get('R1_decode_CM384')!;
      sweepWorkload(w);
      return Array.from({ length: ctx.runs }, () => time(() => sweepWorkload(w)));
    },
  },
  {
    name: 'layout search: DeepSeek-R1 decode on 160 Ascend 910C, full',
    unit: 'ms',
    budget: 100,
    run: (ctx) => {
      const w = analysed('deepseek-r1.topo').specs.workload.get('R1_decode_CM384')!;
      searchLayouts(w);
      return Array.from({ length: ctx.runs }, () => time(() => searchLayouts(w)));
    },
  },
  {
    name: 'compare: three systems with layout search (R1 decode 50 ms, samples/compare.topo)',
    unit: 'ms',
    budget: 300,
    run: (ctx) => {
      const c = analysed('compare.topo').specs.compare.get('R1_decode_50ms')!;
      compareSystems(c);
      return Array.from({ length: ctx.runs }, () => time(() => compareSystems(c)));
    },
  },
];
