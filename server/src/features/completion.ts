// Completion: keywords, block snippets, field names by block kind, names with key figures, units of the right dimension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  CompletionTriggerKind,
  InsertTextFormat,
  MarkupKind,
} from './protocol';
import { URI } from 'vscode-uri';
import { Atom, DeclarationKind, declarationKinds } from '../syntax/ast';
import { blockSchemas } from '../syntax/schema';
import { FileAnalysis, Workspace } from '../semantics/program';
import { offsetAt } from '../syntax/lines';
import { SpecsByKind } from '../semantics/scope';
import { Dimension, formatNumber, formatQuantity, unitInfo } from '../semantics/units';
import { cursorContext, CursorContext } from './completion-context';
import { levelKinds, unitChoices, valueSlot } from './completion-values';
import { blockSnippets, nameDetail, levelSnippet } from './completion-items';
import { describe } from './hover';
import { toRange } from './ranges';
import type { FeatureRegistration } from './registry';

const nameKinds: Record<DeclarationKind, CompletionItemKind> = {
  accelerator: CompletionItemKind.Class,
  link: CompletionItemKind.Interface,
  system: CompletionItemKind.Module,
  model: CompletionItemKind.Struct,
  workload: CompletionItemKind.Event,
  compare: CompletionItemKind.Enum,
};

export interface CompletionRequest {
  /** The document's analysis at its current version: its syntax tree, names and imports. */
  analysis: FileAnalysis;
  offset: number;
  /** True when a typed space (not the user) asked: answer only where a closed set of values fits. */
  bySpace?: boolean;
}

export function completionsAt(workspace: Workspace, req: CompletionRequest): CompletionItem[] {
  const ctx = cursorContext(req.analysis.file, req.offset);
  if (ctx.silent || /^-?\d/.test(ctx.prefix)) return [];
  const range = toRange(req.analysis.file, { start: ctx.prefixStart, end: ctx.offset });
  const items: CompletionItem[] = [];
  const add = (item: CompletionItem) =>
    items.push({ ...item, textEdit: { range, newText: item.insertText ?? (item.label as string) } });
  if (!ctx.blockKind) {
    if (req.bySpace) return [];
    topLevel(workspace, req, ctx, add);
    return items;
  }
  const kind = ctx.blockKind;
  let exclusive = false;
  if (ctx.field) {
    const slot = valueSlot(kind, ctx.field, ctx.argsBefore);
    exclusive = slot.exclusive;
    if (req.bySpace && !exclusive) return [];
    if (slot.units) {
      const last = ctx.argsBefore[ctx.argsBefore.length - 1];
      unitChoices(slot.units).forEach((u, i) =>
        add({
          label: u,
          kind: CompletionItemKind.Unit,
          sortText: String(i).padStart(3, '0'),
          detail: unitDetail(last, u, slot.units!),
        }),
      );
    }
    for (const word of slot.words ?? []) {
      const snippet = word.insert ? { insertText: word.insert, insertTextFormat: InsertTextFormat.Snippet } : {};
      add({
        label: word.label,
        kind: CompletionItemKind.Keyword,
        detail: word.detail,
        sortText: `0${word.label}`,
        ...snippet,
      });
    }
    if (slot.names) {
      const exclude = ctx.declaration?.name?.text;
      for (const item of nameItems(workspace, req, slot.names)) if (item.label !== exclude) add(item);
    }
  } else if (req.bySpace) return [];
  if (!exclusive) fieldNames(ctx, add);
  return items;
}

/** `2620 TFLOPS = 2.62 PFLOPS` when the unit changes how the number reads; the dimension alone when it adds nothing. */
function unitDetail(last: Atom | undefined, unit: string, dimension: Dimension): string {
  if (last?.kind !== 'number') return dimension;
  const value = last.value * unitInfo(unit)!.factor;
  const normalised = formatQuantity(value, dimension);
  return Number.isFinite(value) && normalised !== `${formatNumber(last.value)} ${unit}`
    ? `${last.text} ${unit} = ${normalised}`
    : dimension;
}

function fieldNames(ctx: CursorContext, add: (item: CompletionItem) => void): void {
  const kind = ctx.blockKind!;
  const given = new Set(
    ctx.block!.fields.filter((f) => f !== ctx.field || ctx.argsBefore.length > 0).map((f) => f.name),
  );
  for (const schema of blockSchemas[kind]) {
    if (given.has(schema.name) && kind !== 'system') continue;
    add({
      label: schema.name,
      kind: CompletionItemKind.Property,
      detail: schema.required ? 'required' : undefined,
      documentation: { kind: MarkupKind.Markdown, value: schema.summary },
      insertText: schema.snippet ? `${schema.name}${schema.snippet}` : schema.name,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `${schema.required ? '1' : '2'}${schema.name}`,
    });
  }
  if (kind !== 'system') return;
  for (const level of [...levelKinds.device, ...levelKinds.group]) {
    const device = levelKinds.device.includes(level);
    add({
      label: level,
      kind: CompletionItemKind.Module,
      detail: device ? 'level of devices: gpu H100 x 8' : 'group level: server x 4 { ... }',
      insertText: levelSnippet(level, device),
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `3${level}`,
    });
  }
}

function topLevel(
  workspace: Workspace,
  req: CompletionRequest,
  ctx: CursorContext,
  add: (item: CompletionItem) => void,
): void {
  const before = ctx.lineBefore.trim();
  if (/^import\s+"?$/.test(before) || (/^import$/.test(before) && ctx.prefix === '')) {
    for (const file of siblingTopoFiles(req.analysis.uri))
      add({
        label: `"${file}"`,
        kind: CompletionItemKind.File,
        insertText: ctx.lineBefore.endsWith('"') ? `${file}"` : `"${file}"`,
      });
    return;
  }
  if (before !== '') return;
  for (const kind of declarationKinds) {
    add({ label: kind, kind: CompletionItemKind.Keyword, detail: `${kind} declaration`, sortText: `1${kind}` });
    add({
      label: `${kind} block`,
      kind: CompletionItemKind.Snippet,
      detail: `a new ${kind} with its required fields`,
      insertText: blockSnippets[kind],
      insertTextFormat: InsertTextFormat.Snippet,
      filterText: kind,
      sortText: `0${kind}`,
    });
  }
  add({
    label: 'import',
    kind: CompletionItemKind.Keyword,
    detail: 'import "file.topo"',
    insertText: 'import "${1:file.topo}"',
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: '1import',
  });
}

function siblingTopoFiles(uri: string): string[] {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') return [];
  try {
    const dir = path.dirname(parsed.fsPath);
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.topo') && f !== path.basename(parsed.fsPath))
      .sort();
  } catch {
    return [];
  }
}

/** Names of the given kinds: the file's own, its imports', then the catalog's, with key figures. */
function nameItems(workspace: Workspace, req: CompletionRequest, kinds: DeclarationKind[]): CompletionItem[] {
  const { analysis } = req;
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const push = (
    kind: DeclarationKind,
    name: string,
    origin: string,
    rank: number,
    spec?: SpecsByKind[DeclarationKind],
  ) => {
    if (seen.has(name)) return;
    seen.add(name);
    items.push({
      label: name,
      kind: nameKinds[kind],
      detail: spec ? nameDetail(kind, spec) : kind,
      labelDetails: { description: origin },
      sortText: `${rank}${name}`,
      data: { uri: analysis.uri, kind, name, origin },
    });
  };
  for (const [name, d] of analysis.declarations)
    if (kinds.includes(d.kind)) push(d.kind, name, 'this file', 0, analysis.specs[d.kind].get(name));
  for (const imp of analysis.imports) {
    if (!imp.target) continue;
    for (const kind of kinds)
      for (const [name, spec] of imp.target.specs[kind]) push(kind, name, path.basename(imp.path), 1, spec);
  }
  const catalog = workspace.catalog();
  if (catalog)
    for (const kind of kinds) for (const [name, spec] of catalog.specs[kind]) push(kind, name, 'catalog', 2, spec);
  return items;
}

/** Fills the key figures and the full description of a name item from the analysis (lazily: the list stays fast). */
export function resolveCompletion(
  workspace: Workspace,
  item: CompletionItem,
  analysisOf: (uri: string) => ReturnType<Workspace['analyse']>,
): CompletionItem {
  const data = item.data as { uri?: string; kind?: DeclarationKind; name?: string } | undefined;
  if (!data?.uri || !data.kind || !data.name) return item;
  const analysis = analysisOf(data.uri);
  const visible = [analysis, ...(analysis?.imports.map((i) => i.target) ?? []), workspace.catalog()];
  for (const a of visible) {
    const spec = a?.specs[data.kind].get(data.name);
    if (spec)
      return {
        ...item,
        detail: nameDetail(data.kind, spec),
        documentation: { kind: MarkupKind.Markdown, value: describe(data.kind, spec) },
      };
  }
  return item;
}

export const completionFeature: FeatureRegistration = {
  capabilities: { completionProvider: { triggerCharacters: [' '], resolveProvider: true } },
  register(services) {
    services.connection.onCompletion((params) =>
      services.guard<CompletionList>('completion', { isIncomplete: false, items: [] }, () => {
        const analysis = services.analysis(params.textDocument.uri);
        if (!analysis) return { isIncomplete: false, items: [] };
        const bySpace =
          params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter &&
          params.context.triggerCharacter === ' ';
        const items = completionsAt(services.workspace, {
          analysis,
          offset: offsetAt(analysis.file, params.position),
          bySpace,
        });
        return { isIncomplete: false, items };
      }),
    );
    services.connection.onCompletionResolve((item) =>
      services.guard('completion resolve', item, () =>
        resolveCompletion(services.workspace, item, (uri) => services.analysis(uri)),
      ),
    );
  },
};
