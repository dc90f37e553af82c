// Folding ranges: blocks, multi-line block comments, runs of line comments, and `// #region` ... `// #endregion`.
import { FoldingRange, FoldingRangeKind } from './protocol';
import { Block, SourceFile } from '../syntax/ast';
import { linesOf } from '../syntax/lines';
import type { FeatureRegistration } from './registry';
import { Services } from './services';

const regionStart = /^\/\/\s*#region\b/;
const regionEnd = /^\/\/\s*#endregion\b/;

export function foldingRanges(file: SourceFile): FoldingRange[] {
  const text = file.text;
  const out: FoldingRange[] = [];
  const lines = linesOf(file);
  const lineOf = (offset: number) => lines.lineOf(offset);
  const addBlock = (block: Block) => {
    const startLine = lineOf(block.span.start);
    let endLine = lineOf(block.span.end);
    // Keep a closing brace that starts its line visible.
    if (block.closed && text.slice(lines.lineStart(lineOf(block.span.end - 1)), block.span.end - 1).trim() === '')
      endLine--;
    if (endLine > startLine) out.push({ startLine, endLine });
    for (const f of block.fields) if (f.block) addBlock(f.block);
  };
  for (const d of file.declarations) if (d.block) addBlock(d.block);

  const regions: number[] = [];
  let run: { start: number; end: number } | undefined;
  const flushRun = () => {
    if (run && run.end > run.start)
      out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const c of file.comments) {
    const line = lineOf(c.span.start);
    if (c.text.startsWith('/*')) {
      flushRun();
      const end = lineOf(c.span.end);
      if (end > line) out.push({ startLine: line, endLine: end, kind: FoldingRangeKind.Comment });
      continue;
    }
    if (regionStart.test(c.text)) {
      flushRun();
      regions.push(line);
      continue;
    }
    if (regionEnd.test(c.text)) {
      flushRun();
      const start = regions.pop();
      if (start !== undefined && line > start)
        out.push({ startLine: start, endLine: line, kind: FoldingRangeKind.Region });
      continue;
    }
    // Only comments alone on their line form a foldable run.
    if (text.slice(lines.lineStart(line), c.span.start).trim() !== '') {
      flushRun();
      continue;
    }
    if (run && line === run.end + 1) run.end = line;
    else {
      flushRun();
      run = { start: line, end: line };
    }
  }
  flushRun();
  return out.sort((a, b) => a.startLine - b.startLine);
}

function currentFile(services: Services, uri: string): SourceFile | undefined {
  const doc = services.documents.get(uri);
  if (!doc) return undefined;
  services.workspace.setDocumentIfChanged(uri, doc.getText(), doc.version);
  return services.workspace.parse(uri);
}

export const foldingFeature: FeatureRegistration = {
  capabilities: { foldingRangeProvider: true },
  register(services) {
    services.connection.onFoldingRanges((params) =>
      services.guard('foldingRanges', [], () => {
        const file = currentFile(services, params.textDocument.uri);
        return file ? foldingRanges(file) : [];
      }),
    );
  },
};

export { currentFile };
