// The field vocabulary of each block kind: used to split lines into fields, and by completion and hovers.
import { DeclarationKind } from './ast';

export type BlockKind = DeclarationKind | 'attention' | 'moe' | 'systems';

export interface FieldSchema {
  name: string;
  summary: string;
  required?: boolean;
  /** The kind of the nested block this field may carry. */
  block?: BlockKind;
  /** A snippet body (after the field name) for completion. */
  snippet?: string;
}

const source: FieldSchema = {
  name: 'source',
  summary: 'Where the figures come from: `source "datasheet, table"`.',
  snippet: ' "${1:citation}"',
};

/** A workload's fields; a comparison shares most of them (`comparedFields`), written once for every system. */
const workloadFields: readonly FieldSchema[] = [
  { name: 'model', summary: 'The model this workload runs.', required: true, snippet: ' ${1:Llama3_70B}' },
  {
    name: 'on',
    summary: 'The system, optionally a part of it: `on CloudMatrix384 devices 160`.',
    required: true,
    snippet: ' ${1:System}',
  },
  {
    name: 'phase',
    summary: '`prefill`, `decode`, `serving` (both on the same devices) or `training`.',
    required: true,
    snippet: ' ${1|decode,prefill,serving,training|}',
  },
  {
    name: 'precision',
    summary:
      '`precision int8`, or per tensor and layer kind: `precision weights fp8 activations bf16 kv fp8`, `precision weights fp8 experts fp4 attention fp8 kv fp8 dispatch fp8 combine bf16` (kinds: attention, ffn, experts, embeddings; messages: dispatch, combine).',
    snippet: ' ${1|bf16,fp8,int8,fp4|}',
  },
  {
    name: 'parallel',
    summary:
      'Parallel degrees: `parallel tp 8 pp 1 ep 64 dp 8 adp 64`; adp above dp runs attention data-parallel inside each tp group. `parallel search` (optionally `parallel search tp 1 to 8`) searches the layout.',
    snippet: ' tp ${1:8}',
  },
  {
    name: 'batch',
    summary:
      '`batch N per device`, `batch N global`, or `batch max` (the largest that fits memory and meets the SLO; the default).',
    snippet: ' ${1:64} per device',
  },
  { name: 'context', summary: 'KV-cache length per sequence in decode (tokens).', snippet: ' ${1:4096}' },
  { name: 'input', summary: 'Prompt length (tokens).', snippet: ' ${1:2048}' },
  { name: 'output', summary: 'Generated length (tokens).', snippet: ' ${1:1024}' },
  {
    name: 'speculative',
    summary: 'Speculative decoding: `speculative mtp 1 accept 70%`.',
    snippet: ' mtp ${1:1} accept ${2:70}%',
  },
  { name: 'slo', summary: 'Service-level objectives: `slo tpot 50 ms ttft 2 s`.', snippet: ' tpot ${1:50} ms' },
  {
    name: 'overlap',
    summary: '`overlap two-batch`: two micro-batches hide communication behind compute.',
    snippet: ' two-batch',
  },
  {
    name: 'efficiency',
    summary: 'Efficiency overrides: `efficiency compute 60% memory 85%`.',
    snippet: ' compute ${1:60}%',
  },
  {
    name: 'offload',
    summary:
      "Shares held in the accelerator's `host_memory` instead of HBM, read over its link each step: `offload kv 50%`, `offload experts 100%`, `offload weights 20%` (kinds: attention, ffn, experts, embeddings; weights: every kind not written).",
    snippet: ' kv ${1:50}%',
  },
  {
    name: 'engine',
    summary:
      'Serving-engine settings per engine instance (tp x pp ranks): `engine max_batch 256 max_tokens 8192 kv_fraction 90%` (sequences and tokens per scheduled micro-batch; share of the memory left after weights the KV cache may take).',
    snippet: ' max_batch ${1:256}',
  },
  source,
];

/** The workload fields a `compare` declaration takes as they are (its `model`, `parallel` and `systems` are its own). */
const comparedFields = [
  'phase',
  'precision',
  'batch',
  'context',
  'input',
  'output',
  'speculative',
  'slo',
  'overlap',
  'efficiency',
  'engine',
];

export const blockSchemas: Record<BlockKind, readonly FieldSchema[]> = {
  accelerator: [
    {
      name: 'compute',
      summary: 'Dense peak compute per precision: `compute bf16 752 TFLOPS, int8 1504 TOPS`.',
      required: true,
      snippet: ' ${1|bf16,fp8,int8,fp4,fp16,fp32|} ${2:1000} TFLOPS',
    },
    {
      name: 'memory',
      summary: 'HBM capacity and bandwidth: `memory 80 GB at 3.35 TB/s`.',
      required: true,
      snippet: ' ${1:80} GB at ${2:3.35} TB/s',
    },
    {
      name: 'host_memory',
      summary:
        "A second memory tier read over a link, per device (optional): `host_memory 240 GB at 225 GB/s` (GB200: its share of Grace's LPDDR5X over NVLink-C2C). Workloads place KV cache or weights there with `offload`.",
      snippet: ' ${1:240} GB at ${2:225} GB/s',
    },
    { name: 'dies', summary: 'Dies per package (optional).', snippet: ' ${1:2}' },
    { name: 'power', summary: 'Board power (optional): `power 700 W`.', snippet: ' ${1:700} W' },
    {
      name: 'arch',
      summary:
        'Architecture, which selects the default GEMM and attention efficiencies: hopper, blackwell, ascend, cdna3, other.',
      snippet: ' ${1|hopper,blackwell,ascend,cdna3,other|}',
    },
    {
      name: 'efficiency',
      summary:
        "Achievable fractions of peak in model steps, replacing the architecture's defaults: `efficiency gemm 60% attention 38% memory 75%`.",
      snippet: ' gemm ${1:60}% attention ${2:38}%',
    },
    source,
  ],
  link: [
    {
      name: 'bandwidth',
      summary: 'Bandwidth per device, each direction: `bandwidth 450 GB/s` or `400 Gb/s`.',
      required: true,
      snippet: ' ${1:450} ${2|GB/s,Gb/s|}',
    },
    { name: 'latency', summary: 'Latency per hop: `latency 200 ns`.', required: true, snippet: ' ${1:1} ${2|us,ns|}' },
    {
      name: 'efficiency',
      summary:
        'Achievable fraction of the bandwidth: `efficiency 80%` for large messages, or a table by message size: `efficiency 30% at 4 KB, 80% at 8 MB`.',
      snippet: ' ${1:80}%',
    },
    { name: 'medium', summary: '`electrical` or `optical`.', snippet: ' ${1|electrical,optical|}' },
    {
      name: 'family',
      summary:
        'Link family for plausibility checks: ub, nvlink, xgmi (AMD Infinity Fabric), infiniband, roce, ethernet, pcie.',
      snippet: ' ${1|ub,nvlink,xgmi,infiniband,roce,ethernet,pcie|}',
    },
    source,
  ],
  system: [
    {
      name: 'fabric',
      summary:
        "The fabric joining this level's members: `fabric LINK [nonblocking] [links N] [tiers N] [oversubscription A:B]`.",
      snippet: ' ${1:NVLink4}',
    },
    {
      name: 'scaleout',
      summary: 'The scale-out plane to other systems: `scaleout RoCE400`.',
      snippet: ' ${1:RoCE400}',
    },
    {
      name: 'power',
      summary:
        'Power of one instance of this level (of the system, at its top): `power total 10.2 kW` (everything in it, accelerators included) or `power other 1.2 kW` (what is not an accelerator: switches, optics, CPUs; the accelerators add their own `power`). Counts multiply it; comparisons use it for tok/s per kW and J per token.',
      snippet: ' ${1|total,other|} ${2:10} kW',
    },
    {
      name: 'price',
      summary:
        'Price of the system (at its top only): `price 2.5 usd per device-hour` or `price 250 usd per system-hour`; comparisons use it for $ per million tokens when their line gives none.',
      snippet: ' ${1:2.5} usd per ${2|device-hour,system-hour|}',
    },
    source,
  ],
  model: [
    { name: 'layers', summary: 'Transformer layers.', required: true, snippet: ' ${1:80}' },
    { name: 'hidden', summary: 'Hidden size (model dimension).', required: true, snippet: ' ${1:8192}' },
    { name: 'vocab', summary: 'Vocabulary size.', required: true, snippet: ' ${1:128256}' },
    {
      name: 'attention',
      summary:
        'Attention: `mha { heads head_dim }`, `gqa { heads kv_heads head_dim }`, `mla { heads q_rank kv_rank rope head_dim v_head_dim }`.',
      required: true,
      block: 'attention',
      snippet: ' ${1|gqa,mha,mla|} { heads ${2:64}  kv_heads ${3:8}  head_dim ${4:128} }',
    },
    { name: 'ffn', summary: 'Dense FFN intermediate size (gated, three matrices).', snippet: ' ${1:28672}' },
    {
      name: 'moe',
      summary: 'Mixture of experts: `moe { experts active shared expert_ffn dense_layers dense_ffn }`.',
      block: 'moe',
      snippet:
        ' { experts ${1:256}  active ${2:8}  shared ${3:1}  expert_ffn ${4:2048}  dense_layers ${5:3}  dense_ffn ${6:18432} }',
    },
    {
      name: 'params',
      summary: 'Declared parameter count, checked against the computed one: `params 671B`.',
      snippet: ' ${1:70B}',
    },
    { name: 'tied_embeddings', summary: 'Input and output embeddings share one matrix.' },
    { name: 'mtp_layers', summary: 'Multi-token-prediction modules (DeepSeek-V3: 1).', snippet: ' ${1:1}' },
    source,
  ],
  attention: [
    { name: 'heads', summary: 'Query heads.', required: true, snippet: ' ${1:64}' },
    { name: 'kv_heads', summary: 'Key/value heads (GQA).', snippet: ' ${1:8}' },
    { name: 'head_dim', summary: 'Dimension per head (for MLA: the no-RoPE query/key part).', snippet: ' ${1:128}' },
    { name: 'q_rank', summary: 'MLA query low-rank dimension.', snippet: ' ${1:1536}' },
    { name: 'kv_rank', summary: 'MLA key/value latent rank (what the KV cache stores).', snippet: ' ${1:512}' },
    { name: 'rope', summary: 'MLA decoupled RoPE dimension.', snippet: ' ${1:64}' },
    { name: 'v_head_dim', summary: 'MLA value head dimension.', snippet: ' ${1:128}' },
  ],
  moe: [
    { name: 'experts', summary: 'Routed experts per MoE layer.', required: true, snippet: ' ${1:256}' },
    { name: 'active', summary: 'Routed experts each token goes to.', required: true, snippet: ' ${1:8}' },
    { name: 'shared', summary: 'Shared experts every token uses.', snippet: ' ${1:1}' },
    { name: 'expert_ffn', summary: 'FFN intermediate size of one expert.', required: true, snippet: ' ${1:2048}' },
    { name: 'dense_layers', summary: 'Leading layers with a dense FFN instead of experts.', snippet: ' ${1:3}' },
    { name: 'dense_ffn', summary: 'FFN intermediate size of the dense layers.', snippet: ' ${1:18432}' },
  ],
  workload: workloadFields,
  compare: [
    { name: 'model', summary: 'The model every system runs.', required: true, snippet: ' ${1:Llama3_70B}' },
    ...workloadFields.filter((f) => comparedFields.includes(f.name)),
    {
      name: 'parallel',
      summary:
        '`parallel search` (each system at its best layout, optionally within ranges: `parallel search tp 1 to 8`), or degrees for every system: `parallel tp 8 pp 1 ep 64 dp 8 adp 64`; adp above dp runs attention data-parallel inside each tp group.',
      snippet: ' tp ${1:8}',
    },
    source,
    {
      name: 'systems',
      summary:
        'The systems, one a line: `CloudMatrix384 devices 160 power total 559 kW price 2 usd per device-hour` (power of the whole system, or `power other` for what is not an accelerator; both scaled to the devices used; price per device-hour or system-hour).',
      required: true,
      block: 'systems',
      snippet: ' {\n\t\t${1:System} devices ${2:8}\n\t}',
    },
  ],
  systems: [],
};

/** Each block kind's fields by name (the first of a name, as listed): looked up per field of every file. */
const fieldsByName = new Map<BlockKind, ReadonlyMap<string, FieldSchema>>(
  (Object.keys(blockSchemas) as BlockKind[]).map((kind) => {
    const byName = new Map<string, FieldSchema>();
    for (const f of blockSchemas[kind]) if (!byName.has(f.name)) byName.set(f.name, f);
    return [kind, byName];
  }),
);

export function isFieldName(kind: BlockKind, word: string): boolean {
  return fieldsByName.get(kind)!.has(word);
}

export function fieldSchema(kind: BlockKind, name: string): FieldSchema | undefined {
  return fieldsByName.get(kind)!.get(name);
}
