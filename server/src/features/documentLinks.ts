// Document links: each import's path string links to the file it imports.
import { DocumentLink } from './protocol';
import { FileAnalysis } from '../semantics/program';
import type { FeatureRegistration } from './registry';
import { toRange } from './ranges';

/** A link per import whose file was found (one that cannot be found or named is a TOPO204 error, not a link). */
export function documentLinks(analysis: FileAnalysis): DocumentLink[] {
  const unusable = (start: number) => analysis.diagnostics.some((d) => d.code === 'TOPO204' && d.span.start === start);
  return analysis.imports
    .filter((link) => link.uri !== undefined && !unusable(link.span.start))
    .map((link) => ({ range: toRange(analysis.file, link.span), target: link.uri, tooltip: 'Open the imported file' }));
}

export const documentLinksFeature: FeatureRegistration = {
  capabilities: { documentLinkProvider: { resolveProvider: false } },
  register(services) {
    services.connection.onDocumentLinks((params) =>
      services.guard<DocumentLink[]>('documentLinks', [], () => {
        const analysis = services.analysis(params.textDocument.uri);
        return analysis ? documentLinks(analysis) : [];
      }),
    );
  },
};
