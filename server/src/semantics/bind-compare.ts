// Binds `compare` declarations: the shared workload fields bound once per listed system, with devices, power and price.
import { Atom, Declaration, Field } from '../syntax/ast';
import { fieldSchema } from '../syntax/schema';
import { ArgReader } from './args';
import { readPower, readPrice } from './costs';
import { declPlace, readSource } from './bind-hardware';
import { bindWorkload } from './bind-workload';
import { TopoDiagnostic } from './diagnostics';
import { BindContext, fieldsOf, Reference, requireFields, resolve, siteOf } from './scope';
import { CompareEntry, CompareSpec, SystemCosts } from './types';

export function bindCompare(ctx: BindContext, decl: Declaration, text: string): CompareSpec | undefined {
  const fields = decl.block?.fields ?? [];
  const { byName } = fieldsOf(ctx, 'compare', fields);
  requireFields(ctx, 'compare', byName, declPlace(decl), text, {
    model: 'Llama3_70B',
    phase: 'decode',
    systems: '{ }',
  });
  readSource(ctx, byName.get('source'));
  // The shared fields as a workload reads them: everything but the list of systems (and the source, read above).
  const shared = [...byName.values()].filter(
    (f) => f.name !== 'systems' && f.name !== 'source' && fieldSchema('workload', f.name),
  );
  const entries: CompareEntry[] = [];
  // Each diagnostic of the shared fields with the systems it arose on: said once, naming the systems when not all.
  const found = new Map<string, { d: TopoDiagnostic; systems: string[] }>();
  let bound = 0;
  let first = true;
  for (const line of byName.get('systems')?.block?.fields ?? []) {
    const system = resolve(ctx, 'system', line.name, line.nameSpan);
    const { devices, costs } = readEntry(ctx, line);
    if (!system) continue;
    const on: Field = {
      name: 'on',
      nameSpan: line.nameSpan,
      args: [{ kind: 'word', text: line.name, span: line.nameSpan }, ...devices],
      span: line.span,
    };
    const scratch: TopoDiagnostic[] = [];
    const references: Reference[] = [];
    const sub: BindContext = { ...ctx, diagnostics: scratch, references };
    const workload = bindWorkload(
      sub,
      { ...decl, kind: 'workload', block: { ...decl.block!, fields: [...shared, on] } },
      text,
    );
    // The model is a reference of the compare once; the system's own reference is the one resolved above.
    if (first) ctx.references.push(...references.filter((r) => r.kind !== 'system'));
    first = false;
    bound++;
    for (const d of scratch) {
      if (d.code === 'TOPO203' && d.message.startsWith('missing required field')) continue;
      const k = `${d.code}\u0000${d.span.start}\u0000${d.message}`;
      const known = found.get(k);
      if (known) known.systems.push(system.name);
      else found.set(k, { d, systems: [system.name] });
    }
    if (workload)
      entries.push({
        system,
        workload: { ...workload, name: `${decl.name!.text} on ${system.name}` },
        costs,
        span: line.span,
      });
  }
  for (const { d, systems } of found.values()) {
    ctx.diagnostics.push(systems.length < bound ? { ...d, message: `${d.message} (on ${systems.join(', ')})` } : d);
  }
  return {
    name: decl.name!.text,
    entries,
    search: entries.some((e) => e.workload.parallel.search !== undefined),
    site: siteOf(ctx.uri, decl),
  };
}

/** `NAME [devices N] [power total|other Q] [price A usd per device-hour|system-hour]`: `devices N` as atoms, the costs. */
function readEntry(ctx: BindContext, line: Field): { devices: Atom[]; costs: SystemCosts } {
  const r = new ArgReader(line, ctx.diagnostics);
  const costs: SystemCosts = {};
  let devices: Atom[] = [];
  while (!r.done()) {
    const key = r.choice('devices, power or price', ['devices', 'power', 'price'] as const);
    if (!key) break;
    if (key.value === 'devices') {
      const n = r.peek();
      if (n?.kind === 'number') devices = [{ kind: 'word', text: 'devices', span: key.span }, n];
      if (!r.count('devices')) break;
    } else if (key.value === 'power') {
      const power = readPower(r);
      if (!power) break;
      costs.power = power;
    } else {
      const price = readPrice(r);
      if (!price) break;
      costs.price = price;
    }
  }
  r.finish();
  return { devices, costs };
}
