// The one place that maps core spans and diagnostics to LSP ranges and diagnostics.
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
import { Span } from '../syntax/ast';
import { positionAt } from '../syntax/lines';
import { Severity, TopoDiagnostic } from '../semantics/diagnostics';

export function toRange(text: string, span: Span): Range {
  return { start: positionAt(text, span.start), end: positionAt(text, span.end) };
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(text: string, d: TopoDiagnostic): Diagnostic {
  const result: Diagnostic = { range: toRange(text, d.span), severity: severities[d.severity], code: d.code, source: 'topo', message: d.message };
  if (d.data) result.data = d.data;
  return result;
}

export function containsOffset(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
