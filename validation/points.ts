// Published measurements, one per workload of validation/points.topo: the measured figure, the citation, the load and
// the assumptions. The configuration of each point is the workload itself, analysed by the real binder and catalog;
// its role (calibration / held-out) is in validation/split.json, fixed before the point's error was seen.

export interface ValidationPoint {
  /** The name of the workload in validation/points.topo (or another validation/*.topo file). */
  workload: string;
  /** Label of the system family, printed in the table. */
  system: 'CloudMatrix384' | 'H100/H800/H200' | 'GB200/B200';
  /** offline: the highest throughput with no latency limit; latency-limited: under a TPOT/TTFT SLO or at batch 1. */
  load: 'offline' | 'latency-limited';
  description: string;
  /** Measured throughput per device (package), tokens/s: output tokens for decode and serving, input tokens for prefill. */
  measured: number;
  citation: string;
  /** Configuration choices the source does not state (each also marked `assumption:` in the .topo file). */
  assumptions?: string;
  /** A sample workload describing the same published setup: validate fails unless it estimates the same figure. */
  sample?: { file: string; workload: string };
  /** Why the point cannot run yet (a feature the language or estimator lacks); it then needs no workload. */
  pending?: string;
}

const LMSYS_H100 =
  'LMSYS blog "Deploying DeepSeek with PD Disaggregation and Large-scale Expert Parallelism on 96 H100 GPUs", 2025-05-05, results section';
const CM =
  'Zuo et al., "Serving Large Language Models on Huawei CloudMatrix384", arXiv 2506.12708 (2025-06), abstract and evaluation (section 5)';
const TRT =
  'NVIDIA TensorRT-LLM docs, "Performance Overview" (docs/source/performance/perf-overview.md at commit 00f37686aa85), section "Throughput Measurements", trtllm-bench with in-flight batching, Total Output Throughput';
const TRT_ASSUMPTIONS =
  'engine defaults max_batch 2048, max_tokens 8192; KV cache FP8; Llama 3.3 70B modelled as catalog Llama3_1_70B (same config.json shapes)';

const TRT_R1 =
  'NVIDIA TensorRT-LLM docs, "How to get best performance on DeepSeek-R1 in TensorRT LLM" (docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md at commit 01c4ece911eb), trtllm-bench "Expected Result Format", Per GPU Output Throughput';
const TRT_B1 =
  'TensorRT-LLM tech blog 1 "Pushing Latency Boundaries: Optimizing DeepSeek-R1 Performance on NVIDIA B200 GPUs", section "Autoregressive MTP Layers": MTP 3 accepts 2.82 tokens per step';
const LMSYS_GB2 =
  'LMSYS blog "Deploying DeepSeek on GB200 NVL72 with PD and Large Scale EP (Part II): 3.8x Prefill, 4.8x Decode Throughput", 2025-09-25, introduction and highlights; group sizes from its reproduction scripts (shifangx/Scripts-SGLang README: prefill groups of 2 nodes, decode groups of 12 nodes)';
const MOE_TRT =
  'attention TP8 as the table prints (the page nests enable_attention_dp under cuda_graph_config, which has no such field; the other rows of the Qwen3 table fit TP attention, not attention DP); experts EP8 (the EP degree is not printed)';
const FP4_GEMMS =
  'every GEMM in FP4 (the language has one weight precision per workload; the source keeps attention in higher precision)';

export const points: ValidationPoint[] = [
  {
    workload: 'cm384-r1-decode',
    system: 'CloudMatrix384',
    load: 'latency-limited',
    measured: 1943,
    citation: CM,
    description:
      'DeepSeek-R1 INT8 decode, 160 NPUs (320 dies), EP320, batch 96 per NPU, KV 4,096, MTP 1 at 70%, TPOT 49.4 ms',
    assumptions: 'KV cache in BF16',
    sample: { file: 'samples/deepseek-r1.topo', workload: 'R1_decode_CM384' },
  },
  {
    workload: 'lmsys-h100-decode',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 2785,
    citation: LMSYS_H100,
    description:
      'DeepSeek-V3 FP8 decode on 9 nodes x 8 H100 (InfiniBand), EP72, batch 256 per GPU, 2,000-token input, two-batch overlap: 22,282 tok/s per node',
    assumptions: 'KV cache in BF16',
    sample: { file: 'samples/deepseek-r1.topo', workload: 'R1_decode_H100_IB' },
  },
  {
    workload: 'lmsys-h100-prefill',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 6288,
    citation: LMSYS_H100,
    description:
      'DeepSeek-V3 FP8 prefill on 4 nodes x 8 H100, EP32, 4,096-token prompts, 16,384 tokens per GPU, two-batch overlap',
    assumptions: 'KV cache in BF16',
  },
  {
    workload: 'trtllm-h200-70b-1k1k',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 2909,
    citation: `${TRT}, Llama 3.3 70B, H200 TP1 FP8, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP8 serving on one H200, 1,000 in / 1,000 out, max throughput',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'cm384-r1-prefill',
    system: 'CloudMatrix384',
    load: 'offline',
    measured: 6688,
    citation: CM,
    description: 'DeepSeek-R1 INT8 prefill, EP32 on 16 NPUs (32 dies), 4,096-token prompts, micro-batch overlap',
    assumptions: '16,384 tokens per die per step (4 prompts), as the LMSYS H100 setup; KV cache in BF16',
  },
  {
    workload: 'cm384-r1-decode-15ms',
    system: 'CloudMatrix384',
    load: 'latency-limited',
    measured: 538,
    citation: CM,
    description: 'DeepSeek-R1 INT8 decode under a 15 ms TPOT SLO: 538 tok/s per NPU',
    assumptions:
      'same deployment as the 50 ms point; batch chosen by batch max against the 15 ms SLO; KV cache in BF16',
  },
  {
    workload: 'deepseek-h800-decode',
    system: 'H100/H800/H200',
    load: 'latency-limited',
    measured: 14800 / 8,
    citation:
      'DeepSeek, "DeepSeek-V3/R1 Inference System Overview" (open-infra-index, Day 6, 2025-03-01): 14.8k output tok/s per H800 node in decode; EP144 over 18 nodes; average KV length 4,989; 20-22 tok/s per user',
    description: 'DeepSeek-V3/R1 FP8 decode in production, EP144 on 18 H800 nodes',
    assumptions:
      'MTP 1 at 85% (DeepSeek-V3 report: 85-90% acceptance); batch max under TPOT 47.62 ms (1 / 21 tok/s); KV cache in BF16; non-blocking IB fabric',
  },
  {
    workload: 'lmsys-gb200-decode',
    system: 'GB200/B200',
    load: 'offline',
    measured: 7583,
    citation:
      'LMSYS blog "Deploying DeepSeek on GB200 NVL72 with PD and Large Scale EP (Part I)", 2025-06-16: 7,583 tok/s per GPU decode, 2,000-token input, 12 trays (48 GPUs) for decode, no MTP',
    description: 'DeepSeek-V3 FP8 decode on 48 GB200 (EP48) in one NVL72 domain',
    assumptions:
      'batch 256 per GPU ("setup mirrors the previous blog"); two-batch overlap; BF16 attention and KV cache',
  },
  {
    workload: 'lmsys-gb200-prefill',
    system: 'GB200/B200',
    load: 'offline',
    measured: 18471,
    citation:
      'LMSYS blog "Deploying DeepSeek on GB200 NVL72 with PD and Large Scale EP (Part II)", 2025-09-25: 18,471 input tok/s per GPU with BF16 attention and FP8 MoE, 2,000-token input; prefill groups of 2 trays',
    description: 'DeepSeek-V3 FP8 prefill on 8 GB200 (EP8)',
    assumptions: '16,384 tokens per GPU per step (8 prompts of 2,000); two-batch overlap',
  },
  {
    workload: 'trtllm-h100-70b-1k1k',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 4205 / 2,
    citation: `${TRT}, Llama 3.3 70B, H100 TP2 FP8, ISL/OSL 1000/1000 (4,205 tok/s on 2 GPUs)`,
    description: 'Llama 3.3 70B FP8 serving on two H100 (TP2), 1,000 in / 1,000 out',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-h100-70b-500-2000',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 5222 / 2,
    citation: `${TRT}, Llama 3.3 70B, H100 TP2 FP8, ISL/OSL 500/2000 (5,222 tok/s on 2 GPUs)`,
    description: 'Llama 3.3 70B FP8 serving on two H100 (TP2), 500 in / 2,000 out',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-h100-405b-1k1k',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 2919 / 8,
    citation: `${TRT}, Llama 3.1 405B, H100 TP8 FP8, ISL/OSL 1000/1000 (2,919 tok/s on 8 GPUs)`,
    description: 'Llama 3.1 405B FP8 serving on 8 H100 (TP8), 1,000 in / 1,000 out',
    assumptions: 'engine defaults max_batch 2048, max_tokens 8192; KV cache FP8',
  },
  {
    workload: 'trtllm-b200-70b-1k1k',
    system: 'GB200/B200',
    load: 'offline',
    measured: 7007,
    citation: `${TRT}, Llama 3.3 70B, B200 TP1 FP4, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP4 serving on one B200, 1,000 in / 1,000 out',
    assumptions: `${TRT_ASSUMPTIONS}; NVFP4 weights and activations`,
  },
  {
    workload: 'trtllm-gb200-70b-1k1k',
    system: 'GB200/B200',
    load: 'offline',
    measured: 7326,
    citation: `${TRT}, Llama 3.3 70B, GB200 TP1 FP4, ISL/OSL 1000/1000`,
    description: 'Llama 3.3 70B FP4 serving on one GB200, 1,000 in / 1,000 out',
    assumptions: `${TRT_ASSUMPTIONS}; NVFP4 weights and activations`,
  },
  // ---- added for issue 9 (roles in validation/split.json) ----
  {
    workload: 'trtllm-h200-70b-128-128',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 3803,
    citation: `${TRT}, Llama 3.3 70B, H200 TP1 FP8, ISL/OSL 128/128`,
    description: 'Llama 3.3 70B FP8 serving on one H200, 128 in / 128 out, max throughput',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-h200-70b-5000-500',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 566,
    citation: `${TRT}, Llama 3.3 70B, H200 TP1 FP8, ISL/OSL 5000/500`,
    description: 'Llama 3.3 70B FP8 serving on one H200, 5,000 in / 500 out, max throughput',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-b200-405b-1k1k',
    system: 'GB200/B200',
    load: 'offline',
    measured: 5209 / 4,
    citation: `${TRT}, Llama 3.1 405B, B200 TP4 FP4, ISL/OSL 1000/1000 (5,209 tok/s on 4 GPUs)`,
    description: 'Llama 3.1 405B FP4 serving on 4 B200 (TP4), 1,000 in / 1,000 out',
    assumptions: 'engine defaults max_batch 2048, max_tokens 8192; KV cache FP8; NVFP4 weights and activations',
  },
  {
    workload: 'trtllm-h200-qwen3-1k1k',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 23789 / 8,
    citation: `${TRT}, Qwen3-235B-A22B, H200 TP8 FP8, ISL/OSL 1000/1000 (23,789 tok/s on 8 GPUs)`,
    description: 'Qwen3-235B-A22B FP8 serving on 8 H200, 1,000 in / 1,000 out',
    assumptions: `one engine instance of 8 GPUs, at most max_batch 2048 of the 3,000 requests ($num_requests) in flight; engine defaults max_batch 2048, max_tokens 8192; KV cache FP8; ${MOE_TRT}`,
  },
  {
    workload: 'trtllm-h200-r1-min-latency',
    system: 'H100/H800/H200',
    load: 'latency-limited',
    measured: 19.7584,
    citation: `${TRT_R1}, section "H200 min-latency" (158.07 tok/s total on 8 GPUs)`,
    description: 'DeepSeek-R1 FP8 on 8 H200, one request at a time (batch 1), ISL 1K / OSL 2K, TP8 EP4, MTP 3',
    assumptions: `MTP acceptance 61% per draft, from ${TRT_B1} (measured on B200; the H200 dataset is not published); BF16 KV cache; expert TP2 inside EP4 (tp 8 ep 4)`,
  },
  {
    workload: 'trtllm-b200-r1-max-fp8kv',
    system: 'GB200/B200',
    load: 'offline',
    measured: 5393.2755,
    citation: `${TRT_R1}, section "B200 max-throughput for R1-0528 with FP8 KV cache"`,
    description:
      'DeepSeek-R1-0528 FP4 with FP8 KV cache on 8 B200, TP8 EP8 attention DP, 896 requests per GPU, max_num_tokens 2048',
    assumptions: `ISL 1,024 / OSL 2,048 as the section below it (the dataset is not shown); ${FP4_GEMMS}`,
  },
  {
    workload: 'trtllm-h200-70b-128-2048',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 4336,
    citation: `${TRT}, Llama 3.3 70B, H200 TP1 FP8, ISL/OSL 128/2048`,
    description: 'Llama 3.3 70B FP8 serving on one H200, 128 in / 2,048 out, max throughput',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-h200-70b-2048-128',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 442,
    citation: `${TRT}, Llama 3.3 70B, H200 TP1 FP8, ISL/OSL 2048/128`,
    description: 'Llama 3.3 70B FP8 serving on one H200, 2,048 in / 128 out, max throughput',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-h200-70b-20000-2000',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 283,
    citation: `${TRT}, Llama 3.3 70B, H200 TP1 FP8, ISL/OSL 20000/2000`,
    description: 'Llama 3.3 70B FP8 serving on one H200, 20,000 in / 2,000 out, max throughput',
    assumptions: TRT_ASSUMPTIONS,
  },
  {
    workload: 'trtllm-h200-405b-1k1k',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 3330 / 8,
    citation: `${TRT}, Llama 3.1 405B, H200 TP8 FP8, ISL/OSL 1000/1000 (3,330 tok/s on 8 GPUs)`,
    description: 'Llama 3.1 405B FP8 serving on 8 H200 (TP8), 1,000 in / 1,000 out',
    assumptions: 'engine defaults max_batch 2048, max_tokens 8192; KV cache FP8',
  },
  {
    workload: 'trtllm-gb200-405b-1k1k',
    system: 'GB200/B200',
    load: 'offline',
    measured: 5389 / 4,
    citation: `${TRT}, Llama 3.1 405B, GB200 TP4 FP4, ISL/OSL 1000/1000 (5,389 tok/s on 4 GPUs)`,
    description: 'Llama 3.1 405B FP4 serving on 4 GB200 (TP4, one compute tray), 1,000 in / 1,000 out',
    assumptions:
      'engine defaults max_batch 2048, max_tokens 8192; KV cache FP8; NVFP4 weights and activations; catalog GB200 (186 GB) for the "GB200 192GB" of the page',
  },
  {
    workload: 'trtllm-b200-qwen3-1k1k',
    system: 'GB200/B200',
    load: 'offline',
    measured: 42391 / 8,
    citation: `${TRT}, Qwen3-235B-A22B, B200 TP8 FP4, ISL/OSL 1000/1000 (42,391 tok/s on 8 GPUs)`,
    description: 'Qwen3-235B-A22B FP4 serving on 8 B200, 1,000 in / 1,000 out',
    assumptions: `one engine instance of 8 GPUs, at most max_batch 2048 of the 3,000 requests ($num_requests) in flight; engine defaults max_batch 2048, max_tokens 8192; KV cache FP8; NVFP4 weights and activations; ${MOE_TRT}`,
  },
  {
    workload: 'trtllm-h100-qwen3-1k1k',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 14898 / 8,
    citation: `${TRT}, Qwen3-235B-A22B, H100 TP8 FP8, ISL/OSL 1000/1000 (14,898 tok/s on 8 GPUs)`,
    description: 'Qwen3-235B-A22B FP8 serving on 8 H100, 1,000 in / 1,000 out',
    assumptions: `engine defaults max_batch 2048, max_tokens 8192; KV cache FP8; ${MOE_TRT}`,
  },
  {
    workload: 'trtllm-gb200-70b-2048-2048',
    system: 'GB200/B200',
    load: 'offline',
    measured: 5646,
    citation: `${TRT}, Llama 3.3 70B, GB200 TP1 FP4, ISL/OSL 2048/2048`,
    description: 'Llama 3.3 70B FP4 serving on one GB200, 2,048 in / 2,048 out',
    assumptions: `${TRT_ASSUMPTIONS}; NVFP4 weights and activations`,
  },
  {
    workload: 'trtllm-b200-r1-min-latency',
    system: 'GB200/B200',
    load: 'latency-limited',
    measured: 34.3021,
    citation: `${TRT_R1}, section "B200 min-latency" (274.42 tok/s total on 8 GPUs)`,
    description: 'DeepSeek-R1 FP4 on 8 B200, one request at a time (batch 1), ISL 1K / OSL 2K, TP8 EP2, MTP 3',
    assumptions:
      `MTP acceptance 61% per draft (${TRT_B1}); FP4 GEMMs but BF16 attention (the same blog, "Precision Strategy"), ` +
      `the BF16 MTP layers and RouterGEMM at FP4; BF16 KV cache; expert TP4 inside EP2 (tp 8 ep 2)`,
  },
  {
    workload: 'trtllm-b200-r1-max-bf16kv',
    system: 'GB200/B200',
    load: 'offline',
    measured: 4548.0105,
    citation: `${TRT_R1}, section "B200 max-throughput for R1 with FP16 KV cache"`,
    description:
      'DeepSeek-R1 FP4 with FP16 KV cache on 8 B200, TP8 EP8 attention DP, 384 requests per GPU, ISL 1,024 / OSL 2,048, max_num_tokens 1536',
    assumptions: `${FP4_GEMMS}; BF16 KV cache for the FP16 one (same bytes)`,
  },
  {
    workload: 'trtllm-h200-r1-max',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 1436.1584,
    citation: `${TRT_R1}, section "H200 max-throughput"`,
    description:
      'DeepSeek-R1 FP8 on 8 H200, TP8 EP8 attention DP, 128 requests per GPU, ISL 1,024 / OSL 2,048, max_num_tokens 1151',
    assumptions: 'BF16 KV cache',
  },
  {
    workload: 'lmsys-gb200-decode-part2',
    system: 'GB200/B200',
    load: 'offline',
    measured: 9087,
    citation: `${LMSYS_GB2}: 9,087 output tok/s per GPU with BF16 attention and FP8 MoE`,
    description: 'DeepSeek-V3/R1 decode on 48 GB200 (12 nodes), BF16 attention, FP8 MoE, 2,000-token inputs',
    assumptions:
      'EP48 with DP attention and 256 requests per GPU, as lmsys-gb200-decode; two-batch overlap; dense FFN layers and LM head in FP8 like the MoE',
  },
  {
    workload: 'lmsys-gb200-decode-fp4',
    system: 'GB200/B200',
    load: 'offline',
    measured: 13386,
    citation: `${LMSYS_GB2}: 13,386 output tok/s per GPU with FP8 attention and NVFP4 MoE`,
    description:
      'DeepSeek-V3/R1 decode on 48 GB200 (12 nodes), FP8 attention (FP8 KV cache), NVFP4 MoE, 2,000-token inputs',
    assumptions:
      'EP48 with DP attention and 256 requests per GPU, as lmsys-gb200-decode; two-batch overlap; dense FFN layers and LM head in FP8',
  },
  {
    workload: 'lmsys-gb200-prefill-fp4',
    system: 'GB200/B200',
    load: 'offline',
    measured: 26156,
    citation: `${LMSYS_GB2}: 26,156 input tok/s per GPU with FP8 attention and NVFP4 MoE`,
    description: 'DeepSeek-V3/R1 prefill on 8 GB200 (2 nodes), FP8 attention, NVFP4 MoE, 2,000-token input',
    assumptions:
      '16,384 tokens per GPU per step (8 prompts of 2,000); two-batch overlap; dense FFN layers and LM head in FP8; FP8 KV cache',
  },
  {
    workload: 'deepseek-h800-prefill',
    system: 'H100/H800/H200',
    load: 'offline',
    measured: 73700 / 8,
    citation:
      'DeepSeek, "DeepSeek-V3/R1 Inference System Overview" (open-infra-index, Day 6, 2025-03-01), read through secondary copies (aiposthub.cc summary: "73.7k input tokens per second (prefill)" per H800 node, "608B (56.3% cache hit rate)" input tokens; deepseekaiinsights.blogspot.com translation: prefill routed experts EP32, MLA and shared expert DP32, one unit of 4 nodes)',
    description: 'DeepSeek-V3/R1 FP8 prefill in production, EP32 on 4 H800 nodes',
    pending:
      'the input rate counts every input token, 56.3% of which hit the KV cache and are not computed; prefix-cache hits are not modelled (docs/estimator.md)',
  },
];

// ---- curves (issue 10): one published system measured at several batches or SLOs, compared along the estimator's
// sweep of one workload (analysis/sweep.ts). Roles per curve point in validation/split.json, fixed before their
// errors were seen. ----

/** Where on the curve a published point lies: a batch (the concurrency in flight) or a TPOT SLO. */
export type CurveCondition =
  | { batch: number; per: 'global' | 'device' }
  /** The largest batch whose TPOT meets this limit, seconds. */
  | { tpot: number };

export interface CurvePointMeasured {
  /** The point's name in validation/split.json. */
  id: string;
  at: CurveCondition;
  /** Measured throughput per device, tokens/s (output tokens for decode and serving). */
  measured: number;
  /** Measured inter-token latency (TPOT), seconds, when the source prints it. */
  measuredTpot?: number;
  /** What the source shows at this point beyond the figure (queueing, for example). */
  note?: string;
}

export interface ValidationCurve {
  name: string;
  /** The workload of validation/points.topo whose sweep the points are compared along. */
  workload: string;
  system: ValidationPoint['system'];
  description: string;
  citation: string;
  assumptions?: string;
  points: CurvePointMeasured[];
}

const NIM =
  'NVIDIA NIM LLMs Benchmarking, "Performance" (https://docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance), ' +
  'Llama-3.3-70b-instruct Results, Version 1.8.0, 2 x H100 80G, fp8 TP2, 5000 Input Tokens / 500 Output Tokens ' +
  '(AIPerf; columns Concurrency, TTFT (ms), ITL (ms), Throughput (Tokens/s), the output tokens/s of the 2 GPUs)';
const nimPoint = (concurrency: number, itlMs: number, tokensPerSecond: number, note?: string): CurvePointMeasured => ({
  id: `nim-h100-70b-5000-500@c${concurrency}`,
  at: { batch: concurrency, per: 'global' },
  measured: tokensPerSecond / 2,
  measuredTpot: itlMs / 1e3,
  note,
});

export const curves: ValidationCurve[] = [
  {
    name: 'NIM Llama 3.3 70B, 2 x H100 FP8 TP2, 5,000 in / 500 out, by concurrency',
    workload: 'nim-h100-70b-5000-500',
    system: 'H100/H800/H200',
    description:
      'Llama 3.3 70B FP8 served by NIM 1.8.0 (TensorRT-LLM) on two H100 (TP2) at 1 to 100 requests in flight; ' +
      'concurrency 150, 200 and 250 repeat the 100 row (920-921 tok/s, ITL 93 ms) with TTFT growing by queueing',
    citation: NIM,
    assumptions:
      'FP8 KV cache; engine max_batch 2048, max_tokens 8192 (TensorRT-LLM defaults, as the trtllm-bench points); ' +
      'Llama 3.3 70B modelled as catalog Llama3_1_70B (same config.json shapes); concurrency c = c sequences in ' +
      'flight over the 2 GPUs; a concurrency past the curve end (its memory limit) is compared at the curve end',
    points: [
      nimPoint(1, 18.58, 51.67),
      nimPoint(5, 21.83, 218.48),
      nimPoint(25, 38.75, 623.4),
      nimPoint(50, 59.73, 814.37),
      nimPoint(100, 92.91, 917.26, 'TTFT 8.0 s: requests queue, the server holds fewer than 100'),
    ],
  },
  {
    name: 'CloudMatrix384 DeepSeek-R1 decode, by TPOT SLO',
    workload: 'cm384-r1-decode',
    system: 'CloudMatrix384',
    description:
      'DeepSeek-R1 INT8 decode on 160 Ascend 910C (EP320, MTP 1): 1,943 tok/s per NPU under TPOT 50 ms and 538 ' +
      'under TPOT 15 ms; the same figures as the points cm384-r1-decode and cm384-r1-decode-15ms, here both read ' +
      'off one sweep (the largest batch on the curve meeting each TPOT)',
    citation: CM,
    assumptions: 'KV cache in BF16; the 15 ms point runs the deployment of the 50 ms one',
    points: [
      { id: 'cm384-r1-decode@tpot50', at: { tpot: 0.05 }, measured: 1943, measuredTpot: 0.0494 },
      { id: 'cm384-r1-decode@tpot15', at: { tpot: 0.015 }, measured: 538 },
    ],
  },
];
