// Binds workload declarations: model, system and devices, phase, precision, parallelism, batch, lengths, SLOs.
import { Declaration, Field, Span } from '../syntax/ast';
import { ArgReader, readField, readKeyed } from './args';
import { declPlace, readSource } from './bind-hardware';
import { diagnostic } from './diagnostics';
import { greatestCommonDivisor, largestDivisorAtMost } from './divisors';
import { Degree, resizeDegree } from './relayout';
import { readSearchLimits } from './bind-search';
import { BindContext, fieldsOf, insertFieldFix, requireFields, resolve, siteOf } from './scope';
import { fastDomain, primaryAccelerator, systemDevices as countDevices } from './system-shape';
import {
  BatchSpec,
  offloadKeys,
  ParallelSpec,
  Phase,
  precisionKeys,
  precisions,
  SystemSpec,
  WorkloadPrecision,
  WorkloadSpec,
} from './types';

const phases: readonly Phase[] = ['prefill', 'decode', 'serving', 'training'];
const degrees: readonly Degree[] = ['tp', 'pp', 'ep', 'dp', 'adp'];

export function bindWorkload(ctx: BindContext, decl: Declaration, text: string): WorkloadSpec | undefined {
  const { byName } = fieldsOf(ctx, 'workload', decl.block?.fields ?? []);
  const place = declPlace(decl);
  requireFields(ctx, 'workload', byName, place, text, { model: 'Llama3_70B', on: 'System', phase: 'decode' });
  const fieldSpans: Partial<Record<string, Span>> = {};
  for (const [name, f] of byName) fieldSpans[name] = f.span;

  const model = readField(byName.get('model'), ctx.diagnostics, (r) => {
    const w = r.word('a model name');
    return w && resolve(ctx, 'model', w.text, w.span);
  });
  const onField = byName.get('on');
  let system;
  let devicesWanted: { value: number; span: Span } | undefined;
  if (onField) {
    const r = new ArgReader(onField, ctx.diagnostics);
    const w = r.word('a system name');
    if (w) system = resolve(ctx, 'system', w.text, w.span);
    if (r.acceptWord('devices')) devicesWanted = r.count('devices');
    r.finish();
  }
  const phase = readField(byName.get('phase'), ctx.diagnostics, (r) => r.choice('a phase', phases)?.value);
  const precision = bindPrecision(ctx, byName.get('precision'));
  const lengths = {
    context: countOf(ctx, byName.get('context'), 'context'),
    input: countOf(ctx, byName.get('input'), 'input'),
    output: countOf(ctx, byName.get('output'), 'output'),
  };
  const batch = bindBatch(ctx, byName.get('batch'));
  const speculative = bindSpeculative(ctx, byName.get('speculative'));
  const slo = bindSlo(ctx, byName.get('slo'));
  const overlap =
    readField(
      byName.get('overlap'),
      ctx.diagnostics,
      (r) => r.choice('an overlap mode', ['two-batch', 'none'] as const)?.value,
    ) === 'two-batch';
  const efficiency = bindEfficiency(ctx, byName.get('efficiency'));
  const engine = bindEngine(ctx, byName.get('engine'));
  const offload = readKeyed(
    byName.get('offload'),
    ctx.diagnostics,
    'what to offload',
    offloadKeys,
    (r, key) => r.fraction(`${key} offloaded to host memory`)?.value,
  );
  readSource(ctx, byName.get('source'));

  if (!model || !system || !phase) return undefined;
  const accelerator = primaryAccelerator(system);
  if (!accelerator) return undefined;
  const systemDevices = countDevices(system);
  let devices = systemDevices;
  if (devicesWanted) {
    if (devicesWanted.value > systemDevices) {
      ctx.diagnostics.push(
        diagnostic(
          'TOPO405',
          'error',
          `${system.name} has ${systemDevices.toLocaleString('en-US')} devices; this workload asks for ${devicesWanted.value.toLocaleString('en-US')}`,
          devicesWanted.span,
          {
            fixes: [
              { title: `Use all ${systemDevices} devices`, span: devicesWanted.span, newText: String(systemDevices) },
            ],
          },
        ),
      );
    } else devices = devicesWanted.value;
  }
  const ranks = devices * accelerator.dies;
  const parallel = bindParallel(ctx, byName.get('parallel'), ranks, system, accelerator.dies, text);
  return {
    name: decl.name!.text,
    model,
    system,
    devices,
    ranks,
    accelerator,
    phase,
    precision: precision ?? { weights: 'bf16', activations: 'bf16', kv: 'bf16' },
    parallel,
    batch: batch ?? { mode: 'max', span: place.nameSpan },
    ...sequenceLengths(ctx, phase, lengths, place, text, decl.name!.text, byName),
    speculative,
    slo,
    overlap,
    efficiency,
    engine,
    offload,
    site: siteOf(ctx.uri, decl),
    fieldSpans,
  };
}

/** Lengths the estimate assumes when the file does not write them (assumptions, each reported by TOPO209). */
export const ASSUMED_LENGTHS = { context: 4096, input: 4096, output: 1024 };

/**
 * The lengths a phase needs: written values, else an assumed value reported as TOPO209 (information) with a
 * quick fix that writes it. A decode workload without `context` but with `input` and `output` reads the mean
 * KV length during decode, input + output / 2 (context 0 here: `decodeContext` derives it).
 */
function sequenceLengths(
  ctx: BindContext,
  phase: Phase,
  written: { context?: number; input?: number; output?: number },
  place: ReturnType<typeof declPlace>,
  text: string,
  name: string,
  fields: ReadonlyMap<string, Field>,
): { context: number; input: number; output: number } {
  const assume = (field: 'context' | 'input' | 'output', value: number, why: string): number => {
    // A field written with a bad value has its own error; writing a second one would never settle under fix-all.
    const present = fields.has(field);
    const fixes =
      place.blockSpan && !present
        ? [insertFieldFix(text, { span: place.blockSpan, closed: true }, `${field} ${value}`)]
        : undefined;
    const missing = present ? `no valid '${field}'` : `no '${field}'`;
    const message = `${name} has ${missing}: ${value.toLocaleString('en-US')} tokens are assumed (${why})`;
    ctx.diagnostics.push(
      diagnostic('TOPO209', 'information', message, place.nameSpan, { field, assumed: value, fixes }),
    );
    return value;
  };
  const { context, input, output } = written;
  switch (phase) {
    case 'decode': {
      if (context !== undefined) return { context, input: input ?? 0, output: output ?? 0 };
      if (input !== undefined && output !== undefined) return { context: 0, input, output };
      if (input !== undefined)
        return { context: assume('context', input, 'the input, as no output is written'), input, output: 0 };
      const assumed = assume('context', ASSUMED_LENGTHS.context, 'the KV length each decoding sequence reads');
      return { context: assumed, input: 0, output: output ?? 0 };
    }
    case 'serving':
      return {
        context: context ?? 0,
        input: input ?? assume('input', ASSUMED_LENGTHS.input, 'the prompt length of each request'),
        output: output ?? assume('output', ASSUMED_LENGTHS.output, 'the generated length of each request'),
      };
    case 'prefill':
    case 'training':
      return {
        context: context ?? 0,
        input:
          input ??
          assume('input', ASSUMED_LENGTHS.input, phase === 'prefill' ? 'the prompt length' : 'the sequence length'),
        output: output ?? 0,
      };
  }
}

function countOf(ctx: BindContext, field: Field | undefined, what: string): number | undefined {
  return readField(field, ctx.diagnostics, (r) => r.count(what)?.value);
}

function bindPrecision(ctx: BindContext, field: Field | undefined): WorkloadPrecision | undefined {
  if (!field) return undefined;
  const r = new ArgReader(field, ctx.diagnostics);
  const first = r.peekWord();
  if (first && (precisions as readonly string[]).includes(first)) {
    const p = r.choice('a precision', precisions)!.value;
    r.finish();
    return { weights: p, activations: p, kv: p === 'fp4' ? 'fp8' : p };
  }
  const result: WorkloadPrecision = { weights: 'bf16', activations: 'bf16', kv: 'bf16' };
  while (!r.done()) {
    const key = r.choice('a precision key', precisionKeys);
    const p = r.choice('a precision', precisions);
    if (key && p) result[key.value] = p.value;
    if (!key || !p) break;
  }
  r.finish();
  return result;
}

function bindBatch(ctx: BindContext, field: Field | undefined): BatchSpec | undefined {
  if (!field) return undefined;
  const r = new ArgReader(field, ctx.diagnostics);
  if (r.acceptWord('max')) {
    r.finish();
    return { mode: 'max', span: field.span };
  }
  const n = r.count('batch');
  let mode: 'per-device' | 'global' = 'per-device';
  if (r.acceptWord('per')) r.choice("'device'", ['device'] as const);
  else if (r.acceptWord('global')) mode = 'global';
  else if (n && r.done()) {
    const fixes = field.block
      ? []
      : [{ title: "Add 'per device'", span: { start: field.span.end, end: field.span.end }, newText: ' per device' }];
    ctx.diagnostics.push(
      diagnostic(
        'TOPO305',
        'warning',
        "say whether the batch is 'per device' or 'global'; 'per device' is assumed",
        field.span,
        { fixes },
      ),
    );
  }
  r.finish();
  return n ? { mode, value: n.value, span: field.span } : undefined;
}

function bindSpeculative(ctx: BindContext, field: Field | undefined): WorkloadSpec['speculative'] {
  const { mtp, accept } = readKeyed(field, ctx.diagnostics, 'mtp or accept', ['mtp', 'accept'] as const, (r, key) =>
    key === 'mtp' ? r.count('mtp draft tokens')?.value : r.fraction('acceptance')?.value,
  );
  if (!field || !mtp) return undefined;
  // With `accept` written (its bad value reported on its own), adding a second one would never settle.
  const written = field.args.some((a) => a.kind === 'word' && a.text === 'accept');
  const fixes =
    written || field.block
      ? []
      : [{ title: "Add 'accept 70%'", span: { start: field.span.end, end: field.span.end }, newText: ' accept 70%' }];
  if (accept === undefined)
    ctx.diagnostics.push(
      diagnostic('TOPO203', 'warning', "speculative decoding needs 'accept P%': 70% is assumed", field.span, { fixes }),
    );
  return { mtp, accept: accept ?? 0.7 };
}

/**
 * `slo tpot 50 ms p99 ttft 2 s p90`: each limit with an optional percentile (p50 to p99.99 as `p99`, `p999`
 * for 99.9%); without one the limit applies to the mean.
 */
function bindSlo(ctx: BindContext, field: Field | undefined): WorkloadSpec['slo'] {
  const percentiles: { tpot?: number; ttft?: number } = {};
  const limits = readKeyed(field, ctx.diagnostics, 'tpot or ttft', ['tpot', 'ttft'] as const, (r, key) => {
    const value = r.quantity(key.toUpperCase(), 'time')?.value;
    const word = r.peekWord();
    if (word !== undefined && /^p\d+$/.test(word)) {
      const atom = r.next()!;
      const p = percentileOf(word);
      if (p === undefined) {
        const message = `a ${key.toUpperCase()} percentile must be p50 to p9999 (p99 = 99%, p999 = 99.9%), not '${word}'`;
        ctx.diagnostics.push(diagnostic('TOPO303', 'error', message, atom.span));
      } else percentiles[key] = p;
    }
    return value;
  });
  return { ...limits, ...(Object.keys(percentiles).length ? { percentiles } : {}) };
}

/** `p99` -> 0.99, `p999` -> 0.999, `p50` -> 0.5; undefined below p50 or from five digits on. */
function percentileOf(word: string): number | undefined {
  const digits = word.slice(1);
  if (digits.length < 2 || digits.length > 4 || digits.startsWith('0')) return undefined;
  const p = Number(`0.${digits}`);
  return p >= 0.5 && p < 1 ? p : undefined;
}

function bindEfficiency(ctx: BindContext, field: Field | undefined): WorkloadSpec['efficiency'] {
  return readKeyed(
    field,
    ctx.diagnostics,
    'an efficiency kind',
    ['compute', 'memory', 'network'] as const,
    (r, key) => r.fraction(`${key} efficiency`)?.value,
  );
}

function bindEngine(ctx: BindContext, field: Field | undefined): WorkloadSpec['engine'] {
  const limits = readKeyed(
    field,
    ctx.diagnostics,
    'an engine setting',
    ['max_batch', 'max_tokens', 'kv_fraction'] as const,
    (r, key) => (key === 'kv_fraction' ? r.fraction('KV-cache memory fraction')?.value : r.count(key)?.value),
  );
  return { maxBatch: limits.max_batch, maxTokens: limits.max_tokens, kvFraction: limits.kv_fraction };
}

function bindParallel(
  ctx: BindContext,
  field: Field | undefined,
  ranks: number,
  system: SystemSpec,
  dies: number,
  text: string,
): ParallelSpec {
  const spans: ParallelSpec['spans'] = {};
  /** The numbers as written (`tp 2K`), which a fix replaces. */
  const valueSpans: ParallelSpec['spans'] = {};
  const given: Partial<Record<Degree, number>> = {};
  let search: ParallelSpec['search'];
  if (field) {
    const r = new ArgReader(field, ctx.diagnostics);
    if (r.acceptWord('search')) search = readSearchLimits(r);
    while (!r.done()) {
      const key = r.choice('a parallel degree', degrees);
      if (!key) break;
      const v = r.count(key.value);
      if (v) {
        given[key.value] = v.value;
        spans[key.value] = { start: key.span.start, end: v.span.end };
        valueSpans[key.value] = v.span;
        checkDegree(ctx, key.value, v.value, v.span, ranks);
      }
    }
    r.finish();
  }
  const tp = given.tp ?? 1;
  const pp = given.pp ?? 1;
  const dp = given.dp ?? Math.max(1, Math.floor(ranks / (tp * pp)));
  const parallel: ParallelSpec = {
    tp,
    pp,
    ep: given.ep ?? 1,
    dp,
    adp: given.adp ?? dp,
    spans,
    valueSpans,
    ...(search ? { search } : {}),
  };
  if (field && tp * pp * dp !== ranks && tp * pp * dp <= ranks && given.dp) {
    ctx.diagnostics.push(
      diagnostic(
        'TOPO406',
        'warning',
        `tp ${tp} x pp ${pp} x dp ${dp} = ${tp * pp * dp} ranks, but the workload has ${ranks}${dies > 1 ? ` (${ranks / dies} devices of ${dies} dies)` : ''}`,
        field.span,
      ),
    );
  }
  // One finding for a group beyond the fast domain: the estimator's TOPO504 leaves tp to this one.
  const fast = tpBeyondFastDomain(parallel, system, dies, ranks);
  if (fast) {
    const domainRanks = fast.devices * dies;
    // The largest tp that divides both a pipeline stage's ranks and the domain: its groups tile the domains.
    const suggested = greatestCommonDivisor(ranks % pp === 0 ? ranks / pp : ranks, domainRanks);
    const fix = resizeDegree(text, parallel, ranks, 'tp', suggested, `stays within ${fast.link}`);
    const slower = fast.slower ? `the slower ${fast.slower}` : 'a slower level';
    const message =
      `tp ${tp} is larger than the fast domain: ${fast.link} joins ${domainRanks} ranks at one speed; ` +
      `the tensor-parallel all-reduce crosses ${slower} twice per layer`;
    const data = { degree: 'tp', current: tp, suggested, linkName: fast.slower, fixes: fix ? [fix] : [] };
    ctx.diagnostics.push(diagnostic('TOPO402', 'warning', message, spans.tp!, data));
  }
  return parallel;
}

/** The fast domain a written tp exceeds (TOPO402), if it does. */
export function tpBeyondFastDomain(
  parallel: ParallelSpec,
  system: SystemSpec,
  dies: number,
  ranks: number,
): ReturnType<typeof fastDomain> {
  const fast = fastDomain(system);
  const beyond = parallel.spans.tp && fast && parallel.tp > fast.devices * dies && Number.isSafeInteger(ranks);
  return beyond ? fast : undefined;
}

function checkDegree(ctx: BindContext, key: Degree, value: number, span: Span, ranks: number): void {
  // Beyond 2^53 a remainder is not exact: the system's size warning says so, and nothing is checked here.
  if (!Number.isSafeInteger(ranks) || !Number.isSafeInteger(value)) return;
  if (value > ranks) {
    const suggested = largestDivisorAtMost(ranks, value) ?? 1;
    ctx.diagnostics.push(
      diagnostic('TOPO401', 'error', `${key} ${value} exceeds the ${ranks} ranks of this workload`, span, {
        degree: key,
        suggested,
        fixes: [{ title: `Set ${key} to ${suggested}`, span, newText: String(suggested) }],
      }),
    );
  } else if (ranks % value !== 0) {
    const suggested = largestDivisorAtMost(ranks, value) ?? 1;
    ctx.diagnostics.push(
      diagnostic('TOPO400', 'error', `${key} ${value} does not divide the ${ranks} ranks of this workload`, span, {
        degree: key,
        suggested,
        fixes: [{ title: `Set ${key} to ${suggested}`, span, newText: String(suggested) }],
      }),
    );
  }
}
