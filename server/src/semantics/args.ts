// Reads the atoms of a field: quantities with units, counts, words, ratios; reports what is wrong with them.
import { Atom, Field, Span } from '../syntax/ast';
import { diagnostic, TopoDiagnostic } from './diagnostics';
import { closestNames } from './suggest';
import { Dimension, formatQuantity, unitInfo, unitsOf } from './units';

export interface ReadQuantity {
  value: number;
  dimension: Dimension;
  unit: string;
  /** Span of the number and its unit. */
  span: Span;
  unitSpan?: Span;
  numberSpan: Span;
  bits: boolean;
}

/** A cursor over one field's atoms that collects diagnostics as it reads. */
export class ArgReader {
  private i = 0;
  constructor(
    readonly field: Field,
    readonly diagnostics: TopoDiagnostic[],
  ) {}

  get atoms(): Atom[] {
    return this.field.args;
  }
  peek(offset = 0): Atom | undefined {
    return this.field.args[this.i + offset];
  }
  done(): boolean {
    return this.i >= this.field.args.length;
  }
  next(): Atom | undefined {
    return this.field.args[this.i++];
  }
  /** Where a missing value would go: just after the last atom read (or the field name). */
  endSpan(): Span {
    const last = this.field.args[this.i - 1];
    const end = last ? last.span.end : this.field.nameSpan.end;
    return { start: this.field.nameSpan.start, end };
  }

  peekWord(): string | undefined {
    const a = this.peek();
    return a?.kind === 'word' ? a.text : undefined;
  }

  acceptWord(word: string): boolean {
    if (this.peekWord() === word) {
      this.i++;
      return true;
    }
    return false;
  }

  acceptPunct(text: string): boolean {
    const a = this.peek();
    if (a?.kind === 'punct' && a.text === text) {
      this.i++;
      return true;
    }
    return false;
  }

  /** A word naming something; reports when missing. */
  word(what: string): { text: string; span: Span } | undefined {
    const a = this.peek();
    if (a?.kind === 'word') {
      this.i++;
      return { text: a.text, span: a.span };
    }
    this.diagnostics.push(
      diagnostic('TOPO305', 'error', `expected ${what} after '${this.field.name}'`, a ? a.span : this.endSpan()),
    );
    if (a) this.i++;
    return undefined;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(what: string, options: readonly T[]): { value: T; span: Span } | undefined {
    const a = this.peek();
    if (a?.kind === 'word' && (options as readonly string[]).includes(a.text)) {
      this.i++;
      return { value: a.text as T, span: a.span };
    }
    const span = a ? a.span : this.endSpan();
    const got = a
      ? a.kind === 'word'
        ? a.text
        : a.kind === 'number'
          ? a.text
          : a.kind === 'string'
            ? `"${a.value}"`
            : a.text
      : undefined;
    const near = got ? closestNames(got, options, 1) : [];
    const fixes = a && near.length ? [{ title: `Change to '${near[0]}'`, span: a.span, newText: near[0] }] : undefined;
    this.diagnostics.push(
      diagnostic(
        'TOPO305',
        'error',
        `expected ${what} (${options.join(', ')})${got ? `, found '${got}'` : ''}${near.length ? `; did you mean '${near[0]}'?` : ''}`,
        span,
        fixes ? { fixes } : undefined,
      ),
    );
    if (a) this.i++;
    return undefined;
  }

  /** A plain positive count (layers, heads, devices); a count suffix (671B) is allowed. */
  count(
    what: string,
    opts: { allowZero?: boolean; integer?: boolean } = {},
  ): { value: number; span: Span } | undefined {
    const a = this.peek();
    if (a?.kind !== 'number') {
      this.diagnostics.push(
        diagnostic('TOPO305', 'error', `expected a number for ${what}`, a ? a.span : this.endSpan()),
      );
      if (a && a.kind !== 'word') this.i++;
      return undefined;
    }
    this.i++;
    const unit = this.peekUnit();
    if (unit) {
      this.diagnostics.push(
        diagnostic(
          'TOPO300',
          'error',
          `${what} is a plain count; '${unit.text}' is a unit of ${unit.info.dimension}`,
          unit.span,
          { fixes: [{ title: `Remove '${unit.text}'`, span: { start: a.span.end, end: unit.span.end }, newText: '' }] },
        ),
      );
      this.i += unit.atoms;
    }
    return this.checkCount(a.value, a.span, what, opts);
  }

  private checkCount(
    value: number,
    span: Span,
    what: string,
    opts: { allowZero?: boolean; integer?: boolean },
  ): { value: number; span: Span } | undefined {
    if (!Number.isFinite(value)) {
      this.diagnostics.push(diagnostic('TOPO303', 'error', `${what} is too large to be a number`, span));
      return undefined;
    }
    if (value < 0 || (value === 0 && !opts.allowZero)) {
      this.diagnostics.push(
        diagnostic(
          'TOPO303',
          'error',
          `${what} must be ${opts.allowZero ? 'zero or more' : 'positive'}, not ${value}`,
          span,
        ),
      );
      return undefined;
    }
    if (opts.integer !== false && !Number.isInteger(value)) {
      this.diagnostics.push(diagnostic('TOPO303', 'error', `${what} must be a whole number, not ${value}`, span));
      return undefined;
    }
    return { value, span };
  }

  /** The unit after a number, if any: `GB`, `GB/s`, `%`. Does not consume. */
  private peekUnit():
    { text: string; span: Span; info: NonNullable<ReturnType<typeof unitInfo>>; atoms: number } | undefined {
    const a = this.peek();
    if (!a) return undefined;
    if (a.kind === 'punct' && a.text === '%') return { text: '%', span: a.span, info: unitInfo('%')!, atoms: 1 };
    if (a.kind !== 'word') return undefined;
    const slash = this.peek(1);
    const per = this.peek(2);
    if (
      slash?.kind === 'punct' &&
      slash.text === '/' &&
      per?.kind === 'word' &&
      slash.span.start === a.span.end &&
      per.span.start === slash.span.end
    ) {
      const text = `${a.text}/${per.text}`;
      const info = unitInfo(text);
      if (info) return { text, span: { start: a.span.start, end: per.span.end }, info, atoms: 3 };
    }
    const info = unitInfo(a.text);
    return info ? { text: a.text, span: a.span, info, atoms: 1 } : undefined;
  }

  /** A number with a unit of the expected dimension. Reports a missing unit, a wrong dimension, and non-positive values. */
  quantity(what: string, dimension: Dimension, opts: { allowZero?: boolean } = {}): ReadQuantity | undefined {
    const a = this.peek();
    if (a?.kind !== 'number') {
      this.diagnostics.push(
        diagnostic(
          'TOPO305',
          'error',
          `expected ${what} as a number with a unit (${unitsOf(dimension).slice(0, 4).join(', ')})`,
          a ? a.span : this.endSpan(),
        ),
      );
      if (a && a.kind !== 'word') this.i++;
      return undefined;
    }
    this.i++;
    const unit = this.peekUnit();
    if (!unit) {
      const b = this.peek();
      const near = b?.kind === 'word' && b.text.length > 2 ? closestNames(b.text, unitsOf(dimension), 1) : [];
      const fixes =
        b?.kind === 'word' && near.length
          ? [{ title: `Change to '${near[0]}'`, span: b.span, newText: near[0] }]
          : [
              {
                title: `Add '${unitsOf(dimension)[dimension === 'ratio' ? 0 : 3] ?? unitsOf(dimension)[0]}'`,
                span: { start: a.span.end, end: a.span.end },
                newText: dimension === 'ratio' ? '%' : ` ${defaultUnit[dimension]}`,
              },
            ];
      const message =
        b?.kind === 'word' && !unitInfo(b.text) && near.length
          ? `unknown unit '${b.text}' for ${what}${near.length ? `; did you mean '${near[0]}'?` : ''}`
          : `${what} needs a unit of ${dimension} (${unitsOf(dimension).slice(0, 5).join(', ')})`;
      this.diagnostics.push(
        diagnostic('TOPO301', 'error', message, b?.kind === 'word' && near.length ? b.span : a.span, { fixes }),
      );
      if (b?.kind === 'word' && near.length) this.i++;
      return undefined;
    }
    this.i += unit.atoms;
    if (unit.info.dimension !== dimension) {
      const fixes =
        dimension === 'bandwidth' && unit.info.dimension === 'bytes'
          ? [{ title: `Change to '${unit.text}/s'`, span: unit.span, newText: `${unit.text}/s` }]
          : undefined;
      this.diagnostics.push(
        diagnostic(
          'TOPO300',
          'error',
          `${what} is a ${dimension}, but '${unit.text}' is a unit of ${unit.info.dimension}`,
          unit.span,
          fixes ? { fixes } : undefined,
        ),
      );
      return undefined;
    }
    const value = a.value * unit.info.factor;
    const span = { start: a.span.start, end: unit.span.end };
    if (!Number.isFinite(value)) {
      this.diagnostics.push(diagnostic('TOPO303', 'error', `${what} is too large`, span));
      return undefined;
    }
    if (value < 0 || (value === 0 && !opts.allowZero)) {
      this.diagnostics.push(
        diagnostic(
          'TOPO303',
          'error',
          `${what} must be ${opts.allowZero ? 'zero or more' : 'positive'}, not ${formatQuantity(value, dimension)}`,
          span,
        ),
      );
      return undefined;
    }
    return { value, dimension, unit: unit.text, span, unitSpan: unit.span, numberSpan: a.span, bits: !!unit.info.bits };
  }

  /** A ratio written `A:B` (2:1 gives 2) or a percentage. */
  ratio(what: string): { value: number; span: Span } | undefined {
    const a = this.peek();
    const colon = this.peek(1);
    const b = this.peek(2);
    if (a?.kind === 'number' && colon?.kind === 'punct' && colon.text === ':' && b?.kind === 'number') {
      this.i += 3;
      const value = a.value / b.value;
      const span = { start: a.span.start, end: b.span.end };
      if (!Number.isFinite(value) || value <= 0) {
        this.diagnostics.push(diagnostic('TOPO303', 'error', `${what} must be a positive ratio such as 2:1`, span));
        return undefined;
      }
      return { value, span };
    }
    const q = this.quantity(what, 'ratio');
    return q && { value: q.value, span: q.span };
  }

  /** A percentage from 0 to 100%: efficiencies and acceptance rates. */
  fraction(what: string): ReadQuantity | undefined {
    const q = this.quantity(what, 'ratio');
    if (q && q.value > 1) {
      this.diagnostics.push(diagnostic('TOPO303', 'error', `${what} cannot exceed 100%`, q.span));
      return undefined;
    }
    return q;
  }

  /** Reports every atom left unread as unexpected. */
  finish(): void {
    if (this.done()) return;
    const first = this.field.args[this.i];
    const last = this.field.args[this.field.args.length - 1];
    this.diagnostics.push(
      diagnostic('TOPO305', 'error', `unexpected ${describe(first)} in '${this.field.name}'`, {
        start: first.span.start,
        end: last.span.end,
      }),
    );
    this.i = this.field.args.length;
  }
}

const defaultUnit: Record<Dimension, string> = {
  compute: 'TFLOPS',
  bytes: 'GB',
  bandwidth: 'GB/s',
  time: 'ms',
  power: 'W',
  ratio: '%',
  count: '',
};

function describe(a: Atom): string {
  switch (a.kind) {
    case 'word':
      return `'${a.text}'`;
    case 'number':
      return `number ${a.text}`;
    case 'string':
      return 'string';
    case 'punct':
      return `'${a.text}'`;
  }
}

/** Reads a field if it is present, then reports whatever the reader left unread. */
export function readField<T>(
  field: Field | undefined,
  diagnostics: TopoDiagnostic[],
  read: (r: ArgReader) => T,
): T | undefined {
  if (!field) return undefined;
  const r = new ArgReader(field, diagnostics);
  const value = read(r);
  r.finish();
  return value;
}

/** Reads `key value key value ...` pairs (`slo tpot 50 ms ttft 2 s`), each value by the reader its key names. */
export function readKeyed<K extends string, V>(
  field: Field | undefined,
  diagnostics: TopoDiagnostic[],
  what: string,
  keys: readonly K[],
  readValue: (r: ArgReader, key: K) => V | undefined,
): Partial<Record<K, V>> {
  const out: Partial<Record<K, V>> = {};
  readField(field, diagnostics, (r) => {
    while (!r.done()) {
      const key = r.choice(what, keys);
      if (!key) break;
      const v = readValue(r, key.value);
      if (v !== undefined) out[key.value] = v;
    }
  });
  return out;
}
