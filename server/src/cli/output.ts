// Where the CLI writes: whole output on a pipe (never cut at exit) and colour only on a terminal without NO_COLOR.
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Wraps text in an ANSI colour when colour is on. */
  paint(text: string, colour: 'red' | 'yellow' | 'cyan' | 'dim'): string;
}

const codes = { red: 31, yellow: 33, cyan: 36, dim: 2 } as const;

/** Colour follows https://no-color.org: NO_COLOR (non-empty) turns it off, FORCE_COLOR (not 0) on, else a TTY. */
export function colourWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTTY;
}

/**
 * The process's own streams. Writes are queued by Node on a pipe; the CLI never calls process.exit, so
 * node exits only once they have drained.
 */
export function processOutput(): Output {
  const colour = colourWanted(process.env, !!process.stdout.isTTY);
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    paint: (text, c) => (colour ? `\u001b[${codes[c]}m${text}\u001b[0m` : text),
  };
}

export function severityColour(severity: string): 'red' | 'yellow' | 'cyan' {
  return severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'cyan';
}
