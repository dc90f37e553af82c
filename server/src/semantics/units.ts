// The one unit table: every unit the language knows, its dimension and its factor to the base unit.

/** Values are kept in base units: FLOP/s, bytes, bytes/s, seconds, watts, fraction (1 = 100%), plain count. */
export type Dimension = 'compute' | 'bytes' | 'bandwidth' | 'time' | 'power' | 'ratio' | 'count';

export interface UnitInfo {
  dimension: Dimension;
  factor: number;
  /** Bits rather than bytes: the classic mistake on link bandwidths. */
  bits?: boolean;
}

const table: Record<string, UnitInfo> = {};
const add = (names: string[], dimension: Dimension, factor: number, bits = false) => {
  for (const n of names) table[n] = { dimension, factor, ...(bits ? { bits } : {}) };
};
add(['FLOPS'], 'compute', 1);
add(['GFLOPS', 'GOPS'], 'compute', 1e9);
add(['TFLOPS', 'TOPS'], 'compute', 1e12);
add(['PFLOPS', 'POPS'], 'compute', 1e15);
add(['EFLOPS', 'EOPS'], 'compute', 1e18);
add(['B'], 'bytes', 1);
add(['KB'], 'bytes', 1e3);
add(['MB'], 'bytes', 1e6);
add(['GB'], 'bytes', 1e9);
add(['TB'], 'bytes', 1e12);
add(['PB'], 'bytes', 1e15);
add(['KiB'], 'bytes', 1024);
add(['MiB'], 'bytes', 1024 ** 2);
add(['GiB'], 'bytes', 1024 ** 3);
add(['TiB'], 'bytes', 1024 ** 4);
add(['B/s'], 'bandwidth', 1);
add(['KB/s'], 'bandwidth', 1e3);
add(['MB/s'], 'bandwidth', 1e6);
add(['GB/s'], 'bandwidth', 1e9);
add(['TB/s'], 'bandwidth', 1e12);
add(['GiB/s'], 'bandwidth', 1024 ** 3);
add(['TiB/s'], 'bandwidth', 1024 ** 4);
add(['b/s', 'bps'], 'bandwidth', 1 / 8, true);
add(['Kb/s', 'Kbps'], 'bandwidth', 1e3 / 8, true);
add(['Mb/s', 'Mbps'], 'bandwidth', 1e6 / 8, true);
add(['Gb/s', 'Gbps'], 'bandwidth', 1e9 / 8, true);
add(['Tb/s', 'Tbps'], 'bandwidth', 1e12 / 8, true);
add(['ns'], 'time', 1e-9);
add(['us', 'µs', 'μs'], 'time', 1e-6);
add(['ms'], 'time', 1e-3);
add(['s'], 'time', 1);
add(['W'], 'power', 1);
add(['kW'], 'power', 1e3);
add(['MW'], 'power', 1e6);
add(['%'], 'ratio', 0.01);

export function unitInfo(unit: string): UnitInfo | undefined {
  return Object.prototype.hasOwnProperty.call(table, unit) ? table[unit] : undefined;
}

export function unitsOf(dimension: Dimension): string[] {
  return Object.keys(table).filter((u) => table[u].dimension === dimension);
}

/** The units a value is shown in, smallest first: names from the table above, so no unit is shown that cannot be written. */
const displayUnits: Partial<Record<Dimension, string[]>> = {
  compute: ['FLOPS', 'GFLOPS', 'TFLOPS', 'PFLOPS', 'EFLOPS'],
  bytes: ['B', 'KB', 'MB', 'GB', 'TB', 'PB'],
  bandwidth: ['B/s', 'KB/s', 'MB/s', 'GB/s', 'TB/s'],
  power: ['W', 'kW', 'MW'],
};

/** The shortest decimal that reads back as `abs` (what `String` writes), without an exponent: 1.5e-7 -> 0.00000015. */
function plainDecimal(abs: number): string {
  const text = String(abs);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const [whole, fraction = ''] = text.slice(0, e).split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(text.slice(e + 1));
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

const MAX_FRACTION_DIGITS = 6;

/**
 * `value` in en-US with thousands separators and at most 6 fraction digits, rounded half away from zero from its
 * shortest decimal: what `Intl.NumberFormat('en-US', { maximumFractionDigits: 6 })` writes, without loading ICU's
 * locale data (about 12 ms at the server's start; `units.test.ts` compares the two).
 */
function grouped(value: number): string {
  let decimal = plainDecimal(Math.abs(value));
  const dot = decimal.indexOf('.');
  if (dot >= 0 && decimal.length - dot - 1 > MAX_FRACTION_DIGITS) {
    const kept = decimal.slice(0, dot) + decimal.slice(dot + 1, dot + 1 + MAX_FRACTION_DIGITS);
    const up = decimal[dot + 1 + MAX_FRACTION_DIGITS] >= '5';
    const digits = up ? (BigInt(kept) + 1n).toString().padStart(kept.length, '0') : kept;
    const whole = digits.length - MAX_FRACTION_DIGITS;
    decimal = `${digits.slice(0, whole)}.${digits.slice(whole)}`;
  }
  if (decimal.includes('.')) decimal = decimal.replace(/\.?0+$/, '');
  const [whole, fraction] = decimal.split('.');
  const separated = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${separated}${fraction ? `.${fraction}` : ''}`;
}

/** Formats a number with at most `digits` significant digits, thousands separators and no exponent (whole numbers below 10,000 exactly). */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4) return grouped(Math.round(value));
  if (Number.isInteger(value)) return grouped(value);
  return grouped(Number(value.toPrecision(digits)));
}

/** Formats a base-unit value in the largest unit of the table that keeps it at 1 or more: 5e10 B/s -> "50 GB/s". */
export function formatQuantity(value: number, dimension: Dimension, digits = 3): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (dimension) {
    case 'time': {
      const abs = Math.abs(value);
      if (abs >= 1) return `${formatNumber(value, digits)} s`;
      if (abs >= 1e-3) return `${formatNumber(value * 1e3, digits)} ms`;
      if (abs >= 1e-6) return `${formatNumber(value * 1e6, digits)} µs`;
      return `${formatNumber(value * 1e9, digits)} ns`;
    }
    case 'ratio':
      return `${formatNumber(value * 100, digits)}%`;
    case 'count':
      return formatCount(value);
    default: {
      const units = displayUnits[dimension]!;
      const unit = [...units].reverse().find((u) => Math.abs(value) >= table[u].factor) ?? units[0];
      return `${formatNumber(value / table[unit].factor, digits)} ${unit}`;
    }
  }
}

/** 6.71e11 -> "671B", 1536 -> "1,536". */
export function formatCount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e12) return `${formatNumber(value / 1e12)}T`;
  if (abs >= 1e9) return `${formatNumber(value / 1e9)}B`;
  if (abs >= 1e6) return `${formatNumber(value / 1e6)}M`;
  return formatNumber(value);
}
