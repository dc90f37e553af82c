// Estimator benchmarks: every sample workload, a sweep of 1,000 workloads in one file, and cost against system size.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { estimateWorkload } from '../server/src/analysis/estimate';
import { Workspace } from '../server/src/semantics/program';
import { WorkloadSpec } from '../server/src/semantics/types';
import { catalogPath, repoRoot } from '../test/helpers/repo';
import type { Measurement } from './bench';

const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

function sampleWorkloads(): WorkloadSpec[] {
  const workspace = new Workspace(undefined, catalogPath);
  const dir = path.join(repoRoot, 'samples');
  const specs: WorkloadSpec[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.topo'))) {
    const analysis = workspace.analyse(URI.file(path.join(dir, f)).toString());
    for (const w of analysis?.specs.workload.values() ?? []) specs.push(w);
  }
  return specs;
}

/** 1,000 decode and serving workloads over the three sample systems, varying parallelism and batch. */
export function sweepFile(count = 1000): string {
  const lines = ['import "cloudmatrix384.topo"', 'import "gb200-nvl72.topo"', 'import "h100-roce.topo"', ''];
  const targets = [
    {
      system: 'CloudMatrix384',
      devices: 160,
      model: 'DeepSeekR1',
      degrees: ['ep 320 dp 320', 'ep 64 dp 320', 'tp 4 ep 320 dp 80'],
    },
    {
      system: 'GB200_NVL72',
      devices: 64,
      model: 'Qwen3_235B_A22B',
      degrees: ['ep 64 dp 64', 'tp 8 ep 8 dp 8', 'tp 4 ep 16 dp 16'],
    },
    { system: 'H100_RoCE', devices: 96, model: 'Llama3_70B', degrees: ['tp 8 dp 12', 'tp 4 dp 24', 'tp 16 dp 6'] },
  ];
  for (let i = 0; i < count; i++) {
    const t = targets[i % targets.length];
    lines.push(
      `workload Sweep${i} {`,
      `  model ${t.model}`,
      `  on ${t.system} devices ${t.devices}`,
      `  phase ${i % 4 === 3 ? 'serving' : 'decode'}`,
      `  precision ${i % 2 ? 'int8' : 'bf16'}`,
      `  parallel ${t.degrees[Math.floor(i / 3) % 3]}`,
      i % 5 === 4 ? '  batch max' : `  batch ${8 + (i % 64) * 4} per device`,
      `  context ${1024 * (1 + (i % 8))}`,
      '  input 2048  output 512',
      '  slo tpot 100 ms',
      '}',
      '',
    );
  }
  return lines.join('\n');
}

function scaledWorkload(base: WorkloadSpec, servers: number): WorkloadSpec {
  const server = { ...base.system.root.children[0], count: servers };
  const root = { ...base.system.root, children: [server] };
  const system = { ...base.system, root };
  const devices = servers * 8;
  return {
    ...base,
    system,
    devices,
    ranks: devices * base.accelerator.dies,
    parallel: { ...base.parallel, tp: 8, ep: 8, dp: servers, adp: servers },
  };
}

export const estimatorMeasurements: Measurement[] = [
  {
    name: 'estimator: every workload of the samples',
    unit: 'ms',
    budget: 20,
    run: (ctx) => {
      const specs = sampleWorkloads();
      return Array.from({ length: ctx.runs }, () =>
        time(() => {
          for (const w of specs) estimateWorkload(w);
        }),
      );
    },
  },
  {
    name: 'estimator: sweep of 1,000 workloads in one file (analysis + estimates)',
    unit: 'ms',
    budget: 1000,
    run: (ctx) => {
      const text = sweepFile();
      const uri = URI.file(path.join(repoRoot, 'samples', 'bench-sweep.topo')).toString();
      return Array.from({ length: Math.min(ctx.runs, 5) }, () => {
        const workspace = new Workspace(undefined, catalogPath);
        workspace.catalog();
        workspace.setDocument(uri, text, 1);
        return time(() => {
          const analysis = workspace.analyse(uri)!;
          if (analysis.specs.workload.size !== 1000)
            throw new Error(`sweep: ${analysis.specs.workload.size} workloads bound`);
          for (const w of analysis.specs.workload.values()) estimateWorkload(w);
        });
      });
    },
  },
  {
    name: 'estimator: 100,000-device system / 96-device system (time ratio)',
    unit: 'x',
    budget: 2,
    run: (ctx) => {
      const base = sampleWorkloads().find((w) => w.system.name === 'H100_RoCE');
      if (!base) throw new Error('no H100_RoCE workload in the samples');
      const small = scaledWorkload(base, 12);
      const large = scaledWorkload(base, 12_500);
      const per = (w: WorkloadSpec) => {
        for (let i = 0; i < 50; i++) estimateWorkload(w);
        return time(() => {
          for (let i = 0; i < 200; i++) estimateWorkload(w);
        });
      };
      return Array.from({ length: ctx.runs }, () => per(large) / per(small));
    },
  },
];
