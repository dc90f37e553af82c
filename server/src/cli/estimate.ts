// `topo estimate INPUTS [--workload NAME] [--format json]`: the same figures as the code lenses.
import { estimateJson, estimateText, lensTitle } from '../analysis/report';
import { estimatesOf } from '../features/estimates';
import { Workspace } from '../semantics/program';
import { CliInput } from './inputs';
import { Output } from './output';

export function estimateCommand(
  workspace: Workspace,
  inputs: CliInput[],
  options: { workload?: string; format: string },
  io: Output,
): number {
  const json: string[] = [];
  let text = '';
  let allValid = true;
  let unreadable = false;
  for (const input of inputs) {
    if (input.text !== undefined) workspace.setDocument(input.uri, input.text, 0);
    const analysis = workspace.analyse(input.uri);
    if (!analysis) {
      io.err(`topo: cannot read ${input.name}\n`);
      unreadable = true;
      continue;
    }
    const results = [...estimatesOf(analysis).values()].filter(
      (r) => !options.workload || r.spec.name === options.workload,
    );
    if (!results.length && inputs.length === 1) {
      const names = [...analysis.specs.workload.keys()];
      const known = names.length ? ` (workloads: ${names.join(', ')})` : '';
      io.err(
        options.workload
          ? `topo: no workload '${options.workload}' in ${input.name}${known}\n`
          : `topo: ${input.name} has no workload that analyses without errors\n`,
      );
      allValid = false;
    }
    const header = inputs.length > 1 ? `${input.name}: ` : '';
    for (const r of results) {
      json.push(JSON.stringify({ file: input.name, ...JSON.parse(estimateJson(r.estimate)) }, null, 2));
      text += `${header}${r.spec.name}: ${lensTitle(r.estimate)}\n\n${estimateText(r.estimate)}\n\n`;
      allValid &&= r.estimate.valid;
    }
  }
  if (inputs.length > 1 && !json.length) {
    const what = options.workload ? `workload '${options.workload}'` : 'workload that analyses without errors';
    io.err(`topo: no ${what} in ${inputs.length} files\n`);
    allValid = false;
  }
  io.out(options.format === 'json' ? `[${json.join(',\n')}]\n` : text);
  if (unreadable) return 2;
  return allValid ? 0 : 1;
}
