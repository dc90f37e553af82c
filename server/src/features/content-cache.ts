// Results cached by content across versions: bounded, least recently used dropped first, keyed by a content hash.
import { createHash } from 'node:crypto';

/**
 * A SHA-1 of some text, as a short key. Long texts are never keys themselves: V8 hashes a string of more than
 * 16,383 characters by its length only, so two of equal length would collide and every lookup would compare them.
 */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** The fields that only say where a spec is written: a spec moved in its file (or to another) is the same content. */
const positions = new Set(['site', 'span', 'spans', 'valueSpans', 'fieldSpans', 'nameSpan']);

/** A content key of a spec (a model, a system, a search, a comparison): a hash of its fields without positions. */
export function specHash(spec: object): string {
  return contentHash(JSON.stringify(spec, (k, v) => (positions.has(k) ? undefined : v)));
}

/** A map of at most `capacity` entries; reading or writing an entry makes it the most recently used. */
export class ContentCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }
}
