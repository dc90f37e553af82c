// `topo estimate FILE [--workload NAME] [--format json]`: the same figures as the code lenses.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { estimateJson, estimateText, lensTitle } from './analysis/report';
import { estimatesOf } from './features/estimates';
import { Workspace } from './semantics/program';

export function estimateCommand(workspace: Workspace, options: { files: string[]; workload?: string; format: 'text' | 'json' }): number {
  if (options.files.length !== 1) {
    process.stderr.write('topo: estimate takes one file\n');
    return 2;
  }
  const file = options.files[0];
  const analysis = workspace.analyse(URI.file(path.resolve(file)).toString());
  if (!analysis) {
    process.stderr.write(`topo: cannot read ${file}\n`);
    return 2;
  }
  const results = [...estimatesOf(analysis).values()].filter((r) => !options.workload || r.spec.name === options.workload);
  if (!results.length) {
    const names = [...analysis.specs.workload.keys()];
    process.stderr.write(options.workload ? `topo: no workload '${options.workload}' in ${file}${names.length ? ` (workloads: ${names.join(', ')})` : ''}\n` : `topo: ${file} has no workload that analyses without errors\n`);
    return 1;
  }
  if (options.format === 'json') {
    process.stdout.write(`[${results.map((r) => estimateJson(r.estimate)).join(',\n')}]\n`);
  } else {
    for (const r of results) process.stdout.write(`${r.spec.name}: ${lensTitle(r.estimate)}\n\n${estimateText(r.estimate)}\n\n`);
  }
  return results.every((r) => r.estimate.valid) ? 0 : 1;
}
