// The CLI as CI runs it: help and version, inputs of every kind, exit codes, colour, and whole output on a pipe.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import { parseArgs } from '../../../server/src/cli/args';
import { colourWanted } from '../../../server/src/cli/output';
import { repoRoot } from '../../helpers/repo';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const maxBuffer = 64 << 20;
const noColour = { ...process.env, NO_COLOR: '', FORCE_COLOR: '' };
type Run = { status: number | null; stdout: string; stderr: string };
const run = (args: string[], options: SpawnSyncOptions = {}) =>
  spawnSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: noColour,
    maxBuffer,
    ...options,
  }) as Run;
const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;
const mistakes = 'samples/mistakes.topo';
const diagnosticsOf = (args: string[]) =>
  JSON.parse(run(['check', ...args, '--format', 'json']).stdout) as { file: string; severity: string }[];

/** The escape that starts an ANSI colour code. */
const ESC = String.fromCharCode(0x1b);

describe('topo CLI: help, version, usage errors', () => {
  it('prints the version and the help on stdout, each command with its own help', () => {
    assert.equal(run(['--version']).stdout, `${version}\n`);
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /commands:\n {2}check .*\n {2}estimate /);
    const checkHelp = run(['check', '--help']);
    assert.equal(checkHelp.status, 0);
    assert.match(checkHelp.stdout, /--max-warnings N/);
    assert.match(checkHelp.stdout, /--format text\|json\|sarif/);
    assert.equal(run(['help', 'estimate']).stdout, run(['estimate', '-h']).stdout);
    assert.match(run(['help', 'estimate']).stdout, /--workload NAME/);
  });

  it('exits 2 with a message for no command, an unknown command or option, and no inputs', () => {
    const usages = [
      [],
      ['lint', 'x.topo'],
      ['check', '--fix', mistakes],
      ['check'],
      ['check', '--format'],
      ['check', '--max-warnings', '-1', mistakes],
    ];
    for (const args of usages) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /topo|usage/, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });

  it('parses options given as --name=value and after --', () => {
    assert.deepEqual(parseArgs(['check', '--format=sarif', '--max-warnings=3', '--', '--odd.topo']), {
      help: false,
      version: false,
      format: 'sarif',
      maxWarnings: 3,
      inputs: ['--odd.topo'],
      command: 'check',
    });
    assert.deepEqual(parseArgs(['estimate', '--max-warnings', '1', 'a.topo']), {
      error: '--max-warnings is an option of check',
      command: 'estimate',
    });
  });
});

describe('topo CLI: inputs', () => {
  it('reads standard input as -, with the same diagnostics as the file (imports from the working directory)', () => {
    const cwd = path.join(repoRoot, 'samples');
    const r = run(['check', '-'], { cwd, input: fs.readFileSync(path.join(cwd, 'deepseek-r1.topo'), 'utf8') });
    assert.equal(r.status, 0, r.stderr);
    const fromFile = run(['check', 'deepseek-r1.topo'], { cwd }).stdout;
    assert.ok(fromFile.length > 0);
    assert.equal(r.stdout, fromFile.replaceAll('deepseek-r1.topo:', '<stdin>:'));
  });

  it('expands a directory to every .topo file below it, like the glob of its files', () => {
    const byDirectory = diagnosticsOf(['samples']);
    const byGlob = diagnosticsOf(['samples/*.topo']);
    assert.deepEqual(byDirectory, byGlob);
    // Samples with diagnostics (the others open clean): the mistakes, the RoCE cluster and the DeepSeek-R1 comparison.
    assert.ok(new Set(byDirectory.map((d) => d.file)).size >= 3);
    assert.equal(diagnosticsOf(['samples', mistakes]).length, byDirectory.length, 'a file named twice is checked once');
  });

  it('exits 2 for a file that cannot be read and a glob or directory without .topo files', () => {
    const missing = run(['check', 'samples/none.topo', mistakes]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read samples\/none.topo/);
    assert.match(missing.stdout, /mistakes.topo:\d+:\d+: error/, 'the readable file is still checked');
    const noMatch = run(['check', 'samples/*.nothing']);
    assert.equal(noMatch.status, 2);
    assert.match(noMatch.stderr, /no .topo files match samples\/\*.nothing/);
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-cli-empty-'));
    assert.equal(run(['check', emptyDir]).status, 2);
    fs.rmSync(emptyDir, { recursive: true });
  });
});

describe('topo CLI: exit codes and --max-warnings', () => {
  it('exits 1 on errors, 0 on warnings alone, and 1 when warnings exceed --max-warnings', () => {
    assert.equal(run(['check', mistakes]).status, 1);
    const sample = 'samples/deepseek-r1.topo';
    const diagnostics = diagnosticsOf([sample]);
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    assert.ok(warnings > 0 && !diagnostics.some((d) => d.severity === 'error'), `${sample} has warnings and no errors`);
    assert.equal(run(['check', sample]).status, 0);
    assert.equal(run(['check', sample, '--max-warnings', String(warnings)]).status, 0);
    const over = run(['check', sample, '--max-warnings', String(warnings - 1)]);
    assert.equal(over.status, 1);
    assert.match(over.stderr, new RegExp(`${warnings} warning\\(s\\), more than --max-warnings ${warnings - 1}`));
  });
});

describe('topo CLI: colour', () => {
  it('colours severities only when asked or on a terminal, and never under NO_COLOR', () => {
    assert.equal(colourWanted({}, true), true);
    assert.equal(colourWanted({}, false), false);
    assert.equal(colourWanted({ NO_COLOR: '1' }, true), false);
    assert.equal(colourWanted({ NO_COLOR: '' }, true), true, 'an empty NO_COLOR does not count');
    assert.equal(colourWanted({ FORCE_COLOR: '1' }, false), true);
    assert.equal(colourWanted({ FORCE_COLOR: '0' }, true), false);
    const plain = run(['check', mistakes]).stdout;
    assert.doesNotMatch(plain, new RegExp(`${ESC}\\[`));
    const coloured = run(['check', mistakes], { env: { ...noColour, FORCE_COLOR: '1' } }).stdout;
    assert.match(coloured, new RegExp(`: ${ESC}\\[31merror${ESC}\\[0m TOPO`));
    assert.equal(coloured.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), ''), plain);
    const both = run(['check', mistakes], { env: { ...noColour, FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.doesNotMatch(both.stdout, new RegExp(`${ESC}\\[`));
  });
});

describe('topo CLI: output on a pipe', () => {
  it('writes more than 1 MB through `| cat` whole (no cut at 64 KB when the process ends)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-cli-pipe-'));
    const text = fs.readFileSync(path.join(repoRoot, mistakes), 'utf8');
    const copies = 150;
    for (let i = 0; i < copies; i++) fs.writeFileSync(path.join(dir, `m${i}.topo`), text);
    const perFile = diagnosticsOf([path.join(dir, 'm0.topo')]).length;
    const command = `"${process.execPath}" "${cli}" check "${dir}" --format json | cat`;
    const piped = spawnSync('sh', ['-c', command], { encoding: 'utf8', env: noColour, maxBuffer });
    fs.rmSync(dir, { recursive: true });
    assert.ok(piped.stdout.length > 1 << 20, `only ${piped.stdout.length} bytes arrived`);
    assert.equal((JSON.parse(piped.stdout) as unknown[]).length, copies * perFile);
  });
});

describe('topo CLI: runs from anywhere', () => {
  it('carries the catalog in its bundle: a copy alone in a temporary folder gives the same diagnostics', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-cli-alone-'));
    fs.copyFileSync(cli, path.join(dir, 'topo.js'));
    for (const f of ['mistakes.topo', 'h100-roce.topo']) {
      fs.copyFileSync(path.join(repoRoot, 'samples', f), path.join(dir, f));
    }
    const alone = spawnSync(process.execPath, [path.join(dir, 'topo.js'), 'check', 'mistakes.topo'], {
      cwd: dir,
      encoding: 'utf8',
      env: noColour,
    });
    fs.rmSync(dir, { recursive: true });
    assert.equal(alone.status, 1, alone.stderr);
    const local = alone.stdout
      .replaceAll('mistakes.topo:', `${mistakes}:`)
      .replaceAll(dir, path.join(repoRoot, 'samples'));
    assert.equal(local, run(['check', mistakes]).stdout);
  });
});

describe('the problem matcher $topo', () => {
  it('matches every line of topo check and reads the same file, place, severity, code and message', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const [matcher] = manifest.contributes.problemMatchers;
    const { regexp, file, line, column, severity, code, message } = matcher.pattern;
    const lines = run(['check', mistakes]).stdout.trimEnd().split('\n');
    const json = diagnosticsOf([mistakes]) as unknown as Record<string, string | number>[];
    assert.equal(lines.length, json.length);
    lines.forEach((l, i) => {
      const m = new RegExp(regexp).exec(l);
      assert.ok(m, l);
      const d = json[i];
      assert.deepEqual(
        [m[file], +m[line], +m[column], m[severity], m[code], m[message]],
        [d.file, d.line, d.column, d.severity, d.code, d.message],
      );
    });
  });
});
