// npm run docs:screenshots: runs the real-editor UI tests (code-server + Chromium) and copies the screenshots the
// README shows from test-results/ui/ into docs/images/, so the README's pictures are the editor as it is.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Screenshot of the UI tests -> picture in docs/images/. */
const pictures = {
  '06-panel-1-light.png': 'editor-panel.png',
  '07-compare-1-light.png': 'editor-compare.png',
  '03-codelens.png': 'editor-lens.png',
  '05-quickfix-2-menu.png': 'editor-quickfix.png',
};
if (!process.argv.includes('--copy-only')) {
  const run = spawnSync('npm', ['run', 'test:ui'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
mkdirSync(join(root, 'docs', 'images'), { recursive: true });
let missing = 0;
for (const [shot, picture] of Object.entries(pictures)) {
  const from = join(root, 'test-results', 'ui', shot);
  if (!existsSync(from)) {
    console.error(`missing ${from}: run npm run test:ui (or npm run test:editor) first`);
    missing++;
    continue;
  }
  copyFileSync(from, join(root, 'docs', 'images', picture));
  console.log(`docs/images/${picture} <- test-results/ui/${shot}`);
}
process.exit(missing ? 1 : 0);
