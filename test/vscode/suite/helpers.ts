// Helpers for the extension-host suite: the samples workspace, waiting, and reading declarations.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'topo-tools.topo';

/** The workspace folder is a throw-away copy of samples/ (both runners open one). */
export function samplesDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open; the runner must open a copy of samples/');
  const root = folder.uri.fsPath;
  return fs.existsSync(path.join(root, 'samples')) ? path.join(root, 'samples') : root;
}

export function samplePath(name: string): string {
  const p = path.join(samplesDir(), name);
  assert.ok(fs.existsSync(p), `sample ${name} does not exist in ${samplesDir()}`);
  return p;
}

export function sampleNames(): string[] {
  return fs
    .readdirSync(samplesDir())
    .filter((f) => f.endsWith('.topo'))
    .sort();
}

export async function openSample(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(samplePath(name)));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export async function waitFor<T>(
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  // Opening a .topo file is what activates it (when a suite runs alone, say under a grep).
  if (!ext.isActive && sampleNames().length)
    await vscode.workspace.openTextDocument(vscode.Uri.file(samplePath(sampleNames()[0])));
  await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`);
  return ext;
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Waits until the server has published at least one diagnostic for the document. */
export async function diagnosticsOf(doc: vscode.TextDocument, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const ds = vscode.languages.getDiagnostics(doc.uri);
      return ds.length > 0 ? ds : undefined;
    },
    `diagnostics for ${path.basename(doc.uri.fsPath)}`,
    timeoutMs,
  );
}

export interface Declaration {
  kind: string;
  name: string;
  line: number;
  /** Range of the name on its line. */
  range: vscode.Range;
}

const DECLARATION = /^(\s*)(accelerator|link|system|model|workload)(\s+)([A-Za-z_][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)*)/;

/** Top-level declarations of a document, read with a regular expression (comments skipped). */
export function declarations(doc: vscode.TextDocument, kind?: string): Declaration[] {
  const out: Declaration[] = [];
  let inBlockComment = false;
  let depth = 0;
  for (let line = 0; line < doc.lineCount; line++) {
    let text = doc.lineAt(line).text;
    if (inBlockComment) {
      const end = text.indexOf('*/');
      if (end < 0) continue;
      text = ' '.repeat(end + 2) + text.slice(end + 2);
      inBlockComment = false;
    }
    const m = depth === 0 ? DECLARATION.exec(text) : null;
    if (m && (!kind || m[2] === kind)) {
      const start = m[1].length + m[2].length + m[3].length;
      out.push({ kind: m[2], name: m[4], line, range: new vscode.Range(line, start, line, start + m[4].length) });
    }
    const code = text.replace(/\/\/.*$/, '').replace(/"[^"]*"/g, '');
    if (code.includes('/*') && !code.includes('*/', code.indexOf('/*'))) inBlockComment = true;
    for (const ch of code) {
      if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
    }
  }
  return out;
}

/** Samples that declare at least one workload. */
export async function workloadSamples(): Promise<
  { name: string; doc: vscode.TextDocument; workloads: Declaration[] }[]
> {
  const out = [];
  for (const name of sampleNames()) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(samplePath(name)));
    const workloads = declarations(doc, 'workload');
    if (workloads.length && name !== 'mistakes.topo') out.push({ name, doc, workloads });
  }
  return out;
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Every symbol name in a DocumentSymbol tree or a SymbolInformation list. */
export function symbolNames(symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined): string[] {
  const names: string[] = [];
  const walk = (s: vscode.DocumentSymbol | vscode.SymbolInformation) => {
    names.push(s.name);
    if ('children' in s) s.children.forEach(walk);
  };
  (symbols ?? []).forEach(walk);
  return names;
}

/** Codes named in a file's comments (`// TOPO101 ...`): the diagnostics it is meant to show. */
export function codesMentioned(doc: vscode.TextDocument): string[] {
  return [...new Set(doc.getText().match(/TOPO\d{3,4}/g) ?? [])].sort();
}
