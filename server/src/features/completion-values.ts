// What may follow inside a field: units of the field's dimension after a number, names of a kind, or the field's own words.
import { Atom, DeclarationKind, Field } from '../syntax/ast';
import { BlockKind, isFieldName } from '../syntax/schema';
import { linkFamilies, offloadKeys, precisionKeys, precisions } from '../semantics/types';
import { Dimension, unitsOf } from '../semantics/units';

export interface ValueSlot {
  /** Units of this dimension (after a number). */
  units?: Dimension;
  /** Names of declarations of these kinds. */
  names?: DeclarationKind[];
  /** Fixed words: keywords of the field, precisions, phases; `insert` is a snippet when a number must follow. */
  words?: { label: string; detail: string; insert?: string }[];
  /** Only these fit here: no field names are added (and a space may trigger the list). */
  exclusive: boolean;
}

const w = (detail: string, ...labels: string[]) => labels.map((label) => ({ label, detail }));
const precisionWords = w('precision', ...precisions);
/** Precisions not written yet among the atoms before the cursor. */
const precisionsLeft = (before: Atom[]) => precisionWords.filter((p) => !before.some((a) => isWord(a, p.label)));
/** A keyword that needs a number after it: inserted with a placeholder for the number. */
const withNumber = (detail: string, label: string, placeholder: string) => ({
  label,
  detail,
  insert: `${label} \${1:${placeholder}}`,
});
export const levelKinds = {
  group: ['rack', 'server', 'node', 'tray', 'board', 'pod', 'cluster'],
  device: ['gpu', 'npu', 'tpu', 'chip'],
};

/** The dimension of a quantity in this field, given the atoms before it. */
export function fieldDimension(kind: BlockKind, field: string, before: Atom[]): Dimension | undefined {
  const key = `${kind}.${field}`;
  switch (key) {
    case 'accelerator.compute':
      return 'compute';
    case 'accelerator.memory':
    case 'accelerator.host_memory':
      return before.some((a) => a.kind === 'word' && a.text === 'at') ? 'bandwidth' : 'bytes';
    case 'accelerator.power':
    case 'system.power':
      return 'power';
    case 'link.bandwidth':
      return 'bandwidth';
    case 'link.latency':
      return 'time';
    case 'link.efficiency':
      return 'ratio';
    case 'workload.slo':
      return 'time';
    case 'workload.efficiency':
      return 'ratio';
    case 'workload.offload':
      return 'ratio';
    case 'workload.speculative': {
      const word = before[before.length - 2];
      return word?.kind === 'word' && word.text === 'accept' ? 'ratio' : undefined;
    }
  }
  return undefined;
}

const isWord = (a: Atom | undefined, ...texts: string[]) =>
  a?.kind === 'word' && (texts.length === 0 || texts.includes(a.text));
/** A field of a system block (`fabric`, `power`, ...), not a level kind. */
const isSystemKeyField = (name: string) => isFieldName('system', name);

/** What fits after the atoms `before` of `field` in a block of `kind`. */
export function valueSlot(kind: BlockKind, field: Field, before: Atom[]): ValueSlot {
  const last = before[before.length - 1];
  if (last?.kind === 'number') {
    const dimension = fieldDimension(kind, field.name, before);
    if (dimension) return { units: dimension, exclusive: true };
  }
  const n = before.length;
  const none: ValueSlot = { exclusive: false };
  if (kind === 'system' && !isSystemKeyField(field.name)) {
    // `gpu H100 x 8`: a device level names an accelerator first; a group level (`server x 4`) its count or a system.
    if (n === 0 && levelKinds.device.includes(field.name)) return { names: ['accelerator'], exclusive: true };
    if (n === 0) return { names: ['system'], words: w('count: x N', 'x'), exclusive: true };
    if (n === 1 && last?.kind === 'word' && last.text !== 'x') return { words: w('count: x N', 'x'), exclusive: true };
    return none;
  }
  switch (`${kind}.${field.name}`) {
    case 'accelerator.compute':
      return n === 0 || (last?.kind === 'punct' && last.text === ',')
        ? { words: precisionsLeft(before), exclusive: true }
        : none;
    case 'accelerator.memory':
    case 'accelerator.host_memory':
      return last && !isWord(last, 'at') && last.kind === 'word' && !before.some((a) => isWord(a, 'at'))
        ? { words: w('then the bandwidth', 'at'), exclusive: true }
        : none;
    case 'accelerator.arch':
      return n === 0
        ? { words: w('architecture', 'hopper', 'blackwell', 'ascend', 'cdna3', 'other'), exclusive: true }
        : none;
    case 'accelerator.efficiency':
      return n === 0 || last?.kind === 'punct'
        ? { words: w('efficiency kind', 'gemm', 'attention', 'memory'), exclusive: n === 0 }
        : none;
    case 'link.medium':
      return n === 0 ? { words: w('medium', 'electrical', 'optical'), exclusive: true } : none;
    case 'link.family':
      return n === 0 ? { words: w('link family', ...linkFamilies), exclusive: true } : none;
    case 'system.fabric':
      if (n === 0) return { names: ['link'], exclusive: true };
      if (isWord(last, 'links', 'tiers', 'oversubscription')) return { exclusive: true };
      return {
        words: [
          ...w('fabric option', 'nonblocking'),
          withNumber('links per device', 'links', '2'),
          withNumber('switch tiers', 'tiers', '2'),
          { label: 'oversubscription', detail: 'oversubscription A:B', insert: 'oversubscription ${1:2}:${2:1}' },
        ],
        exclusive: false,
      };
    case 'system.scaleout':
      return n === 0 ? { names: ['link'], exclusive: true } : none;
    case 'system.power':
      return n === 0
        ? {
            words: [
              ...w('everything in it, accelerators included', 'total'),
              ...w('what is not an accelerator: switches, optics, CPUs', 'other'),
            ],
            exclusive: true,
          }
        : none;
    case 'system.price':
      if (last?.kind === 'number') return { words: w('currency', 'usd'), exclusive: true };
      if (isWord(last, 'usd')) return { words: w('price per', 'per'), exclusive: true };
      if (isWord(last, 'per')) return { words: w('price per', 'device-hour', 'system-hour'), exclusive: true };
      return none;
    case 'model.attention':
      return n === 0
        ? {
            words: [
              ...w('multi-head attention', 'mha'),
              ...w('grouped-query attention', 'gqa'),
              ...w('multi-head latent attention', 'mla'),
            ],
            exclusive: true,
          }
        : none;
    case 'workload.model':
      return n === 0 ? { names: ['model'], exclusive: true } : none;
    case 'workload.on':
      if (n === 0) return { names: ['system'], exclusive: true };
      return n === 1
        ? { words: [withNumber('a part of the system: devices N', 'devices', '8')], exclusive: false }
        : none;
    case 'workload.phase':
      return n === 0 ? { words: w('phase', 'decode', 'prefill', 'serving', 'training'), exclusive: true } : none;
    case 'workload.precision':
      if (n === 0) return { words: [...precisionWords, ...w('per tensor', ...precisionKeys)], exclusive: true };
      if (isWord(last, ...precisionKeys)) return { words: precisionWords, exclusive: true };
      // After a precision, the tensors not given yet.
      if (!before.some((a) => isWord(a, ...precisionKeys))) return none;
      return {
        words: w('per tensor', ...precisionKeys.filter((t) => !before.some((a) => isWord(a, t)))),
        exclusive: false,
      };
    case 'workload.parallel':
      return n === 0 || last?.kind === 'number'
        ? { words: w('parallel degree', 'tp', 'pp', 'ep', 'dp', 'adp'), exclusive: n === 0 }
        : { exclusive: true };
    case 'workload.batch':
      if (n === 0) return { words: w('the largest batch that fits and meets the SLO', 'max'), exclusive: false };
      if (last?.kind === 'number')
        return {
          words: [...w('batch per device', 'per device'), ...w('batch over all devices', 'global')],
          exclusive: true,
        };
      return isWord(last, 'per') ? { words: w('batch per device', 'device'), exclusive: true } : none;
    case 'workload.speculative':
      return n === 0 || last?.kind === 'number' || isWord(last, '%') || last?.kind === 'punct'
        ? { words: w('speculative decoding', 'mtp', 'accept'), exclusive: n === 0 }
        : none;
    case 'workload.slo':
      return n === 0 || last?.kind === 'word'
        ? { words: w('service-level objective', 'tpot', 'ttft'), exclusive: n === 0 }
        : none;
    case 'workload.overlap':
      return n === 0 ? { words: w('overlap', 'two-batch', 'none'), exclusive: true } : none;
    case 'workload.efficiency':
      return n === 0 || last?.kind === 'punct'
        ? { words: w('efficiency override', 'compute', 'memory', 'network'), exclusive: n === 0 }
        : none;
    case 'workload.offload':
      return n === 0 || last?.kind === 'punct'
        ? { words: w('held in host memory', ...offloadKeys), exclusive: n === 0 }
        : none;
    case 'workload.engine':
      return n === 0 || last?.kind === 'number' || last?.kind === 'punct'
        ? { words: w('engine setting', 'max_batch', 'max_tokens', 'kv_fraction'), exclusive: n === 0 }
        : none;
  }
  return none;
}

const preferredUnits: Partial<Record<Dimension, string[]>> = {
  compute: ['TFLOPS', 'PFLOPS', 'TOPS', 'GFLOPS', 'POPS', 'EFLOPS', 'FLOPS'],
  bytes: ['GB', 'TB', 'MB', 'GiB', 'TiB', 'KB', 'PB', 'MiB', 'KiB', 'B'],
  bandwidth: ['GB/s', 'Gb/s', 'TB/s', 'Tb/s', 'MB/s', 'Mb/s', 'GiB/s', 'Gbps', 'Tbps', 'Mbps'],
  time: ['ns', 'us', 'ms', 's', 'µs'],
  power: ['W', 'kW', 'MW'],
  ratio: ['%'],
};

/** The units offered for a dimension, most common first (aliases such as `bps`, `μs` left out). */
export function unitChoices(dimension: Dimension): string[] {
  const known = new Set(unitsOf(dimension));
  return (preferredUnits[dimension] ?? [...known]).filter((u) => known.has(u));
}
