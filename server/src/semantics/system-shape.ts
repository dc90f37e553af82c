// Symbolic facts about a bound system: device counts and its first accelerator, never enumerating devices.
import { AcceleratorSpec, LevelSpec, SystemSpec } from './types';

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

/** The innermost level with a fabric on the path to the first devices: its link and its size in devices. */
export function innermostFabricGroup(system: SystemSpec): { link: string; devices: number } | undefined {
  const visit = (level: LevelSpec, depth: number): { link: string; devices: number } | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    for (const c of level.children) {
      const inner = visit(c, depth + 1);
      if (inner) return inner;
    }
    if (level.system) {
      const inner = visit(level.system.root, depth + 1);
      if (inner) return inner;
    }
    if (level.fabric) return { link: level.fabric.link.name, devices: devicesPerInstance(level) };
    return undefined;
  };
  return visit(system.root, 0);
}
