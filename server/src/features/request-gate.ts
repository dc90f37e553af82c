// Every request a feature registers: waits for messages already received, bails when cancelled, lets diagnostics go first.
import {
  CancellationToken,
  Connection,
  LSPErrorCodes,
  Message,
  MessageStrategy,
  RequestMessage,
  ResponseError,
  ResponseMessage,
} from './protocol';

let dispatched = 0;

/** Counts the messages the connection hands to their handlers (to know when its queue is empty). */
export const countingStrategy: MessageStrategy = {
  handleMessage(message, next) {
    dispatched++;
    return next(message);
  },
};

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');

/** A request cancelled while still queued is answered at once, without running its handler. */
export const cancelUndispatched = (message: Message): ResponseMessage => ({
  jsonrpc: '2.0',
  id: (message as RequestMessage).id ?? null,
  error: cancelled().toJson(),
});

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const MAX_TICKS = 512;

/**
 * Resolves once every message already received has been dispatched: edits applied, cancellations seen.
 * The connection dispatches one queued message per event-loop turn, so two quiet turns mean an empty queue.
 */
export async function settle(): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < MAX_TICKS && quiet < 2; i++) {
    const before = dispatched;
    await tick();
    quiet = dispatched === before ? quiet + 1 : 0;
  }
}

/** The request registrations the gate wraps (each handler's arguments end with the cancellation token). */
const requests = new Set([
  'onHover',
  'onDefinition',
  'onDocumentSymbol',
  'onCodeLens',
  'onCodeLensResolve',
  'onCompletion',
  'onCompletionResolve',
  'onCodeAction',
  'onReferences',
  'onPrepareRename',
  'onRenameRequest',
  'onDocumentHighlight',
  'onWorkspaceSymbol',
  'onDocumentFormatting',
  'onDocumentRangeFormatting',
  'onFoldingRanges',
  'onSignatureHelp',
  'onSelectionRanges',
  'onDocumentLinks',
  'onExecuteCommand',
  'onRequest',
]);
/** The `connection.languages` features the gate wraps: whether each is presentation (nothing over the size budget). */
const languageRequests = new Map([
  ['semanticTokens', true],
  ['inlayHint', true],
  ['diagnostics', false],
]);

export interface GateHooks {
  /** What runs before a document's request: its pending diagnostics (they are never delayed by a lens or tokens). */
  before(uri: string): Promise<void>;
  /** Whether a document is over the size budget: its presentation requests (tokens, lenses, hints) answer nothing. */
  overBudget(uri: string): boolean;
}

type Handler = (...args: unknown[]) => unknown;

function gate(handler: Handler, hooks: GateHooks, presentation: boolean): Handler {
  return async (...args: unknown[]) => {
    const token = args.find((a): a is CancellationToken => CancellationToken.is(a));
    await settle();
    if (token?.isCancellationRequested) throw cancelled();
    const params = args[0] as { textDocument?: { uri?: unknown }; uri?: unknown } | undefined;
    const uri = params?.textDocument?.uri ?? params?.uri;
    if (typeof uri === 'string') {
      if (presentation && hooks.overBudget(uri)) return null;
      await hooks.before(uri);
      // The diagnostics took a while: edits and cancellations that arrived meanwhile come first again.
      await settle();
    }
    if (token?.isCancellationRequested) throw cancelled();
    return handler(...args);
  };
}

/** The connection the features see: the same, with every request handler gated. */
export function gatedConnection(connection: Connection, hooks: GateHooks): Connection {
  // A registration whose last argument is the handler: register the gated handler instead.
  const gateLast =
    (register: Handler, self: object, presentation = false) =>
    (...args: unknown[]) => {
      const gated = (a: unknown, i: number) =>
        i === args.length - 1 && typeof a === 'function' ? gate(a as Handler, hooks, presentation) : a;
      return register.apply(self, args.map(gated));
    };
  const languages = new Proxy(connection.languages, {
    get(target, name, receiver) {
      const feature = Reflect.get(target, name, receiver) as object;
      if (typeof name !== 'string' || !languageRequests.has(name)) return feature;
      return new Proxy(feature, {
        get(t, n, r) {
          const value = Reflect.get(t, n, r);
          const registration =
            typeof n === 'string' && (n.startsWith('on') || n === 'resolve') && typeof value === 'function';
          return registration ? gateLast(value, t, languageRequests.get(name)) : value;
        },
      });
    },
  });
  return new Proxy(connection, {
    get(target, name, receiver) {
      if (name === 'languages') return languages;
      const value = Reflect.get(target, name, receiver);
      if (typeof name !== 'string' || !requests.has(name) || typeof value !== 'function') return value;
      return gateLast(value as Handler, target, name === 'onCodeLens');
    },
  });
}
