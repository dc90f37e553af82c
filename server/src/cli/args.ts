// The CLI's arguments: commands, options, and the help text of each command.
export type Format = 'text' | 'json' | 'sarif';
export type Command = 'check' | 'estimate';

export interface Options {
  command?: Command;
  help: boolean;
  version: boolean;
  format: Format;
  maxWarnings?: number;
  workload?: string;
  inputs: string[];
}

const INPUTS = `INPUTS are files, directories (every .topo file below them), globs ('samples/*.topo', quoted) or -
for standard input.`;

export const help: Record<'topo' | Command, string> = {
  topo: `topo: check Topo files (.topo) and estimate their workloads from a terminal or CI.

usage: topo <command> [options] INPUTS...

commands:
  check      report diagnostics, the estimator's findings included
  estimate   print the throughput estimate and breakdown of each workload
  draw       draw a system's layout, or a workload's step and memory, as SVG (topo draw --help)

options:
  -h, --help       this help; topo <command> --help for a command's own
  -v, --version    the version

${INPUTS}

exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 bad usage or an input that cannot be read.
Colour on a terminal unless NO_COLOR is set (FORCE_COLOR=1 forces it).`,
  check: `usage: topo check [options] INPUTS...

Reports the diagnostics of each input: path:line:col: severity code: message.

options:
  --format text|json|sarif   text (default), a JSON array, or a SARIF 2.1.0 log for code scanning
  --max-warnings N           exit 1 when there are more than N warnings (default: no limit)
  -h, --help                 this help

${INPUTS}

exit codes: 0 no errors, 1 errors or too many warnings, 2 bad usage or an input that cannot be read.`,
  estimate: `usage: topo estimate [options] INPUTS...

Prints each workload's estimate: the code lens line and the breakdown (text), or the full estimates (json).

options:
  --workload NAME   only the workload of that name
  --format text|json
  -h, --help        this help

${INPUTS}

exit codes: 0 every estimate valid, 1 an estimate is invalid or no workload matched, 2 bad usage or an input that
cannot be read.`,
};

const formats: Record<Command, readonly Format[]> = { check: ['text', 'json', 'sarif'], estimate: ['text', 'json'] };

/** Options from the arguments after `topo`, or a usage error to print. */
export function parseArgs(args: string[]): Options | { error: string; command?: Command } {
  const options: Options = { help: false, version: false, format: 'text', inputs: [] };
  let format: string | undefined;
  let maxWarnings: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--format' || name === '--max-warnings' || name === '--workload') {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return { error: `${name} needs a value`, command: options.command };
      if (name === '--format') format = value;
      else if (name === '--max-warnings') maxWarnings = value;
      else options.workload = value;
    } else if (name === '-h' || name === '--help') options.help = true;
    else if (name === '-v' || name === '--version') options.version = true;
    else if (name === '--') {
      options.inputs.push(...args.slice(i + 1));
      break;
    } else if (name.startsWith('-') && name !== '-') {
      return { error: `unknown option ${arg}`, command: options.command };
    }
    else if (options.command) options.inputs.push(arg);
    else if (arg === 'help' && !options.help) options.help = true;
    else if (arg === 'check' || arg === 'estimate') options.command = arg;
    else return { error: `unknown command ${arg}` };
  }
  const command = options.command;
  if (format !== undefined) {
    const allowed = formats[command ?? 'check'];
    const words = `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
    if (!allowed.includes(format as Format)) return { error: `--format takes ${words}, not ${format}`, command };
    options.format = format as Format;
  }
  if (maxWarnings !== undefined) {
    const n = Number(maxWarnings);
    if (!/^\d+$/.test(maxWarnings) || !Number.isSafeInteger(n)) {
      return { error: `--max-warnings takes a whole number >= 0, not ${maxWarnings}`, command };
    }
    if (command !== 'check') return { error: '--max-warnings is an option of check', command };
    options.maxWarnings = n;
  }
  if (options.workload !== undefined && command !== 'estimate') {
    return { error: '--workload is an option of estimate', command };
  }
  return options;
}
