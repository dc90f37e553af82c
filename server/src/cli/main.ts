#!/usr/bin/env node
// The command line: `topo check`, `estimate`, `sweep`, `compare` and `draw` on the same core as the language server, for
// terminals and CI.
import { Workspace } from '../semantics/program';
import { help, Options, parseArgs } from './args';
import { checkFiles, formatCliDiagnostic } from './check';
import { compareCommand, sweepCommand } from './decide';
import { drawCommand } from './draw';
import { estimateCommand } from './estimate';
import { CliInput, expandInputs } from './inputs';
import { Output, processOutput, severityColour } from './output';
import { sarifLog } from './sarif';
import { cliWorkspace } from './workspace';

export { cliWorkspace };

declare const TOPO_VERSION: string;
export const version = typeof TOPO_VERSION === 'string' ? TOPO_VERSION : '0.0.0-dev';

/** Runs the CLI and returns its exit code: 0 clean, 1 problems, 2 usage or unreadable input. */
export async function main(argv: string[], io: Output = processOutput(), readStdin?: () => string): Promise<number> {
  const options = parseArgs(argv);
  if ('error' in options) {
    io.err(`topo: ${options.error}\nrun topo ${options.command ? `${options.command} ` : ''}--help for usage\n`);
    return 2;
  }
  if (options.version) {
    io.out(`${version}\n`);
    return 0;
  }
  if (options.help || !options.command) {
    (options.help ? io.out : io.err)(`${help[options.command ?? 'topo']}\n`);
    return options.help ? 0 : 2;
  }
  if (!options.inputs.length) {
    io.err(`topo: ${options.command} needs INPUTS (files, directories, globs or -)\n`);
    io.err(`run topo ${options.command} --help for usage\n`);
    return 2;
  }
  const { inputs, unmatched } = expandInputs(options.inputs, readStdin);
  for (const u of unmatched) io.err(`topo: no .topo files match ${u}\n`);
  if (unmatched.length) return 2;
  const workspace = cliWorkspace();
  switch (options.command) {
    case 'check':
      return check(workspace, inputs, options, io);
    case 'sweep':
      return sweepCommand(workspace, inputs, options, io);
    case 'compare':
      return compareCommand(workspace, inputs, options, io);
    default:
      return estimateCommand(workspace, inputs, options, io);
  }
}

function check(workspace: Workspace, inputs: CliInput[], options: Options, io: Output): number {
  const { diagnostics, missing } = checkFiles(workspace, inputs);
  for (const m of missing) io.err(`topo: cannot read ${m}\n`);
  if (options.format === 'json') io.out(`${JSON.stringify(diagnostics, null, 2)}\n`);
  else if (options.format === 'sarif') io.out(`${JSON.stringify(sarifLog(diagnostics, version), null, 2)}\n`);
  else io.out(diagnostics.map((d) => `${formatCliDiagnostic(d, (s) => io.paint(s, severityColour(s)))}\n`).join(''));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (options.format === 'text') {
    const others = diagnostics.length - errors - warnings;
    const checked = inputs.length - missing.length;
    const counts = `${errors} error(s), ${warnings} warning(s), ${others} other diagnostic(s)`;
    const summary = `${checked} file(s) checked: ${counts}`;
    io.err(`${io.paint(summary, 'dim')}\n`);
  }
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  if (tooManyWarnings) io.err(`topo: ${warnings} warning(s), more than --max-warnings ${options.maxWarnings}\n`);
  if (missing.length) return 2;
  return errors > 0 || tooManyWarnings ? 1 : 0;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const fail = (e: unknown) => {
    process.stderr.write(`topo: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  };
  // process.exit would cut output still queued for a pipe: set the code and let node exit when drained.
  if (argv[0] === 'draw') drawCommand(argv.slice(1)).then((code) => (process.exitCode = code), fail);
  else main(argv).then((code) => (process.exitCode = code), fail);
}
