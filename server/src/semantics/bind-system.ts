// Binds system layouts: nested levels with counts, devices at the leaves, fabrics and the scale-out plane.
import { Declaration, Field, Span } from '../syntax/ast';
import { ArgReader } from './args';
import { readPower, readPrice } from './costs';
import { declPlace, readSource } from './bind-hardware';
import { diagnostic } from './diagnostics';
import { BindContext, fieldsOf, lookupQuiet, resolve, siteOf } from './scope';
import { fabricBandwidthPerDevice, systemDevices } from './system-shape';
import { formatQuantity } from './units';
import { FabricSpec, LevelSpec, SystemSpec } from './types';

/** Level kinds that hold accelerators: an unknown name after them is reported, not taken as a label. */
const deviceLevelKinds = new Set([
  'gpu',
  'gpus',
  'npu',
  'npus',
  'tpu',
  'xpu',
  'chip',
  'chips',
  'device',
  'devices',
  'accelerator',
  'accelerators',
  'die',
  'dies',
  'card',
  'cards',
]);

export function bindSystem(ctx: BindContext, decl: Declaration, stack: string[]): SystemSpec | undefined {
  const name = decl.name!.text;
  const root: LevelSpec = { kind: 'system', name, count: 1, children: [], span: decl.span };
  const spec: SystemSpec = { name, root, site: siteOf(ctx.uri, decl) };
  const { byName } = bindLevelBody(ctx, root, decl.block?.fields ?? [], [...stack, name], true);
  const price = byName.get('price');
  if (price) {
    const r = new ArgReader(price, ctx.diagnostics);
    spec.price = readPrice(r);
    r.finish();
  }
  const scaleout = byName.get('scaleout');
  if (scaleout) {
    const r = new ArgReader(scaleout, ctx.diagnostics);
    const w = r.word('a link name');
    if (w) spec.scaleout = resolve(ctx, 'link', w.text, w.span);
    r.finish();
  }
  spec.source = readSource(ctx, byName.get('source'));
  if (!hasDevices(root) && !hasNamedLeaf(root)) {
    ctx.diagnostics.push(
      diagnostic(
        'TOPO203',
        'error',
        `system '${name}' has no accelerators: add a level such as 'gpu H100 x 8'`,
        declPlace(decl).nameSpan,
      ),
    );
  }
  checkBandwidthCliffs(ctx, root, undefined);
  checkDeviceCount(ctx, spec, declPlace(decl).nameSpan);
  return spec;
}

/**
 * Assumption: the largest published training clusters hold on the order of 10^5 accelerators (issue 8 of this
 * project; no cluster size is sourced in docs/sources.md). Ten times that is beyond any built system, so such a
 * count is a slip (an extra zero, a wrong level count) rather than a design.
 */
export const MAX_BUILT_DEVICES = 1_000_000;

/** Reports a system larger than any built one; counted symbolically, never device by device. */
function checkDeviceCount(ctx: BindContext, spec: SystemSpec, span: Span): void {
  const devices = systemDevices(spec);
  if (!(devices > MAX_BUILT_DEVICES)) return;
  const count = Number.isFinite(devices)
    ? `${devices.toLocaleString('en-US')} devices`
    : 'more devices than a number holds';
  const exact = Number.isSafeInteger(devices)
    ? ''
    : '; beyond 2^53 counts are not exact, so parallel degrees are not checked against it';
  ctx.diagnostics.push(
    diagnostic(
      'TOPO407',
      'warning',
      `${spec.name} has ${count}, more than any system built (the largest training clusters have about 10^5; over ${MAX_BUILT_DEVICES.toLocaleString('en-US')} is taken as a slip): check the counts${exact}`,
      span,
    ),
  );
}

function hasDevices(level: LevelSpec): boolean {
  return !!level.accelerator || !!level.system || level.children.some(hasDevices);
}

/** A leaf level with a name (`gpu H10 x 8`) whose name did not resolve: already reported. */
function hasNamedLeaf(level: LevelSpec): boolean {
  return level.children.some(
    (c) =>
      (c.name !== undefined && c.children.length === 0 && deviceLevelKinds.has(c.kind.toLowerCase())) ||
      hasNamedLeaf(c),
  );
}

function bindLevelBody(
  ctx: BindContext,
  level: LevelSpec,
  fields: Field[],
  stack: string[],
  top = false,
): { byName: Map<string, Field> } {
  const { byName, other } = fieldsOf(ctx, 'system', fields, true);
  for (const entry of other) {
    const child = bindLevel(ctx, entry, stack);
    if (child) level.children.push(child);
  }
  const fabric = byName.get('fabric');
  if (fabric) level.fabric = bindFabric(ctx, fabric);
  const power = byName.get('power');
  if (power) {
    const r = new ArgReader(power, ctx.diagnostics);
    level.power = readPower(r, top ? undefined : level.kind);
    r.finish();
  }
  const price = byName.get('price');
  if (price && !top) {
    ctx.diagnostics.push(
      diagnostic(
        'TOPO305',
        'error',
        `price is written at the top of the system, not on a level ('${level.kind}'): ` +
          'a comparison prices devices or the whole system',
        price.nameSpan,
      ),
    );
  }
  return { byName };
}

function bindLevel(ctx: BindContext, entry: Field, stack: string[]): LevelSpec | undefined {
  const r = new ArgReader(entry, ctx.diagnostics);
  const level: LevelSpec = { kind: entry.name, count: 1, children: [], span: entry.span };
  const first = r.peek();
  if (first?.kind === 'word' && first.text !== 'x') {
    r.next();
    level.name = first.text;
    bindLevelName(ctx, level, first.text, first.span, !!entry.block, stack);
  }
  if (r.acceptWord('x')) {
    const c = r.count(`the count of ${entry.name}`);
    if (c) level.count = c.value;
    else return undefined;
  } else if (!r.done() && r.peek()?.kind === 'number') {
    const n = r.next()!;
    ctx.diagnostics.push(
      diagnostic('TOPO305', 'error', `write the count as 'x ${n.kind === 'number' ? n.text : ''}'`, n.span, {
        fixes: [
          {
            title: `Write 'x ${n.kind === 'number' ? n.text : ''}'`,
            span: { start: n.span.start, end: n.span.start },
            newText: 'x ',
          },
        ],
      }),
    );
  }
  r.finish();
  if (entry.block) {
    if (level.accelerator || level.system) {
      ctx.diagnostics.push(
        diagnostic(
          'TOPO305',
          'error',
          `a level of ${level.accelerator ? 'accelerators' : 'systems'} cannot have a block of its own`,
          { start: entry.block.span.start, end: entry.block.span.start + 1 },
        ),
      );
    } else bindLevelBody(ctx, level, entry.block.fields, stack);
  }
  return level;
}

function bindLevelName(
  ctx: BindContext,
  level: LevelSpec,
  name: string,
  span: Span,
  hasBlock: boolean,
  stack: string[],
): void {
  if (hasBlock) return;
  const accelerator = lookupQuiet(ctx, 'accelerator', name);
  if (accelerator) {
    level.accelerator = resolve(ctx, 'accelerator', name, span);
    return;
  }
  if (stack.includes(name)) {
    ctx.diagnostics.push(diagnostic('TOPO206', 'error', `system '${name}' contains itself`, span));
    return;
  }
  const system = lookupQuiet(ctx, 'system', name);
  if (system) {
    level.system = resolve(ctx, 'system', name, span);
    return;
  }
  if (deviceLevelKinds.has(level.kind.toLowerCase())) resolve(ctx, 'accelerator', name, span);
}

function bindFabric(ctx: BindContext, field: Field): FabricSpec | undefined {
  const r = new ArgReader(field, ctx.diagnostics);
  const w = r.word('a link name');
  const link = w ? resolve(ctx, 'link', w.text, w.span) : undefined;
  let nonblocking = false;
  let oversubscription = 1;
  let oversubscriptionSpan: Span | undefined;
  let linksPerDevice = 1;
  let tiers: number | undefined;
  while (!r.done()) {
    if (r.acceptWord('nonblocking')) nonblocking = true;
    else if (r.acceptWord('links')) linksPerDevice = r.count('links per device')?.value ?? 1;
    else if (r.acceptWord('tiers')) tiers = r.count('switch tiers')?.value;
    else if (r.acceptWord('oversubscription')) {
      const ratio = r.ratio('oversubscription');
      if (ratio) {
        oversubscriptionSpan = ratio.span;
        if (ratio.value < 1)
          ctx.diagnostics.push(
            diagnostic(
              'TOPO303',
              'error',
              'oversubscription is downlinks to uplinks and cannot be below 1:1',
              ratio.span,
            ),
          );
        else oversubscription = ratio.value;
      }
    } else {
      r.choice('a fabric option', ['nonblocking', 'links', 'tiers', 'oversubscription'] as const);
    }
  }
  if (!link) return undefined;
  if (oversubscription > 1 && oversubscriptionSpan) {
    const effective = formatQuantity((link.bandwidth * linksPerDevice) / oversubscription, 'bandwidth');
    const message = nonblocking
      ? `fabric is marked nonblocking but oversubscribed ${formatRatio(oversubscription)}`
      : `${link.name} fabric is oversubscribed ${formatRatio(oversubscription)}: traffic that crosses it gets ${effective} per device, not ${formatQuantity(link.bandwidth * linksPerDevice, 'bandwidth')}`;
    ctx.diagnostics.push(
      diagnostic('TOPO403', 'warning', message, oversubscriptionSpan, {
        fixes: [{ title: 'Make the fabric non-blocking (1:1)', span: oversubscriptionSpan, newText: '1:1' }],
      }),
    );
  }
  return { link, nonblocking, oversubscription, linksPerDevice, tiers, span: field.span };
}

function formatRatio(r: number): string {
  return `${Number(r.toPrecision(3))}:1`;
}

/** Reports a level whose fabric is under an eighth of the per-device bandwidth of the fabric below it. */
function checkBandwidthCliffs(
  ctx: BindContext,
  level: LevelSpec,
  below: FabricSpec | undefined,
): FabricSpec | undefined {
  let inner: FabricSpec | undefined;
  for (const child of level.children) inner = checkBandwidthCliffs(ctx, child, undefined) ?? inner;
  const fabric = level.fabric;
  if (fabric && inner) {
    const outerBw = fabricBandwidthPerDevice(fabric);
    const innerBw = fabricBandwidthPerDevice(inner);
    if (outerBw > 0 && innerBw / outerBw > 8) {
      ctx.diagnostics.push(
        diagnostic(
          'TOPO404',
          'information',
          `${fabric.link.name} joins these members at ${formatQuantity(outerBw, 'bandwidth')} per device, ${Math.round(innerBw / outerBw)}x less than ${inner.link.name} below it (${formatQuantity(innerBw, 'bandwidth')}): keep tensor and expert parallel groups inside the lower level`,
          fabric.span,
        ),
      );
    }
  }
  return fabric ?? inner ?? below;
}
