// Efficiency defaults: compute, HBM and link efficiency per link family and message size, with their sources.
import { AcceleratorArch, AcceleratorSpec, LinkFamily, LinkSpec } from '../semantics/types';
import { normalQuantile } from './arrivals';

/**
 * Fraction of dense peak that large GEMMs reach. Calibrated on the calibration points of
 * validation/points.ts (LMSYS 96 x H100 prefill, 6,288 tok/s per GPU; CloudMatrix384 prefill
 * 6,688 tok/s per NPU). Published anchors of the same order: DeepGEMM reports up to 1,550 FP8
 * TFLOPS on H800 (78% of 1,979); Azure measured 2,744 FP8 TFLOPS GEMM on GB200 (55% of 5,000).
 */
export const DEFAULT_GEMM_EFFICIENCY = 0.6;
/**
 * Best measured GEMM fraction of dense peak per architecture (microbenchmarks, not model runs).
 * The calibrated DEFAULT_GEMM_EFFICIENCY applies to Hopper; other architectures scale it by their ceiling
 * relative to Hopper's. Hopper: DeepGEMM up to 1,550 FP8 TFLOPS on H800 = 0.78 (deepseek-ai/DeepGEMM
 * README). Blackwell: 2,744 FP8 TFLOPS measured on GB200 = 0.55 (Microsoft Tech Community, "Azure's
 * ND GB200 v6 delivers record performance for inference workloads", 2025). Ascend, CDNA3 and unknown
 * architectures: no published microbenchmark checked; assumption: as Hopper.
 */
const gemmCeilings: Record<AcceleratorArch, number> = {
  hopper: 0.78,
  blackwell: 0.55,
  ascend: 0.78,
  cdna3: 0.78,
  other: 0.78,
};
const HOPPER_CEILING = gemmCeilings.hopper;

/**
 * Fixed time of one GEMM or attention kernel on top of its bytes and FLOPs (prologue, pipeline fill, last wave),
 * seconds. Hopper: DeepGEMM's FP8 GEMMs at M = 64 rows on H800 (deepseek-ai/DeepGEMM README, early-2025 table: six
 * shapes holding 15 to 117 MB of weights take 6.4 to 44.7 us, from their TFLOPS) fit t = 3.0 us + weights / 2.8
 * TB/s (least squares). Blackwell and unknown architectures: no such table found; assumption: as Hopper. Ascend:
 * CloudMatrix384's serving fuses each layer's attention prologue and the MoE dispatch and combine into single
 * operators (arXiv 2506.12708), so a per-GEMM count of NVIDIA kernels does not apply; none is counted (assumption).
 * CDNA3: no microbenchmark checked; assumption: as Hopper.
 */
const kernelFixed: Record<AcceleratorArch, number> = {
  hopper: 3e-6,
  blackwell: 3e-6,
  ascend: 0,
  cdna3: 3e-6,
  other: 3e-6,
};

/** The efficiencies a step uses on one accelerator, and where they come from. */
export interface ComputeEfficiency {
  gemm: number;
  attention: number;
  memory: number;
  /** Fixed seconds per GEMM or attention kernel (`kernelFixed`). */
  kernelFixed: number;
  /** `declared`: the accelerator's own `efficiency`; `arch`: its architecture's defaults; `unknown`: no architecture written. */
  origin: 'declared' | 'arch' | 'unknown';
}

/**
 * Efficiencies for an accelerator: its declared `efficiency` where written, else its architecture's defaults
 * (the calibrated Hopper figures scaled by the architecture's measured GEMM ceiling; attention scales with
 * GEMM). Depends on the declared architecture and figures only, never on the accelerator's name.
 */
export function acceleratorEfficiency(
  acc: Pick<AcceleratorSpec, 'arch' | 'efficiency'> | undefined,
): ComputeEfficiency {
  const arch = acc?.arch ?? 'other';
  const scale = gemmCeilings[arch] / HOPPER_CEILING;
  const own = acc?.efficiency ?? {};
  const gemm = own.gemm ?? DEFAULT_GEMM_EFFICIENCY * scale;
  // Attention follows the declared GEMM figure when only that is written: the architecture's attention-to-GEMM ratio.
  const attention = own.attention ?? gemm * (DEFAULT_ATTENTION_EFFICIENCY / DEFAULT_GEMM_EFFICIENCY);
  const declared = own.gemm !== undefined || own.attention !== undefined || own.memory !== undefined;
  const origin = declared ? 'declared' : acc?.arch ? 'arch' : 'unknown';
  return { gemm, attention, memory: own.memory ?? DEFAULT_MEMORY_EFFICIENCY, kernelFixed: kernelFixed[arch], origin };
}

/**
 * Two-micro-batch overlap hides only part of the communication: the fraction of min(comm, kernels)
 * that is hidden. Calibrated on the LMSYS H100 decode point (calibration set); SGLang reports TBO
 * gains of up to 35%, short of a perfect max(compute, comm).
 */
export const OVERLAP_HIDDEN_FRACTION = 0.5;

/**
 * Expert load imbalance from routing skew: with EP, the busiest rank receives this multiple of the mean routed
 * tokens at large token counts, and the step waits for it. Assumption, calibrated on the prefill calibration
 * point; EPLB keeps it near but above 1 (DeepSeek EPLB README: redundant experts to balance load).
 */
export const EXPERT_IMBALANCE = 1.5;

/**
 * Expert load imbalance at a step: the routing skew (EXPERT_IMBALANCE) plus sampling noise. A rank's routed load
 * is a sum of Poisson counts, mean m = tokens per expert x experts per rank, standard deviation sqrt(m); the
 * busiest of ep ranks sits about z_ep = E[max of ep standard normals] of them above the mean, adding z_ep / sqrt(m)
 * (Blom's approximation for z). Grows with ep and falls as tokens per expert grow; 1 without EP; at most ep.
 */
export function expertImbalance(ep: number, experts: number, tokensPerExpert: number): number {
  if (!(ep > 1) || !(experts > 0)) return 1;
  const perRank = Math.max(1, experts / ep);
  const m = (Number.isFinite(tokensPerExpert) && tokensPerExpert > 0 ? tokensPerExpert : 1e-9) * perRank;
  const z = normalQuantile((ep - 0.375) / (ep + 0.25));
  return Math.min(ep, EXPERT_IMBALANCE + z / Math.sqrt(m));
}

/** Attention kernels (FlashAttention / FlashMLA) reach less of peak than GEMMs: 0.38, calibrated on the calibration points of validation/points.ts (FlashMLA's best shape reaches 580 TFLOPS BF16 on H800, 59% of 989, deepseek-ai/FlashMLA README). */
export const DEFAULT_ATTENTION_EFFICIENCY = 0.38;
/**
 * Achievable fraction of HBM bandwidth in decode kernels. Azure measured 7.35 TB/s of 8 TB/s
 * (92%) on GB200 in a streaming test (Microsoft Tech Community, "Azure's ND GB200 v6 delivers
 * record performance for inference workloads", 2025); FlashMLA reports 3,000 GB/s of 3,350 on
 * H800 (90%). Real decode steps mix small kernels: assumption 0.75, set by calibration.
 */
export const DEFAULT_MEMORY_EFFICIENCY = 0.75;
/**
 * Small matrices run below peak: a GEMM with M rows reaches at most M / (M + GEMM_HALF_ROWS) of
 * its large-matrix efficiency on the compute side. Assumption (tile size 128 on Hopper / Ascend cube units).
 */
export const GEMM_HALF_ROWS = 64;
/** Fixed cost per layer per step (kernel launches, synchronisation, norms) not hidden by CUDA graphs. Assumption, calibrated: 12 us. */
export const LAYER_OVERHEAD_SECONDS = 12e-6;
/**
 * Fraction of HBM kept free (allocator fragmentation, CUDA context, workspaces) when the file sets no
 * `engine kv_fraction`: vLLM's default gpu_memory_utilization 0.9 leaves 10% of device memory to others.
 */
export const DEFAULT_MEMORY_RESERVE = 0.1;

/** Efficiency at a given per-peer message size, linearly interpolated in log(size). */
interface EfficiencyPoint {
  bytes: number;
  efficiency: number;
}

/**
 * Link efficiency tables per family: achievable fraction of the per-direction bandwidth.
 * - nvlink: DeepEP normal kernels, intra-node EP8 on H800: 153 GB/s dispatch, 158 GB/s combine of
 *   about 200 GB/s per direction nominal (deepseek-ai/DeepEP README) -> 0.78 for large messages;
 *   DeepEP low-latency EP8 (128 tokens x top-8 x 7168, about 29 KB per peer): 77 us dispatch
 *   -> about 0.45 including fixed cost (hardware.md table).
 * - infiniband / roce: DeepEP normal kernels across nodes, 43-58 GB/s on a 50 GB/s CX7 NIC (EP16-64)
 *   -> 0.86 for large messages; low latency EP256: 194 us dispatch for 7.3 MB per GPU -> 0.75.
 * - ub: Huawei CloudMatrix384 (arXiv 2506.12708): dispatch 116 us at EP8 and 152 us at EP256;
 *   inter-server loss under 3% -> assumption close to nvlink, 0.8 for large messages.
 * - xgmi (AMD Infinity Fabric between MI300X GPUs): no published collective efficiency found; assumption: as nvlink.
 * - ethernet, pcie, other: assumptions.
 */
const tables: Record<LinkFamily, EfficiencyPoint[]> = {
  nvlink: [
    { bytes: 4e3, efficiency: 0.3 },
    { bytes: 32e3, efficiency: 0.5 },
    { bytes: 512e3, efficiency: 0.7 },
    { bytes: 8e6, efficiency: 0.78 },
  ],
  ub: [
    { bytes: 4e3, efficiency: 0.3 },
    { bytes: 32e3, efficiency: 0.5 },
    { bytes: 512e3, efficiency: 0.72 },
    { bytes: 8e6, efficiency: 0.8 },
  ],
  xgmi: [
    { bytes: 4e3, efficiency: 0.3 },
    { bytes: 32e3, efficiency: 0.5 },
    { bytes: 512e3, efficiency: 0.7 },
    { bytes: 8e6, efficiency: 0.78 },
  ],
  infiniband: [
    { bytes: 4e3, efficiency: 0.35 },
    { bytes: 32e3, efficiency: 0.75 },
    { bytes: 512e3, efficiency: 0.82 },
    { bytes: 8e6, efficiency: 0.86 },
  ],
  roce: [
    { bytes: 4e3, efficiency: 0.3 },
    { bytes: 32e3, efficiency: 0.7 },
    { bytes: 512e3, efficiency: 0.8 },
    { bytes: 8e6, efficiency: 0.84 },
  ],
  ethernet: [
    { bytes: 4e3, efficiency: 0.2 },
    { bytes: 32e3, efficiency: 0.5 },
    { bytes: 512e3, efficiency: 0.65 },
    { bytes: 8e6, efficiency: 0.7 },
  ],
  pcie: [
    { bytes: 4e3, efficiency: 0.3 },
    { bytes: 32e3, efficiency: 0.5 },
    { bytes: 512e3, efficiency: 0.7 },
    { bytes: 8e6, efficiency: 0.75 },
  ],
  other: [
    { bytes: 4e3, efficiency: 0.3 },
    { bytes: 32e3, efficiency: 0.5 },
    { bytes: 512e3, efficiency: 0.65 },
    { bytes: 8e6, efficiency: 0.7 },
  ],
};

/**
 * Software floor per collective call (kernel launch, signalling, completion), seconds.
 * NVLink/UB: assumption 10 us (nccl-tests small all-reduce on NVSwitch is 8-15 us; DeepEP LL EP8
 * dispatch 77 us against a 40 us bandwidth term); xGMI: assumption, as NVLink. RDMA: assumption 20 us (DeepEP LL, EP16 118 us).
 */
const floors: Record<LinkFamily, number> = {
  nvlink: 10e-6,
  ub: 10e-6,
  xgmi: 10e-6,
  infiniband: 20e-6,
  roce: 25e-6,
  ethernet: 40e-6,
  pcie: 15e-6,
  other: 20e-6,
};

export function collectiveFloor(family: LinkFamily): number {
  return floors[family] ?? floors.other;
}

/**
 * Achievable fraction of a link's bandwidth for messages of `messageBytes` per peer: from the link's own
 * table when the file gives one, else the family's; a single `efficiency` scales the large-message value.
 */
export function linkEfficiency(link: LinkSpec, messageBytes: number, override?: number): number {
  const own = link.efficiencyTable?.length ? link.efficiencyTable : undefined;
  const table = own ?? tables[link.family] ?? tables.other;
  const size = Number.isFinite(messageBytes) && messageBytes > 0 ? messageBytes : table[0].bytes;
  let e: number;
  if (size <= table[0].bytes) e = table[0].efficiency;
  else if (size >= table[table.length - 1].bytes) e = table[table.length - 1].efficiency;
  else {
    e = table[table.length - 1].efficiency;
    for (let i = 1; i < table.length; i++) {
      if (size <= table[i].bytes) {
        const a = table[i - 1],
          b = table[i];
        const t = (Math.log(size) - Math.log(a.bytes)) / (Math.log(b.bytes) - Math.log(a.bytes));
        e = a.efficiency + t * (b.efficiency - a.efficiency);
        break;
      }
    }
  }
  const large = table[table.length - 1].efficiency;
  const set = override ?? (own ? undefined : link.efficiency);
  if (set !== undefined && set > 0 && set <= 1) e = e * (set / large);
  return Math.min(1, Math.max(0.01, e));
}
