// The one place that maps core spans and diagnostics to LSP ranges and diagnostics.
import { Diagnostic, DiagnosticSeverity, Range } from './protocol';
import { Span } from '../syntax/ast';
import { LineSource, linesOf } from '../syntax/lines';
import { Severity, TopoDiagnostic } from '../semantics/diagnostics';

/** A span of the source's text as an LSP range, through the source's one line table. */
export function toRange(source: LineSource, span: Span): Range {
  const lines = linesOf(source);
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Where every code is explained: the README's table of diagnostic codes. */
export const DIAGNOSTIC_CODES_URL = 'https://github.com/topo-tools/topo-vscode#diagnostic-codes';

/** `codeLinks`: link the code to its explanation (for a client that shows `codeDescription`; it costs 30% more bytes). */
export function toLspDiagnostic(source: LineSource, d: TopoDiagnostic, codeLinks = false): Diagnostic {
  const result: Diagnostic = {
    range: toRange(source, d.span),
    severity: severities[d.severity],
    code: d.code,
    source: 'topo',
    message: d.message,
  };
  if (codeLinks) result.codeDescription = { href: DIAGNOSTIC_CODES_URL };
  if (d.data) result.data = d.data;
  return result;
}

export function containsOffset(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
