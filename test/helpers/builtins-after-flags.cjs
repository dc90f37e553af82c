// Preloaded into a server process (node -r): writes to $TOPO_BUILTINS_LOG the built-in modules loaded after the first
// V8 flag was set, when the process exits. Node's code cache of its built-ins is refused after a flag is set.
'use strict';
const v8 = require('node:v8');
const fs = require('node:fs');
const setFlags = v8.setFlagsFromString;
let loadedBefore;
v8.setFlagsFromString = function (flags) {
  loadedBefore ??= new Set(process.moduleLoadList);
  return setFlags.call(this, flags);
};
process.on('exit', () => {
  const after = loadedBefore ? process.moduleLoadList.filter((m) => !loadedBefore.has(m)) : [];
  const modules = after.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  fs.writeFileSync(process.env.TOPO_BUILTINS_LOG, JSON.stringify({ flagSet: loadedBefore !== undefined, modules }));
});
