// Small symbolic facts about a bound system that binding needs: device count, first accelerator, fastest domain.
import { AcceleratorSpec, LevelSpec, SystemSpec } from './types';

/** Devices in one instance of a level, multiplying counts down the tree (never enumerating). */
export function levelDeviceCount(level: LevelSpec, seen: Set<SystemSpec> = new Set()): number {
  if (level.accelerator) return level.count;
  if (level.system) {
    if (seen.has(level.system)) return 0;
    return level.count * systemDeviceCountGuarded(level.system, seen);
  }
  let sum = 0;
  for (const child of level.children) sum += levelDeviceCount(child, seen);
  return level.count * sum;
}

function systemDeviceCountGuarded(system: SystemSpec, seen: Set<SystemSpec>): number {
  seen.add(system);
  const n = levelDeviceCount(system.root, seen);
  seen.delete(system);
  return n;
}

export function systemDeviceCount(system: SystemSpec): number {
  return systemDeviceCountGuarded(system, new Set());
}

export function firstAccelerator(system: SystemSpec, depth = 0): AcceleratorSpec | undefined {
  const visit = (level: LevelSpec): AcceleratorSpec | undefined => {
    if (level.accelerator) return level.accelerator;
    if (level.system && depth < 16) return firstAccelerator(level.system, depth + 1);
    for (const c of level.children) {
      const a = visit(c);
      if (a) return a;
    }
    return undefined;
  };
  return visit(system.root);
}

/** The innermost level with a fabric on the path to the first devices: its link and its size in devices. */
export function innermostFabricGroup(system: SystemSpec, depth = 0): { link: string; devices: number } | undefined {
  const visit = (level: LevelSpec): { link: string; devices: number } | undefined => {
    for (const c of level.children) {
      const inner = visit(c);
      if (inner) return inner;
    }
    if (level.system && depth < 16) return innermostFabricGroup(level.system, depth + 1);
    if (level.fabric) return { link: level.fabric.link.name, devices: levelDeviceCount({ ...level, count: 1 }) };
    return undefined;
  };
  return visit(system.root);
}
