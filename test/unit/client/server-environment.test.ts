// The environment the VS Code client starts the server in: NODE_EXTRA_CA_CERTS empty (Node skips it), the rest kept.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { serverEnvironment } from '../../../client/src/server-environment';

/** What Node prints on stderr at start in `env`: it warns when it cannot read the extra certificates it was given. */
const startWarnings = (env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['-e', '0'], { env, encoding: 'utf8' }).stderr;

describe('server environment', () => {
  const unreadable = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/topo-test-certificates.pem' };

  it('empties NODE_EXTRA_CA_CERTS and keeps every other variable', () => {
    const env = serverEnvironment({ PATH: '/usr/bin', HOME: '/home/u', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca.pem' });
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/u', NODE_EXTRA_CA_CERTS: '' });
    assert.equal(serverEnvironment({}).NODE_EXTRA_CA_CERTS, '');
  });

  it('makes Node skip the certificates at start (it reads, and warns about, the file when the variable is passed on)', () => {
    assert.match(startWarnings(unreadable), /extra certs from `\/nonexistent\/topo-test-certificates\.pem`/);
    assert.equal(startWarnings(serverEnvironment(unreadable)), '');
  });
});
