// Symbolic analysis of a system layout: device totals and the chain of fabric levels a device sees, never enumerating devices.
import { AcceleratorSpec, FabricSpec, LevelSpec, SystemSpec } from '../semantics/types';
import { FabricLevel, SystemTotals } from './types';
import { fabricBandwidthPerDevice, levelsUp, systemDevices } from '../semantics/system-shape';
import { greatestCommonDivisor, largestDivisorAtMost } from '../semantics/divisors';

const finiteCount = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

export { devicesPerInstance, primaryAccelerator, systemDevices } from '../semantics/system-shape';

/** Totals per precision, HBM and HBM bandwidth, summed symbolically over the tree. */
export function systemTotals(system: SystemSpec): SystemTotals {
  const acc = new Map<string, { spec: AcceleratorSpec; count: number }>();
  const walk = (level: LevelSpec, multiplier: number, depth: number) => {
    if (depth > 64) return;
    const m = multiplier * finiteCount(level.count || (level === system.root ? 1 : 0));
    if (m === 0) return;
    if (level.accelerator) {
      const e = acc.get(level.accelerator.name) ?? { spec: level.accelerator, count: 0 };
      e.count += m;
      acc.set(level.accelerator.name, e);
      return;
    }
    if (level.system) walk(level.system.root, m, depth + 1);
    for (const child of level.children) walk(child, m, depth + 1);
  };
  walk(system.root, 1, 0);
  const totals: SystemTotals = { devices: 0, compute: {}, hbmBytes: 0, hbmBandwidth: 0, accelerators: [] };
  for (const { spec, count } of acc.values()) {
    totals.devices += count;
    totals.hbmBytes += count * (spec.memoryBytes || 0);
    totals.hbmBandwidth += count * (spec.memoryBandwidth || 0);
    for (const [p, rate] of Object.entries(spec.compute)) {
      if (rate && rate > 0) totals.compute[p] = (totals.compute[p] ?? 0) + count * rate;
    }
    totals.accelerators.push({ name: spec.name, count });
  }
  return totals;
}

/** A fabric as a device sees it: bandwidth per device after links per device and oversubscription, hops from tiers. */
export function fabricLevel(f: FabricSpec, levelName: string, groupSize: number): FabricLevel {
  return {
    levelName,
    groupSize,
    link: f.link,
    bandwidthPerDevice: fabricBandwidthPerDevice(f),
    latency: f.link.latency,
    oversubscription: f.oversubscription >= 1 ? f.oversubscription : 1,
    hops: f.tiers && f.tiers > 1 ? 2 * f.tiers - 1 : 1,
    span: f.span,
  };
}

/**
 * The chain of fabric levels a device sees going up, innermost first. A level without a fabric is
 * physical only: its traffic goes over the next level up that has one. For a system nested in a
 * system, the nested system's levels come first. The scale-out link closes the chain: as the top
 * fabric when the system's top level has none, and as an outer level when `devicesUsed` exceeds the system.
 */
export function fabricChain(system: SystemSpec, devicesUsed?: number): FabricLevel[] {
  const chain: FabricLevel[] = [];
  for (const { level, label, devices } of levelsUp(system)) {
    if (level.fabric) chain.push(fabricLevel(level.fabric, label, devices));
  }
  const total = systemDevices(system);
  const top = chain.length ? chain[chain.length - 1].groupSize : 1;
  const so = system.scaleout;
  if (so) {
    const span = so.site?.nameSpan ?? system.site.nameSpan;
    const scaleout = (levelName: string, groupSize: number): FabricLevel => ({
      levelName,
      groupSize,
      link: so,
      bandwidthPerDevice: so.bandwidth,
      latency: so.latency,
      oversubscription: 1,
      hops: 3,
      span,
    });
    if (top < total) chain.push(scaleout(`${system.name} scaleout`, total));
    if (devicesUsed !== undefined && devicesUsed > total) chain.push(scaleout('scaleout', devicesUsed));
  }
  return chain;
}

/** A fabric level that a parallel group spans, with the sub-groups it joins there. */
export interface SpannedLevel {
  level: FabricLevel;
  index: number;
  /** Devices of the group inside one instance of this level: min(N, g_L). */
  inside: number;
  /** Devices of the group inside one instance of the level below: min(N, g_(L-1)), 1 for the first. */
  below: number;
}

/**
 * Which fabric levels a parallel group of `groupSize` consecutive devices spans: every level whose
 * group is larger than the level below it, up to the first level that holds the whole group.
 * Groups larger than the chain's top are reported on the top level (the caller notes the overflow).
 */
export function levelsSpannedBy(chain: FabricLevel[], groupSize: number): SpannedLevel[] {
  const out: SpannedLevel[] = [];
  if (!(groupSize > 1)) return out;
  let below = 1;
  for (let i = 0; i < chain.length; i++) {
    const inside = Math.min(groupSize, chain[i].groupSize);
    if (inside > below) out.push({ level: chain[i], index: i, inside, below });
    below = Math.max(below, inside);
    if (chain[i].groupSize >= groupSize) break;
  }
  if (below < groupSize && chain.length) {
    const last = out[out.length - 1];
    if (last && last.index === chain.length - 1) last.inside = groupSize;
    else out.push({ level: chain[chain.length - 1], index: chain.length - 1, inside: groupSize, below });
  }
  return out;
}

/** The largest group size <= `limit` that stays inside the fast domain (innermost fabric level) and divides `devices`. */
export function largestDegreeInside(chain: FabricLevel[], devices: number, limit: number, levelIndex = 0): number {
  const domain = chain[levelIndex]?.groupSize ?? 1;
  // A degree dividing both counts divides their greatest common divisor: its largest divisor under the cap.
  return largestDivisorAtMost(greatestCommonDivisor(devices, domain), Math.max(1, Math.min(limit, domain))) ?? 1;
}
