// `topo draw FILE --system S [--workload W] [--picture diagram|step|memory] [--format svg|json] [--output PATH]`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { viewOf } from '../features/panel';
import { defaultSettings } from '../features/services';
import { Workspace } from '../semantics/program';
import { cliWorkspace } from './workspace';

export const drawUsage =
  '  topo draw FILE [--system NAME] [--workload NAME] [--picture diagram|step|memory]' +
  ' [--format svg|json] [--output PATH]';

interface DrawOptions {
  file?: string;
  system?: string;
  workload?: string;
  picture: 'diagram' | 'step' | 'memory';
  format: 'svg' | 'json';
  output?: string;
}

const choices = { picture: ['diagram', 'step', 'memory'], format: ['svg', 'json'] } as const;

function parse(args: string[]): DrawOptions | string {
  const o: DrawOptions = { picture: 'diagram', format: 'svg' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] =
      args[i].startsWith('--') && args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--system') o.system = value();
    else if (flag === '--workload') o.workload = value();
    else if (flag === '--output' || flag === '-o') o.output = value();
    else if (flag === '--picture' || flag === '--format') {
      const key = flag.slice(2) as 'picture' | 'format';
      const v = value();
      if (!(choices[key] as readonly string[]).includes(v))
        return `${flag} takes ${choices[key].join(' or ')}, not ${v}`;
      (o as unknown as Record<string, string>)[key] = v;
    } else if (flag.startsWith('-')) return `unknown option ${flag}`;
    else if (o.file) return 'draw takes one file';
    else o.file = flag;
  }
  if (!o.file) return 'draw takes one file';
  if (o.system === undefined && args.includes('--system')) return '--system takes a name';
  return o;
}

export async function drawCommand(args: string[], workspace: Workspace = cliWorkspace()): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage:\n${drawUsage}\n`);
    return 0;
  }
  const o = parse(args);
  if (typeof o === 'string') {
    process.stderr.write(`topo: ${o}\nusage:\n${drawUsage}\n`);
    return 2;
  }
  const analysis = workspace.analyse(URI.file(path.resolve(o.file!)).toString());
  if (!analysis) {
    process.stderr.write(`topo: cannot read ${o.file}\n`);
    return 2;
  }
  const view = viewOf(
    workspace,
    analysis,
    { system: o.system, workload: o.workload },
    defaultSettings.bottleneckThreshold,
  );
  for (const m of view.missing) process.stderr.write(`topo: ${o.file}: ${m}\n`);
  if (o.system && view.selection.system !== o.system) {
    const known = view.systems.length ? ` (systems: ${view.systems.join(', ')})` : '';
    process.stderr.write(`topo: no system '${o.system}' binds in ${o.file}${known}\n`);
    return 1;
  }
  if (o.workload && view.selection.workload !== o.workload) {
    const names = view.workloads.map((w) => w.name);
    const known = names.length ? ` (workloads: ${names.join(', ')})` : '';
    process.stderr.write(`topo: no workload '${o.workload}' binds in ${o.file}${known}\n`);
    return 1;
  }
  let text: string;
  if (o.format === 'json') text = `${JSON.stringify(view, null, 2)}\n`;
  else {
    const { renderPictures } = await import('../views/pictures');
    const pictures = await renderPictures(view, true);
    const svg =
      o.picture === 'diagram' ? pictures.diagram : o.picture === 'step' ? pictures.stepChart : pictures.memoryChart;
    if (!svg) {
      const why = view.comparison
        ? `: no system or workload here, only comparisons (\`topo compare ${o.file} --name ${view.comparison.name}` +
          ` --format svg\` draws one)`
        : o.picture === 'diagram'
          ? ''
          : ': no workload with a valid estimate is selected';
      process.stderr.write(`topo: nothing to draw for --picture ${o.picture}${why}\n`);
      return 1;
    }
    text = `${svg}\n`;
  }
  if (o.output) fs.writeFileSync(o.output, text);
  else process.stdout.write(text);
  return 0;
}
