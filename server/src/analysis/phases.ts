// One operating point per phase: decode, prefill, serving (shared devices, steady state) and training at a given batch.
import { WorkloadSpec } from '../semantics/types';
import { expectedMaxPoisson } from './arrivals';
import { dataParallelAllReduceCost, accumulate } from './collectives';
import { memoryBreakdown, weightsPerDevice } from './memory';
import { Setup } from './setup';
import { blendSteps, StepCost, stepCost, StepLoad, stepCosts } from './step';
import { MemoryBreakdown } from './types';

/** Engine limits assumed for serving when a file sets none: TensorRT-LLM LLM API defaults (max_batch_size 2048, max_num_tokens 8192). */
export const DEFAULT_ENGINE = { maxBatch: 2048, maxTokens: 8192 };
/** Prefill tokens per device per step when a file sets none and the batch is searched: LMSYS ran 16,384 tokens per GPU (blog 2025-05-05). */
export const DEFAULT_PREFILL_TOKENS = 16384;

export interface OperatingPoint {
  batch: number;
  step: StepCost;
  /** Seconds per step including anything outside the step (pipeline bubble, gradient all-reduce). */
  stepTime: number;
  tpot?: number;
  ttft?: number;
  throughputPerDevice: number;
  memory: MemoryBreakdown;
}

/** Mean KV length a decoding sequence reads in a phase. */
export function decodeContext(w: WorkloadSpec): number {
  if (w.phase === 'serving') return Math.max(1, (w.input || 0) + (w.output || 0) / 2);
  return Math.max(1, w.context || (w.input || 0) + (w.output || 0) / 2 || 1);
}

/**
 * KV length the serving engine reserves per running sequence: input + output. TensorRT-LLM's default capacity
 * scheduler, GUARANTEED_NO_EVICT, admits a request only when KV blocks for its prompt and its maximum output
 * are free, so it never pauses one (TensorRT-LLM docs, "Useful Runtime Options: Capacity Scheduler Policy").
 */
export function reservedContext(w: WorkloadSpec): number {
  return Math.max(1, (w.input || 0) + (w.output || 0));
}

export function servingPrefillPerSeq(w: WorkloadSpec): number {
  const out = Math.max(1, w.output || 1);
  return (w.input || 0) / out;
}

/**
 * Prompt tokens the busiest attention data-parallel rank prefills in one serving step. Under attention DP with
 * in-flight batching each rank schedules its own whole prompts, and the MoE layer's all-to-all makes every step
 * wait for the slowest rank ("the iteration time is dominated by the slowest rank": TensorRT-LLM tech blog 10,
 * "ADP Balance Strategy"). Prompts reach a rank as a Poisson stream: per step the busiest of the G synchronised
 * ranks (G = ep / attention TP) holds E[max of G Poisson(mean prompts per step)] prompts, at most its token budget
 * (max_tokens per rank less the decode tokens), at least the mean. G = 1 (dense or attention TP over the EP group):
 * the mean.
 */
export function busiestRankPrefill(w: WorkloadSpec, s: Setup, prefill: number, decodeTokens: number): number {
  const ranks = s.step.shape.moeLayers > 0 && s.step.ep > s.step.tp ? s.step.ep / Math.max(1, s.step.tp) : 1;
  const input = Math.max(1, w.input || 1);
  if (!(ranks > 1) || !(prefill > 0)) return prefill;
  const budget = (w.engine.maxTokens ?? DEFAULT_ENGINE.maxTokens) / Math.max(1, s.step.tpGroup) - decodeTokens;
  const busiest = input * expectedMaxPoisson(prefill / input, ranks);
  return Math.max(prefill, Math.min(busiest, budget));
}

/**
 * A serving step at `batch` sequences per device, as the mean over the steps that carry a prompt and those that only
 * decode, and the time to a first token. Prompts arrive whole: TensorRT-LLM's in-flight batching puts a waiting
 * context request into the next iteration whole, or in chunks of the iteration's token budget (max_num_tokens, less
 * the decode tokens) when longer ("Chunked context", TensorRT-LLM docs "Useful Build-Time Flags" and "Useful Runtime
 * Options"). So a step carries max(one prompt, the mean prompt tokens per step) up to the budget, and only that share
 * of steps carries one: spreading the mean prompt tokens over every step would hide the prompts' compute under the
 * decode's memory-bound weight reads, which no engine does. The first token waits for the prompt's chunks, each one
 * step carrying a chunk. Under attention data parallelism with synchronised ranks the busiest rank's prompts set
 * every step already (`busiestRankPrefill`): that step is kept.
 */
export function servingSteps(
  w: WorkloadSpec,
  s: Setup,
  batch: number,
  cost: (load: StepLoad) => StepCost = (load) => stepCost(s.step, load),
): { step: StepCost; ttft: number } {
  const B = Math.max(0, batch);
  const input = Math.max(1, w.input || 1);
  const decodeTokens = B * s.verify;
  const prefill = B * s.outputPerStep * servingPrefillPerSeq(w);
  const engineTokens = (w.engine.maxTokens ?? DEFAULT_ENGINE.maxTokens) / Math.max(1, s.step.tpGroup);
  const budget = Math.max(1, engineTokens - decodeTokens);
  const load = (prefillTokens: number, busiestPrefillTokens?: number): StepLoad => ({
    decodeSeqs: B,
    tokensPerSeq: s.verify,
    decodeContext: decodeContext(w),
    prefillTokens,
    prefillContext: (w.input || 0) / 2,
    logitsTokens: decodeTokens,
    ...(busiestPrefillTokens !== undefined ? { busiestPrefillTokens } : {}),
  });
  // Per device, as the step counts tokens: a prompt's tokens are shared by the devices of its engine instance.
  const prompt = input / Math.max(1, s.step.tpGroup);
  const chunks = Math.max(1, Math.ceil(prompt / budget));
  const busiest = busiestRankPrefill(w, s, prefill, decodeTokens);
  if (busiest > prefill || !(prefill > 0)) {
    const step = cost(load(prefill, busiest));
    return { step, ttft: step.stepTime * chunks };
  }
  const carried = Math.min(budget, Math.max(prompt, prefill));
  const share = Math.min(1, prefill / carried);
  const carrying = cost(load(carried));
  if (share >= 1) return { step: carrying, ttft: carrying.stepTime * chunks };
  return { step: blendSteps(carrying, share, cost(load(0)), 1 - share), ttft: carrying.stepTime * chunks };
}

/**
 * The memory per device of `w` at `batch`, as its operating point accounts it, without costing the step: the
 * batch searches (batch.ts) ask only whether a batch fits.
 */
export function memoryAt(w: WorkloadSpec, s: Setup, batch: number): MemoryBreakdown {
  const B = Math.max(0, batch);
  switch (w.phase) {
    case 'prefill': {
      const input = Math.max(1, w.input || w.context || 1);
      return memoryBreakdown(s.memory, B, input, B * input);
    }
    case 'serving':
      return memoryBreakdown(
        s.memory,
        B,
        reservedContext(w),
        B * s.verify + B * s.outputPerStep * servingPrefillPerSeq(w),
      );
    case 'training': {
      const seq = Math.max(1, w.input || w.context || 1);
      return memoryBreakdown(s.memory, 0, seq, B * seq, true);
    }
    case 'decode':
    default:
      return memoryBreakdown(s.memory, B, decodeContext(w), B * s.verify);
  }
}

/** The operating point of a workload and setup at a batch, as `operatingPoint` computes it. */
export type PointAt = (batch: number) => OperatingPoint;

/** `f` with each batch computed once; the results are shared: callers read them, never change them. */
export function byBatch<T>(f: (batch: number) => T): (batch: number) => T {
  const results = new Map<number, T>();
  return (batch) => {
    if (results.has(batch)) return results.get(batch) as T;
    const r = f(batch);
    results.set(batch, r);
    return r;
  };
}

/**
 * `operatingPoint` of `w` and `s`, each batch computed once: a batch search and its SLO checks ask for the same
 * batches more than once; and each micro-batch costed once (`stepCosts`).
 */
export function pointsOf(w: WorkloadSpec, s: Setup): PointAt {
  const cost = stepCosts(s.step);
  return byBatch((batch) => operatingPoint(w, s, batch, cost));
}

/**
 * The operating point of `w` at `batch` sequences (decode, serving, training) or prompts (prefill) per device.
 * `cost` costs a step of `s.step` (`pointsOf` passes one that shares micro-batches between batches).
 */
export function operatingPoint(
  w: WorkloadSpec,
  s: Setup,
  batch: number,
  cost: (load: StepLoad) => StepCost = (load) => stepCost(s.step, load),
): OperatingPoint {
  const B = Math.max(0, batch);
  switch (w.phase) {
    case 'prefill': {
      const input = Math.max(1, w.input || w.context || 1);
      const tokens = B * input;
      const step = cost({
        decodeSeqs: 0,
        tokensPerSeq: 1,
        decodeContext: 0,
        prefillTokens: tokens,
        prefillContext: input / 2,
        logitsTokens: B,
      });
      const memory = memoryAt(w, s, B);
      const t = step.stepTime;
      return { batch: B, step, stepTime: t, ttft: t, throughputPerDevice: t > 0 ? tokens / t : 0, memory };
    }
    case 'serving': {
      // Shared devices, in-flight batching, steady state: each step decodes every running sequence, and some steps
      // also prefill the prompts of the sequences that replace finished ones (`servingSteps`).
      const steps = servingSteps(w, s, B, cost);
      const memory = memoryAt(w, s, B);
      const t = steps.step.stepTime;
      return {
        batch: B,
        step: steps.step,
        stepTime: t,
        tpot: t / s.outputPerStep,
        ttft: steps.ttft,
        throughputPerDevice: t > 0 ? (B * s.outputPerStep) / t : 0,
        memory,
      };
    }
    case 'training': {
      const seq = Math.max(1, w.input || w.context || 1);
      const tokens = B * seq;
      const step = cost({
        decodeSeqs: 0,
        tokensPerSeq: 1,
        decodeContext: 0,
        prefillTokens: tokens,
        prefillContext: seq / 2,
        logitsTokens: tokens,
      });
      const pp = Math.max(1, s.step.pp);
      const micro = Math.max(1, B);
      const bubble = pp > 1 ? (pp - 1) / (micro + pp - 1) : 0;
      const dp = Math.max(1, w.parallel.dp);
      const grads = weightsPerDevice({
        ...s.memory,
        trainingBytesPerParam: 0,
        weightBytes: 2,
        weightBytesOf: undefined,
      });
      const stride = Math.max(1, s.ranks / dp);
      const ar = dataParallelAllReduceCost(s.step.chain, dp, stride, grads * stride, s.step.networkEfficiency);
      accumulate(step.levels, ar, 1);
      const arTime = ar.reduce((a, c) => a + c.time, 0);
      const exposed = w.overlap ? Math.max(0, arTime - step.kernelTime * (2 / 3)) : arTime;
      const t = step.stepTime / (1 - bubble) + exposed;
      const memory = memoryAt(w, s, B);
      return { batch: B, step, stepTime: t, throughputPerDevice: t > 0 ? tokens / t : 0, memory };
    }
    case 'decode':
    default: {
      const ctx = decodeContext(w);
      const step = cost({
        decodeSeqs: B,
        tokensPerSeq: s.verify,
        decodeContext: ctx,
        prefillTokens: 0,
        prefillContext: 0,
        logitsTokens: B * s.verify,
      });
      const memory = memoryAt(w, s, B);
      const t = step.stepTime;
      return {
        batch: B,
        step,
        stepTime: t,
        tpot: t / s.outputPerStep,
        throughputPerDevice: t > 0 ? (B * s.outputPerStep) / t : 0,
        memory,
      };
    }
  }
}
