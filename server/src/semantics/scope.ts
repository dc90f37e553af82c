// Name lookup for binding: the file's own declarations, then its imports, then the built-in catalog.
import { Declaration, DeclarationKind, Field, Span } from '../syntax/ast';
import { isLineBreak, lineBreakNear, lineStartAt } from '../syntax/lines';
import { fieldSchema, BlockKind, blockSchemas } from '../syntax/schema';
import { diagnostic, TopoDiagnostic } from './diagnostics';
import { closestNames, NameSuggester } from './suggest';
import { AcceleratorSpec, CompareSpec, DefinitionSite, LinkSpec, ModelSpec, SystemSpec, WorkloadSpec } from './types';

export interface SpecsByKind {
  accelerator: AcceleratorSpec;
  link: LinkSpec;
  system: SystemSpec;
  model: ModelSpec;
  workload: WorkloadSpec;
  compare: CompareSpec;
}

/** A use of a name, resolved: what go to definition, references and rename work from. */
export interface Reference {
  name: string;
  span: Span;
  kind: DeclarationKind;
  target: DefinitionSite;
}

/** What one file offers to files that import it. */
export interface Exports {
  uri: string;
  lookup<K extends DeclarationKind>(kind: K, name: string): SpecsByKind[K] | undefined;
  kindOf(name: string): DeclarationKind | undefined;
  names(kind: DeclarationKind): Iterable<string>;
}

/** The binding context of one file: where diagnostics and references go, and how names resolve. */
export interface BindContext {
  uri: string;
  diagnostics: TopoDiagnostic[];
  references: Reference[];
  /** Resolves a name declared in this file, binding it on first use. */
  local<K extends DeclarationKind>(kind: K, name: string): SpecsByKind[K] | undefined;
  localKindOf(name: string): DeclarationKind | undefined;
  localNames(kind: DeclarationKind): Iterable<string>;
  /** Imported files first, the catalog last. */
  visible: Exports[];
}

const article = (kind: string) => (/^[aeiou]/.test(kind) ? 'an' : 'a');

/** Resolves `name` as a `kind`, recording the reference, or reports an unknown or wrong-kind name. */
export function resolve<K extends DeclarationKind>(
  ctx: BindContext,
  kind: K,
  name: string,
  span: Span,
  quiet = false,
): SpecsByKind[K] | undefined {
  const found = lookupQuiet(ctx, kind, name);
  if (found) {
    ctx.references.push({ name, span, kind, target: (found as { site: DefinitionSite }).site });
    return found;
  }
  if (quiet) return undefined;
  const otherKind = ctx.localKindOf(name) ?? ctx.visible.map((e) => e.kindOf(name)).find((k) => k);
  if (otherKind) {
    ctx.diagnostics.push(
      diagnostic(
        'TOPO206',
        'error',
        `'${name}' is ${article(otherKind)} ${otherKind}, not ${article(kind)} ${kind}`,
        span,
      ),
    );
    return undefined;
  }
  const near = suggesterFor(ctx, kind).closest(name);
  const fixes = near.map((n) => ({ title: `Change to '${n}'`, span, newText: n }));
  ctx.diagnostics.push(
    diagnostic(
      'TOPO200',
      'error',
      `unknown ${kind} '${name}'${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : ''}`,
      span,
      { fixes, kind, name, suggestions: near },
    ),
  );
  return undefined;
}

/**
 * The names of each kind a file can see, gathered once per binding of the file, not once per unknown reference:
 * keyed by the binding's `visible` list, which every declaration's context of one binding shares.
 */
const suggesters = new WeakMap<Exports[], Map<DeclarationKind, NameSuggester>>();

function suggesterFor(ctx: BindContext, kind: DeclarationKind): NameSuggester {
  let byKind = suggesters.get(ctx.visible);
  if (!byKind) suggesters.set(ctx.visible, (byKind = new Map()));
  let suggester = byKind.get(kind);
  if (!suggester) {
    const names: string[] = [...ctx.localNames(kind)];
    for (const e of ctx.visible) names.push(...e.names(kind));
    byKind.set(kind, (suggester = new NameSuggester(names)));
  }
  return suggester;
}

export function lookupQuiet<K extends DeclarationKind>(
  ctx: BindContext,
  kind: K,
  name: string,
): SpecsByKind[K] | undefined {
  const local = ctx.localKindOf(name) === kind ? ctx.local(kind, name) : undefined;
  if (local) return local;
  for (const e of ctx.visible) {
    const spec = e.lookup(kind, name);
    if (spec) return spec;
  }
  return undefined;
}

/** Groups a block's fields by name; reports unknown and repeated fields. Level entries in systems are returned apart. */
export function fieldsOf(
  ctx: BindContext,
  kind: BlockKind,
  fields: Field[],
  allowOther = false,
): { byName: Map<string, Field>; other: Field[] } {
  const byName = new Map<string, Field>();
  const other: Field[] = [];
  for (const f of fields) {
    if (!fieldSchema(kind, f.name)) {
      if (allowOther) {
        other.push(f);
        continue;
      }
      const near = closestNames(
        f.name,
        blockSchemas[kind].map((s) => s.name),
        2,
      );
      const fixes = near.map((n) => ({ title: `Change to '${n}'`, span: f.nameSpan, newText: n }));
      ctx.diagnostics.push(
        diagnostic(
          'TOPO202',
          'error',
          `unknown field '${f.name}' in ${article(kind)} ${kind} block${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : ''}`,
          f.nameSpan,
          { fixes },
        ),
      );
      continue;
    }
    if (byName.has(f.name)) {
      ctx.diagnostics.push(
        diagnostic('TOPO208', 'warning', `'${f.name}' is given twice; the first is used`, f.nameSpan, {
          fixes: [{ title: `Remove the second '${f.name}'`, span: f.span, newText: '' }],
        }),
      );
      continue;
    }
    byName.set(f.name, f);
  }
  return { byName, other };
}

/** Reports required fields that are missing, with an edit inserting each with a sensible value. */
export function requireFields(
  ctx: BindContext,
  kind: BlockKind,
  byName: Map<string, Field>,
  decl: { span: Span; blockSpan?: Span; nameSpan: Span },
  text: string,
  defaults: Record<string, string>,
): boolean {
  let complete = true;
  for (const schema of blockSchemas[kind]) {
    if (!schema.required || byName.has(schema.name)) continue;
    complete = false;
    const fixes = decl.blockSpan
      ? [
          insertFieldFix(
            text,
            { span: decl.blockSpan, closed: true },
            `${schema.name} ${defaults[schema.name] ?? ''}`.trimEnd(),
          ),
        ]
      : undefined;
    ctx.diagnostics.push(
      diagnostic(
        'TOPO203',
        'error',
        `missing required field '${schema.name}': ${schema.summary}`,
        decl.nameSpan,
        fixes ? { fixes, field: schema.name } : { field: schema.name },
      ),
    );
  }
  return complete;
}

/**
 * An edit that inserts a field line just before a block's closing brace, indented like its siblings, with the
 * file's own line break; in a block never closed, after its last line (never inside its last token).
 */
export function insertFieldFix(
  text: string,
  block: { span: Span; closed: boolean },
  fieldText: string,
): { title: string; span: Span; newText: string } {
  const title = `Add '${fieldText}'`;
  const eol = lineBreakNear(text, block.span.start);
  const openLineStart = lineStartAt(text, block.span.start);
  const baseIndent = /^[ \t]*/.exec(text.slice(openLineStart, block.span.start))![0];
  if (!block.closed) {
    const end = block.span.end;
    const afterBreak = end > 0 && isLineBreak(text.charCodeAt(end - 1));
    return {
      title,
      span: { start: end, end },
      newText: afterBreak ? `${baseIndent}  ${fieldText}${eol}` : `${eol}${baseIndent}  ${fieldText}`,
    };
  }
  const close = block.span.end - 1;
  const lineStart = lineStartAt(text, close);
  const before = text.slice(lineStart, close);
  if (before.trim() === '') {
    // The brace is alone on its line: insert a line above it.
    return { title, span: { start: lineStart, end: lineStart }, newText: `${baseIndent}  ${fieldText}${eol}` };
  }
  return { title, span: { start: close, end: close }, newText: `${/\s$/.test(before) ? '' : ' '}${fieldText} ` };
}

export function siteOf(uri: string, decl: Declaration): DefinitionSite {
  return { uri, nameSpan: decl.name?.span ?? decl.keywordSpan, span: decl.span };
}
