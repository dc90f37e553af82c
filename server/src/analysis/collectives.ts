// Alpha-beta costs of collectives placed on the fabric levels they cross: all-reduce, all-to-all, pipeline sends.
import { CollectiveKind, CollectiveOnLevel, FabricLevel } from './types';
import { collectiveFloor, linkEfficiency } from './efficiency';
import { levelsSpannedBy } from './layout';

/** Cost of one collective call on one level. */
export interface LevelCost extends CollectiveOnLevel {
  levelIndex: number;
}

const safe = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/** Seconds to move `bytes` over `level` at `efficiency` of its bandwidth per device. */
function transferTime(level: FabricLevel, bytes: number, efficiency: number): number {
  const bw = level.bandwidthPerDevice * efficiency;
  return bw > 0 ? bytes / bw : 0;
}

/**
 * Ring all-reduce of `bytes` per device over a group of `groupSize` consecutive devices,
 * hierarchical across levels: reduce-scatter inside the level below, all-reduce of the shard
 * across the level, all-gather back. On level L the group joins m = inside / below sub-groups and
 * each device moves 2 (m - 1) / m x bytes / below, with 2 (m - 1) hops of latency.
 * A flat ring on one level is the textbook 2 (n - 1) / n x bytes / bw + 2 (n - 1) x latency.
 * `withFloor` adds the per-call software floor of the level's link family.
 */
export function allReduceCost(
  chain: FabricLevel[],
  groupSize: number,
  bytes: number,
  kind: CollectiveKind = 'tp-allreduce',
  override?: number,
  withFloor = true,
): LevelCost[] {
  const out: LevelCost[] = [];
  for (const s of levelsSpannedBy(chain, groupSize)) {
    const m = s.inside / s.below;
    const moved = safe((((2 * (m - 1)) / m) * bytes) / s.below);
    const message = safe(bytes / s.below / m);
    const efficiency = linkEfficiency(s.level.link, message, override);
    const transfer = transferTime(s.level, moved, efficiency);
    const latency = 2 * (m - 1) * s.level.latency * s.level.hops;
    const floor = withFloor ? collectiveFloor(s.level.link.family) : 0;
    out.push({
      kind,
      levelIndex: s.index,
      bytes: moved,
      time: transfer + latency + floor,
      messageBytes: message,
      efficiency,
    });
  }
  return out;
}

/**
 * Expert-parallel all-to-all (dispatch or combine) for `tokens` tokens per device, each sent to
 * `active` experts of `hidden` elements of `elementBytes`. With uniform routing the share of
 * destinations inside a level's group is g_L / EP, so level L carries the traffic that leaves
 * the level below: bytes_L = tokens x active x hidden x bytes x (g_L - g_(L-1)) / EP, and
 * time_L = bytes_L / (bandwidth_L x efficiency_L(message)) + latency_L x hops + floor.
 */
export function allToAllCost(
  chain: FabricLevel[],
  ep: number,
  tokens: number,
  active: number,
  hidden: number,
  elementBytes: number,
  kind: CollectiveKind,
  override?: number,
  dedup = false,
  local = 1,
): LevelCost[] {
  const out: LevelCost[] = [];
  if (!(ep > 1)) return out;
  const perDevice = tokens * active * hidden * elementBytes;
  for (const s of levelsSpannedBy(chain, ep)) {
    // Destinations among the `local` consecutive ranks that already hold the tokens (a tensor-parallel
    // group after its all-reduce) need no transfer: a level carries only what leaves that group.
    const below = Math.max(s.below, Math.min(s.inside, Math.max(1, local)));
    if (!(s.inside > below)) continue;
    let bytes = safe((perDevice * (s.inside - below)) / ep);
    if (dedup && below > 1) {
      // DeepEP normal kernels (prefill, training) send a token once per destination group of the
      // level below and forward it inside that group (deepseek-ai/DeepEP README, NVLink forwarding):
      // copies = (m - 1) x (1 - (1 - 1/K)^active) for m sub-groups here and K = EP / below in all.
      const m = s.inside / below,
        K = Math.max(1, ep / below);
      bytes = safe(tokens * hidden * elementBytes * (m - 1) * (1 - Math.pow(1 - 1 / K, active)));
    }
    const peers = Math.max(1, s.inside - below);
    const message = safe(bytes / peers);
    const efficiency = linkEfficiency(s.level.link, message, override);
    const transfer = transferTime(s.level, bytes, efficiency);
    const time = transfer + s.level.latency * s.level.hops + collectiveFloor(s.level.link.family);
    out.push({ kind, levelIndex: s.index, bytes, time, messageBytes: message, efficiency });
  }
  return out;
}

/**
 * Pipeline send between consecutive stages of `stageSize` devices each: the boundary between
 * stages is crossed on the lowest level whose group holds two stages. `bytes` per device per send.
 */
export function pipelineSendCost(
  chain: FabricLevel[],
  stageSize: number,
  bytes: number,
  override?: number,
): LevelCost[] {
  const spanned = levelsSpannedBy(chain, stageSize * 2);
  const s = spanned[spanned.length - 1];
  if (!s) return [];
  const efficiency = linkEfficiency(s.level.link, safe(bytes), override);
  const transfer = transferTime(s.level, safe(bytes), efficiency);
  return [
    {
      kind: 'pp-send',
      levelIndex: s.index,
      bytes: safe(bytes),
      time: transfer + s.level.latency * s.level.hops,
      messageBytes: safe(bytes),
      efficiency,
    },
  ];
}

/**
 * Data-parallel gradient all-reduce: replicas are `stride` devices apart (tp x pp x ... inside a
 * replica), so the ring of `dp` replicas spans the levels of a group of dp x stride devices, and
 * each level below the replica size is not crossed. Bytes per device = gradient bytes / stride.
 */
export function dataParallelAllReduceCost(
  chain: FabricLevel[],
  dp: number,
  stride: number,
  gradientBytes: number,
  override?: number,
): LevelCost[] {
  const out: LevelCost[] = [];
  if (!(dp > 1)) return out;
  const shard = gradientBytes / Math.max(1, stride);
  const all = levelsSpannedBy(chain, dp * stride);
  for (const s of all) {
    const inside = s.inside / Math.max(1, stride);
    const below = Math.max(1, s.below / Math.max(1, stride));
    if (inside <= 1) continue;
    const m = inside / below;
    if (m <= 1) continue;
    const moved = safe((((2 * (m - 1)) / m) * shard) / below);
    const message = safe(shard / below / m);
    const efficiency = linkEfficiency(s.level.link, message, override);
    const transfer = transferTime(s.level, moved, efficiency);
    out.push({
      kind: 'dp-allreduce',
      levelIndex: s.index,
      bytes: moved,
      time: transfer + 2 * (m - 1) * s.level.latency * s.level.hops + collectiveFloor(s.level.link.family),
      messageBytes: message,
      efficiency,
    });
  }
  return out;
}

/**
 * Sums costs by level index, scaling by `times` (e.g. layers x calls per layer). `owned`: the costs were just computed
 * and nothing else holds them, so a new level's cost is scaled in place and added without a copy.
 */
export function accumulate(into: Map<number, LevelCost[]>, costs: LevelCost[], times: number, owned = false): void {
  if (!(times > 0)) return;
  for (const c of costs) {
    const list = levelList(into, c.levelIndex);
    const same = ofKind(list, c.kind);
    if (same) {
      same.bytes += c.bytes * times;
      same.time += c.time * times;
    } else if (owned) {
      c.bytes *= times;
      c.time *= times;
      list.push(c);
    } else list.push({ ...c, bytes: c.bytes * times, time: c.time * times });
  }
}

function levelList(into: Map<number, LevelCost[]>, levelIndex: number): LevelCost[] {
  let list = into.get(levelIndex);
  if (!list) into.set(levelIndex, (list = []));
  return list;
}

function ofKind(list: LevelCost[], kind: CollectiveKind): LevelCost | undefined {
  for (const c of list) if (c.kind === kind) return c;
  return undefined;
}
