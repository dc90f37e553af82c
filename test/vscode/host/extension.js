// Test host: on activation, runs the extension-host mocha suite named in host-config.json
// and writes its results as JSON, so a runner outside the editor can read them.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function activate() {
  const configFile = path.join(__dirname, 'host-config.json');
  if (!fs.existsSync(configFile)) return;
  const { suitePath, resultsPath } = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const write = (results) => {
    const tmp = `${resultsPath}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
    fs.renameSync(tmp, resultsPath); // the runner never sees a half-written file
  };
  fs.writeFileSync(`${resultsPath}.started`, new Date().toISOString());
  // Leave activation first: the suite waits on other extensions and on the workbench.
  setTimeout(async () => {
    try {
      const suite = require(suitePath);
      write(await suite.runAndCollect());
    } catch (err) {
      write({ error: String((err && err.stack) || err), tests: [], passed: 0, failed: 1 });
    }
  }, 0);
}

function deactivate() {}

module.exports = { activate, deactivate };
