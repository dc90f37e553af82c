// Test fixtures for the editing features: an in-memory workspace over the real catalog, and `|` cursor markers.
import * as path from 'node:path';
import { TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
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
export function openAt(
  marked: string,
  others: Record<string, string> = {},
  name = 'main.topo',
): { workspace: Workspace; analysis: FileAnalysis; text: string; offset: number; uri: string } {
  const { text, offsets } = cursors(marked);
  const workspace = workspaceWith({ ...others, [name]: text });
  const uri = uriOf(name);
  workspace.setDocument(uri, text, 1);
  return { workspace, analysis: workspace.analyse(uri)!, text, offset: offsets[0], uri };
}

/** Applies LSP edits (line/character ranges) to a text as an editor does: vscode-languageserver-textdocument's own lines. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///t.topo', 'topo', 1, text), edits);
}

export { positionAt };
