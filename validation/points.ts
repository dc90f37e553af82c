// Published measurements, one per workload of validation/points.topo: the measured figure, the role, the citation and
// the assumptions. The configuration of each point is the workload itself, analysed by the real binder and catalog.

export interface ValidationPoint {
  /** The name of the workload in validation/points.topo (or another validation/*.topo file). */
  workload: string;
  /** Label of the system family, printed in the table. */
  system: 'CloudMatrix384' | 'H100/H800/H200' | 'GB200/B200';
  /** calibration: used to set the efficiency defaults in server/src/analysis/efficiency.ts; held-out: never used to tune. */
  role: 'calibration' | 'held-out';
  description: string;
  /** Measured throughput per device (package), tokens/s: output tokens for decode and serving, input tokens for prefill. */
  measured: number;
  citation: string;
  /** Configuration choices the source does not state (each also marked `assumption:` in the .topo file). */
  assumptions?: string;
  /** A sample workload describing the same published setup: validate fails unless it estimates the same figure. */
  sample?: { file: string; workload: string };
}

const LMSYS_H100 = 'LMSYS blog "Deploying DeepSeek with PD Disaggregation and Large-scale Expert Parallelism on 96 H100 GPUs", 2025-05-05, results section';
const CM = 'Zuo et al., "Serving Large Language Models on Huawei CloudMatrix384", arXiv 2506.12708, abstract and evaluation (section 5)';
const TRT = 'NVIDIA TensorRT-LLM docs, "Performance Overview" (docs/source/performance/perf-overview.md), throughput table, trtllm-bench with in-flight batching, Total Output Throughput';
const TRT_ASSUMPTIONS = 'engine defaults max_batch 2048, max_tokens 8192; KV cache FP8; Llama 3.3 70B modelled as catalog Llama3_1_70B (same config.json shapes)';

export const points: ValidationPoint[] = [
  // ---- calibration ----
  {
    workload: 'cm384-r1-decode', system: 'CloudMatrix384', role: 'calibration', measured: 1943, citation: CM,
    description: 'DeepSeek-R1 INT8 decode, 160 NPUs (320 dies), EP320, batch 96 per NPU, KV 4,096, MTP 1 at 70%, TPOT 49.4 ms',
    assumptions: 'KV cache in BF16',
    sample: { file: 'samples/deepseek-r1.topo', workload: 'R1_decode_CM384' },
  },
  {
    workload: 'lmsys-h100-decode', system: 'H100/H800/H200', role: 'calibration', measured: 2785, citation: LMSYS_H100,
    description: 'DeepSeek-V3 FP8 decode on 9 nodes x 8 H100 (InfiniBand), EP72, batch 256 per GPU, 2,000-token input, two-batch overlap: 22,282 tok/s per node',
    assumptions: 'KV cache in BF16',
    sample: { file: 'samples/deepseek-r1.topo', workload: 'R1_decode_H100_IB' },
  },
  {
    workload: 'lmsys-h100-prefill', system: 'H100/H800/H200', role: 'calibration', measured: 6288, citation: LMSYS_H100,
    description: 'DeepSeek-V3 FP8 prefill on 4 nodes x 8 H100, EP32, 4,096-token prompts, 16,384 tokens per GPU, two-batch overlap',
    assumptions: 'KV cache in BF16',
  },
  {
    workload: 'trtllm-h200-70b-1k1k', system: 'H100/H800/H200', role: 'calibration', measured: 2909, citation: `${TRT}, Llama 3.3 70B, H200 TP1 FP8, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP8 serving on one H200, 1,000 in / 1,000 out, max throughput',
    assumptions: TRT_ASSUMPTIONS,
  },
  // ---- held out ----
  {
    workload: 'cm384-r1-prefill', system: 'CloudMatrix384', role: 'held-out', measured: 6688, citation: CM,
    description: 'DeepSeek-R1 INT8 prefill, EP32 on 16 NPUs (32 dies), 4,096-token prompts, micro-batch overlap',
    assumptions: '16,384 tokens per die per step (4 prompts), as the LMSYS H100 setup; KV cache in BF16',
  },
  {
    workload: 'cm384-r1-decode-15ms', system: 'CloudMatrix384', role: 'held-out', measured: 538, citation: CM,
    description: 'DeepSeek-R1 INT8 decode under a 15 ms TPOT SLO: 538 tok/s per NPU',
    assumptions: 'same deployment as the 50 ms point; batch chosen by batch max against the 15 ms SLO; KV cache in BF16',
  },
  {
    workload: 'deepseek-h800-decode', system: 'H100/H800/H200', role: 'held-out', measured: 14800 / 8,
    citation: 'DeepSeek, "DeepSeek-V3/R1 Inference System Overview" (open-infra-index, Day 6, 2025-03-01): 14.8k output tok/s per H800 node in decode; EP144 over 18 nodes; average KV length 4,989; 20-22 tok/s per user',
    description: 'DeepSeek-V3/R1 FP8 decode in production, EP144 on 18 H800 nodes',
    assumptions: 'MTP 1 at 85% (DeepSeek-V3 report: 85-90% acceptance); batch max under TPOT 47.62 ms (1 / 21 tok/s); KV cache in BF16; non-blocking IB fabric',
  },
  {
    workload: 'lmsys-gb200-decode', system: 'GB200/B200', role: 'held-out', measured: 7583,
    citation: 'LMSYS blog "Deploying DeepSeek on GB200 NVL72 with PD and Large Scale EP (Part I)", 2025-06-16: 7,583 tok/s per GPU decode, 2,000-token input, 12 trays (48 GPUs) for decode, no MTP',
    description: 'DeepSeek-V3 FP8 decode on 48 GB200 (EP48) in one NVL72 domain',
    assumptions: 'batch 256 per GPU ("setup mirrors the previous blog"); two-batch overlap; BF16 attention and KV cache',
  },
  {
    workload: 'lmsys-gb200-prefill', system: 'GB200/B200', role: 'held-out', measured: 18471,
    citation: 'LMSYS blog "Deploying DeepSeek on GB200 NVL72 with PD and Large Scale EP (Part II)", 2025-09-25: 18,471 input tok/s per GPU with BF16 attention and FP8 MoE, 2,000-token input; prefill groups of 2 trays',
    description: 'DeepSeek-V3 FP8 prefill on 8 GB200 (EP8)',
    assumptions: '16,384 tokens per GPU per step (8 prompts of 2,000); two-batch overlap',
  },
  {
    workload: 'trtllm-h100-70b-1k1k', system: 'H100/H800/H200', role: 'held-out', measured: 4205 / 2, citation: `${TRT}, Llama 3.3 70B, H100 TP2 FP8, ISL/OSL 1000/1000 (4,205 tok/s on 2 GPUs)`,
    description: 'Llama 3.3 70B FP8 serving on two H100 (TP2), 1,000 in / 1,000 out',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-h100-70b-500-2000', system: 'H100/H800/H200', role: 'held-out', measured: 5222 / 2, citation: `${TRT}, Llama 3.3 70B, H100 TP2 FP8, ISL/OSL 500/2000 (5,222 tok/s on 2 GPUs)`,
    description: 'Llama 3.3 70B FP8 serving on two H100 (TP2), 500 in / 2,000 out',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-h100-405b-1k1k', system: 'H100/H800/H200', role: 'held-out', measured: 2919 / 8, citation: `${TRT}, Llama 3.1 405B, H100 TP8 FP8, ISL/OSL 1000/1000 (2,919 tok/s on 8 GPUs)`,
    description: 'Llama 3.1 405B FP8 serving on 8 H100 (TP8), 1,000 in / 1,000 out',
    assumptions: 'engine defaults max_batch 2048, max_tokens 8192; KV cache FP8',
  },
  {
    workload: 'trtllm-b200-70b-1k1k', system: 'GB200/B200', role: 'held-out', measured: 7007, citation: `${TRT}, Llama 3.3 70B, B200 TP1 FP4, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP4 serving on one B200, 1,000 in / 1,000 out',
    assumptions: `${TRT_ASSUMPTIONS}; NVFP4 weights and activations`,
  },
  {
    workload: 'trtllm-gb200-70b-1k1k', system: 'GB200/B200', role: 'held-out', measured: 7326, citation: `${TRT}, Llama 3.3 70B, GB200 TP1 FP4, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP4 serving on one GB200, 1,000 in / 1,000 out',
    assumptions: `${TRT_ASSUMPTIONS}; NVFP4 weights and activations`,
  },
];
