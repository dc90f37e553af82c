// The CLI's workspace: files from disk, and the catalog from the copy embedded in the bundle, so it runs from anywhere.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import catalogText from '../../../catalog/catalog.topo';
import { nodeFileHost, Workspace } from '../semantics/program';

/** A workspace whose catalog is the copy embedded in the bundle, so the CLI runs from anywhere. */
export function cliWorkspace(): Workspace {
  const catalogPath = path.join(__dirname, 'catalog', 'catalog.topo');
  const catalogUri = URI.file(catalogPath).toString();
  return new Workspace({ read: (uri) => (uri === catalogUri ? catalogText : nodeFileHost.read(uri)) }, catalogPath);
}
