// Result types of the estimator: fabric levels, traffic per level, operator and memory breakdowns, bounds.
import { LinkFamily, LinkSpec, Phase } from '../semantics/types';
import { Span } from '../syntax/ast';
import type { Uncertainty } from './uncertainty';

/** One fabric level a device sees going up the layout. */
export interface FabricLevel {
  /** The level as written: `server`, `rack compute`, the system name for a top-level fabric, or `scaleout`. */
  levelName: string;
  /** Devices per group at this level (one instance of the level). */
  groupSize: number;
  link: LinkSpec;
  /** link.bandwidth x linksPerDevice / oversubscription, bytes/s per device per direction. */
  bandwidthPerDevice: number;
  /** Seconds per hop. */
  latency: number;
  oversubscription: number;
  /** Switch hops a message crosses at this level (2 x tiers - 1; 1 when tiers are not written). */
  hops: number;
  /** Where the fabric is written, for diagnostics and hovers. */
  span: Span;
}

export interface SystemTotals {
  devices: number;
  /** Sum of dense peak rate per precision, FLOP/s. */
  compute: Partial<Record<string, number>>;
  hbmBytes: number;
  hbmBandwidth: number;
  /** Device kinds by name with their counts (heterogeneous trees list several). */
  accelerators: { name: string; count: number }[];
}

export type CollectiveKind = 'tp-allreduce' | 'ep-dispatch' | 'ep-combine' | 'pp-send' | 'dp-allreduce';

export interface CollectiveOnLevel {
  kind: CollectiveKind;
  /** Bytes each device sends at this level per step. */
  bytes: number;
  /** Seconds per step (bandwidth term plus latency). */
  time: number;
  /** Typical message size used to pick the efficiency, bytes. */
  messageBytes: number;
  efficiency: number;
}

export interface LevelTraffic {
  levelName: string;
  linkName: string;
  family: LinkFamily;
  groupSize: number;
  /** Bytes each device sends over this level per step. */
  bytesPerStep: number;
  /** Seconds per step spent on this level (before overlap). */
  time: number;
  /** Bytes per step / (step time x bandwidth per device). */
  utilisation: number;
  /** time / step time. */
  shareOfStep: number;
  latencyPerHop: number;
  hops: number;
  oversubscription: number;
  bandwidthPerDevice: number;
  collectives: CollectiveOnLevel[];
  span: Span;
}

export type OperatorClass =
  'attention' | 'dense-ffn' | 'experts' | 'collectives' | 'lm-head' | 'host-memory' | 'overhead';

export interface OperatorCost {
  class: OperatorClass;
  flops: number;
  bytes: number;
  time: number;
  /** Which roofline side set the time. */
  limitedBy: 'compute' | 'memory' | 'link' | 'fixed';
  share: number;
}

export interface LayerKindCost {
  kind: 'dense' | 'moe' | 'head';
  layers: number;
  time: number;
  share: number;
}

export interface MemoryBreakdown {
  weights: number;
  kvCache: number;
  activations: number;
  reserve: number;
  total: number;
  capacity: number;
  fits: boolean;
  /** What `offload` holds in the accelerator's host memory, per rank; absent without offload. */
  host?: { weights: number; kvCache: number; total: number; capacity: number; fits: boolean };
}

export type Bound =
  | { kind: 'compute'; share: number }
  | { kind: 'memory-bandwidth'; share: number }
  | { kind: 'memory-capacity'; share: number }
  | { kind: 'host-memory'; share: number }
  | { kind: 'link'; linkName: string; levelName: string; share: number };

export interface BatchSearchResult {
  batch: number;
  stoppedBy: 'memory' | 'slo' | 'engine' | 'none';
  /** Largest batch that fits memory. */
  memoryLimit: number;
  /** Largest batch that meets the SLO (Infinity reported as -1 when no SLO). */
  sloLimit: number;
  /** With stoppedBy 'slo': the limit one batch more would miss (the first of tpot, ttft). */
  slo?: 'tpot' | 'ttft';
}

/** One latency limit of the SLO and the value the estimate meets it with. */
export interface SloCheck {
  name: 'tpot' | 'ttft';
  /** Seconds. */
  limit: number;
  /** Seconds, at the percentile (the mean when none); with `unbounded` the wait is left out (the queue never empties). */
  value: number;
  /** 0.99 for p99; undefined: the mean. */
  percentile?: number;
  /** Utilisation 100%: requests arrive as fast as the engine serves them and the TTFT queue grows without bound. */
  unbounded?: boolean;
}

export interface WorkloadEstimate {
  workload: string;
  phase: Phase;
  valid: boolean;
  reasons: string[];
  notes: string[];
  /** One sentence: what this estimate models. */
  modelled: string;
  /** One sentence: how the model is split across ranks (attention tensor- or data-parallel, experts, pipeline). */
  parallelism: string;
  /** Devices (packages) used. */
  devices: number;
  /** Parallel ranks (devices x dies); degrees count ranks. Memory and traffic figures are per rank. */
  ranks: number;
  batchPerDevice: number;
  batchGlobal: number;
  batchSearch?: BatchSearchResult;
  /** Output tokens per sequence per decode step (1 + accepted drafts). */
  tokensPerStep: number;
  /** Seconds per step (decode step, prefill step or serving iteration). */
  stepTime: number;
  tpot?: number;
  ttft?: number;
  /** The SLO's limits and the latencies checked against them (percentiles and queueing, slo.ts); absent without an SLO. */
  slo?: SloCheck[];
  /** Tokens per second per device (package): output tokens for decode and serving, input tokens for prefill. */
  throughputPerDevice: number;
  throughputTotal: number;
  throughputKind: 'output' | 'input' | 'training';
  computeTime: number;
  memoryTime: number;
  /** Communication time not hidden behind compute. */
  exposedCommTime: number;
  /** Time reading offloaded bytes from host memory (`offload`), seconds per step. */
  hostMemoryTime: number;
  memory: MemoryBreakdown;
  levels: LevelTraffic[];
  operators: OperatorCost[];
  layerKinds: LayerKindCost[];
  bound: Bound;
  /** Compute precision used and any fallback. */
  computePrecision: string;
  /** The regime's held-out validation error (analysis/uncertainty.ts); absent on an estimate that failed. */
  uncertainty?: Uncertainty;
}
