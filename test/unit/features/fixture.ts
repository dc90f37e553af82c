// Test fixtures for the editing features: an in-memory workspace over the real catalog, and `|` cursor markers.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { FileAnalysis, nodeFileHost, Workspace } from '../../../server/src/semantics/program';
import { positionAt } from '../../../server/src/syntax/lines';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const catalogPath = path.join(repoRoot, 'catalog', 'catalog.topo');
export const samplesDir = path.join(repoRoot, 'samples');

export const uriOf = (name: string) => URI.file(path.join('/ws', name)).toString();

/** A workspace whose files are the given texts (by name under /ws), the catalog and anything else read from disk. */
export function workspaceWith(files: Record<string, string>): Workspace {
  const byUri = new Map(Object.entries(files).map(([name, text]) => [uriOf(name), text]));
  return new Workspace({ read: (uri) => byUri.get(uri) ?? nodeFileHost.read(uri) }, catalogPath);
}

/** Splits `|` markers out of a text: the text and the offsets where they stood. */
export function cursors(marked: string): { text: string; offsets: number[] } {
  const parts = marked.split('|');
  const offsets: number[] = [];
  let length = 0;
  for (const part of parts.slice(0, -1)) offsets.push((length += part.length));
  return { text: parts.join(''), offsets };
}

/** One file with one cursor, opened in a fresh workspace (plus other files), analysed. */
export function openAt(marked: string, others: Record<string, string> = {}, name = 'main.topo'): { workspace: Workspace; analysis: FileAnalysis; text: string; offset: number; uri: string } {
  const { text, offsets } = cursors(marked);
  const workspace = workspaceWith({ ...others, [name]: text });
  const uri = uriOf(name);
  workspace.setDocument(uri, text, 1);
  return { workspace, analysis: workspace.analyse(uri)!, text, offset: offsets[0], uri };
}

/** Applies LSP-style edits (line/character ranges) to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => (p.line >= lineStarts.length ? text.length : lineStarts[p.line] + p.character);
  const sorted = edits.map((e, i) => ({ e, i, s: off(e.range.start), t: off(e.range.end) })).sort((a, b) => b.s - a.s || b.i - a.i);
  let out = text;
  for (const { e, s, t } of sorted) out = out.slice(0, s) + e.newText + out.slice(t);
  return out;
}

export { positionAt };
