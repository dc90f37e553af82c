// Checks documents with the same core as the server: binder diagnostics plus the estimator's findings.
import { estimateDiagnostics } from '../features/estimates';
import { defaultSettings } from '../features/services';
import { TopoDiagnostic } from '../semantics/diagnostics';
import { Workspace } from '../semantics/program';
import { LineSource, positionAt } from '../syntax/lines';
import { CliInput, fileInput } from './inputs';

export interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

/** Diagnostics of each input (paths or inputs), and the names of those that could not be read. */
export function checkFiles(
  workspace: Workspace,
  inputs: (string | CliInput)[],
): { diagnostics: CliDiagnostic[]; missing: string[] } {
  const diagnostics: CliDiagnostic[] = [];
  const missing: string[] = [];
  for (const input of inputs.map((i) => (typeof i === 'string' ? fileInput(i) : i))) {
    if (input.text !== undefined) workspace.setDocument(input.uri, input.text, 0);
    const analysis = workspace.analyse(input.uri);
    if (!analysis) {
      missing.push(input.name);
      continue;
    }
    const findings = estimateDiagnostics(analysis, defaultSettings.bottleneckThreshold);
    const all = [...analysis.diagnostics, ...findings].sort((a, b) => a.span.start - b.span.start);
    for (const d of all) diagnostics.push(toCli(input.name, analysis.file, d));
  }
  return { diagnostics, missing };
}

function toCli(file: string, source: LineSource, d: TopoDiagnostic): CliDiagnostic {
  const start = positionAt(source, d.span.start);
  const end = positionAt(source, d.span.end);
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

/** The CLI's text line for a diagnostic: `path:line:col: severity code: message`, the severity coloured if asked. */
export function formatCliDiagnostic(d: CliDiagnostic, paint: (severity: string) => string = (s) => s): string {
  return `${d.file}:${d.line}:${d.column}: ${paint(d.severity)} ${d.code}: ${d.message}`;
}
