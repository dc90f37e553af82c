// Checks a workload's inputs and builds the batch-independent step and memory contexts, with fallbacks and notes.
import {
  AcceleratorSpec,
  bytesPerElement,
  ParallelSpec,
  Precision,
  WeightKind,
  weightKinds,
  WorkloadSpec,
} from '../semantics/types';
import { acceleratorEfficiency } from './efficiency';
import { fabricChain, primaryAccelerator, systemDevices } from './layout';
import { MemoryContext, Offload } from './memory';
import { modelShape } from './model';
import { decodeContext } from './phases';
import { peakAt, StepContext, widerPrecision } from './step';

export interface Setup {
  step: StepContext;
  memory: MemoryContext;
  /** Devices (packages) used. */
  devices: number;
  /** Parallel ranks: devices x dies. The step and memory contexts are per rank. */
  ranks: number;
  dies: number;
  reasons: string[];
  notes: string[];
  /** One sentence: how the model is split across ranks (attention TP or DP, experts, pipeline). */
  parallelism: string;
  computePrecision: string;
  /** Tokens verified per sequence per step, and output tokens per step (1 + accepted drafts). */
  verify: number;
  outputPerStep: number;
}

const posInt = (x: number | undefined, fallback: number): number =>
  x !== undefined && Number.isFinite(x) && x >= 1 ? Math.floor(x) : fallback;
const pct = (x: number): string => `${Math.round(x * 100)}%`;
const ratio = (x: number | undefined, fallback: number): number =>
  x !== undefined && Number.isFinite(x) && x > 0 && x <= 1 ? x : fallback;

export function setupWorkload(w: WorkloadSpec): Setup {
  return layoutSetups(w)(w.parallel);
}

/** The parallel degrees a layout sets (the rest of `parallel`, its search limits and spans, does not enter a setup). */
export type LayoutDegrees = Pick<ParallelSpec, 'tp' | 'pp' | 'ep' | 'dp' | 'adp'>;

/**
 * The setups of `w` at other layouts, as `setupWorkload` of `w` with those degrees: what does not depend on the
 * degrees (devices, accelerator, precisions, fabric chain, model shape, offload, and their notes) is checked and
 * built once, so a layout search sets up each candidate cheaply. Each setup has its own notes and reasons.
 */
export function layoutSetups(w: WorkloadSpec): (d: LayoutDegrees) => Setup {
  // Reasons and notes come in the order the checks run: those before the degrees', the degrees', those after.
  const reasons: string[] = [];
  const notes: string[] = [];
  const sysDevices = systemDevices(w.system);
  let devices = Number.isFinite(w.devices) && w.devices > 0 ? Math.floor(w.devices) : sysDevices;
  if (!(devices > 0)) {
    reasons.push('the workload has no devices (the system holds no accelerators)');
    devices = 1;
  }
  if (devices > sysDevices && !w.system.scaleout && sysDevices > 0)
    notes.push(
      `${devices} devices exceed the ${sysDevices} of ${w.system.name}, which has no scale-out link: traffic beyond it is placed on its top fabric`,
    );
  const acc = w.accelerator ?? primaryAccelerator(w.system);
  if (!acc) reasons.push(`${w.system.name} has no accelerator`);
  // Parallel degrees count ranks (devices x dies); each rank has 1/dies of its package (types.ts, WorkloadSpec.ranks).
  const dies =
    w.ranks > 0 && Number.isFinite(w.ranks) && w.ranks >= devices
      ? Math.max(1, Math.round(w.ranks / devices))
      : Math.max(1, Math.floor(acc?.dies ?? 1));
  const ranks = devices * dies;
  const capacity = (acc?.memoryBytes ?? 0) / dies;
  const hbm = (acc?.memoryBandwidth ?? 0) / dies;
  if (acc && !(capacity > 0)) reasons.push(`${acc.name} has no memory capacity`);
  if (acc && !(hbm > 0)) reasons.push(`${acc.name} has zero memory bandwidth`);
  const wp: Precision = w.precision.weights,
    ap: Precision = w.precision.activations,
    kp: Precision = w.precision.kv;
  const gemmWanted = widerPrecision(wp, ap);
  const gemm = acc ? peakAt(acc, gemmWanted) : { rate: 0, precision: undefined };
  if (acc && !gemm.precision) reasons.push(`${acc.name} has no compute rate at ${gemmWanted} or any wider precision`);
  else if (acc && gemm.precision !== gemmWanted)
    notes.push(`${acc.name} has no ${gemmWanted} rate: GEMMs use its ${gemm.precision} rate`);
  const kinds = layerKindPrecisions(w, acc, gemm, reasons, notes);
  const attnWanted = widerPrecision(kp, bytesPerElement[ap] < 2 && bytesPerElement[kp] < 2 ? kp : 'bf16');
  const attn = acc ? peakAt(acc, attnWanted) : { rate: 0, precision: undefined };
  const model = w.model;
  const moe = model.moe;
  const reasonsAfter: string[] = [];
  const notesAfter: string[] = [];
  if (!(model.layers > 0) || !(model.hidden > 0)) reasonsAfter.push(`${model.name} has no layers or hidden size`);
  const chain = fabricChain(w.system, devices).map((f) => ({
    ...f,
    groupSize: f.groupSize * dies,
    bandwidthPerDevice: f.bandwidthPerDevice / dies,
  }));
  for (const f of chain)
    if (!(f.bandwidthPerDevice > 0)) reasonsAfter.push(`link ${f.link.name} at ${f.levelName} has zero bandwidth`);
  const shape = modelShape(model);
  const eff = acceleratorEfficiency(acc);
  if (acc && eff.origin === 'unknown' && w.efficiency.compute === undefined) {
    notesAfter.push(
      `${acc.name} declares no architecture: GEMMs at ${pct(eff.gemm)} and attention at ${pct(eff.attention)} ` +
        'of peak, the default for an unknown architecture (assumption: the calibrated Hopper figures)',
    );
  }
  if (w.phase === 'decode' && !(w.context > 0) && w.input > 0) {
    const tokens = Math.round(decodeContext(w)).toLocaleString('en-US');
    notesAfter.push(`KV length per sequence: input + output / 2 = ${tokens} tokens, the mean context during decode`);
  }
  const offload = offloadOf(w, acc, dies, reasonsAfter);
  const mtp = w.speculative ? Math.max(0, Math.floor(w.speculative.mtp)) : 0;
  const accept = w.speculative ? Math.min(1, Math.max(0, w.speculative.accept)) : 0;
  const wb = bytesPerElement[wp] ?? 2;
  const kb = bytesPerElement[kp] ?? 2;
  const byKind = Object.fromEntries(
    weightKinds.map((k) => [k, { weightBytes: kinds[k].weightBytes, gemmPeak: kinds[k].rate / dies }]),
  ) as StepContext['byKind'];
  const weightBytesOf = Object.fromEntries(
    weightKinds.filter((k) => w.precision[k]).map((k) => [k, kinds[k].weightBytes]),
  );
  const host = offload && { bandwidth: (acc?.host?.bandwidth ?? 0) / dies, kv: offload.kv, weights: offload.weights };
  if (w.phase === 'training')
    notesAfter.push(
      'training memory assumes BF16 gradients and FP32 Adam state sharded across data-parallel ranks (ZeRO-1)',
    );
  const computePrecision = describePrecisions(gemm.precision ?? gemmWanted, kinds);
  const unit = dies > 1 ? `ranks (${devices} devices x ${dies} dies)` : 'devices';

  return (degrees) => {
    const layoutReasons: string[] = [];
    const layoutNotes: string[] = [];
    const tp = posInt(degrees.tp, 1),
      pp = posInt(degrees.pp, 1);
    let ep = posInt(degrees.ep, 1);
    if (!moe && ep > 1) {
      layoutNotes.push('ep is set on a dense model: ignored');
      ep = 1;
    }
    const dp = posInt(degrees.dp, 1);
    const attentionTp = attentionTensorParallel(tp, dp, posInt(degrees.adp, dp), layoutNotes);
    if (w.phase === 'serving' && moe && ep > attentionTp)
      layoutNotes.push(
        'attention-DP serving: each step waits for the DP rank with the most prompt tokens, and the MoE exchange ' +
          "pads every rank's tokens to that rank's (TensorRT-LLM's use_dp_padding)",
      );
    const expertTp = moe ? expertTensorParallel(attentionTp, ep) : 1;
    if (tp * pp > ranks) layoutReasons.push(`tp x pp = ${tp * pp} exceeds the ${ranks} ${unit}`);
    else if (ranks % (tp * pp) !== 0) layoutNotes.push(`tp x pp = ${tp * pp} does not divide the ${ranks} ${unit}`);
    if (ep > ranks) layoutReasons.push(`ep ${ep} exceeds the ${ranks} ${unit}`);
    const needsLinks = tp > 1 || ep > 1 || pp > 1 || (w.phase === 'training' && degrees.dp > 1);
    if (needsLinks && chain.length === 0)
      layoutNotes.push(`${w.system.name} has no fabric: collectives are not costed`);
    const step: StepContext = {
      shape,
      hidden: model.hidden,
      experts: moe?.experts ?? 0,
      active: moe?.active ?? 0,
      chain,
      tp: attentionTp,
      tpGroup: tp,
      pp,
      ep,
      expertTp,
      byKind,
      attentionPeak: (attn.rate || gemm.rate) / dies,
      hbmBandwidth: hbm,
      gemmEfficiency: ratio(w.efficiency.compute, eff.gemm),
      // A workload's `efficiency compute` sets GEMMs; attention keeps the accelerator's attention-to-GEMM ratio.
      attentionEfficiency: ratio(w.efficiency.compute, eff.gemm) * (eff.attention / eff.gemm),
      memoryEfficiency: ratio(w.efficiency.memory, eff.memory),
      kernelFixedSeconds: eff.kernelFixed,
      networkEfficiency: w.efficiency.network !== undefined ? ratio(w.efficiency.network, 0.8) : undefined,
      kvBytes: kb,
      dispatchBytes: Math.max(0.5, Math.min(2, bytesPerElement[w.precision.dispatch ?? ap] ?? 2)),
      // DeepEP combines in BF16 unless the file writes `combine`.
      combineBytes: bytesPerElement[w.precision.combine ?? 'bf16'] ?? 2,
      overlap: w.overlap,
      passes: w.phase === 'training' ? 3 : 1,
      host,
    };
    const memory: MemoryContext = {
      shape,
      hidden: model.hidden,
      experts: step.experts,
      active: step.active,
      tp: attentionTp,
      pp,
      ep,
      expertTp,
      weightBytes: wb,
      kvBytes: kb,
      capacity,
      weightBytesOf,
      trainingBytesPerParam: w.phase === 'training' ? 2 + 12 / Math.max(1, degrees.dp) : undefined,
      kvFraction: ratio(w.engine.kvFraction, 0) > 0 ? w.engine.kvFraction : undefined,
      offload,
    };
    return {
      step,
      memory,
      devices,
      ranks,
      dies,
      reasons: [...reasons, ...layoutReasons, ...reasonsAfter],
      notes: [...notes, ...layoutNotes, ...notesAfter],
      parallelism: describeParallelism(attentionTp, tp, ep, pp, !!moe, !shape.kvSplitsByTp),
      verify: 1 + mtp,
      outputPerStep: 1 + mtp * accept,
      computePrecision,
    };
  };
}

/**
 * What `offload` holds in host memory, per rank (each rank has 1/dies of its package's host memory and link);
 * undefined without offload. Offload on an accelerator without `host_memory` is a reason: nowhere to hold it.
 */
function offloadOf(
  w: WorkloadSpec,
  acc: AcceleratorSpec | undefined,
  dies: number,
  reasons: string[],
): Offload | undefined {
  const o = w.offload ?? {};
  const share = (x: number | undefined) => (x !== undefined && Number.isFinite(x) && x > 0 ? Math.min(1, x) : 0);
  const weights = Object.fromEntries(weightKinds.map((k) => [k, share(o[k] ?? o.weights)])) as Offload['weights'];
  const kv = share(o.kv);
  if (kv === 0 && weightKinds.every((k) => weights[k] === 0)) return undefined;
  const host = acc?.host;
  if (!host || !(host.memoryBytes > 0) || !(host.bandwidth > 0)) {
    reasons.push(
      `offload needs host memory, and ${acc?.name ?? 'the accelerator'} declares none (write 'host_memory 240 GB at 225 GB/s')`,
    );
    return undefined;
  }
  return { kv, weights, hostCapacity: host.memoryBytes / dies };
}

interface KindPrecision {
  weightBytes: number;
  rate: number;
  precision: Precision | undefined;
  written: boolean;
}

/**
 * Weight bytes and GEMM rate of each layer kind: a kind written on its own (`experts fp4`) holds its weights and
 * runs its GEMMs at that precision (as NVFP4 experts run W4A4); the others use the weights' bytes and the rate of the
 * wider of weights and activations.
 */
function layerKindPrecisions(
  w: WorkloadSpec,
  acc: AcceleratorSpec | undefined,
  gemm: { rate: number; precision: Precision | undefined },
  reasons: string[],
  notes: string[],
): Record<WeightKind, KindPrecision> {
  const out = {} as Record<WeightKind, KindPrecision>;
  for (const k of weightKinds) {
    const written = w.precision[k];
    if (!written) {
      out[k] = {
        weightBytes: bytesPerElement[w.precision.weights] ?? 2,
        rate: gemm.rate,
        precision: gemm.precision,
        written: false,
      };
      continue;
    }
    const peak = acc ? peakAt(acc, written) : { rate: 0, precision: undefined };
    if (acc && !peak.precision)
      reasons.push(`${acc.name} has no compute rate at ${written} or any wider precision (${k})`);
    else if (acc && peak.precision !== written)
      notes.push(`${acc.name} has no ${written} rate: ${k} GEMMs use its ${peak.precision} rate`);
    out[k] = {
      weightBytes: bytesPerElement[written] ?? 2,
      rate: peak.rate,
      precision: peak.precision ?? written,
      written: true,
    };
  }
  return out;
}

/** `fp8`, or with layer kinds at their own precision: `fp8; experts fp4, attention bf16`. */
function describePrecisions(main: string, kinds: Record<WeightKind, KindPrecision>): string {
  const own = weightKinds
    .filter((k) => kinds[k].written && kinds[k].precision !== main)
    .map((k) => `${k} ${kinds[k].precision}`);
  return own.length ? `${main}; ${own.join(', ')}` : main;
}

/**
 * Tensor-parallel degree of attention and the other non-expert layers. `adp` counts attention replicas
 * across the workload (default dp): adp above dp runs attention data-parallel inside each tensor-parallel
 * group, on tp x dp / adp ranks each (SGLang --enable-dp-attention with --moe-dense-tp-size 1, DeepSeek's
 * "MLA/Shared Expert DP"): attention, dense FFN, shared experts and LM head are replicated per attention
 * group, only the routed experts are sharded (by ep).
 */
export function attentionTensorParallel(tp: number, dp: number, adp: number, notes: string[]): number {
  if (adp < dp) {
    notes.push(`adp ${adp} is below dp ${dp}: attention cannot span data-parallel replicas; adp ${dp} is used`);
    return tp;
  }
  if (adp === dp) return tp;
  const inside = adp / dp;
  if (Number.isInteger(inside) && tp % inside === 0) return tp / inside;
  notes.push(
    `adp ${adp} is not dp ${dp} times a divisor of tp ${tp}: attention stays tensor-parallel over ${tp} ranks`,
  );
  return tp;
}

/** The sentence the breakdown shows: which of TP attention and DP attention is modelled, and what moves between ranks. */
/**
 * Expert tensor parallelism: with ep below the attention tensor-parallel group, the group's ranks split the experts
 * ep ways by expert and attention TP / ep ways inside each expert, as TensorRT-LLM maps `--tp 8 --ep 2`
 * (moe_tp_size x moe_ep_size = tp_size; tech blog 1 "Mixed TP4 with EP2"; vLLM shards experts by TP without
 * expert parallelism). 1 when ep covers the group or does not divide it.
 */
export function expertTensorParallel(attentionTp: number, ep: number): number {
  const tp = Math.max(1, Math.floor(attentionTp)),
    e = Math.max(1, Math.floor(ep));
  return e < tp && tp % e === 0 ? tp / e : 1;
}

function describeParallelism(
  attentionTp: number,
  tp: number,
  ep: number,
  pp: number,
  moe: boolean,
  mla: boolean,
): string {
  const parts: string[] = [];
  if (attentionTp > 1) {
    const kv = mla ? "KV cache (MLA's latent) replicated on each rank of the group" : 'KV cache split by KV head';
    parts.push(
      `attention tensor-parallel over ${attentionTp} ranks: non-expert weights split ${attentionTp} ways, ` +
        `${kv}, an all-reduce after attention and after each FFN`,
    );
  } else if (moe) {
    parts.push(
      `attention data-parallel${tp > 1 ? ` (adp inside tp ${tp})` : ''}: ` +
        'each rank holds the non-expert weights and the KV cache of its own sequences, no all-reduce',
    );
  } else {
    parts.push(
      `data-parallel${tp > 1 ? ` (adp inside tp ${tp})` : ''}: each rank holds all weights and the KV cache of its own sequences`,
    );
  }
  const experts = `routed experts sharded over ep ${ep}`;
  const etp = moe ? expertTensorParallel(attentionTp, ep) : 1;
  if (moe && etp > 1) {
    parts.push(
      `routed experts split ${ep > 1 ? `over ep ${ep} and ` : ''}${etp} ways inside each expert (expert TP) ` +
        'within the tensor-parallel group: each reads the replicated tokens and the all-reduce after the MoE ' +
        'layer combines them, no all-to-all',
    );
  } else if (moe && ep > 1) {
    if (attentionTp > 1 && ep <= attentionTp) {
      parts.push(
        `${experts} inside the tensor-parallel group: each reads the replicated tokens ` +
          'and the all-reduce after the MoE layer combines them, no all-to-all',
      );
    } else if (attentionTp > 1) {
      parts.push(`${experts}: all-to-all dispatch and combine beyond the tensor-parallel group of ${attentionTp}`);
    } else parts.push(`${experts}: all-to-all dispatch and combine`);
  } else if (moe) parts.push('every rank holds all routed experts');
  if (pp > 1) parts.push(`${pp} pipeline stages`);
  return parts.join('; ');
}
