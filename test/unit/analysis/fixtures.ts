// Hand-built specs for estimator tests: accelerators, links, systems, models and workloads in base units.
import type {
  AcceleratorSpec,
  FabricSpec,
  LevelSpec,
  LinkFamily,
  LinkSpec,
  ModelSpec,
  Precision,
  SystemSpec,
  WorkloadSpec,
} from '../../../server/src/semantics/types';

const span = { start: 0, end: 0 };
const site = (uri = 'test://fixture') => ({ uri, nameSpan: span, span });

export function accelerator(
  name: string,
  compute: Partial<Record<Precision, number>>,
  memoryBytes: number,
  memoryBandwidth: number,
  dies = 1,
): AcceleratorSpec {
  return { name, compute, memoryBytes, memoryBandwidth, dies, site: site() };
}

export function link(
  name: string,
  family: LinkFamily,
  bandwidth: number,
  latency: number,
  efficiency?: number,
): LinkSpec {
  return { name, family, bandwidth, latency, efficiency, writtenInBits: false, site: site() };
}

export function fabric(l: LinkSpec, extra: Partial<FabricSpec> = {}): FabricSpec {
  return { link: l, nonblocking: true, oversubscription: 1, linksPerDevice: 1, span, ...extra };
}

export function devices(kind: string, acc: AcceleratorSpec, count: number): LevelSpec {
  return { kind, count, accelerator: acc, children: [], span };
}

export function level(kind: string, count: number, children: LevelSpec[], f?: FabricSpec, name?: string): LevelSpec {
  return { kind, name, count, children, fabric: f, span };
}

export function system(name: string, children: LevelSpec[], f?: FabricSpec, scaleout?: LinkSpec): SystemSpec {
  return { name, root: { kind: 'system', count: 1, children, fabric: f, span }, scaleout, site: site() };
}

// Figures from /work/shared/reference/hardware.md (NVIDIA H100 / GB200 datasheets, arXiv 2506.12708).
export const H100 = accelerator('H100', { bf16: 989e12, fp8: 1979e12 }, 80e9, 3.35e12);
export const NVLink4 = link('NVLink4', 'nvlink', 450e9, 1e-6);
export const IB400 = link('IB400', 'infiniband', 50e9, 2e-6);

/** `nodes` x 8 H100 on NVLink, nodes joined by 400 Gb/s InfiniBand. */
export function hgxCluster(nodes: number): SystemSpec {
  return system(`H100x${nodes * 8}`, [level('node', nodes, [devices('gpu', H100, 8)], fabric(NVLink4))], fabric(IB400));
}

export const DeepSeekV3: ModelSpec = {
  name: 'DeepSeekV3',
  layers: 61,
  hidden: 7168,
  vocab: 129280,
  attention: {
    kind: 'mla',
    heads: 128,
    kvHeads: 128,
    headDim: 128,
    qRank: 1536,
    kvRank: 512,
    ropeDim: 64,
    vHeadDim: 128,
  },
  moe: { experts: 256, active: 8, shared: 1, expertFfn: 2048, denseLayers: 3, denseFfn: 18432 },
  tiedEmbeddings: false,
  mtpLayers: 1,
  site: site(),
};

export const Llama70B: ModelSpec = {
  name: 'Llama3_70B',
  layers: 80,
  hidden: 8192,
  vocab: 128256,
  attention: { kind: 'gqa', heads: 64, kvHeads: 8, headDim: 128 },
  ffn: 28672,
  tiedEmbeddings: false,
  mtpLayers: 0,
  site: site(),
};

function primary(s: SystemSpec): AcceleratorSpec | undefined {
  const find = (l: LevelSpec): AcceleratorSpec | undefined =>
    l.accelerator ?? (l.system ? find(l.system.root) : undefined) ?? l.children.map(find).find(Boolean);
  return find(s.root);
}

export function workload(
  over: Partial<WorkloadSpec> & { model: ModelSpec; system: SystemSpec; devices: number },
): WorkloadSpec {
  const p = (over.precision as WorkloadSpec['precision'] | undefined) ?? {
    weights: 'fp8',
    activations: 'fp8',
    kv: 'bf16',
  };
  return {
    name: 'w',
    phase: 'decode',
    ranks: over.devices * (primary(over.system)?.dies ?? 1),
    accelerator: primary(over.system)!,
    parallel: { tp: 1, pp: 1, ep: 1, dp: over.devices, adp: over.devices, spans: {}, valueSpans: {} },
    batch: { mode: 'per-device', value: 1, span },
    context: 2000,
    input: 2000,
    output: 100,
    slo: {},
    overlap: false,
    efficiency: {},
    engine: {},
    offload: {},
    site: site(),
    fieldSpans: {},
    ...over,
    precision: p,
  };
}

export function parallel(p: Partial<WorkloadSpec['parallel']>, devicesUsed: number): WorkloadSpec['parallel'] {
  const dp = p.dp ?? devicesUsed;
  return { tp: 1, pp: 1, ep: 1, dp, adp: p.adp ?? dp, spans: {}, valueSpans: {}, ...p } as WorkloadSpec['parallel'];
}
