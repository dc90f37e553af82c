// Reading files from disk: regular files within the size limit only, never blocking; the server's host reads asynchronously.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { AsyncDiskHost, readTopoFile, readTopoFileSync } from '../../server/src/disk';
import { FILE_BUDGET_BYTES } from '../../server/src/semantics/budgets';
import { nodeFileHost, Workspace } from '../../server/src/semantics/program';
import { catalogPath } from '../helpers/repo';

describe('reading .topo files from disk', () => {
  let dir: string;
  const at = (name: string) => path.join(dir, name);
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topo-disk-'));
    fs.writeFileSync(at('ok.topo'), 'link L { bandwidth 1 GB/s  latency 1 us }\n');
    execFileSync('mkfifo', [at('pipe.topo')]);
    fs.mkdirSync(at('folder.topo'));
    fs.writeFileSync(at('big.topo'), '');
    fs.truncateSync(at('big.topo'), FILE_BUDGET_BYTES + 1);
    fs.writeFileSync(at('limit.topo'), '/'.repeat(FILE_BUDGET_BYTES));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [name, read] of [
    ['synchronously', readTopoFileSync],
    ['asynchronously', readTopoFile],
  ] as const) {
    it(`${name}: reads a regular file, says a missing one is missing`, async () => {
      assert.deepEqual(await read(at('ok.topo')), { text: 'link L { bandwidth 1 GB/s  latency 1 us }\n' });
      assert.deepEqual(await read(at('nothing.topo')), { missing: true });
      assert.equal(((await read(at('limit.topo'))) as { text: string }).text.length, FILE_BUDGET_BYTES);
    });
    it(`${name}: refuses a FIFO, a directory and devices at once`, async () => {
      const started = Date.now();
      for (const p of [at('pipe.topo'), '/dev/zero', '/dev/urandom'])
        assert.match(String(((await read(p)) as { refused: string }).refused), /not a regular file/);
      assert.match(String(((await read(at('folder.topo'))) as { refused: string }).refused), /a directory/);
      assert.ok(Date.now() - started < 1000);
    });
    it(`${name}: refuses a file over the limit without reading it`, async () => {
      assert.match(
        String(((await read(at('big.topo'))) as { refused: string }).refused),
        /1,000,001 bytes, over the 1 MB limit/,
      );
    });
  }

  it("the CLI's workspace reports an import of a FIFO at the import, with the reason", () => {
    const workspace = new Workspace(nodeFileHost, catalogPath);
    const uri = URI.file(at('main.topo')).toString();
    workspace.setDocument(uri, 'import "pipe.topo"\n', 1);
    const d = workspace.analyse(uri)!.diagnostics.find((x) => x.code === 'TOPO204');
    assert.match(String(d?.message), /cannot read 'pipe.topo': it is not a regular file/);
  });

  it("the server's host answers pending, reads in the background, then answers the text; importers wait meanwhile", async () => {
    const loaded: string[] = [];
    const host = new AsyncDiskHost((uri) => loaded.push(uri));
    const workspace = new Workspace(host, catalogPath);
    const okUri = URI.file(at('ok.topo')).toString();
    assert.deepEqual(host.read(okUri), { pending: true });
    const uri = URI.file(at('main.topo')).toString();
    workspace.setDocument(uri, 'import "ok.topo"\nsystem S { gpu H100 x 8  fabric L }\n', 1);
    const first = workspace.analyse(uri)!;
    assert.equal(first.imports[0].pending, true);
    assert.ok(!first.diagnostics.some((d) => d.code === 'TOPO204'), 'a file being read is not reported missing');
    assert.ok(workspace.waitsForReads(first));
    await host.idle();
    assert.ok(loaded.includes(okUri));
    for (const u of loaded) workspace.fileChanged(u);
    const second = workspace.analyse(uri)!;
    assert.notEqual(second, first);
    assert.ok(!workspace.waitsForReads(second));
    assert.deepEqual(
      second.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it("the server's host gives up waiting for a read that hangs, and does not start another", async () => {
    let reads = 0;
    const loaded: string[] = [];
    const host = new AsyncDiskHost(
      (uri) => loaded.push(uri),
      () => {
        reads++;
        return new Promise(() => undefined);
      },
      50,
    );
    const uri = URI.file(at('hung.topo')).toString();
    assert.deepEqual(host.read(uri), { pending: true });
    await host.idle();
    assert.deepEqual(host.read(uri), { refused: 'reading it took over 0.05 s' });
    assert.deepEqual(loaded, [uri]);
    await host.load(uri);
    assert.equal(reads, 1);
  });
});
