// Hand-built specs for validation: accelerators, links, systems and models with the sources of their figures.
import type {
  AcceleratorSpec, FabricSpec, LevelSpec, LinkFamily, LinkSpec, ModelSpec, Precision, SystemSpec,
} from '../server/src/semantics/types';

const span = { start: 0, end: 0 };
const site = { uri: 'validation://hardware', nameSpan: span, span };

const acc = (name: string, compute: Partial<Record<Precision, number>>, memoryBytes: number, memoryBandwidth: number, source: string, dies = 1): AcceleratorSpec =>
  ({ name, compute, memoryBytes, memoryBandwidth, dies, source, site });
const link = (name: string, family: LinkFamily, bandwidth: number, latency: number, source: string): LinkSpec =>
  ({ name, family, bandwidth, latency, writtenInBits: family === 'infiniband' || family === 'roce', source, site });
const fab = (l: LinkSpec): FabricSpec => ({ link: l, nonblocking: true, oversubscription: 1, linksPerDevice: 1, span });
const lvl = (kind: string, count: number, children: LevelSpec[], f?: FabricSpec): LevelSpec => ({ kind, count, children, fabric: f, span });
const dev = (kind: string, a: AcceleratorSpec, count: number): LevelSpec => ({ kind, count, accelerator: a, children: [], span });
const sys = (name: string, children: LevelSpec[], f?: FabricSpec, scaleout?: LinkSpec): SystemSpec =>
  ({ name, root: { kind: 'system', count: 1, children, fabric: f, span }, scaleout, site });

// Accelerators: dense peaks (hardware.md; NVIDIA datasheets print FP8/BF16 with sparsity, halved here).
export const H100 = acc('H100', { bf16: 989e12, fp8: 1979e12 }, 80e9, 3.35e12, 'NVIDIA H100 SXM5 datasheet');
export const H800 = acc('H800', { bf16: 989e12, fp8: 1979e12 }, 80e9, 3.35e12, 'H100 silicon; NVLink cut (deepseek-ai/DeepEP README)');
export const H200 = acc('H200', { bf16: 989e12, fp8: 1979e12 }, 141e9, 4.8e12, 'NVIDIA H200 SXM datasheet');
export const B200 = acc('B200', { bf16: 2250e12, fp8: 4500e12, fp4: 9000e12 }, 180e9, 8e12, 'NVIDIA HGX B200 datasheet (1,000 W)');
export const GB200 = acc('GB200', { bf16: 2500e12, fp8: 5000e12, fp4: 10000e12 }, 186e9, 8e12, 'NVIDIA GB200 NVL72 datasheet');
export const Ascend910C = acc('Ascend910C', { bf16: 752e12, int8: 1504e12 }, 128e9, 3.2e12, 'arXiv 2506.12708 (Serving LLMs on Huawei CloudMatrix384)', 2);

// Links: per device, per direction.
export const NVLink4 = link('NVLink4', 'nvlink', 450e9, 1e-6, 'NVIDIA H100 datasheet: 900 GB/s both directions; latency: assumption');
export const NVLinkH800 = link('NVLinkH800', 'nvlink', 200e9, 1e-6, 'press: 400 GB/s both directions; DeepEP measures about 160 GB/s');
export const NVLink5 = link('NVLink5', 'nvlink', 900e9, 1e-6, 'NVIDIA GB200 NVL72 / HGX B200 datasheets: 1.8 TB/s both directions');
export const IB400 = link('IB400', 'infiniband', 50e9, 2e-6, 'DeepEP README: CX7 400 Gb/s (~50 GB/s); latency: assumption');
export const RoCE400 = link('RoCE400', 'roce', 50e9, 2.5e-6, '400 Gb/s RoCE NIC per device; latency: assumption');
export const UB = link('UB', 'ub', 392e9, 200e-9, 'arXiv 2506.12708: 392 GB/s per direction per 910C package; 200 ns: Huawei seed claim');

/** `nodes` x 8 GPUs on NVSwitch, nodes joined by one 400 Gb/s NIC per GPU. */
export function hgx(name: string, gpu: AcceleratorSpec, nodes: number, nvlink: LinkSpec, net: LinkSpec): SystemSpec {
  return sys(name, [lvl('node', nodes, [dev('gpu', gpu, 8)], fab(nvlink))], fab(net));
}

/** GB200 NVL72: 18 trays of 4 GPUs in one NVLink domain. */
export function nvl72(): SystemSpec {
  return sys('GB200_NVL72', [lvl('tray', 18, [dev('gpu', GB200, 4)])], fab(NVLink5), IB400);
}

/** Huawei CloudMatrix384: 12 compute racks of 4 servers of 8 Ascend 910C, one UB plane (arXiv 2506.12708). */
export function cloudMatrix384(): SystemSpec {
  return sys('CloudMatrix384', [lvl('rack', 12, [lvl('server', 4, [dev('npu', Ascend910C, 8)], fab(UB))]), lvl('rack', 4, [])], fab(UB), RoCE400);
}

// Models (Hugging Face config.json of each).
export const DeepSeekV3: ModelSpec = {
  name: 'DeepSeek-V3/R1', layers: 61, hidden: 7168, vocab: 129280,
  attention: { kind: 'mla', heads: 128, kvHeads: 128, headDim: 128, qRank: 1536, kvRank: 512, ropeDim: 64, vHeadDim: 128 },
  moe: { experts: 256, active: 8, shared: 1, expertFfn: 2048, denseLayers: 3, denseFfn: 18432 },
  tiedEmbeddings: false, mtpLayers: 1, site,
};
export const Llama70B: ModelSpec = {
  name: 'Llama-3.3-70B', layers: 80, hidden: 8192, vocab: 128256,
  attention: { kind: 'gqa', heads: 64, kvHeads: 8, headDim: 128 }, ffn: 28672, tiedEmbeddings: false, mtpLayers: 0, site,
};
export const Llama405B: ModelSpec = {
  name: 'Llama-3.1-405B', layers: 126, hidden: 16384, vocab: 128256,
  attention: { kind: 'gqa', heads: 128, kvHeads: 8, headDim: 128 }, ffn: 53248, tiedEmbeddings: false, mtpLayers: 0, site,
};
