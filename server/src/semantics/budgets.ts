// The size budgets: the largest file read from disk or analysed in full, and the largest analysed at all.
import { formatQuantity } from './units';

/** A file on disk larger than this is not read; an open document larger (in characters) is analysed in outline. */
export const FILE_BUDGET_BYTES = 1_000_000;
/** An open document larger than this (in characters) is not analysed at all. */
export const OUTLINE_BUDGET_BYTES = 8_000_000;

/** The most diagnostics published for one document: past it the editor shows the first ones and a notice. */
export const DIAGNOSTICS_BUDGET = 1_000;

/** 5140210 -> "5.14 MB". */
export function sizeText(bytes: number): string {
  return formatQuantity(bytes, 'bytes');
}
