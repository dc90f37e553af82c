// Entry of the extension-host suite: `run` for @vscode/test-electron (extensionTestsPath),
// `runAndCollect` for the code-server test host, which writes the results to a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  vscodeVersion: string;
  uiKind: string;
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: TestResult[];
}

function createMocha(): Mocha {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.TOPO_VSCODE_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return mocha;
}

export function runAndCollect(): Promise<SuiteResults> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside the extension host only
  const vscode = require('vscode');
  const started = Date.now();
  const tests: TestResult[] = [];
  return new Promise((resolve, reject) => {
    try {
      const runner = createMocha().run(() => {
        resolve({
          vscodeVersion: vscode.version,
          uiKind: vscode.UIKind[vscode.env.uiKind],
          passed: tests.filter((t) => t.state === 'passed').length,
          failed: tests.filter((t) => t.state === 'failed').length,
          pending: tests.filter((t) => t.state === 'pending').length,
          durationMs: Date.now() - started,
          tests,
        });
      });
      runner.on('pass', (t: Mocha.Test) =>
        tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }),
      );
      runner.on('pending', (t: Mocha.Test) => tests.push({ title: t.fullTitle(), state: 'pending' }));
      runner.on('fail', (t: Mocha.Test, err: Error) => {
        // A failing hook reports itself as a test too; record it under its own title.
        tests.push({
          title: t.fullTitle(),
          state: 'failed',
          durationMs: t.duration,
          error: (err && (err.stack || err.message)) || String(err),
        });
      });
    } catch (err) {
      reject(err);
    }
  });
}

export async function run(): Promise<void> {
  const results = await runAndCollect();
  if (results.failed > 0) throw new Error(`${results.failed} of ${results.tests.length} extension-host tests failed`);
}
