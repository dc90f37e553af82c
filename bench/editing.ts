// Completion and formatting latency on the generated 10,000-line file, in process and through the real server.
import { performance } from 'node:perf_hooks';
import { completionsAt } from '../server/src/features/completion';
import { formatEdits } from '../server/src/features/format';
import { Workspace } from '../server/src/semantics/program';
import { LspClient } from '../test/helpers/lsp-client';
import { catalogPath } from '../test/helpers/repo';
import type { BenchContext, Measurement } from './bench';

const time = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

/** Three cursors in the second half of the file: a unit after a number, a device name after `gpu`, a field name at a line start. */
function cursorsOf(text: string): number[] {
  const half = text.length >> 1;
  const bandwidth = text.indexOf('  bandwidth ', half) + '  bandwidth '.length;
  return [
    text.indexOf(' ', bandwidth) + 1,
    text.indexOf('      gpu ', half) + '      gpu '.length,
    text.indexOf('  latency', half) + 2,
  ];
}

function serverMeasurement(
  name: string,
  request: (
    client: LspClient,
    ctx: BenchContext,
    positions: { line: number; character: number }[],
    run: number,
  ) => Promise<unknown>,
): Measurement {
  return {
    name,
    unit: 'ms',
    budget: 50,
    run: async (ctx) => {
      const client = await LspClient.start({ nodeArgs: ctx.serverArgs, configuration: {} });
      await client.openAndWait(ctx.uri, ctx.text, 1);
      const positions = cursorsOf(ctx.text).map((o) => {
        const before = ctx.text.slice(0, o).split('\n');
        return { line: before.length - 1, character: before[before.length - 1].length };
      });
      const figures: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        const started = performance.now();
        await request(client, ctx, positions, run);
        figures.push(performance.now() - started);
      }
      await client.stop();
      return figures;
    },
  };
}

export const editingMeasurements: Measurement[] = [
  {
    name: 'completion in process (unit, device name, field name)',
    unit: 'ms',
    budget: 50,
    run: (ctx) => {
      const workspace = new Workspace(undefined, catalogPath);
      workspace.catalog();
      const offsets = cursorsOf(ctx.text);
      const figures: number[] = [];
      // The document's analysis is current (the server analyses each version once, incrementally).
      workspace.setDocument(ctx.uri, ctx.text, 1);
      const analysis = workspace.analyse(ctx.uri)!;
      for (let run = 0; run < ctx.runs; run++)
        for (const offset of offsets)
          figures.push(
            time(() => {
              if (!completionsAt(workspace, { analysis, offset }).length) throw new Error(`no completion at ${offset}`);
            }),
          );
      return figures;
    },
  },
  {
    name: 'formatting in process',
    unit: 'ms',
    budget: 30,
    run: (ctx) => {
      formatEdits(ctx.text);
      return Array.from({ length: ctx.runs }, () => time(() => formatEdits(ctx.text)));
    },
  },
  serverMeasurement(
    'server: completion right after an edit (didChange -> completion)',
    async (client, ctx, positions, run) => {
      // Type a character at the end of the file and delete it again, then ask at once: the server has not analysed this version.
      const end = ctx.text.split('\n').length - 1;
      client.edit(
        ctx.uri,
        { start: { line: end, character: 0 }, end: { line: end, character: run % 2 ? 1 : 0 } },
        run % 2 ? '' : ' ',
        run + 2,
      );
      await client.completion(ctx.uri, positions[run % positions.length]);
    },
  ),
  serverMeasurement('server: formatting (textDocument/formatting)', (client, ctx) =>
    client.request('textDocument/formatting', {
      textDocument: { uri: ctx.uri },
      options: { tabSize: 2, insertSpaces: true },
    }),
  ),
];
