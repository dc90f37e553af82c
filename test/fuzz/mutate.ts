// Deterministic mutations of .topo texts for the fuzz tests.

/** mulberry32: a small seeded PRNG, so every run fuzzes the same cases. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const interesting = [
  '{',
  '}',
  '"',
  '/*',
  '*/',
  '//',
  '\n',
  ' ',
  ':',
  ',',
  '%',
  '/',
  ';',
  'x',
  '0',
  '-1',
  '1e400',
  'µs',
  '\t',
  '\r\n',
  '\r',
  '\ufeff',
  '\u2028',
  '\u0000',
  '\ud800',
  '😀',
  '𝔸𝔹',
  '\u{10FFFF}',
  'import',
  'system',
  'model',
  'workload',
  'link',
  'accelerator',
  'fabric',
  'x 0',
  'GB/s',
  'Gb/s',
];
const words = [
  'H100',
  'H10',
  'Ascend910C',
  'NVLink4',
  'RoCE400',
  'UB',
  'DeepSeekR1',
  'Llama3_70B',
  'CloudMatrix384',
  'tp',
  'ep',
  'dp',
  'pp',
  'batch',
  'max',
  'per',
  'device',
  'devices',
  'on',
  'phase',
  'decode',
  'layers',
  'attention',
  'mla',
  'gqa',
  'moe',
  'experts',
  'nonblocking',
  'oversubscription',
  '2:1',
  '0:0',
  'params',
  '671B',
  'compute',
  'bf16',
  'memory',
  'at',
  'TFLOPS',
  'source',
];
const hugeNumbers = [
  '1e308',
  '1e999',
  '99999999999999999999999T',
  '-5',
  '0',
  '0.0001',
  '1_000_000_000_000',
  '1.5T',
  'NaN',
  '9007199254740993',
  '0x10',
  '1e-999',
  '4294967297',
];

export interface Mutation {
  name: string;
  apply(text: string, r: () => number): string;
}

const int = (r: () => number, n: number) => Math.floor(r() * n);
const pick = <T>(r: () => number, list: readonly T[]) => list[int(r, list.length)];
function span(r: () => number, length: number, max = 40): [number, number] {
  const start = int(r, length + 1);
  return [start, Math.min(length, start + int(r, max + 1))];
}
function tokens(text: string): string[] {
  return text.match(/\s+|[A-Za-z_µ][\w.\-µ]*|\d[\d_.eE]*[KMBT]?|"[^"\n]*"?|\/\/[^\n]*|./gsu) ?? [];
}

export const mutations: Mutation[] = [
  {
    name: 'delete chars',
    apply: (t, r) => {
      const [s, e] = span(r, t.length);
      return t.slice(0, s) + t.slice(e);
    },
  },
  {
    name: 'insert interesting',
    apply: (t, r) => {
      const p = int(r, t.length + 1);
      return t.slice(0, p) + pick(r, interesting) + t.slice(p);
    },
  },
  {
    name: 'duplicate chars',
    apply: (t, r) => {
      const [s, e] = span(r, t.length, 200);
      return t.slice(0, e) + t.slice(s, e) + t.slice(e);
    },
  },
  {
    name: 'swap chars',
    apply: (t, r) => {
      const [a, b] = span(r, t.length, 30);
      const [c, d] = span(r, t.length, 30);
      if (b > c) return t.slice(c, d) + t.slice(0, c) + t.slice(d);
      return t.slice(0, a) + t.slice(c, d) + t.slice(b, c) + t.slice(a, b) + t.slice(d);
    },
  },
  {
    name: 'random bytes',
    apply: (t, r) => {
      const p = int(r, t.length + 1);
      let s = '';
      for (let i = int(r, 12) + 1; i > 0; i--) s += String.fromCharCode(int(r, 0x3000));
      return t.slice(0, p) + s + t.slice(p);
    },
  },
  {
    name: 'delete tokens',
    apply: (t, r) => {
      const k = tokens(t);
      const s = int(r, k.length + 1);
      k.splice(s, int(r, 6) + 1);
      return k.join('');
    },
  },
  {
    name: 'duplicate tokens',
    apply: (t, r) => {
      const k = tokens(t);
      const s = int(r, k.length + 1);
      const n = int(r, 8) + 1;
      k.splice(s, 0, ...k.slice(s, s + n));
      return k.join('');
    },
  },
  {
    name: 'swap tokens',
    apply: (t, r) => {
      const k = tokens(t);
      if (k.length < 2) return t;
      const i = int(r, k.length);
      const j = int(r, k.length);
      [k[i], k[j]] = [k[j], k[i]];
      return k.join('');
    },
  },
  {
    name: 'replace word',
    apply: (t, r) => {
      const k = tokens(t);
      const idx = k.map((x, i) => (/^[A-Za-z]/.test(x) ? i : -1)).filter((i) => i >= 0);
      if (!idx.length) return t;
      k[pick(r, idx)] = pick(r, words);
      return k.join('');
    },
  },
  {
    name: 'huge number',
    apply: (t, r) => {
      const k = tokens(t);
      const idx = k.map((x, i) => (/^\d/.test(x) ? i : -1)).filter((i) => i >= 0);
      if (!idx.length) return t + pick(r, hugeNumbers);
      k[pick(r, idx)] = pick(r, hugeNumbers);
      return k.join('');
    },
  },
  {
    name: 'huge count',
    apply: (t, r) =>
      t.replace(/x \d+/g, (m) =>
        r() < 0.5 ? pick(r, ['x 1000000000', 'x 1000000', 'x 0', 'x -1', 'x 1e30', 'x 1.5']) : m,
      ),
  },
  {
    name: 'deep nesting',
    apply: (t, r) => {
      const depth = int(r, 120) + 1;
      const p = t.indexOf('{') + 1 || t.length;
      const open = pick(r, ['rack x 2 {\n', '{', 'a {', 'moe { ']);
      return t.slice(0, p) + open.repeat(depth) + (r() < 0.5 ? '}'.repeat(depth) : '') + t.slice(p);
    },
  },
  { name: 'truncate', apply: (t, r) => t.slice(0, int(r, t.length + 1)) },
  {
    name: 'line endings',
    apply: (t, r) => {
      const to = pick(r, ['\r', '\r\n', '\n\r']);
      return t.replace(/\r?\n/g, (m) => (r() < 0.5 ? to : m));
    },
  },
  { name: 'byte order mark', apply: (t) => `\ufeff${t}` },
  { name: 'tabs', apply: (t, r) => t.replace(/^( {2})+/gm, (m) => (r() < 0.5 ? '\t'.repeat(m.length / 2) : m)) },
  { name: 'astral names', apply: (t, r) => t.replace(/[A-Za-z]\w*/g, (m) => (r() < 0.05 ? `${m}😀𝔸` : m)) },
  {
    name: 'strip braces',
    apply: (t, r) => {
      const which = pick(r, ['{', '}']);
      let n = int(r, 4) + 1;
      return t.replace(new RegExp(`\\${which}`, 'g'), (m) => (n-- > 0 && r() < 0.3 ? '' : m));
    },
  },
];

/** One mutated document: 1-4 mutations stacked on a seed text. */
export function mutate(text: string, r: () => number): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let n = int(r, 4) + 1; n > 0; n--) {
    const m = pick(r, mutations);
    applied.push(m.name);
    out = m.apply(out, r);
  }
  return { text: out, applied };
}

export { pick, int };
