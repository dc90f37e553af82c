// The one place that maps core spans and diagnostics to LSP ranges and diagnostics.
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
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

export function toLspDiagnostic(source: LineSource, d: TopoDiagnostic): Diagnostic {
  const result: Diagnostic = { range: toRange(source, d.span), severity: severities[d.severity], code: d.code, source: 'topo', message: d.message };
  if (d.data) result.data = d.data;
  return result;
}

export function containsOffset(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
