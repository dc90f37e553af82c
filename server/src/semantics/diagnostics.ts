// The stable diagnostic codes of the language and the editor-neutral diagnostic type.
import { Span } from '../syntax/ast';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TopoDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  /** What a quick fix needs, so that it never re-analyses: replacements, suggestions, values. */
  data?: FixData;
}

/** Data a quick fix applies: each a text edit in the same document, the first preferred. */
export interface FixData {
  fixes?: { title: string; span: Span; newText: string }[];
  [key: string]: unknown;
}

export const diagnosticCodes = {
  TOPO100: 'Syntax error: the parser recovered and went on.',
  TOPO200:
    'Unknown name: no accelerator, link, system or model of that name in the file, its imports or the catalog ("did you mean").',
  TOPO201: 'Duplicate name: a declaration reuses a name already declared in the file or its imports.',
  TOPO202: 'Unknown field for this kind of block ("did you mean").',
  TOPO203: 'Missing required field.',
  TOPO204:
    'Import not found or not read: missing, not a regular file, over the 1 MB size limit, or over the analysis budget.',
  TOPO205:
    'Import cycle: reported in every file of the cycle, at its import of the next; no import of the cycle is followed.',
  TOPO206: 'A name refers to the wrong kind of thing (a link where an accelerator is expected).',
  TOPO207: 'Declaration without a name.',
  TOPO208: 'Field given twice in one block.',
  TOPO209:
    'A field the estimate needs is not written: an assumed value is used (information; the quick fix writes it).',
  TOPO210:
    'Over a budget: a file above 1 MB is analysed in outline (syntax, names, imports), above 8 MB not at all; of more than 1,000 problems the first 1,000 are shown.',
  TOPO300: 'Wrong dimension: a value with a unit of the wrong kind (a bandwidth in GB).',
  TOPO301: 'Missing or unknown unit.',
  TOPO302: 'Bits versus bytes: a bandwidth implausible for its link family, plausible in the other unit.',
  TOPO303: 'Implausible or invalid value: zero, negative, out of range.',
  TOPO304: 'Declared parameter count far (over 10%) from the count computed from the architecture.',
  TOPO305: 'Invalid value: not one of the accepted words or numbers.',
  TOPO400: 'A parallel degree does not divide the ranks of the workload.',
  TOPO401: 'A parallel degree exceeds the ranks of the workload.',
  TOPO402: 'A tensor-parallel group is larger than the fastest domain that could hold it.',
  TOPO403: 'Oversubscribed fabric.',
  TOPO404: 'Bandwidth cliff: a level joins its members at under an eighth of the bandwidth of the level below.',
  TOPO405: 'A workload asks for more devices than its system has.',
  TOPO406: 'Parallel degrees do not cover the ranks (tp x pp x dp differs from the rank count).',
  TOPO407: 'A system with more devices than any built system (over a million): likely a count written wrong.',
  TOPO501: 'Link bottleneck: a link class at one level dominates the step.',
  TOPO502: 'Weights plus KV cache do not fit in device memory.',
  TOPO503: 'No batch meets a limit of the SLO (TPOT or TTFT, at its percentile).',
  TOPO504: 'A parallel group spans a slow level of the layout.',
  TOPO505:
    'Retired: the batch `batch max` finds is shown in the workload lens and as an inlay hint, not as a diagnostic.',
  TOPO520:
    'No layout fits memory: even the most sharded layout a `parallel search` or comparison may take needs more than the device has.',
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;

export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  span: Span,
  data?: FixData,
): TopoDiagnostic {
  return data ? { code, severity, message, span, data } : { code, severity, message, span };
}
