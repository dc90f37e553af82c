// Runs the extension-host suite (test/vscode/suite) in a desktop VS Code downloaded by
// @vscode/test-electron. Needs access to VS Code's download server, so it cannot run on
// machines that reach only the npm registry (it fails there with ENOTFOUND); use
// `npm run test:code-server` for the same suite in code-server.
//
//   npm run test:vscode     (VSCODE_VERSION=1.100.3 pins the editor; TOPO_SKIP_BUILD=1 reuses dist/)
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import {
  EXTENSION_ROOT,
  buildExtension,
  buildVscodeSuite,
  copySamples,
  tempDir,
} from '../../scripts/real-editor/lib.mjs';

buildExtension();
const extensionTestsPath = await buildVscodeSuite();
const tmp = tempDir('electron');
const workspace = copySamples(tmp);
try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: EXTENSION_ROOT,
    extensionTestsPath,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      join(tmp, 'user-data'),
    ],
    extensionTestsEnv: process.env.TOPO_VSCODE_GREP ? { TOPO_VSCODE_GREP: process.env.TOPO_VSCODE_GREP } : undefined,
  });
  console.log('test:vscode: extension-host suite passed');
} catch (err) {
  console.error(`test:vscode failed: ${err && err.message ? err.message : err}`);
  process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
