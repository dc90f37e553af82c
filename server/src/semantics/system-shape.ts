// Symbolic facts about a system: device counts, first accelerator, levels and fast domain; devices never enumerated.
import { AcceleratorSpec, FabricSpec, LevelSpec, SystemSpec } from './types';

const finiteCount = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);
/** Deeper than this, a chain of nested systems is a cycle (the binder reports it) or nonsense. */
const MAX_DEPTH = 64;

/** Devices in one instance of a level (its own count not applied). */
export function devicesPerInstance(level: LevelSpec, depth = 0): number {
  if (depth > MAX_DEPTH) return 0;
  if (level.accelerator) return 1;
  if (level.system) return systemDevices(level.system, depth + 1);
  let sum = 0;
  for (const child of level.children) sum += finiteCount(child.count) * devicesPerInstance(child, depth + 1);
  return sum;
}

/** Total devices of a system: product of counts down each branch, summed over branches. */
export function systemDevices(system: SystemSpec, depth = 0): number {
  return finiteCount(system.root.count || 1) * devicesPerInstance(system.root, depth);
}

/** The power of a system or one level instance, summed from what the file declares. */
export interface PowerSum {
  /** Watts; 0 where nothing is known. */
  watts: number;
  /** Some level (or a system it holds) writes `power`: else the sum is the accelerators' board power alone. */
  declared: boolean;
  /** An accelerator with no board power that no enclosing `power total` covers: the sum leaves it out. */
  missing?: string;
}

/**
 * Watts of one instance of a level: its `power total` as written, else its accelerators' board power, the systems
 * it holds and its children, counts multiplied (never device by device), plus its `power other`.
 */
export function levelPower(level: LevelSpec, depth = 0): PowerSum {
  if (depth > MAX_DEPTH) return { watts: 0, declared: false };
  if (level.power?.kind === 'total') return { watts: level.power.watts, declared: true };
  const sum: PowerSum = { watts: level.power?.watts ?? 0, declared: !!level.power };
  const add = (part: PowerSum, count: number) => {
    sum.watts += count * part.watts;
    sum.declared ||= part.declared;
    if (part.missing) sum.missing ??= part.missing;
  };
  if (level.accelerator) {
    const board = level.accelerator.powerWatts;
    if (board !== undefined && Number.isFinite(board) && board > 0) sum.watts += board;
    else sum.missing ??= level.accelerator.name;
  }
  if (level.system) add(levelPower(level.system.root, depth + 1), finiteCount(level.system.root.count || 1));
  for (const child of level.children) add(levelPower(child, depth + 1), finiteCount(child.count));
  return sum;
}

/** Watts of a whole system (see levelPower). */
export function systemPower(system: SystemSpec): PowerSum {
  const sum = levelPower(system.root);
  return { ...sum, watts: sum.watts * finiteCount(system.root.count || 1) };
}

/** The accelerator a workload's devices are: the first one found depth-first (heterogeneous trees: the first branch). */
export function primaryAccelerator(system: SystemSpec): AcceleratorSpec | undefined {
  const find = (level: LevelSpec, depth: number): AcceleratorSpec | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    if (level.accelerator) return level.accelerator;
    if (level.system) {
      const a = find(level.system.root, depth + 1);
      if (a) return a;
    }
    for (const c of level.children) {
      const a = find(c, depth + 1);
      if (a) return a;
    }
    return undefined;
  };
  return find(system.root, 0);
}

function levelLabel(level: LevelSpec, systemName: string, isRoot: boolean): string {
  if (isRoot) return systemName;
  return level.name ? `${level.kind} ${level.name}` : level.kind;
}

/** A level on the way up from a device, with the devices in one instance of it. */
export interface LevelUp {
  level: LevelSpec;
  /** The level as written: `server`, `rack compute`, the system name for the top. */
  label: string;
  devices: number;
}

/**
 * The path from a device up to the top of `system`: levels on the first branch holding devices,
 * innermost first. For a system nested in a system, the nested system's levels come first.
 */
export function levelsUp(system: SystemSpec, depth = 0): LevelUp[] {
  if (depth > MAX_DEPTH) return [];
  const down = (level: LevelSpec, label: string, d: number): LevelUp[] | undefined => {
    if (d > MAX_DEPTH) return undefined;
    const devices = devicesPerInstance(level, d);
    if (devices <= 0) return undefined;
    const here = { level, label, devices };
    if (level.accelerator) return [];
    if (level.system) return [...levelsUp(level.system, d + 1), here];
    for (const c of level.children) {
      const below = down(c, levelLabel(c, system.name, false), d + 1);
      if (below) return [...below, here];
    }
    return [here];
  };
  return down(system.root, levelLabel(system.root, system.name, true), depth) ?? [];
}

/** Bytes/s per device per direction a fabric gives: link bandwidth x links per device / oversubscription. */
export function fabricBandwidthPerDevice(f: FabricSpec): number {
  const over = f.oversubscription >= 1 ? f.oversubscription : 1;
  const links = f.linksPerDevice > 0 ? f.linksPerDevice : 1;
  return (f.link.bandwidth * links) / over;
}

/** Whether `outer` is as fast as `inner` for a device: no less bandwidth per device, no more latency per hop. */
function asFast(outer: FabricSpec, inner: FabricSpec): boolean {
  return fabricBandwidthPerDevice(outer) >= fabricBandwidthPerDevice(inner) && outer.link.latency <= inner.link.latency;
}

/**
 * The fast domain of a system: the largest group of devices joined by fabrics as fast as the innermost one.
 * It grows up the levels while each next fabric is as fast (CloudMatrix384's unified bus joins all 384 NPUs
 * at one bandwidth, though it has two levels), and stops at the first slower one (RoCE above NVLink servers).
 * Its `link` is the innermost fabric's link; `slower` is the first slower fabric above it, if any.
 */
export function fastDomain(system: SystemSpec): { link: string; devices: number; slower?: string } | undefined {
  let domain: { link: string; devices: number; slower?: string } | undefined;
  let inner: FabricSpec | undefined;
  for (const { level, devices } of levelsUp(system)) {
    const f = level.fabric;
    if (!f) continue;
    if (!inner || !domain) {
      inner = f;
      domain = { link: f.link.name, devices };
    } else if (asFast(f, inner)) domain.devices = devices;
    else return { ...domain, slower: f.link.name };
  }
  if (domain && system.scaleout) domain.slower = system.scaleout.name;
  return domain;
}
