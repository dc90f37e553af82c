// Binds a file's declarations, reusing the binding of each whose tree and answers from its neighbours are unchanged.
import { Block, Declaration, DeclarationKind, Span } from '../syntax/ast';
import { bindAccelerator, bindLink } from './bind-hardware';
import { bindModel } from './bind-model';
import { bindSystem } from './bind-system';
import { bindCompare } from './bind-compare';
import { bindWorkload } from './bind-workload';
import { TopoDiagnostic } from './diagnostics';
import { DefinitionSite } from './types';
import { BindContext, Exports, Reference, SpecsByKind } from './scope';

type Spec = SpecsByKind[DeclarationKind];
type SpecMaps = { [K in DeclarationKind]: Map<string, SpecsByKind[K]> };

/** What binding one declaration gave, and what it asked of the file's other declarations to get it. */
export interface BoundDeclaration {
  spec: Spec | undefined;
  diagnostics: TopoDiagnostic[];
  references: Reference[];
  /** Questions asked of the file's other declarations, with their answers: the same answers, the same binding. */
  checks: Check[];
  /** The names being bound when it was (a system's level names are checked against them). */
  stack: string;
  /** Where the declaration started when its results' spans were last placed. */
  base: number;
  /**
   * The spans of the binding's results that are not the tree's own (those move with the tree), relative to the
   * declaration's start: gathered the first time the declaration moves, then set again at each move.
   */
  spans?: { span: Span; start: number; end: number }[];
  reusable: boolean;
}

/**
 * What a file's last binding left: the binding of each declaration tree, and what was visible from other files.
 * The incremental parser keeps the tree of each unchanged declaration (the same object, moved in place), so a tree
 * seen before has the same text.
 */
export interface BindingCache {
  visible: Exports[];
  byDeclaration: Map<Declaration, BoundDeclaration>;
}

const kinds: readonly DeclarationKind[] = ['accelerator', 'link', 'system', 'model', 'workload', 'compare'];

/**
 * A question a binding asked of the file's other declarations, and the answer it got. Plain data, not a closure:
 * a closure would keep the whole binding it was made in (and, through its cache, every earlier one) alive.
 */
type Check =
  | { ask: 'kindOf'; name: string; answer: DeclarationKind | undefined }
  | { ask: 'local'; kind: DeclarationKind; name: string; answer: Spec | undefined }
  | { ask: 'names'; kind: DeclarationKind; answer: readonly string[] };

/** Whether the file's declarations give a question the answer they gave before. */
function sameAnswer(file: BindContext, check: Check): boolean {
  switch (check.ask) {
    case 'kindOf':
      return file.localKindOf(check.name) === check.answer;
    case 'local':
      return file.local(check.kind, check.name) === check.answer;
    case 'names':
      return sameList([...file.localNames(check.kind)], check.answer);
  }
}

/**
 * Binds every declaration named first in `declarations` into `specs`, in kind order, each on first use by
 * another. Reuses a cached binding when its tree is the same object, the other files are the same analyses,
 * and every question it asked of this file gets the same answer; so an edit costs what the edited
 * declarations (and those depending on them) cost. Returns the bindings, the cache for the next time.
 */
export function bindDeclarations(
  uri: string,
  text: string,
  declarations: Map<string, Declaration>,
  visible: Exports[],
  specs: SpecMaps,
  previous: BindingCache | undefined,
): { bound: BoundDeclaration[]; cache: BindingCache } {
  const reusable = previous && sameList(previous.visible, visible) ? previous.byDeclaration : undefined;
  const byDeclaration = new Map<Declaration, BoundDeclaration>();
  const bound: BoundDeclaration[] = [];
  const binding = new Set<string>();
  const failed = new Set<string>();
  /** The bindings under way, innermost last: a lookup of a name being bound (a cycle) makes them all one-off. */
  const frames: BoundDeclaration[] = [];
  let localNames: Map<DeclarationKind, string[]> | undefined;

  const file: BindContext = {
    uri,
    diagnostics: [],
    references: [],
    visible,
    localKindOf: (name) => declarations.get(name)?.kind,
    localNames: (kind) => {
      if (!localNames) {
        localNames = new Map(kinds.map((k) => [k, []]));
        for (const d of declarations.values()) localNames.get(d.kind)!.push(d.name!.text);
      }
      return localNames.get(kind)!;
    },
    local: <K extends DeclarationKind>(kind: K, name: string): SpecsByKind[K] | undefined => {
      const existing = specs[kind].get(name);
      if (existing || failed.has(name)) return existing as SpecsByKind[K] | undefined;
      const decl = declarations.get(name);
      if (!decl || decl.kind !== kind) return undefined;
      if (binding.has(name)) {
        for (const f of frames) f.reusable = false;
        return undefined;
      }
      binding.add(name);
      const stack = [...binding];
      const result = reuse(decl, stack.join('\u0000')) ?? bindFresh(decl, stack);
      binding.delete(name);
      byDeclaration.set(decl, result);
      bound.push(result);
      if (result.spec) specs[kind].set(name, result.spec as never);
      else failed.add(name);
      return result.spec as SpecsByKind[K] | undefined;
    },
  };

  const reuse = (decl: Declaration, stack: string): BoundDeclaration | undefined => {
    const cached = reusable?.get(decl);
    if (!cached || !cached.reusable || cached.stack !== stack) return undefined;
    for (const check of cached.checks) if (!sameAnswer(file, check)) return undefined;
    const base = decl.span.start;
    if (base !== cached.base) {
      cached.spans ??= resultSpans(cached, decl);
      if (!cached.spans) {
        cached.reusable = false;
        return undefined;
      }
      for (const s of cached.spans) {
        s.span.start = base + s.start;
        s.span.end = base + s.end;
      }
      cached.base = base;
    }
    return cached;
  };

  const bindFresh = (decl: Declaration, stack: string[]): BoundDeclaration => {
    const frame: BoundDeclaration = {
      spec: undefined,
      diagnostics: [],
      references: [],
      checks: [],
      stack: stack.join('\u0000'),
      base: decl.span.start,
      reusable: true,
    };
    const ctx: BindContext = {
      uri,
      visible,
      diagnostics: frame.diagnostics,
      references: frame.references,
      localKindOf: (name) => {
        const answer = file.localKindOf(name);
        frame.checks.push({ ask: 'kindOf', name, answer });
        return answer;
      },
      localNames: (kind) => {
        const answer = [...file.localNames(kind)];
        frame.checks.push({ ask: 'names', kind, answer });
        return answer;
      },
      local: (kind, name) => {
        const answer = file.local(kind, name);
        frame.checks.push({ ask: 'local', kind, name, answer });
        return answer;
      },
    };
    frames.push(frame);
    try {
      frame.spec = bindDeclaration(ctx, decl, text, stack);
    } finally {
      frames.pop();
    }
    // "Did you mean" shares a budget across the file's unknown names: such a binding depends on the others'.
    if (frame.diagnostics.some((d) => d.code === 'TOPO200')) frame.reusable = false;
    return frame;
  };

  for (const kind of kinds)
    for (const decl of declarations.values()) if (decl.kind === kind) file.local(kind, decl.name!.text);
  return { bound, cache: { visible, byDeclaration } };
}

function bindDeclaration(ctx: BindContext, decl: Declaration, text: string, stack: string[]): Spec | undefined {
  switch (decl.kind) {
    case 'accelerator':
      return bindAccelerator(ctx, decl, text);
    case 'link':
      return bindLink(ctx, decl, text);
    case 'system':
      return bindSystem(ctx, decl, stack);
    case 'model':
      return bindModel(ctx, decl, text);
    case 'workload':
      return bindWorkload(ctx, decl, text);
    case 'compare':
      return bindCompare(ctx, decl, text);
  }
}

const isSpan = (v: object): v is Span =>
  typeof (v as Span).start === 'number' && typeof (v as Span).end === 'number' && Object.keys(v).length === 2;

/** Every span object of a declaration's tree (the incremental parser moves them). */
function treeSpans(decl: Declaration): Set<Span> {
  const spans = new Set<Span>([decl.span, decl.keywordSpan]);
  if (decl.name) spans.add(decl.name.span);
  const block = (b: Block) => {
    spans.add(b.span);
    for (const f of b.fields) {
      spans.add(f.span);
      spans.add(f.nameSpan);
      for (const a of f.args) spans.add(a.span);
      if (f.block) block(f.block);
    }
  };
  if (decl.block) block(decl.block);
  return spans;
}

/**
 * The spans of a binding's spec, diagnostics and references that are not its tree's, relative to where the
 * declaration was (`bound.base`): to place them again after it moved. Other declarations' specs (anything with a
 * `site` not in this declaration's tree; a compare's workloads carry the compare's own) and reference targets are
 * left out: they move with their own declarations.
 * Undefined when a span lies outside the declaration: such a binding depends on where another declaration is.
 */
function resultSpans(
  bound: BoundDeclaration,
  decl: Declaration,
): { span: Span; start: number; end: number }[] | undefined {
  const tree = treeSpans(decl);
  const start = bound.base;
  const end = start + (decl.span.end - decl.span.start);
  const out: { span: Span; start: number; end: number }[] = [];
  const seen = new Set<object>();
  let inside = true;
  /** Another declaration's spec: its site is not this declaration's tree (whose span objects the parser moved). */
  const elsewhere = (v: object): boolean => {
    const site = (v as { site?: DefinitionSite }).site;
    return site !== undefined && !tree.has(site.span);
  };
  const walk = (value: unknown): void => {
    if (!inside || value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (isSpan(value)) {
      if (tree.has(value)) return;
      if (value.start < start || value.end > end) inside = false;
      else out.push({ span: value, start: value.start - start, end: value.end - start });
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (k === 'target' || (v !== null && typeof v === 'object' && v !== bound.spec && elsewhere(v))) continue;
      walk(v);
    }
  };
  walk(bound.spec);
  walk(bound.diagnostics);
  walk(bound.references);
  return inside ? out : undefined;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
