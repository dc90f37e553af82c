// Draws a topology view as SVG: elkjs lays out the levels as nested labelled groups; this file only writes the boxes.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { bytes, group, pct, rate, time } from '../analysis/report';
import { levelsOf } from './levels';
import { coord, escapeXml, STANDALONE_STYLE } from './svg';
import { FabricView, LevelView, TopologyView } from './types';

const LINE = 16;
const CHAR = 7;
const PAD = 8;
const HEADER = 2 * LINE + PAD;

interface Box {
  /** Element id: the key of the source target the box reveals. */
  id: string;
  kind: 'level' | 'device' | 'fabric' | 'scaleout';
  lines: string[];
  classes: string[];
  /** 0..1: the share of the step this level's fabric takes, drawn as a tint. */
  heat?: number;
  /** Accessible name. */
  label: string;
}

const size = (lines: string[]) => ({
  width: Math.max(120, ...lines.map((l) => l.length * CHAR)) + 2 * PAD,
  height: lines.length * LINE + PAD,
});

function usedText(v: LevelView, isRoot: boolean): string | undefined {
  if (!v.used) return undefined;
  if (isRoot) return `workload uses ${group(v.used.devices)} of ${group(v.devicesPerInstance)} devices`;
  return v.used.instances >= v.instances
    ? `all ${group(v.instances)} used`
    : `uses ${group(v.used.instances)} of ${group(v.instances)}`;
}

function levelBox(v: LevelView, isRoot: boolean): Box {
  const title = isRoot ? `${v.label} · ${group(v.devicesPerInstance)} devices` : `${v.label} ×${group(v.count)}`;
  const detail = v.accelerator
    ? 'devices'
    : v.devicesPerInstance > 0
      ? `${group(v.devicesPerInstance)} devices each`
      : 'no devices';
  const used = usedText(v, isRoot);
  const lines = [title, [isRoot ? undefined : detail, used].filter(Boolean).join(' · ')].filter((l) => l.length > 0);
  const classes = ['topo-level', v.accelerator ? 'topo-device' : 'topo-group'];
  if (v.used) classes.push('topo-used');
  const heat = v.fabric?.load?.share;
  return { id: v.id, kind: v.accelerator ? 'device' : 'level', lines, classes, heat, label: `${lines.join(', ')}` };
}

function fabricBox(f: FabricView, kind: 'fabric' | 'scaleout'): Box {
  const lines = [
    `${kind === 'scaleout' ? 'scale-out' : 'fabric'} ${f.link} (${f.family})`,
    `${rate(f.bandwidthPerDevice)} per device · ${time(f.latency)} per hop`,
  ];
  const blocking = f.oversubscription > 1 ? `oversubscribed ${f.oversubscription}:1` : 'non-blocking';
  const shape = [blocking, f.tiers ? `${f.tiers} tiers` : undefined];
  lines.push(shape.filter(Boolean).join(' · '));
  const classes = [kind === 'scaleout' ? 'topo-scaleout' : 'topo-fabric'];
  if (f.load && f.load.share > 0) lines.push(`${pct(f.load.share)} of step · ${bytes(f.load.bytesPerStep)} per step`);
  if (f.load?.bottleneck) {
    lines.push('bottleneck');
    classes.push('topo-bottleneck');
  }
  return { id: f.id, kind, lines, classes, label: lines.join(', ') };
}

/** The elk graph of a topology, with the boxes to draw keyed by node id. */
function graphOf(t: TopologyView): { graph: ElkNode; boxes: Map<string, Box> } {
  const boxes = new Map<string, Box>();
  const node = (v: LevelView, isRoot: boolean): ElkNode => {
    const box = levelBox(v, isRoot);
    boxes.set(v.id, box);
    const inner: ElkNode[] = [];
    const edges: ElkExtendedEdge[] = [];
    if (v.fabric) {
      const f = fabricBox(v.fabric, 'fabric');
      boxes.set(v.fabric.id, f);
      inner.push({ id: v.fabric.id, ...size(f.lines) });
    }
    for (const c of v.children) {
      inner.push(node(c, false));
      if (v.fabric) edges.push({ id: `${v.fabric.id}->${c.id}`, sources: [v.fabric.id], targets: [c.id] });
    }
    if (!inner.length) return { id: v.id, ...size(box.lines) };
    const width = size(box.lines).width;
    return {
      id: v.id,
      children: inner,
      edges,
      layoutOptions: {
        'elk.padding': `[top=${HEADER},left=${PAD},bottom=${PAD},right=${PAD}]`,
        'elk.nodeSize.minimum': `(${width},${HEADER})`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      },
    };
  };
  const children = [node(t.root, true)];
  const edges: ElkExtendedEdge[] = [];
  if (t.scaleout) {
    const s = fabricBox(t.scaleout, 'scaleout');
    boxes.set(t.scaleout.id, s);
    children.unshift({ id: t.scaleout.id, ...size(s.lines) });
    edges.push({ id: 'scaleout->system', sources: [t.scaleout.id], targets: [t.root.id] });
  }
  const graph: ElkNode = {
    id: 'graph',
    children,
    edges,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.spacing.nodeNode': '16',
      'elk.layered.spacing.nodeNodeBetweenLayers': '24',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
    },
  };
  return { graph, boxes };
}

function edgePath(e: ElkExtendedEdge): string {
  return (e.sections ?? [])
    .map((s) => {
      const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
      return `<path class="topo-edge" d="M${points.map((p) => `${coord(p.x)} ${coord(p.y)}`).join(' L')}"/>`;
    })
    .join('');
}

function drawNode(n: ElkNode, boxes: Map<string, Box>, out: string[]): void {
  const box = boxes.get(n.id);
  const w = n.width ?? 0;
  const h = n.height ?? 0;
  out.push(`<g transform="translate(${coord(n.x ?? 0)},${coord(n.y ?? 0)})">`);
  if (box) {
    const classes = [...box.classes, 'topo-target'];
    out.push(
      `<g class="${classes.join(' ')}" data-target="${escapeXml(box.id)}" data-kind="${box.kind}"` +
        ` tabindex="0" role="button" aria-label="${escapeXml(box.label)}">`,
    );
    out.push(`<title>${escapeXml(box.label)}</title>`);
    out.push(`<rect class="topo-box" width="${coord(w)}" height="${coord(h)}" rx="4"/>`);
    if (box.heat !== undefined && box.heat > 0) {
      const opacity = coord(0.08 + 0.5 * Math.min(1, box.heat));
      out.push(`<rect class="topo-heat" width="${coord(w)}" height="${coord(h)}" rx="4" fill-opacity="${opacity}"/>`);
    }
    box.lines.forEach((line, i) => {
      const cls =
        line === 'bottleneck' ? 'topo-text topo-bottleneck-label' : i === 0 ? 'topo-text' : 'topo-text topo-muted';
      const at = `x="${PAD}" y="${LINE * (i + 1)}"`;
      out.push(`<text class="${cls}" ${at} font-size="12" font-family="sans-serif">${escapeXml(line)}</text>`);
    });
  }
  for (const e of n.edges ?? []) out.push(edgePath(e));
  for (const c of n.children ?? []) drawNode(c, boxes, out);
  if (box) out.push('</g>');
  out.push('</g>');
}

const elk = new ELK();

/** The diagram of a topology as SVG text; `standalone` embeds default colours for a file viewed on its own. */
export async function renderDiagram(t: TopologyView, standalone = false): Promise<string> {
  const { graph, boxes } = graphOf(t);
  const laid = await elk.layout(graph);
  const width = laid.width ?? 0;
  const height = laid.height ?? 0;
  const body: string[] = [];
  for (const e of laid.edges ?? []) body.push(edgePath(e));
  for (const c of laid.children ?? []) drawNode(c, boxes, body);
  const title = `Layout of ${t.system}${t.workload ? ` with workload ${t.workload}` : ''}`;
  const desc = `${levelsOf(t).length} levels, ${group(t.devices)} devices`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topo-diagram" width="${coord(width)}" height="${coord(height)}"` +
      ` viewBox="0 0 ${coord(width)} ${coord(height)}" role="group" aria-labelledby="topo-diagram-title topo-diagram-desc">`,
    `<title id="topo-diagram-title">${escapeXml(title)}</title><desc id="topo-diagram-desc">${escapeXml(desc)}</desc>`,
    standalone ? STANDALONE_STYLE : '',
    ...body,
    '</svg>',
  ].join('\n');
}
