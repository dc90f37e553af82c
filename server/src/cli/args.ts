// The CLI's arguments: commands, options, and the help text of each command.
export type Format = 'text' | 'json' | 'sarif' | 'table' | 'csv' | 'svg';
export type Command = 'check' | 'estimate' | 'sweep' | 'compare';

export interface Options {
  command?: Command;
  help: boolean;
  version: boolean;
  format: Format;
  maxWarnings?: number;
  workload?: string;
  /** `compare --name N`: only the comparison of that name. */
  name?: string;
  /** `sweep --search`: the layout search of the workload too. */
  search?: boolean;
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
  sweep      the throughput-interactivity curve of each workload (batch swept to the memory limit)
  compare    each comparison: its systems side by side, per device, per system, per kW and per dollar
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
  sweep: `usage: topo sweep [options] INPUTS...

Sweeps each workload's batch from 1 to its memory limit (geometric steps, at most 24 points): TPOT, TTFT, tok/s per
user, per device and in total, and the bound at each; the SLO and the operating point are marked.

options:
  --workload NAME            only the workload of that name
  --search                   also search the workload's layouts (tp, pp, ep, dp, adp) at its SLO: the best few
  --format table|json|csv|svg
                             table (default), JSON (schema: docs/decisions.md), CSV, or an SVG chart: tok/s per
                             device against tok/s per user (TTFT in prefill), one curve per workload (per layout
                             with --search), the SLO and each operating point marked
  -h, --help                 this help

${INPUTS}

exit codes: 0 every curve has points, 1 a workload has no curve or no workload matched, 2 bad usage or an input that
cannot be read.`,
  compare: `usage: topo compare [options] INPUTS...

Prints each compare declaration: its systems ranked by tok/s per device, with tok/s per system, per kW, J per token,
$ per million tokens where the file gives power and price, the bound of each, and why the winner wins.

options:
  --name NAME                only the comparison of that name
  --format table|json|csv|svg
                             table (default), JSON (schema: docs/decisions.md), CSV, or an SVG chart of one
                             comparison (--name): each system's curve at its layout, the SLO and operating points
  -h, --help                 this help

${INPUTS}

exit codes: 0 every system has an estimate, 1 a system has none or no comparison matched, 2 bad usage or an input
that cannot be read.`,
};

const formats: Record<Command, readonly Format[]> = {
  check: ['text', 'json', 'sarif'],
  estimate: ['text', 'json'],
  sweep: ['table', 'json', 'csv', 'svg'],
  compare: ['table', 'json', 'csv', 'svg'],
};

/** Options from the arguments after `topo`, or a usage error to print. */
export function parseArgs(args: string[]): Options | { error: string; command?: Command } {
  const options: Options = { help: false, version: false, format: 'text', inputs: [] };
  let format: string | undefined;
  let maxWarnings: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--format' || name === '--max-warnings' || name === '--workload' || name === '--name') {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return { error: `${name} needs a value`, command: options.command };
      if (name === '--format') format = value;
      else if (name === '--max-warnings') maxWarnings = value;
      else if (name === '--name') options.name = value;
      else options.workload = value;
    } else if (name === '--search') options.search = true;
    else if (name === '-h' || name === '--help') options.help = true;
    else if (name === '-v' || name === '--version') options.version = true;
    else if (name === '--') {
      options.inputs.push(...args.slice(i + 1));
      break;
    } else if (name.startsWith('-') && name !== '-') {
      return { error: `unknown option ${arg}`, command: options.command };
    } else if (options.command) options.inputs.push(arg);
    else if (arg === 'help' && !options.help) options.help = true;
    else if (arg === 'check' || arg === 'estimate' || arg === 'sweep' || arg === 'compare') options.command = arg;
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
  if (options.workload !== undefined && command !== 'estimate' && command !== 'sweep') {
    return { error: '--workload is an option of estimate and sweep', command };
  }
  if (options.name !== undefined && command !== 'compare') return { error: '--name is an option of compare', command };
  if (options.search && command !== 'sweep') return { error: '--search is an option of sweep', command };
  if (format === undefined && (command === 'sweep' || command === 'compare')) options.format = 'table';
  return options;
}
