// Binds accelerator and link declarations, with plausibility checks on their figures.
import { Declaration, Span } from '../syntax/ast';
import { ArgReader, readField, readKeyed } from './args';
import { diagnostic } from './diagnostics';
import { BindContext, fieldsOf, insertFieldFix, requireFields, siteOf } from './scope';
import { formatQuantity, unitInfo } from './units';
import { AcceleratorSpec, acceleratorArchs, LinkFamily, linkFamilies, LinkSpec, Precision, precisions } from './types';

export function bindAccelerator(ctx: BindContext, decl: Declaration, text: string): AcceleratorSpec | undefined {
  const { byName } = fieldsOf(ctx, 'accelerator', decl.block?.fields ?? []);
  // An incomplete accelerator still binds, so references to it resolve; the estimator reports what it lacks.
  requireFields(ctx, 'accelerator', byName, declPlace(decl), text, {
    compute: 'bf16 1000 TFLOPS',
    memory: '80 GB at 3.35 TB/s',
  });
  const spec: AcceleratorSpec = {
    name: decl.name!.text,
    compute: {},
    memoryBytes: 0,
    memoryBandwidth: 0,
    dies: 1,
    site: siteOf(ctx.uri, decl),
  };
  const compute = byName.get('compute');
  if (compute) {
    const r = new ArgReader(compute, ctx.diagnostics);
    do {
      const p = r.choice<Precision>('a precision', precisions);
      const q = r.quantity('compute', 'compute');
      if (p && q) {
        spec.compute[p.value] = q.value;
        if (q.value > 1e17)
          ctx.diagnostics.push(
            diagnostic(
              'TOPO303',
              'warning',
              `${formatQuantity(q.value, 'compute')} is implausible for one accelerator (the largest run about 10 PFLOPS dense at fp4)`,
              q.span,
            ),
          );
      }
    } while (r.acceptPunct(','));
    r.finish();
  }
  const memory = byName.get('memory');
  if (memory) {
    const r = new ArgReader(memory, ctx.diagnostics);
    const capacity = r.quantity('memory capacity', 'bytes');
    if (capacity) spec.memoryBytes = capacity.value;
    if (r.acceptWord('at')) {
      const bw = r.quantity('memory bandwidth', 'bandwidth');
      if (bw) spec.memoryBandwidth = bw.value;
    } else {
      // An `at` further on (after a stray unit) is kept: the fix removes what stands before it, never adds a second one.
      const at = memory.args.find((a) => a.kind === 'word' && a.text === 'at');
      const stray = capacity && at ? text.slice(capacity.span.end, at.span.start).trim() : '';
      const removeStray =
        stray && capacity && at
          ? {
              title: `Remove '${stray}' before 'at'`,
              span: { start: capacity.span.end, end: at.span.start },
              newText: ' ',
            }
          : undefined;
      const addBandwidth = {
        title: "Add 'at 3.35 TB/s'",
        span: { start: memory.span.end, end: memory.span.end },
        newText: ' at 3.35 TB/s',
      };
      const fix = memory.block ? undefined : at ? removeStray : addBandwidth;
      ctx.diagnostics.push(
        diagnostic('TOPO203', 'error', "missing memory bandwidth: write 'memory 80 GB at 3.35 TB/s'", memory.span, {
          fixes: fix ? [fix] : [],
        }),
      );
    }
    r.finish();
  }
  spec.host = readField(byName.get('host_memory'), ctx.diagnostics, (r) => {
    const capacity = r.quantity('host memory capacity', 'bytes');
    if (!capacity || !r.choice("'at'", ['at'] as const)) return undefined;
    const bandwidth = r.quantity('host memory bandwidth', 'bandwidth');
    return bandwidth && { memoryBytes: capacity.value, bandwidth: bandwidth.value };
  });
  spec.dies = readField(byName.get('dies'), ctx.diagnostics, (r) => r.count('dies')?.value) ?? 1;
  spec.powerWatts = readField(byName.get('power'), ctx.diagnostics, (r) => r.quantity('power', 'power')?.value);
  spec.arch = readField(
    byName.get('arch'),
    ctx.diagnostics,
    (r) => r.choice('an architecture', acceleratorArchs)?.value,
  );
  const efficiencyField = byName.get('efficiency');
  if (efficiencyField) {
    const kinds = ['gemm', 'attention', 'memory'] as const;
    spec.efficiency = readKeyed(
      efficiencyField,
      ctx.diagnostics,
      'an efficiency kind',
      kinds,
      (r, key) => r.fraction(`${key} efficiency`)?.value,
    );
  }
  if (!byName.has('arch') && !efficiencyField) {
    const place = declPlace(decl);
    const message =
      `${spec.name} declares no architecture: its GEMM and attention efficiencies are the default for an ` +
      "unknown architecture (arch other, the calibrated Hopper figures); write 'arch hopper|blackwell|ascend|cdna3|other' " +
      "or 'efficiency gemm P% attention P%'";
    const fixes = place.blockSpan
      ? [insertFieldFix(text, { span: place.blockSpan, closed: true }, 'arch other')]
      : undefined;
    ctx.diagnostics.push(
      diagnostic('TOPO209', 'information', message, place.nameSpan, { field: 'arch', assumed: 'other', fixes }),
    );
  }
  spec.source = readSource(ctx, byName.get('source'));
  return spec;
}

/** Plausible bandwidth per device per direction, bytes/s, by link family. Ranges from shipping parts:
 * NICs 10-800 Gb/s (ConnectX-8: 800 Gb/s); NVLink 3-5: 300-900 GB/s per direction; UB 196-392 GB/s per 910C
 * (arXiv 2506.12708); xGMI: 64 GB/s per link and direction, 7 links on an MI300X (AMD MI300X data sheet);
 * PCIe 4-6 x16: 32-128 GB/s. Ranges are widened by 2x and are assumptions of this project. */
const plausibleBandwidth: Record<LinkFamily, [number, number] | undefined> = {
  roce: [1.25e9 / 2, 200e9],
  infiniband: [1.25e9 / 2, 200e9],
  ethernet: [0.125e9, 200e9],
  nvlink: [20e9, 2e12],
  ub: [20e9, 2e12],
  xgmi: [20e9, 2e12],
  pcie: [2e9, 256e9],
  other: undefined,
};

export function inferLinkFamily(name: string): LinkFamily {
  const n = name.toLowerCase();
  if (n.includes('nvlink') || n.startsWith('nvl')) return 'nvlink';
  if (n.includes('roce')) return 'roce';
  if (n.startsWith('ib') || n.includes('infiniband')) return 'infiniband';
  if (n.startsWith('ub') || n.includes('unifiedbus')) return 'ub';
  if (n.includes('xgmi') || n.includes('infinityfabric')) return 'xgmi';
  if (n.includes('pcie')) return 'pcie';
  if (n.includes('eth')) return 'ethernet';
  return 'other';
}

const families: readonly LinkFamily[] = [...linkFamilies, 'other'];

export function bindLink(ctx: BindContext, decl: Declaration, text: string): LinkSpec | undefined {
  const { byName } = fieldsOf(ctx, 'link', decl.block?.fields ?? []);
  requireFields(ctx, 'link', byName, declPlace(decl), text, { bandwidth: '400 Gb/s', latency: '2 us' });
  const name = decl.name!.text;
  const spec: LinkSpec = {
    name,
    bandwidth: 0,
    latency: 0,
    family: inferLinkFamily(name),
    writtenInBits: false,
    site: siteOf(ctx.uri, decl),
  };
  const d = ctx.diagnostics;
  spec.family = readField(byName.get('family'), d, (r) => r.choice('a link family', families)?.value) ?? spec.family;
  const bandwidth = readField(byName.get('bandwidth'), d, (r) => r.quantity('link bandwidth', 'bandwidth'));
  if (bandwidth) {
    spec.bandwidth = bandwidth.value;
    spec.writtenInBits = bandwidth.bits;
    checkBitsVersusBytes(ctx, spec, bandwidth);
  }
  const latency = readField(byName.get('latency'), d, (r) => r.quantity('latency', 'time'));
  if (latency) {
    spec.latency = latency.value;
    if (latency.value < 1e-9 || latency.value > 1e-3)
      d.push(
        diagnostic(
          'TOPO303',
          'warning',
          `a per-hop latency of ${formatQuantity(latency.value, 'time')} is implausible (links run from about 100 ns to tens of microseconds)`,
          latency.span,
        ),
      );
  }
  const efficiency = readField(byName.get('efficiency'), d, readEfficiency);
  if (efficiency?.table) spec.efficiencyTable = efficiency.table;
  else spec.efficiency = efficiency?.value;
  spec.medium = readField(
    byName.get('medium'),
    d,
    (r) => r.choice('a medium', ['electrical', 'optical'] as const)?.value,
  );
  spec.source = readSource(ctx, byName.get('source'));
  return spec;
}

/** `efficiency 80%` (scales the family's table), or a table by message size: `efficiency 30% at 4 KB, 80% at 8 MB`. */
function readEfficiency(r: ArgReader): { value?: number; table?: { bytes: number; efficiency: number }[] } | undefined {
  const points: { bytes?: number; efficiency: number; span: Span }[] = [];
  do {
    const e = r.fraction('efficiency');
    if (!e) return undefined;
    const bytes = r.acceptWord('at') ? r.quantity('message size', 'bytes') : undefined;
    points.push({ bytes: bytes?.value, efficiency: e.value, span: e.span });
  } while (r.acceptPunct(','));
  if (points.length === 1 && points[0].bytes === undefined) return { value: points[0].efficiency };
  const missing = points.find((p) => p.bytes === undefined);
  if (missing) {
    r.diagnostics.push(
      diagnostic(
        'TOPO305',
        'error',
        "each point of an efficiency table needs its message size: 'efficiency 30% at 4 KB, 80% at 8 MB'",
        missing.span,
      ),
    );
    return undefined;
  }
  return {
    table: points.map((p) => ({ bytes: p.bytes!, efficiency: p.efficiency })).sort((a, b) => a.bytes - b.bytes),
  };
}

function checkBitsVersusBytes(
  ctx: BindContext,
  spec: LinkSpec,
  q: {
    value: number;
    unit: string;
    bits: boolean;
    span: { start: number; end: number };
    unitSpan?: { start: number; end: number };
  },
): void {
  const range = plausibleBandwidth[spec.family];
  if (!range) return;
  const [lo, hi] = range;
  if (q.value >= lo && q.value <= hi) return;
  const swapped = q.bits ? q.value * 8 : q.value / 8;
  const swappedUnit = swapUnit(q.unit);
  const shown = formatQuantity(q.value, 'bandwidth');
  if (swappedUnit && swapped >= lo && swapped <= hi && q.unitSpan) {
    const written = `${formatNumberAsWritten(q)} ${q.unit}`;
    const message = `${written} is implausible for a ${spec.family} link (${formatQuantity(lo, 'bandwidth')} to ${formatQuantity(hi, 'bandwidth')} per device); did you mean ${formatNumberAsWritten(q)} ${swappedUnit} = ${formatQuantity(swapped, 'bandwidth')}? ${q.bits ? 'Gb/s is bits' : 'GB/s is bytes'}, 8 bits to a byte`;
    ctx.diagnostics.push(
      diagnostic('TOPO302', 'warning', message, q.span, {
        fixes: [{ title: `Change '${q.unit}' to '${swappedUnit}'`, span: q.unitSpan, newText: swappedUnit }],
      }),
    );
    return;
  }
  ctx.diagnostics.push(
    diagnostic(
      'TOPO303',
      'warning',
      `${shown} per device is outside the plausible range for a ${spec.family} link (${formatQuantity(lo, 'bandwidth')} to ${formatQuantity(hi, 'bandwidth')})`,
      q.span,
    ),
  );
}

function formatNumberAsWritten(q: { value: number; unit: string }): string {
  const factor = q.value / (unitInfo(q.unit)?.factor ?? 1);
  return Number(factor.toPrecision(6)).toString();
}

function swapUnit(unit: string): string | undefined {
  const map: Record<string, string> = {
    'GB/s': 'Gb/s',
    'Gb/s': 'GB/s',
    'TB/s': 'Tb/s',
    'Tb/s': 'TB/s',
    'MB/s': 'Mb/s',
    'Mb/s': 'MB/s',
    Gbps: 'GB/s',
    Tbps: 'TB/s',
    Mbps: 'MB/s',
  };
  return map[unit];
}

export function readSource(ctx: BindContext, field: import('../syntax/ast').Field | undefined): string | undefined {
  if (!field) return undefined;
  const a = field.args[0];
  if (a?.kind === 'string' && field.args.length === 1) return a.value;
  ctx.diagnostics.push(
    diagnostic('TOPO305', 'error', 'expected a quoted citation: source "datasheet, table"', field.span),
  );
  return undefined;
}

export function declPlace(decl: Declaration): {
  span: Declaration['span'];
  blockSpan?: Declaration['span'];
  nameSpan: Declaration['span'];
} {
  return {
    span: decl.span,
    blockSpan: decl.block?.closed ? decl.block.span : undefined,
    nameSpan: decl.name?.span ?? decl.keywordSpan,
  };
}
