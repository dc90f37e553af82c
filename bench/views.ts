// Panel benchmarks: a change to the view model on every sample, and drawing a billion-device layout against an 8-device one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { viewOf } from '../server/src/features/panel';
import { defaultSettings } from '../server/src/features/services';
import { Workspace } from '../server/src/semantics/program';
import { renderPictures } from '../server/src/views/pictures';
import { PanelView } from '../server/src/views/types';
import { catalogPath, repoRoot } from '../test/helpers/repo';
import type { Measurement } from './bench';

const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

/** Three fabric levels: `pods` pods x 1,000 racks x 125 servers x 8 GPUs (1,000 pods: a billion devices). */
function layered(pods: number, racks: number, servers: number): string {
  return (
    `system Layered {\n  pod x ${pods} {\n    rack x ${racks} {\n      server x ${servers} {\n        gpu H100 x 8\n        fabric NVLink4\n      }\n` +
    `      fabric IB400 oversubscription 2:1\n    }\n    fabric IB400 oversubscription 4:1\n  }\n  scaleout IB400\n}\n` +
    `workload Train {\n  model Llama3_70B\n  on Layered\n  phase decode\n  parallel tp 8 dp ${pods * racks * servers}\n  batch 16 per device\n}\n`
  );
}

function viewOfText(text: string): PanelView {
  const workspace = new Workspace(undefined, catalogPath);
  const uri = URI.file(path.join(repoRoot, 'samples', 'bench-layered.topo')).toString();
  workspace.setDocument(uri, text, 1);
  return viewOf(workspace, workspace.analyse(uri)!, {}, defaultSettings.bottleneckThreshold);
}

async function drawTime(view: PanelView, runs: number): Promise<number[]> {
  await renderPictures(view);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await renderPictures(view);
    out.push(performance.now() - t);
  }
  return out;
}

export const viewMeasurements: Measurement[] = [
  {
    name: 'panel: one edit to view model, slowest sample (analysis + estimates + view)',
    unit: 'ms',
    budget: 50,
    run: (ctx) => {
      const dir = path.join(repoRoot, 'samples');
      const workspace = new Workspace(undefined, catalogPath);
      const files = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.topo'))
        .map((f) => ({
          uri: URI.file(path.join(dir, f)).toString(),
          text: fs.readFileSync(path.join(dir, f), 'utf8'),
        }));
      for (const f of files) {
        workspace.setDocument(f.uri, f.text, 1);
        workspace.analyse(f.uri);
      }
      return Array.from({ length: ctx.runs }, (_, run) =>
        Math.max(
          ...files.map((f) => {
            // A change inside the first workload (the one the panel shows by default): its estimate is recomputed.
            workspace.setDocument(f.uri, run % 2 ? f.text : f.text.replace('phase ', 'phase  '), run + 2);
            return time(() => {
              const analysis = workspace.analyse(f.uri)!;
              const view = viewOf(workspace, analysis, {}, defaultSettings.bottleneckThreshold);
              if (!view.systems) throw new Error('no view');
            });
          }),
        ),
      );
    },
  },
  {
    name: 'panel: draw x 1,000,000,000 devices at three levels (diagram + charts)',
    unit: 'ms',
    run: (ctx) => drawTime(viewOfText(layered(1000, 1000, 125)), ctx.runs),
  },
  {
    name: 'panel: draw x 8 devices at three levels (diagram + charts)',
    unit: 'ms',
    run: (ctx) => drawTime(viewOfText(layered(1, 1, 1)), ctx.runs),
  },
  {
    name: 'panel: drawing a billion devices / eight devices (time ratio)',
    unit: 'x',
    budget: 2,
    run: async (ctx) => {
      const huge = viewOfText(layered(1000, 1000, 125));
      const small = viewOfText(layered(1, 1, 1));
      const ratios: number[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        const [a] = await drawTime(huge, 1);
        const [b] = await drawTime(small, 1);
        ratios.push(a / b);
      }
      return ratios;
    },
  },
];
