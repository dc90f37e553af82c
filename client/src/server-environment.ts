// The environment the language server is started in: the client's own, less what only slows the server's start.

/**
 * Node reads and parses every certificate in the file named by `NODE_EXTRA_CA_CERTS` at each start, before any of
 * the server's code runs: on this project's machines (the variable names the system's 220 KB bundle of 144
 * certificates) `node -e 0` takes 60 ms with it and 21 ms without it (`docs/editing.md`, "Start and memory"). The
 * server opens no network connection, TLS or other, so it is started with the variable empty, which Node skips. Every
 * other variable is passed through as it is.
 */
export const SERVER_ENVIRONMENT_OVERRIDES: Readonly<Record<string, string>> = { NODE_EXTRA_CA_CERTS: '' };

/** `env` (the client's own) with the overrides above: what the VS Code client and the test client start with. */
export function serverEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, ...SERVER_ENVIRONMENT_OVERRIDES };
}
