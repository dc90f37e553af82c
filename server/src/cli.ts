#!/usr/bin/env node
// The command line: `topo check FILES...` and `topo estimate FILE`, on the same core as the language server.
import fg from 'fast-glob';
import { checkFiles, formatCliDiagnostic } from './check';
import { drawUsage } from './draw-command';
import { Workspace } from './semantics/program';

const usage = `usage:
  topo check FILES... [--format text|json]     report diagnostics (globs allowed); exit 1 on errors
  topo estimate FILE [--workload NAME] [--format text|json]
${drawUsage}`;

interface Options {
  format: 'text' | 'json';
  workload?: string;
  files: string[];
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { format: 'text', files: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format') {
      const f = args[++i];
      if (f !== 'text' && f !== 'json') return `--format takes text or json, not ${f}`;
      options.format = f;
    } else if (a.startsWith('--format=')) {
      const f = a.slice(9);
      if (f !== 'text' && f !== 'json') return `--format takes text or json, not ${f}`;
      options.format = f;
    } else if (a === '--workload') options.workload = args[++i];
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else options.files.push(a);
  }
  return options;
}

function expand(patterns: string[]): string[] {
  const files: string[] = [];
  for (const p of patterns) {
    if (fg.isDynamicPattern(p)) files.push(...fg.sync(p, { dot: false }).sort());
    else files.push(p);
  }
  return files;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'draw') return (await import('./draw-command')).drawCommand(rest);
  const options = parseArgs(rest);
  if (typeof options === 'string' || !command || command === '--help' || command === '-h') {
    if (typeof options === 'string') process.stderr.write(`topo: ${options}\n`);
    process.stderr.write(`${usage}\n`);
    return command === '--help' || command === '-h' ? 0 : 2;
  }
  const workspace = new Workspace();
  if (command === 'check') {
    const files = expand(options.files);
    if (!files.length) {
      process.stderr.write(`topo: no files match ${options.files.join(' ') || '(nothing given)'}\n`);
      return 2;
    }
    const { diagnostics, missing } = checkFiles(workspace, files);
    for (const m of missing) process.stderr.write(`topo: cannot read ${m}\n`);
    if (options.format === 'json') process.stdout.write(`${JSON.stringify(diagnostics, null, 2)}\n`);
    else for (const d of diagnostics) process.stdout.write(`${formatCliDiagnostic(d)}\n`);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (options.format === 'text') process.stderr.write(`${files.length} file(s) checked: ${errors} error(s), ${diagnostics.length - errors} other diagnostic(s)\n`);
    return errors > 0 || missing.length ? 1 : 0;
  }
  if (command === 'estimate') {
    const { estimateCommand } = await import('./estimate-command');
    return estimateCommand(workspace, options);
  }
  process.stderr.write(`topo: unknown command ${command}\n${usage}\n`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    process.stderr.write(`topo: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
  });
}
