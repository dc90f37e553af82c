// Checks files from disk with the same core as the server: binder diagnostics plus the estimator's findings.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { estimateDiagnostics } from './features/estimates';
import { defaultSettings } from './features/services';
import { TopoDiagnostic } from './semantics/diagnostics';
import { Workspace } from './semantics/program';
import { LineSource, positionAt } from './syntax/lines';

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

export function checkFiles(workspace: Workspace, files: string[]): { diagnostics: CliDiagnostic[]; missing: string[] } {
  const diagnostics: CliDiagnostic[] = [];
  const missing: string[] = [];
  for (const file of files) {
    const uri = URI.file(path.resolve(file)).toString();
    const analysis = workspace.analyse(uri);
    if (!analysis) {
      missing.push(file);
      continue;
    }
    const all = [...analysis.diagnostics, ...estimateDiagnostics(analysis, defaultSettings.bottleneckThreshold)].sort((a, b) => a.span.start - b.span.start);
    for (const d of all) diagnostics.push(toCli(file, analysis.file, d));
  }
  return { diagnostics, missing };
}

function toCli(file: string, source: LineSource, d: TopoDiagnostic): CliDiagnostic {
  const start = positionAt(source, d.span.start);
  const end = positionAt(source, d.span.end);
  return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: d.severity, code: d.code, message: d.message };
}

/** The CLI's text line for a diagnostic: `path:line:col: severity code: message`. */
export function formatCliDiagnostic(d: CliDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}
