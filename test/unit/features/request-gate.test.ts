// The request gate: a cancelled request never runs its handler; a document's pending diagnostics run before it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { gatedConnection } from '../../../server/src/features/request-gate';

type Handler = (...args: unknown[]) => unknown;

/** A connection that records the handlers registered on it. */
function fakeConnection(): { connection: Connection; handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  const register = (name: string) => (handler: Handler) => void handlers.set(name, handler);
  const connection = {
    onHover: register('hover'),
    onRequest: (method: string, handler: Handler) => void handlers.set(method, handler),
    languages: { semanticTokens: { on: register('semanticTokens'), refresh: () => 'refreshed' } },
  } as unknown as Connection;
  return { connection, handlers };
}

describe('request gate', () => {
  it('answers a request cancelled while it waited with RequestCancelled, without running the handler', async () => {
    const { connection, handlers } = fakeConnection();
    let ran = 0;
    gatedConnection(connection, { before: async () => undefined, overBudget: () => false }).onHover(() => {
      ran++;
      return null;
    });
    const source = new CancellationTokenSource();
    const answer = (handlers.get('hover')! as Handler)({ textDocument: { uri: 'file:///a.topo' } }, source.token);
    source.cancel();
    await assert.rejects(
      answer as Promise<unknown>,
      (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled,
    );
    assert.equal(ran, 0);
  });

  it("runs the document's pending diagnostics first, for language features and custom requests too", async () => {
    const { connection, handlers } = fakeConnection();
    const order: string[] = [];
    const gated = gatedConnection(connection, {
      before: async (uri) => {
        order.push(`diagnostics ${uri}`);
      },
      overBudget: (uri) => uri.endsWith('large.topo'),
    });
    gated.languages.semanticTokens.on(() => {
      order.push('tokens');
      return { data: [] };
    });
    gated.onRequest('topo/breakdown', () => {
      order.push('breakdown');
      return null;
    });
    const token = new CancellationTokenSource().token;
    await (handlers.get('semanticTokens')! as Handler)({ textDocument: { uri: 'file:///a.topo' } }, token);
    await (handlers.get('topo/breakdown')! as Handler)({ uri: 'file:///b.topo', workload: 'W' }, token);
    assert.deepEqual(order, ['diagnostics file:///a.topo', 'tokens', 'diagnostics file:///b.topo', 'breakdown']);
    // Over the size budget, tokens are not computed at all.
    assert.equal(
      await (handlers.get('semanticTokens')! as Handler)({ textDocument: { uri: 'file:///large.topo' } }, token),
      null,
    );
    assert.equal(order.length, 4);
    assert.equal(gated.languages.semanticTokens.refresh(), 'refreshed' as unknown as void);
  });
});
