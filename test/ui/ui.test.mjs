// UI checks as a person sees them: headless Chromium (playwright-core) drives the real
// workbench served by code-server, with the built extension installed. Each step saves a
// screenshot under test-results/ui/ (the Topo panel in the dark and the light theme too).
// The last step starts a second code-server as `npm start` sets it up, in Restricted Mode.
//
//   npm run test:ui        (TOPO_SKIP_BUILD=1 reuses dist/, TOPO_KEEP_TMP=1 keeps the temp folder)
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ROOT,
  buildExtension,
  copySamples,
  ensureSetup,
  launchChromium,
  openWorkbench,
  prepareStartWorkspace,
  sleep,
  stageExtension,
  startCodeServer,
  stopAllAndWait,
  stopOnExit,
  tail,
  tempDir,
  workbenchUrl,
} from '../../scripts/real-editor/lib.mjs';

const SHOTS = join(ROOT, 'test-results/ui');
// TOPO501 names the link, its level and its share of the step: `RoCE400 at H100_RoCE takes 68% of the step`.
const BOTTLENECK = /takes \d+(\.\d+)?% of the step|bottleneck/i;
// `≈1,870 tok/s per device · 299k tok/s total ...`, `≈6,765 input tok/s per device · ...`
const THROUGHPUT = /≈\s*\d[\d,.]*\s*[kM]?\s+(?:[a-z]+\s+)?tok\/s per device/;
/** The editor of the active group (not a peek or a panel's input). */
const EDITOR = '.editor-group-container.active .editor-instance .monaco-editor';

let tmp;
let workspace;
let browser;
let page;
let server;

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** A UI check that leaves a screenshot named after it when it fails. */
function check(title, shotName, fn) {
  it(title, async () => {
    try {
      await fn();
    } catch (err) {
      await shot(`${shotName}-FAILED`).catch(() => {});
      throw err;
    }
  });
}

/** Opens a workspace file from the Explorer (double click: a pinned tab), as a person would. */
async function openFile(name) {
  await page.keyboard.press('Escape');
  const explorer = page.locator('.explorer-folders-view');
  if (!(await explorer.isVisible())) await runCommand('View: Show Explorer');
  const row = explorer
    .locator(`.monaco-list-row[aria-label="${name}"], .monaco-list-row:has(.label-name:text-is("${name}"))`)
    .first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.dblclick();
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
  await page.locator(`${EDITOR} .view-lines`).first().waitFor({ timeout: 15_000 });
}

/** Runs a command from the command palette by its title. */
async function runCommand(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Moves the cursor to LINE:COL (1-based) with Go to Line. */
async function goToLine(line, col = 1) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${col}`);
  await page.keyboard.press('Enter');
  await sleep(300);
}

function workloadLines(file) {
  const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
  return lines
    .map((text, i) => ({ text, line: i + 1, m: /^workload\s+([A-Za-z_][\w.-]*)/.exec(text) }))
    .filter((l) => l.m)
    .map((l) => ({ line: l.line, name: l.m[1] }));
}

/** Samples that declare workloads, the most promising for lenses first. */
function workloadSamples() {
  return readdirSync(workspace).filter((f) => f.endsWith('.topo') && f !== 'mistakes.topo' && workloadLines(f).length);
}

describe('topo in the code-server workbench', { timeout: 600_000 }, () => {
  before(async () => {
    stopOnExit();
    ensureSetup();
    buildExtension();
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    tmp = tempDir('ui');
    workspace = copySamples(tmp);
    const extensionsDir = join(tmp, 'extensions');
    stageExtension(extensionsDir);
    server = await startCodeServer({
      folder: workspace,
      extensionsDir,
      userDataDir: join(tmp, 'user-data'),
      logFile: join(tmp, 'code-server.log'),
    });
    browser = await launchChromium();
    page = await openWorkbench(browser, server.url, { folder: workspace });
    // Give keyboard focus to the workbench.
    await page
      .locator('.monaco-workbench .part.statusbar')
      .click({ position: { x: 5, y: 5 } })
      .catch(() => {});
    await sleep(1000);
  });

  after(async () => {
    if (page && process.env.TOPO_KEEP_TMP === '1') console.log(`code-server log: ${join(tmp, 'code-server.log')}`);
    await browser?.close().catch(() => {});
    await stopAllAndWait();
    if (tmp && process.env.TOPO_KEEP_TMP !== '1') rmSync(tmp, { recursive: true, force: true });
  });

  check('the workbench opens the samples folder and a .topo file with the topo language', '01-open', async () => {
    const [first] = workloadSamples();
    assert.ok(first, 'no sample declares a workload');
    await openFile(first);
    const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
    await mode.waitFor({ timeout: 15_000 });
    let label = '';
    for (const deadline = Date.now() + 15_000; !/topo/i.test(label) && Date.now() < deadline; await sleep(250))
      label = await mode.innerText();
    assert.match(label, /topo/i, 'the status bar does not show the topo language mode');
    await shot('01-open');
  });

  check('the Problems panel lists a link bottleneck warning (TOPO501)', '02-problems-bottleneck', async () => {
    for (const f of workloadSamples()) await openFile(f);
    await runCommand('View: Focus Problems');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ timeout: 10_000 });
    // Filter the list by the code so the row is on screen, whatever else is reported.
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await filter.fill('TOPO501');
    const row = panel.locator('.monaco-list-row', { hasText: 'TOPO501' }).first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    await sleep(300);
    await shot('02-problems-bottleneck');
    const text = await row.innerText();
    assert.match(text, BOTTLENECK, `the TOPO501 row does not read as a link bottleneck: ${text}`);
    assert.ok(
      (await row.locator('.codicon-warning, [class*="warning"]').count()) > 0,
      `the TOPO501 row is not a warning: ${text}`,
    );
    await filter.fill('');
    await runCommand('View: Hide Panel').catch(() => {});
  });

  check('a code lens above a workload shows its throughput', '03-codelens', async () => {
    const [f] = workloadSamples();
    await openFile(f);
    const { line, name } = workloadLines(f)[0];
    await goToLine(line);
    const editor = page.locator(EDITOR).first();
    await editor
      .locator('.codelens-decoration', { hasText: 'tok/s' })
      .first()
      .waitFor({ state: 'visible', timeout: 45_000 });
    await sleep(300);
    await shot('03-codelens');
    // The lens drawn nearest above the workload's line belongs to it.
    const lineBox = await editor
      .locator('.view-line', { hasText: `workload ${name}` })
      .first()
      .boundingBox();
    assert.ok(lineBox, `the line of workload ${name} is not on screen`);
    let nearest;
    for (const lens of await editor.locator('.codelens-decoration').all()) {
      const box = await lens.boundingBox();
      if (box && box.y < lineBox.y && (!nearest || box.y > nearest.y))
        nearest = { y: box.y, text: await lens.innerText() };
    }
    assert.ok(nearest, `no code lens above workload ${name} (${f}:${line})`);
    assert.ok(
      lineBox.y - nearest.y < 2 * lineBox.height,
      `the nearest lens (y ${nearest.y}) is not right above workload ${name} (y ${lineBox.y})`,
    );
    assert.match(nearest.text, THROUGHPUT, `the lens above workload ${name} reads “${nearest.text}”`);
  });

  check('hovering a workload name opens the hover with its breakdown', '04-hover', async () => {
    const [f] = workloadSamples();
    await openFile(f);
    const { line, name } = workloadLines(f)[0];
    await goToLine(line, 'workload '.length + 2);
    const editor = page.locator(EDITOR).first();
    const token = editor
      .locator('.view-line', { hasText: `workload ${name}` })
      .first()
      .locator('span > span', { hasText: name })
      .first();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'tok/s' });
    let text = '';
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      const box = await token.boundingBox();
      if (box) {
        await page.mouse.move(box.x + 3, box.y + box.height / 2);
        await page.mouse.move(box.x + 6, box.y + box.height / 2);
      }
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 3_000 });
        await sleep(600); // let the fade-in finish before the screenshot
        text = await hover.first().innerText();
        break;
      } catch {
        await page.mouse.move(5, 5);
      }
    }
    await shot('04-hover');
    assert.match(text, THROUGHPUT, 'no hover with tok/s on the workload name');
    assert.match(text, /compute/i);
    assert.match(text, /memory|HBM/i);
    assert.match(text, /bound:/);
    assert.match(text, /share/, 'the hover shows no breakdown table');
    await page.mouse.move(5, 5);
  });

  check('a quick fix chosen from the light bulb changes the file', '05-quickfix', async () => {
    const file = existsSync(join(workspace, 'mistakes.topo')) ? 'mistakes.topo' : workloadSamples()[0];
    const original = readFileSync(join(workspace, file), 'utf8');
    await openFile(file);
    // VS Code draws the bulb in the glyph margin (a decoration) when it has one, else as a widget.
    const lightBulb = page
      .locator(
        `${EDITOR} .glyph-margin-widgets [class*="codicon-gutter-lightbulb"], ${EDITOR} .lightBulbWidget[class*="codicon-"]`,
      )
      .first();
    let clicked = false;
    let chosen = '';
    // Wait for the squiggles, then walk the problems with F8 (Go to Next Problem in Files) until the
    // cursor sits on one that has a fix. F8 first shows the problem at the cursor; a second F8,
    // with its peek open, moves on to the next.
    await page.locator(`${EDITOR} [class*="squiggly-"]`).first().waitFor({ timeout: 30_000 });
    for (let i = 0; i < 40 && !clicked; i++) {
      await page.keyboard.press('F8');
      await sleep(300);
      if (i > 0) {
        await page.keyboard.press('F8');
        await sleep(300);
      }
      await page.keyboard.press('Escape'); // close the problem peek, keep the cursor there
      try {
        await lightBulb.waitFor({ state: 'visible', timeout: 1_500 });
      } catch {
        continue;
      }
      await shot('05-quickfix-1-lightbulb');
      await lightBulb.click();
      const item = page.locator('.action-widget .monaco-list-row.action:not(.disabled)').first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      // Point at the fix and accept it (the menu's pointer block swallows a synthetic click).
      const box = await item.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await sleep(300);
      await shot('05-quickfix-2-menu');
      chosen = await page.locator('.action-widget .monaco-list-row.action.focused').first().getAttribute('aria-label');
      await page.keyboard.press('Enter');
      clicked = true;
    }
    assert.ok(clicked, `no light bulb appeared on any problem of ${file}`);
    await sleep(500);
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 10_000;
    while (readFileSync(join(workspace, file), 'utf8') === original && Date.now() < deadline) await sleep(200);
    await shot('05-quickfix-3-applied');
    assert.notEqual(
      readFileSync(join(workspace, file), 'utf8'),
      original,
      `${file} did not change after the quick fix “${chosen}”`,
    );
  });

  /** The Topo panel's document: VS Code puts a webview in an iframe holding the active frame. */
  function panelFrame() {
    return page.locator('iframe.webview.ready').first().contentFrame().locator('#active-frame').contentFrame();
  }

  /** The 1-based cursor line the status bar reports (`Ln 26, Col 3`). */
  async function cursorLine() {
    const text = await page
      .locator('.statusbar-item[id="status.editor.selection"]')
      .first()
      .innerText()
      .catch(() => '');
    const m = /Ln (\d+)/.exec(text);
    return m ? Number(m[1]) : undefined;
  }

  /** Switches the colour theme with the theme picker (Ctrl+K Ctrl+T), as a person would. */
  async function setTheme(name) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const want = /dark/i.test(name) ? 'vs-dark' : 'vs';
    let classes = [];
    for (const deadline = Date.now() + 15_000; !classes.includes(want) && Date.now() < deadline; await sleep(250)) {
      classes = ((await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '').split(/\s+/);
    }
    assert.ok(classes.includes(want), `the workbench did not switch to ${name}`);
    await sleep(1000);
  }

  check(
    'the Topo panel draws the layout with the bottleneck, follows edits and reveals lines',
    '06-panel',
    async () => {
      const file = 'deepseek-r1.topo';
      const workload = workloadLines(file).find((w) => w.name === 'R1_decode_H100_RoCE');
      assert.ok(workload, `no workload R1_decode_H100_RoCE in ${file}`);
      await openFile(file);
      await goToLine(workload.line + 3, 3);
      await runCommand('Topo: Open Panel');
      const frame = panelFrame();
      const diagram = frame.locator('#diagram svg.topo-diagram');
      await diagram.waitFor({ state: 'visible', timeout: 45_000 });
      await frame.locator('#estimate-title', { hasText: 'R1_decode_H100_RoCE' }).waitFor({ timeout: 15_000 });
      const levels = await diagram.locator('g.topo-level').count();
      assert.ok(levels >= 3, `the diagram has ${levels} level groups`);
      assert.match(await diagram.locator('g.topo-level').first().innerHTML(), /H100_RoCE/);
      const bottleneck = diagram.locator('g.topo-bottleneck');
      assert.equal(await bottleneck.count(), 1, 'no bottleneck mark in the diagram');
      assert.match(await bottleneck.innerHTML(), /RoCE400[\s\S]*% of step[\s\S]*bottleneck/);
      assert.ok((await frame.locator('#step-chart svg').count()) === 1, 'no step chart');
      assert.ok((await frame.locator('#memory-chart svg').count()) === 1, 'no memory chart');
      const curve = frame.locator('#curve-chart svg');
      assert.equal(await curve.count(), 1, 'no throughput-interactivity curve');
      assert.match(await curve.innerHTML(), /tok\/s per user/);
      for (const [i, theme] of [
        ['1', 'Light Modern'],
        ['2', 'Dark Modern'],
      ]) {
        await setTheme(theme);
        await frame.locator('#diagram svg.topo-diagram').waitFor({ state: 'visible', timeout: 15_000 });
        await sleep(500);
        await shot(`06-panel-${i}-${/dark/i.test(theme) ? 'dark' : 'light'}`);
      }

      // A click on the bottleneck fabric reveals the line that writes it, in the sample that declares the system.
      const target = 'h100-roce.topo';
      const fabricLine =
        readFileSync(join(workspace, target), 'utf8')
          .split('\n')
          .findIndex((l) => /^\s*fabric RoCE400 links 1/.test(l)) + 1;
      assert.ok(fabricLine > 0, `no 'fabric RoCE400 links 1' line in ${target}`);
      await bottleneck.click();
      await page.locator(`.tabs-container .tab.active[aria-label*="${target}"]`).waitFor({ timeout: 15_000 });
      let line;
      for (const deadline = Date.now() + 10_000; line !== fabricLine && Date.now() < deadline; await sleep(250))
        line = await cursorLine();
      assert.equal(line, fabricLine, `the click revealed line ${line}, not the fabric's line ${fabricLine}`);
      await shot('06-panel-3-revealed');

      // The panel now follows h100-roce.topo; an edit that doubles the RoCE links doubles the bandwidth it draws.
      const fabric = () => frame.locator('#diagram g.topo-fabric', { hasText: 'RoCE400' }).first();
      await fabric().waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await fabric().innerHTML(), /50 GB\/s per device/);
      const col =
        readFileSync(join(workspace, target), 'utf8').split('\n')[fabricLine - 1].indexOf('links 1') +
        'links '.length +
        1;
      await goToLine(fabricLine, col);
      await page.keyboard.press('Delete');
      await page.keyboard.type('2');
      await frame
        .locator('#diagram g.topo-fabric', { hasText: '100 GB/s per device' })
        .first()
        .waitFor({ timeout: 20_000 });
      await sleep(300);
      await shot('06-panel-4-edited');
      // Put the file back, so the comparisons that import it read the sample as written.
      await runCommand('File: Revert File');
    },
  );

  /** The 1-based line that declares comparison NAME in FILE of the workspace. */
  function compareLine(file, name) {
    const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
    return lines.findIndex((l) => l.startsWith(`compare ${name} {`)) + 1;
  }

  /** Waits until the panel shows comparison NAME with its chart; returns the frame. */
  async function comparisonShown(name, timeout = 90_000) {
    const frame = panelFrame();
    await frame.locator('#comparison-heading', { hasText: name }).waitFor({ timeout });
    await frame.locator('#comparison-chart svg.topo-chart').waitFor({ state: 'visible', timeout: 15_000 });
    return frame;
  }

  const SYSTEMS = ['CloudMatrix384', 'GB200_NVL72', 'H100_RoCE'];

  check(
    'the panel shows the comparison at the cursor: every system on one chart, the systems side by side',
    '07-compare',
    async () => {
      const file = 'compare.topo';
      const line = compareLine(file, 'R1_decode_15ms');
      assert.ok(line > 0, `no compare R1_decode_15ms in ${file}`);
      await openFile(file);
      await goToLine(line + 2, 3);
      await runCommand('Topo: Open Panel');
      const frame = await comparisonShown('R1_decode_15ms');
      const chart = frame.locator('#comparison-chart svg.topo-chart');
      const drawn = await chart.innerHTML();
      for (const system of SYSTEMS) assert.match(drawn, new RegExp(system), `${system} is not on the chart`);
      assert.match(drawn, /TPOT SLO 15 ms/, 'no SLO line');
      assert.match(drawn, /tok\/s per user/);
      assert.ok((drawn.match(/batch \d+/g) ?? []).length >= SYSTEMS.length, 'an operating point is not marked');
      assert.doesNotMatch(drawn, /NaN|Infinity/);
      assert.match(await frame.locator('#comparison-why').innerText(), /gives [\d.]+x the tok\/s per device of/);
      assert.ok(await frame.locator('#layout').isHidden(), 'a comparison draws no single layout');
      for (const [i, theme] of [
        ['1', 'Light Modern'],
        ['2', 'Dark Modern'],
      ]) {
        await setTheme(theme);
        await frame.locator('#comparison-chart svg.topo-chart').waitFor({ state: 'visible', timeout: 15_000 });
        await sleep(500);
        await shot(`07-compare-${i}-${/dark/i.test(theme) ? 'dark' : 'light'}`);
      }

      // The table view, by keyboard only: Enter on the button, then Tab (past the heading) reaches the table.
      const button = frame.locator('#tables');
      await button.press('Enter');
      const region = frame.locator('#comparison-table');
      const table = region.locator('table');
      await table.waitFor({ state: 'visible', timeout: 10_000 });
      const focused = () => region.evaluate((el) => el === el.ownerDocument.activeElement);
      await button.focus();
      let tabs = 0;
      while (tabs < 4 && !(await focused())) {
        await page.keyboard.press('Tab');
        tabs++;
      }
      assert.ok(await focused(), `${tabs} Tab(s) from the button do not reach the comparison table`);
      const head = await table.locator('th').allInnerTexts();
      for (const h of ['tok/s per device', 'tok/s per system', 'tok/s per kW', '$ per M tokens', 'bound'])
        assert.ok(head.includes(h), `no column ${h}: ${head.join(' | ')}`);
      const rows = await table.locator('tbody tr').allInnerTexts();
      assert.equal(rows.length, SYSTEMS.length, rows.join('\n'));
      for (const system of SYSTEMS)
        assert.ok(
          rows.some((r) => r.includes(system)),
          `no row for ${system}`,
        );
      assert.doesNotMatch(rows.join('\n'), /NaN|Infinity|undefined/);
      await sleep(300);
      await shot('07-compare-3-table');
      await button.press('Enter');
      await frame.locator('#comparison-chart svg.topo-chart').waitFor({ state: 'visible', timeout: 10_000 });

      // Enter on the comparison's heading reveals its declaration.
      await frame.locator('#comparison-heading').press('Enter');
      let at;
      for (const deadline = Date.now() + 10_000; at !== line && Date.now() < deadline; await sleep(250))
        at = await cursorLine();
      assert.equal(at, line, `the heading revealed line ${at}, not the comparison's line ${line}`);
    },
  );

  check('after the page reloads the panel comes back with its comparison (serializer)', '08-reload', async () => {
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    // No command opens it: VS Code restores it. It shows the comparison as a chart or as its table, whichever the
    // state VS Code for the Web last stored says (it stores the workbench's state on a timer, not on every change).
    const frame = panelFrame();
    await frame.locator('#comparison-heading', { hasText: 'R1_decode_15ms' }).waitFor({ timeout: 120_000 });
    const content = frame.locator('#comparison-chart svg.topo-chart, #comparison-table table');
    let visible = false;
    for (const deadline = Date.now() + 15_000; !visible && Date.now() < deadline; await sleep(250))
      for (const el of await content.all()) visible ||= await el.isVisible();
    assert.ok(visible, 'the restored panel shows neither the chart nor the table of the comparison');
    await sleep(500);
    await shot('08-reload');
  });

  check(
    'as npm start serves it, in Restricted Mode: after the login compare.topo opens with the panel on its comparison',
    '09-start-restricted',
    async () => {
      // A second code-server with workspace trust on: the folder opens untrusted, without a prompt.
      await page.context().close();
      await stopAllAndWait();
      const scratch = join(tmp, 'start');
      const folder = copySamples(scratch);
      const file = prepareStartWorkspace(folder);
      const extensionsDir = join(scratch, 'extensions');
      stageExtension(extensionsDir);
      // As npm start serves it: behind a password, the address it prints (the login keeps the address's query).
      const password = randomBytes(12).toString('base64url');
      server = await startCodeServer({
        folder,
        extensionsDir,
        userDataDir: join(scratch, 'user-data'),
        logFile: join(tmp, 'code-server.log'),
        password,
        restricted: true,
      });
      page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      await page.goto(workbenchUrl(server.url, folder, file), { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator('input[type="password"]').fill(password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
      await page.locator('.tabs-container .tab.active[aria-label*="compare.topo"]').waitFor({ timeout: 60_000 });
      await page.getByText('Restricted Mode').first().waitFor({ timeout: 30_000 });
      const frame = await comparisonShown('R1_decode_50ms', 120_000);
      const drawn = await frame.locator('#comparison-chart svg.topo-chart').innerHTML();
      for (const system of SYSTEMS) assert.match(drawn, new RegExp(system));
      assert.equal(await cursorLine(), file.line, 'the cursor is not on the first comparison');
      await sleep(500);
      await shot('09-start-restricted');
    },
  );
});

process.on('exit', (code) => {
  if (code && tmp && existsSync(join(tmp, 'code-server.log'))) console.error(tail(join(tmp, 'code-server.log'), 20));
});
