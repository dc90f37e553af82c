// Published measurements with their configurations and citations: the calibration and held-out points of `npm run validate`.
import type { Phase, Precision, WorkloadSpec } from '../server/src/semantics/types';
import type { SystemSpec, ModelSpec } from '../server/src/semantics/types';
import * as hw from './hardware';

export interface ValidationPoint {
  id: string;
  system: 'CloudMatrix384' | 'H100/H800/H200' | 'GB200/B200';
  /** calibration: used to set the efficiency defaults in server/src/analysis/efficiency.ts; held-out: never used to tune. */
  role: 'calibration' | 'held-out';
  description: string;
  /** Measured throughput per device (package), tokens/s: output tokens for decode and serving, input tokens for prefill. */
  measured: number;
  citation: string;
  /** Configuration choices the source does not state. */
  assumptions?: string;
  workload: WorkloadSpec;
}

const span = { start: 0, end: 0 };
const site = { uri: 'validation://points', nameSpan: span, span };

interface Shape {
  name: string; model: ModelSpec; system: SystemSpec; devices: number; phase: Phase;
  precision: [Precision, Precision, Precision];
  tp?: number; ep?: number; pp?: number;
  batch: number | 'max';
  context?: number; input?: number; output?: number;
  mtp?: [number, number]; tpot?: number; overlap?: boolean;
  engine?: { maxBatch?: number; maxTokens?: number };
}

function w(s: Shape): WorkloadSpec {
  const first = (l: SystemSpec['root']): any => l.accelerator ?? l.children.map(first).find(Boolean);
  const accelerator = first(s.system.root);
  const ranks = s.devices * (accelerator?.dies ?? 1);
  return {
    name: s.name, model: s.model, system: s.system, devices: s.devices, ranks, accelerator, phase: s.phase,
    precision: { weights: s.precision[0], activations: s.precision[1], kv: s.precision[2] },
    parallel: { tp: s.tp ?? 1, pp: s.pp ?? 1, ep: s.ep ?? 1, dp: ranks / (s.tp ?? 1), adp: ranks / (s.tp ?? 1), spans: {} },
    batch: s.batch === 'max' ? { mode: 'max', span } : { mode: 'per-device', value: s.batch, span },
    context: s.context ?? 0, input: s.input ?? 0, output: s.output ?? 0,
    speculative: s.mtp ? { mtp: s.mtp[0], accept: s.mtp[1] } : undefined,
    slo: { tpot: s.tpot }, overlap: s.overlap ?? false, efficiency: {}, engine: s.engine ?? {}, site, fieldSpans: {},
  };
}

const LMSYS_H100 = 'LMSYS blog "Deploying DeepSeek with PD Disaggregation and Large-scale Expert Parallelism on 96 H100 GPUs", 2025-05-05, results section';
const CM = 'Zuo et al., "Serving Large Language Models on Huawei CloudMatrix384", arXiv 2506.12708, abstract and evaluation (section 5)';
const TRT = 'NVIDIA TensorRT-LLM docs, "Performance Overview" (docs/source/performance/perf-overview.md), throughput table, trtllm-bench with in-flight batching, Total Output Throughput';

export const points: ValidationPoint[] = [
  // ---- calibration ----
  {
    id: 'cm384-r1-decode', system: 'CloudMatrix384', role: 'calibration', measured: 1943, citation: CM,
    description: 'DeepSeek-R1 INT8 decode, 160 NPUs (320 dies), EP320, batch 96 per NPU, KV 4,096, MTP 1 at 70%, TPOT 49.4 ms',
    assumptions: 'KV cache in BF16',
    workload: w({ name: 'cm384-r1-decode', model: hw.DeepSeekV3, system: hw.cloudMatrix384(), devices: 160, phase: 'decode', precision: ['int8', 'int8', 'bf16'], ep: 320, batch: 96, context: 4096, mtp: [1, 0.7], overlap: true }),
  },
  {
    id: 'lmsys-h100-decode', system: 'H100/H800/H200', role: 'calibration', measured: 2785, citation: LMSYS_H100,
    description: 'DeepSeek-V3 FP8 decode on 9 nodes x 8 H100 (InfiniBand), EP72, batch 256 per GPU, 2,000-token input, two-batch overlap: 22,282 tok/s per node',
    workload: w({ name: 'lmsys-h100-decode', model: hw.DeepSeekV3, system: hw.hgx('H100_IB', hw.H100, 12, hw.NVLink4, hw.IB400), devices: 72, phase: 'decode', precision: ['fp8', 'fp8', 'bf16'], ep: 72, batch: 256, context: 2000, overlap: true }),
  },
  {
    id: 'lmsys-h100-prefill', system: 'H100/H800/H200', role: 'calibration', measured: 6288, citation: LMSYS_H100,
    description: 'DeepSeek-V3 FP8 prefill on 4 nodes x 8 H100, EP32, 4,096-token prompts, 16,384 tokens per GPU, two-batch overlap',
    workload: w({ name: 'lmsys-h100-prefill', model: hw.DeepSeekV3, system: hw.hgx('H100_IB', hw.H100, 12, hw.NVLink4, hw.IB400), devices: 32, phase: 'prefill', precision: ['fp8', 'fp8', 'bf16'], ep: 32, batch: 4, input: 4096, overlap: true }),
  },
  {
    id: 'trtllm-h200-70b-1k1k', system: 'H100/H800/H200', role: 'calibration', measured: 2909, citation: `${TRT}, Llama 3.3 70B, H200 TP1 FP8, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP8 serving on one H200, 1,000 in / 1,000 out, max throughput',
    assumptions: 'engine defaults max_batch_size 2048, max_num_tokens 8192; KV cache FP8',
    workload: w({ name: 'trtllm-h200-70b-1k1k', model: hw.Llama70B, system: hw.hgx('H200', hw.H200, 1, hw.NVLink4, hw.IB400), devices: 1, phase: 'serving', precision: ['fp8', 'fp8', 'fp8'], batch: 'max', input: 1000, output: 1000 }),
  },
  // ---- held out ----
  {
    id: 'cm384-r1-prefill', system: 'CloudMatrix384', role: 'held-out', measured: 6688, citation: CM,
    description: 'DeepSeek-R1 INT8 prefill, EP32 on 16 NPUs (32 dies), 4,096-token prompts, micro-batch overlap',
    assumptions: '16,384 tokens per die per step (4 prompts), as the LMSYS H100 setup',
    workload: w({ name: 'cm384-r1-prefill', model: hw.DeepSeekV3, system: hw.cloudMatrix384(), devices: 16, phase: 'prefill', precision: ['int8', 'int8', 'bf16'], ep: 32, batch: 8, input: 4096, overlap: true }),
  },
  {
    id: 'cm384-r1-decode-15ms', system: 'CloudMatrix384', role: 'held-out', measured: 538, citation: CM,
    description: 'DeepSeek-R1 INT8 decode under a 15 ms TPOT SLO: 538 tok/s per NPU',
    assumptions: 'same deployment as the 50 ms point; batch chosen by batch max against the 15 ms SLO',
    workload: w({ name: 'cm384-r1-decode-15ms', model: hw.DeepSeekV3, system: hw.cloudMatrix384(), devices: 160, phase: 'decode', precision: ['int8', 'int8', 'bf16'], ep: 320, batch: 'max', context: 4096, mtp: [1, 0.7], tpot: 0.015, overlap: true }),
  },
  {
    id: 'deepseek-h800-decode', system: 'H100/H800/H200', role: 'held-out', measured: 14800 / 8,
    citation: 'DeepSeek, "DeepSeek-V3/R1 Inference System Overview" (open-infra-index, Day 6, 2025-03-01): 14.8k output tok/s per H800 node in decode; EP144 over 18 nodes; average KV length 4,989; 20-22 tok/s per user',
    description: 'DeepSeek-V3/R1 FP8 decode in production, EP144 on 18 H800 nodes',
    assumptions: 'MTP 1 at 85% (DeepSeek-V3 report: 85-90% acceptance); batch max under TPOT 47 ms (1 / 21 tok/s)',
    workload: w({ name: 'deepseek-h800-decode', model: hw.DeepSeekV3, system: hw.hgx('H800_IB', hw.H800, 18, hw.NVLinkH800, hw.IB400), devices: 144, phase: 'decode', precision: ['fp8', 'fp8', 'bf16'], ep: 144, batch: 'max', context: 4989, mtp: [1, 0.85], tpot: 1 / 21, overlap: true }),
  },
  {
    id: 'lmsys-gb200-decode', system: 'GB200/B200', role: 'held-out', measured: 7583,
    citation: 'LMSYS blog "Deploying DeepSeek on GB200 NVL72 with PD and Large Scale EP (Part I)", 2025-06-16: 7,583 tok/s per GPU decode, 2,000-token input, 12 trays (48 GPUs) for decode, no MTP',
    description: 'DeepSeek-V3 FP8 decode on 48 GB200 (EP48) in one NVL72 domain',
    assumptions: 'batch 256 per GPU ("setup mirrors the previous blog"); two-batch overlap',
    workload: w({ name: 'lmsys-gb200-decode', model: hw.DeepSeekV3, system: hw.nvl72(), devices: 48, phase: 'decode', precision: ['fp8', 'fp8', 'bf16'], ep: 48, batch: 256, context: 2000, overlap: true }),
  },
  {
    id: 'lmsys-gb200-prefill', system: 'GB200/B200', role: 'held-out', measured: 18471,
    citation: 'LMSYS blog "Deploying DeepSeek on GB200 NVL72 with PD and Large Scale EP (Part II)", 2025-09-25: 18,471 input tok/s per GPU with BF16 attention and FP8 MoE, 2,000-token input; prefill groups of 2 trays',
    description: 'DeepSeek-V3 FP8 prefill on 8 GB200 (EP8)',
    assumptions: '16,384 tokens per GPU per step (8 prompts of 2,000); two-batch overlap',
    workload: w({ name: 'lmsys-gb200-prefill', model: hw.DeepSeekV3, system: hw.nvl72(), devices: 8, phase: 'prefill', precision: ['fp8', 'fp8', 'bf16'], ep: 8, batch: 8, input: 2000, overlap: true }),
  },
  {
    id: 'trtllm-h100-70b-1k1k', system: 'H100/H800/H200', role: 'held-out', measured: 4205 / 2, citation: `${TRT}, Llama 3.3 70B, H100 TP2 FP8, ISL/OSL 1000/1000 (4,205 tok/s on 2 GPUs)`,
    description: 'Llama 3.3 70B FP8 serving on two H100 (TP2), 1,000 in / 1,000 out',
    assumptions: 'engine defaults; KV cache FP8',
    workload: w({ name: 'trtllm-h100-70b-1k1k', model: hw.Llama70B, system: hw.hgx('H100', hw.H100, 1, hw.NVLink4, hw.IB400), devices: 2, phase: 'serving', precision: ['fp8', 'fp8', 'fp8'], tp: 2, batch: 'max', input: 1000, output: 1000 }),
  },
  {
    id: 'trtllm-h100-70b-500-2000', system: 'H100/H800/H200', role: 'held-out', measured: 5222 / 2, citation: `${TRT}, Llama 3.3 70B, H100 TP2 FP8, ISL/OSL 500/2000 (5,222 tok/s on 2 GPUs)`,
    description: 'Llama 3.3 70B FP8 serving on two H100 (TP2), 500 in / 2,000 out',
    assumptions: 'engine defaults; KV cache FP8',
    workload: w({ name: 'trtllm-h100-70b-500-2000', model: hw.Llama70B, system: hw.hgx('H100', hw.H100, 1, hw.NVLink4, hw.IB400), devices: 2, phase: 'serving', precision: ['fp8', 'fp8', 'fp8'], tp: 2, batch: 'max', input: 500, output: 2000 }),
  },
  {
    id: 'trtllm-h100-405b-1k1k', system: 'H100/H800/H200', role: 'held-out', measured: 2919 / 8, citation: `${TRT}, Llama 3.1 405B, H100 TP8 FP8, ISL/OSL 1000/1000 (2,919 tok/s on 8 GPUs)`,
    description: 'Llama 3.1 405B FP8 serving on 8 H100 (TP8), 1,000 in / 1,000 out',
    assumptions: 'engine defaults; KV cache FP8',
    workload: w({ name: 'trtllm-h100-405b-1k1k', model: hw.Llama405B, system: hw.hgx('H100', hw.H100, 1, hw.NVLink4, hw.IB400), devices: 8, phase: 'serving', precision: ['fp8', 'fp8', 'fp8'], tp: 8, batch: 'max', input: 1000, output: 1000 }),
  },
  {
    id: 'trtllm-b200-70b-1k1k', system: 'GB200/B200', role: 'held-out', measured: 7007, citation: `${TRT}, Llama 3.3 70B, B200 TP1 FP4, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP4 serving on one B200, 1,000 in / 1,000 out',
    assumptions: 'engine defaults; NVFP4 weights and activations, FP8 KV cache',
    workload: w({ name: 'trtllm-b200-70b-1k1k', model: hw.Llama70B, system: hw.hgx('B200', hw.B200, 1, hw.NVLink5, hw.IB400), devices: 1, phase: 'serving', precision: ['fp4', 'fp4', 'fp8'], batch: 'max', input: 1000, output: 1000 }),
  },
  {
    id: 'trtllm-gb200-70b-1k1k', system: 'GB200/B200', role: 'held-out', measured: 7326, citation: `${TRT}, Llama 3.3 70B, GB200 TP1 FP4, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP4 serving on one GB200, 1,000 in / 1,000 out',
    assumptions: 'engine defaults; NVFP4 weights and activations, FP8 KV cache',
    workload: w({ name: 'trtllm-gb200-70b-1k1k', model: hw.Llama70B, system: hw.nvl72(), devices: 1, phase: 'serving', precision: ['fp4', 'fp4', 'fp8'], batch: 'max', input: 1000, output: 1000 }),
  },
];
