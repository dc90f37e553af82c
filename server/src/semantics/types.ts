// The checked meaning of a document: accelerators, links, systems, models and workloads in base units.
import { Span } from '../syntax/ast';

export type Precision = 'fp4' | 'fp8' | 'int8' | 'bf16' | 'fp16' | 'fp32';
export const precisions: readonly Precision[] = ['fp4', 'fp8', 'int8', 'bf16', 'fp16', 'fp32'];
export const bytesPerElement: Record<Precision, number> = { fp4: 0.5, fp8: 1, int8: 1, bf16: 2, fp16: 2, fp32: 4 };
/** Layer kinds whose weights a workload may hold at their own precision: `precision weights fp8 experts fp4`. */
export const weightKinds = ['attention', 'ffn', 'experts', 'embeddings'] as const;
export type WeightKind = (typeof weightKinds)[number];
/** Expert-parallel messages whose element precision a workload may set: `precision dispatch fp8 combine bf16`. */
export const messageKinds = ['dispatch', 'combine'] as const;
export type MessageKind = (typeof messageKinds)[number];
/** Keys of `precision key p key p ...`: the defaults, the KV cache, each layer kind and each message kind. */
export const precisionKeys = ['weights', 'activations', 'kv', ...weightKinds, ...messageKinds] as const;

/**
 * Precisions of a workload: `weights` and `activations` by default; a layer kind written on its own
 * (`experts fp4`) holds its weights and runs its GEMMs at that precision; `kv` is the KV cache;
 * `dispatch` and `combine` are the elements of expert-parallel all-to-all messages.
 */
export interface WorkloadPrecision extends Partial<Record<WeightKind | MessageKind, Precision>> {
  weights: Precision;
  activations: Precision;
  kv: Precision;
}

/** Where a definition lives: the document URI and the spans of its name and whole declaration. */
export interface DefinitionSite {
  uri: string;
  nameSpan: Span;
  span: Span;
}

/** Accelerator architecture: selects the default GEMM and attention efficiencies (analysis/efficiency.ts). */
export type AcceleratorArch = 'hopper' | 'blackwell' | 'ascend' | 'cdna3' | 'other';
export const acceleratorArchs: readonly AcceleratorArch[] = ['hopper', 'blackwell', 'ascend', 'cdna3', 'other'];

/** Achievable fractions of peak in model steps, when the file declares them (`efficiency gemm 60% attention 38%`). */
export interface AcceleratorEfficiency {
  gemm?: number;
  attention?: number;
  memory?: number;
}

export interface AcceleratorSpec {
  name: string;
  /** Declared architecture (`arch hopper`); undefined when not written. */
  arch?: AcceleratorArch;
  efficiency?: AcceleratorEfficiency;
  /** Dense peak rate per precision, FLOP/s (or OP/s for int8). */
  compute: Partial<Record<Precision, number>>;
  /** HBM capacity, bytes. */
  memoryBytes: number;
  /** HBM bandwidth, bytes/s. */
  memoryBandwidth: number;
  /** A second memory tier the device reads over a link (Grace LPDDR5X over NVLink-C2C): `host_memory 240 GB at 225 GB/s`. */
  host?: { memoryBytes: number; bandwidth: number };
  dies: number;
  powerWatts?: number;
  source?: string;
  site: DefinitionSite;
}

/** Link families a file can name: `xgmi` is AMD's Infinity Fabric between Instinct GPUs. */
export const linkFamilies = ['ub', 'nvlink', 'xgmi', 'infiniband', 'roce', 'ethernet', 'pcie'] as const;
export type LinkFamily = (typeof linkFamilies)[number] | 'other';

export interface LinkSpec {
  name: string;
  /** Per device, each direction, bytes/s. */
  bandwidth: number;
  /** Per hop, seconds. */
  latency: number;
  /** Achievable fraction of bandwidth for large messages, if the file sets one. */
  efficiency?: number;
  /** Achievable fraction by per-peer message size, when the file gives a table (`efficiency 30% at 4 KB, 80% at 8 MB`). */
  efficiencyTable?: { bytes: number; efficiency: number }[];
  medium?: 'electrical' | 'optical';
  family: LinkFamily;
  /** The bandwidth was written in bits (Gb/s): shown in hovers. */
  writtenInBits: boolean;
  source?: string;
  site: DefinitionSite;
}

export interface FabricSpec {
  link: LinkSpec;
  nonblocking: boolean;
  /** Oversubscription ratio, >= 1 (1 means non-blocking). */
  oversubscription: number;
  /** Links of this class per device (multiplies the bandwidth), default 1. */
  linksPerDevice: number;
  tiers?: number;
  span: Span;
}

/** One level of a system layout, as written: `rack compute x 12 { ... }`. Counts are never expanded. */
export interface LevelSpec {
  /** The level kind as the user wrote it: rack, server, tray, npu, gpu, node. */
  kind: string;
  name?: string;
  count: number;
  /** Set when this level is devices: `gpu H100 x 8`. */
  accelerator?: AcceleratorSpec;
  /** Set when this level holds other systems: `node CloudMatrix384 x 4`. */
  system?: SystemSpec;
  children: LevelSpec[];
  fabric?: FabricSpec;
  /**
   * Power of one instance of this level as written (`power total 10.2 kW` for everything in it, accelerators
   * included; `power other 1.2 kW` for what is not an accelerator: switches, optics, CPUs). Counts multiply it.
   */
  power?: SystemCosts['power'];
  span: Span;
}

export interface SystemSpec {
  name: string;
  /** The system itself as the top level (count 1), holding the levels written inside it. */
  root: LevelSpec;
  scaleout?: LinkSpec;
  /** `price A usd per device-hour|system-hour` on the system: used by a comparison line that gives none. */
  price?: SystemCosts['price'];
  source?: string;
  site: DefinitionSite;
}

export type AttentionKind = 'mha' | 'gqa' | 'mla';

export interface AttentionSpec {
  kind: AttentionKind;
  heads: number;
  /** Key/value heads: equal to heads for MHA. */
  kvHeads: number;
  headDim: number;
  /** MLA only. */
  qRank?: number;
  kvRank?: number;
  ropeDim?: number;
  vHeadDim?: number;
}

export interface MoeSpec {
  experts: number;
  active: number;
  shared: number;
  expertFfn: number;
  denseLayers: number;
  denseFfn?: number;
}

export interface ModelSpec {
  name: string;
  layers: number;
  hidden: number;
  vocab: number;
  attention: AttentionSpec;
  /** Dense FFN intermediate size (gated: three matrices). */
  ffn?: number;
  moe?: MoeSpec;
  declaredParams?: number;
  tiedEmbeddings: boolean;
  mtpLayers: number;
  source?: string;
  site: DefinitionSite;
}

export type Phase = 'prefill' | 'decode' | 'serving' | 'training';

export interface ParallelSpec {
  tp: number;
  pp: number;
  ep: number;
  dp: number;
  /** Attention data parallel degree; defaults to dp. */
  adp: number;
  /** Spans of each degree as written, for diagnostics and hovers. */
  spans: Partial<Record<'tp' | 'pp' | 'ep' | 'dp' | 'adp', Span>>;
  /** The numbers as written (`tp 2K`), which a fix replaces. */
  valueSpans: Partial<Record<'tp' | 'pp' | 'ep' | 'dp' | 'adp', Span>>;
  /** `parallel search [tp 1 to 8] ...`: the layout is searched, within these inclusive ranges of each degree. */
  search?: SearchLimits;
}

/** Inclusive ranges a layout search keeps each degree within (`parallel search tp 1 to 8 ep 32 to 320`). */
export type SearchLimits = Partial<Record<'tp' | 'pp' | 'ep' | 'dp' | 'adp', [number, number]>>;

export type BatchSpec =
  | { mode: 'per-device'; value: number; span: Span }
  | { mode: 'global'; value: number; span: Span }
  | { mode: 'max'; span: Span };

export type WorkloadOffload = Partial<Record<'kv' | 'weights' | WeightKind, number>>;
/** Keys of `offload key P% ...`. */
export const offloadKeys = ['kv', 'weights', ...weightKinds] as const;

export interface WorkloadSpec {
  name: string;
  model: ModelSpec;
  system: SystemSpec;
  /** Devices (packages) used: `on X devices N`, or all devices of the system. */
  devices: number;
  /** Parallel ranks: devices x dies of the accelerator (an Ascend 910C package is two ranks, as in arXiv 2506.12708's
   * EP320 on 160 NPUs). Parallel degrees count ranks; each rank has 1/dies of its package's compute, memory and links. */
  ranks: number;
  /** The accelerator the workload runs on (the first one found in the layout). */
  accelerator: AcceleratorSpec;
  phase: Phase;
  precision: WorkloadPrecision;
  parallel: ParallelSpec;
  batch: BatchSpec;
  /** Decode KV length per sequence, tokens. */
  context: number;
  /** Prompt length, tokens. */
  input: number;
  /** Generated length, tokens. */
  output: number;
  speculative?: { mtp: number; accept: number };
  /** Latency limits in seconds; `percentiles` holds the percentile each applies to (0.99 for p99), absent: the mean. */
  slo: { tpot?: number; ttft?: number; percentiles?: { tpot?: number; ttft?: number } };
  /** Two micro-batches overlapping communication with compute. */
  overlap: boolean;
  efficiency: { compute?: number; memory?: number; network?: number };
  /**
   * Engine settings, per engine instance (the tp x pp ranks of one replica): max_batch sequences and max_tokens
   * tokens per scheduled micro-batch; kv_fraction, the share of memory left after weights and activations
   * that the KV cache may take.
   */
  engine: { maxBatch?: number; maxTokens?: number; kvFraction?: number };
  /**
   * Shares held in the accelerator's host memory instead of HBM (`offload kv 50% experts 100%`): of the KV cache,
   * and of each layer kind's weights (`weights` for every kind not written on its own).
   */
  offload: WorkloadOffload;
  site: DefinitionSite;
  /** Spans of fields as written, for diagnostics, lenses and quick fixes. */
  fieldSpans: Partial<Record<string, Span>>;
}

/** Power and price of one system in a comparison line (or, power, of a system's level), when the file gives them. */
export interface SystemCosts {
  /**
   * Watts of the whole system as written (`power total 559 kW`), or of what is not an accelerator (`power other
   * 20 kW`: switches, optics, CPUs; the accelerators add their own `power`). A row scales it to the devices used.
   * On a comparison line it replaces the power the system declares.
   */
  power?: { watts: number; kind: 'total' | 'other' };
  /** Price per hour of one device, or of the whole system entry. */
  price?: { amount: number; per: 'device-hour' | 'system-hour' };
}

/** One system of a `compare`: the shared workload on it, with its devices, costs and where it is written. */
export interface CompareEntry {
  system: SystemSpec;
  workload: WorkloadSpec;
  costs: SystemCosts;
  span: Span;
}

/** `compare`: one model, phase, precision, lengths and SLO on several systems, optionally with layout search. */
export interface CompareSpec {
  name: string;
  entries: CompareEntry[];
  /** `parallel search`: each system at its best layout (else the written degrees on every system). */
  search: boolean;
  site: DefinitionSite;
}
