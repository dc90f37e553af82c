// SARIF 2.1.0 log of `topo check` diagnostics, as GitHub code scanning reads it.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { diagnosticCodes } from '../semantics/diagnostics';
import { CliDiagnostic } from './check';

export const PROJECT_URL = 'https://github.com/topo-tools/topo-vscode';

const rules = Object.entries(diagnosticCodes).map(([id, text]) => ({
  id,
  shortDescription: { text },
  helpUri: `${PROJECT_URL}#diagnostic-codes`,
}));
const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));

function level(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A file name as a URI reference relative to the working directory (the repository root in CI). */
function artifactUri(file: string, cwd: string): string {
  const relative = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  return encodeURI(relative.split(path.sep).join('/'));
}

export function sarifLog(diagnostics: CliDiagnostic[], version: string, cwd = process.cwd()): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'topo', semanticVersion: version, informationUri: PROJECT_URL, rules } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(`${cwd}${path.sep}`).href } },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
          level: level(d.severity),
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(d.file, cwd), uriBaseId: '%SRCROOT%' },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
