// The panel's view model: plain data built from the analysis, sent to the webview and drawn to SVG.
import type { Curve } from '../analysis/sweep';
import { LinkFamily, Phase } from '../semantics/types';

/** Where a clickable element is written: the editor reveals this range. */
export interface SourceTarget {
  uri: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

/** The load one workload puts on a fabric level. */
export interface FabricLoad {
  /** Time on this level / step time. */
  share: number;
  bytesPerStep: number;
  time: number;
  utilisation: number;
  /** The level with the largest share of the step, when that share is the workload's bound or above the threshold. */
  bottleneck: boolean;
}

export interface FabricView {
  /** Element id (a key of PanelView.targets). */
  id: string;
  link: string;
  family: LinkFamily;
  /** Bytes/s per device per direction, after links per device and oversubscription. */
  bandwidthPerDevice: number;
  /** Seconds per hop. */
  latency: number;
  oversubscription: number;
  tiers?: number;
  /** Devices one instance of this fabric joins. */
  groupSize: number;
  load?: FabricLoad;
}

/** One level of a layout, drawn once whatever its count: `rack compute x 12` is one group marked x12. */
export interface LevelView {
  id: string;
  /** `rack compute`, `server`, `npu Ascend910C`, or the system name at the root. */
  label: string;
  kind: string;
  count: number;
  /** Devices in one instance. */
  devicesPerInstance: number;
  /** Instances of this level in the whole system (product of the counts above it, times its own). */
  instances: number;
  accelerator?: string;
  /** A nested system (`node CloudMatrix384 x 4`): its name; its levels are the children. */
  nestedSystem?: string;
  fabric?: FabricView;
  /** Instances and devices of this level the selected workload uses (its devices taken in order). */
  used?: { instances: number; devices: number };
  children: LevelView[];
}

export interface TopologyView {
  system: string;
  devices: number;
  root: LevelView;
  /** The scale-out plane: the link to other systems. */
  scaleout?: FabricView;
  /** The workload drawn on the layout, if any. */
  workload?: string;
}

export interface ShareItem {
  name: string;
  /** Seconds per step. */
  time: number;
  share: number;
}

export interface MemoryView {
  /** Per device, or per rank when a device has several dies. */
  unit: 'device' | 'rank';
  weights: number;
  kvCache: number;
  activations: number;
  reserve: number;
  total: number;
  capacity: number;
  fits: boolean;
}

export interface EstimateView {
  workload: string;
  phase: Phase;
  valid: boolean;
  reasons: string[];
  /** The lens text: one line with throughput, latency and bound. */
  title: string;
  stepTime: number;
  /** Step time by operator class; shares add up to about 1. */
  byOperator: ShareItem[];
  /** Time on each fabric level (before overlap) and the device's own work. */
  byLevel: ShareItem[];
  exposedCommTime: number;
  memory: MemoryView;
  notes: string[];
}

/** A `compare` declaration's outcome: its systems ranked, why the winner wins, what each row leaves out. */
export interface ComparisonView {
  name: string;
  /** The systems with figures, best tok/s per device first. */
  ranked: string[];
  /** Which term of the step makes the winner win, against the runner-up (two systems or more). */
  why?: string;
  /** `system: note` for what a row leaves out (power scaled, SLO missed), and systems without an estimate. */
  notes: string[];
}

export interface PanelView {
  uri: string;
  fileName: string;
  /** Systems that can be drawn: declared here or used by a workload here. */
  systems: string[];
  workloads: { name: string; system: string }[];
  /** The comparisons (`compare` declarations) of this file that bind. */
  comparisons: string[];
  /** A workload and its system, a system alone, or a comparison. */
  selection: { system?: string; workload?: string; compare?: string };
  topology?: TopologyView;
  estimate?: EstimateView;
  comparison?: ComparisonView;
  /**
   * The selected workload's throughput-interactivity curve (its batch swept to the memory limit), or the selected
   * comparison's curves (each system at its layout); null without one.
   */
  curves: { name: string; curve: Curve }[] | null;
  /** Text alternatives of the pictures; `comparison` is the systems side by side. */
  tables: { layout?: TableView; step?: TableView; memory?: TableView; curves?: TableView; comparison?: TableView };
  /** What could not be drawn and why: declarations that did not bind, errors in the file. */
  missing: string[];
  /** Every clickable element: id to the source it reveals. */
  targets: Record<string, SourceTarget>;
}

/** A table of formatted cells. */
export interface TableView {
  caption: string;
  head: string[];
  rows: string[][];
}

/** The pictures of a view, rendered to SVG text by the same code for the panel and `topo draw`. */
export interface PanelPictures {
  diagram?: string;
  stepChart?: string;
  memoryChart?: string;
  curveChart?: string;
}
