// What the CLI reads: files, directories (every .topo below them), globs, and `-` for standard input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import { URI } from 'vscode-uri';

/** One document to analyse: the name shown in output, its URI, and its text when it does not come from disk. */
export interface CliInput {
  name: string;
  uri: string;
  text?: string;
}

export const STDIN_NAME = '<stdin>';

/** Inputs named by the arguments, in order, without repeats; `unmatched` lists arguments that name nothing. */
export function expandInputs(
  args: string[],
  readStdin: () => string = () => fs.readFileSync(0, 'utf8'),
): { inputs: CliInput[]; unmatched: string[] } {
  const inputs: CliInput[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  const add = (input: CliInput) => {
    if (seen.has(input.uri)) return;
    seen.add(input.uri);
    inputs.push(input);
  };
  for (const arg of args) {
    if (arg === '-') {
      // Imports in standard input resolve from the working directory.
      add({ name: STDIN_NAME, uri: URI.file(path.resolve(STDIN_NAME)).toString(), text: readStdin() });
      continue;
    }
    const found = filesOf(arg);
    if (found === undefined) add(fileInput(arg));
    else if (found.length) found.forEach((f) => add(fileInput(f)));
    else unmatched.push(arg);
  }
  return { inputs, unmatched };
}

export function fileInput(file: string): CliInput {
  return { name: file, uri: URI.file(path.resolve(file)).toString() };
}

/** The .topo files a directory or glob names (sorted); undefined for a plain path, left to the reader. */
function filesOf(arg: string): string[] | undefined {
  const options = { dot: false, ignore: ['**/node_modules/**'] };
  if (isDirectory(arg)) {
    const base = fg.convertPathToPattern(arg.replace(/[\\/]+$/, '') || '/');
    return fg.sync(`${base}/**/*.topo`, options).sort();
  }
  if (fg.isDynamicPattern(arg)) return fg.sync(arg, options).sort();
  return undefined;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
