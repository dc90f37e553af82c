// The topology view of a system: its levels once each (counts kept symbolic), fabrics, scale-out, and a workload's load.
import { devicesPerInstance, fabricLevel } from '../analysis/layout';
import { LevelTraffic, WorkloadEstimate } from '../analysis/types';
import { LevelSpec, SystemSpec, WorkloadSpec } from '../semantics/types';
import { Targets } from './targets';
import { FabricLoad, LevelView, TopologyView } from './types';

/** Deeper than this a chain of nested systems is a cycle (the binder reports it); the view stops there. */
const MAX_DEPTH = 32;
const finiteCount = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

export interface DrawnWorkload {
  spec: WorkloadSpec;
  estimate: WorkloadEstimate;
  /** Share of the step above which a level is marked as the bottleneck even when it is not the bound. */
  threshold: number;
}

/** The level of a workload's traffic with the largest share, if it is the bound or over the threshold. */
function bottleneckOf(w: DrawnWorkload): LevelTraffic | undefined {
  let top: LevelTraffic | undefined;
  for (const l of w.estimate.levels) if (l.shareOfStep > 0 && (!top || l.shareOfStep > top.shareOfStep)) top = l;
  if (!top) return undefined;
  const isBound = w.estimate.bound.kind === 'link' && w.estimate.bound.levelName === top.levelName;
  return isBound || top.shareOfStep >= w.threshold ? top : undefined;
}

function loadOf(traffic: LevelTraffic[], bottleneck: LevelTraffic | undefined): FabricLoad | undefined {
  if (!traffic.length) return undefined;
  const main = traffic.reduce((a, b) => (b.shareOfStep > a.shareOfStep ? b : a));
  return {
    share: main.shareOfStep,
    bytesPerStep: main.bytesPerStep,
    time: main.time,
    utilisation: main.utilisation,
    bottleneck: bottleneck !== undefined && traffic.includes(bottleneck),
  };
}

export function topologyView(system: SystemSpec, targets: Targets, workload?: DrawnWorkload): TopologyView {
  const traffic = workload?.estimate.levels ?? [];
  const bottleneck = workload && bottleneckOf(workload);
  const trafficAt = (linkName: string, start: number, end: number) =>
    traffic.filter(
      (l) =>
        l.linkName === linkName && l.span.start === start && l.span.end === end && !l.levelName.endsWith('scaleout'),
    );

  const level = (
    spec: LevelSpec,
    uri: string,
    id: string,
    parentInstances: number,
    rootName: string | undefined,
    depth: number,
  ): LevelView => {
    const count = rootName !== undefined ? 1 : finiteCount(spec.count);
    const devices = devicesPerInstance(spec);
    const instances = parentInstances * count;
    const named = spec.accelerator?.name ?? spec.name;
    const label = rootName ?? (named ? `${spec.kind} ${named}` : spec.kind);
    targets.add(id, uri, spec.span);
    const view: LevelView = { id, label, kind: spec.kind, count, devicesPerInstance: devices, instances, children: [] };
    if (spec.accelerator) view.accelerator = spec.accelerator.name;
    // A nested system is drawn as this level holding the nested system's own levels and fabric.
    const body = spec.system && depth < MAX_DEPTH ? spec.system.root : spec;
    const bodyUri = spec.system ? spec.system.site.uri : uri;
    if (spec.system) view.nestedSystem = spec.system.name;
    if (depth < MAX_DEPTH) {
      body.children.forEach((c, i) =>
        view.children.push(level(c, bodyUri, `${id}.${i}`, instances, undefined, depth + 1)),
      );
    }
    if (body.fabric) {
      const f = fabricLevel(body.fabric, label, devices);
      const fid = `${id}.fabric`;
      targets.add(fid, bodyUri, body.fabric.span);
      view.fabric = {
        id: fid,
        link: f.link.name,
        family: f.link.family,
        bandwidthPerDevice: f.bandwidthPerDevice,
        latency: f.latency,
        oversubscription: f.oversubscription,
        groupSize: devices,
        load: loadOf(trafficAt(f.link.name, body.fabric.span.start, body.fabric.span.end), bottleneck),
      };
      if (body.fabric.tiers) view.fabric.tiers = body.fabric.tiers;
    }
    return view;
  };

  const root = level(system.root, system.site.uri, 'system', 1, system.name, 0);
  const view: TopologyView = { system: system.name, devices: root.devicesPerInstance, root };
  if (system.scaleout) {
    const so = system.scaleout;
    const id = 'scaleout';
    targets.add(id, system.site.uri, targets.fieldSpan(system, 'scaleout') ?? system.site.nameSpan);
    view.scaleout = {
      id,
      link: so.name,
      family: so.family,
      bandwidthPerDevice: so.bandwidth,
      latency: so.latency,
      oversubscription: 1,
      groupSize: root.devicesPerInstance,
      load: loadOf(
        traffic.filter((l) => l.levelName.endsWith('scaleout') && l.linkName === so.name),
        bottleneck,
      ),
    };
  }
  if (workload) {
    view.workload = workload.spec.name;
    markUsed(root, Math.min(finiteCount(workload.spec.devices), root.devicesPerInstance));
  }
  return view;
}

/**
 * Marks the instances a workload's devices fill, taken in order: `devices` is how many devices it uses across all
 * instances of `view`. Arithmetic on the counts, never a loop over devices or instances.
 */
function markUsed(view: LevelView, devices: number): void {
  const perInstance = view.devicesPerInstance;
  if (!(devices > 0) || !(perInstance > 0)) return;
  view.used = {
    instances: Math.min(view.instances, Math.ceil(devices / perInstance)),
    devices: Math.min(devices, view.instances * perInstance),
  };
  const full = Math.floor(devices / perInstance);
  const partial = devices - full * perInstance;
  let before = 0;
  for (const child of view.children) {
    const capacity = child.count * child.devicesPerInstance;
    markUsed(child, full * capacity + Math.min(capacity, Math.max(0, partial - before)));
    before += capacity;
  }
}
