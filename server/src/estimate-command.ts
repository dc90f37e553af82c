// `topo estimate`: prints the estimator's figures for the workloads of a file (filled in with the estimator).
import { Workspace } from './semantics/program';

export function estimateCommand(_workspace: Workspace, _options: { files: string[]; workload?: string; format: 'text' | 'json' }): number {
  process.stderr.write('topo: estimate is not available yet\n');
  return 2;
}
