// Settings per document: the `topo` section read with `workspace/configuration` scoped to each open document.
import { Connection } from './protocol';
import { defaultSettings, Settings } from './services';

/** How long a document waits for its settings before the global ones are used (a client that never answers). */
const ANSWER_MS = 1000;

/** The `topo` configuration section as settings; what is missing or out of range falls back to the default. */
export function parseSettings(section: unknown): Settings {
  type Section = Record<string, Record<string, unknown> | undefined>;
  const s = (section && typeof section === 'object' ? section : {}) as Section;
  const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
  return {
    lenses: flag(s.lenses?.enabled, defaultSettings.lenses),
    inlayHints: flag(s.inlayHints?.enabled, defaultSettings.inlayHints),
    bottleneckThreshold: clampShare(s.bottleneck?.threshold, defaultSettings.bottleneckThreshold),
    bottleneckDiagnostics: flag(s.bottleneck?.diagnostics, defaultSettings.bottleneckDiagnostics),
  };
}

function sameSettings(a: Settings, b: Settings): boolean {
  return (Object.keys(a) as (keyof Settings)[]).every((key) => a[key] === b[key]);
}

function clampShare(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 && n < 1 ? n : fallback;
}

export class SettingsStore {
  private global: Settings = { ...defaultSettings };
  private readonly byUri = new Map<string, Settings>();
  private readonly loading = new Map<string, Promise<void>>();
  /** The documents whose settings have been read (or failed to be): no wait for them. */
  private readonly settled = new Set<string>();
  /** Whether the client answers `workspace/configuration` (known at initialisation). */
  supported = false;

  constructor(private readonly connection: Connection) {}

  /** A document's settings once read; the global ones before that and for other files. */
  get(uri?: string): Settings {
    return (uri !== undefined && this.byUri.get(uri)) || this.global;
  }

  /** Reads a document's settings once (again after `forget`); resolves when read, or after a second. */
  loaded(uri: string): Promise<void> {
    if (!this.supported || this.settled.has(uri)) return Promise.resolve();
    let loading = this.loading.get(uri);
    if (!loading) {
      const reading: Promise<void> = this.read([uri]).then(() => {
        // Closed (forgotten) meanwhile: read again when it opens again.
        if (this.loading.get(uri) === reading) this.settled.add(uri);
      });
      loading = reading;
      this.loading.set(uri, loading);
    }
    return Promise.race([loading, new Promise<void>((resolve) => setTimeout(resolve, ANSWER_MS).unref())]);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.loading.delete(uri);
    this.settled.delete(uri);
  }

  /**
   * The configuration changed: the global section and every known document's are read again. Resolves whether
   * any of them now differs from what was in effect (the global settings, or a document's own).
   */
  async reload(): Promise<boolean> {
    if (!this.supported) return false;
    const uris = [...this.loading.keys()];
    const reading = this.read(uris);
    const read = reading.then(() => undefined);
    for (const uri of uris) this.loading.set(uri, read);
    return reading;
  }

  /** One request: the global section first, then one scoped to each document. Resolves whether any changed. */
  private async read(uris: string[]): Promise<boolean> {
    const before = [this.global, ...uris.map((uri) => this.get(uri))];
    try {
      const items = [{ section: 'topo' }, ...uris.map((scopeUri) => ({ scopeUri, section: 'topo' }))];
      const [global, ...scoped] = (await this.connection.workspace.getConfiguration(items)) as unknown[];
      this.global = parseSettings(global);
      uris.forEach((uri, i) => this.byUri.set(uri, parseSettings(scoped[i] ?? global)));
    } catch {
      for (const uri of uris) this.byUri.delete(uri);
    }
    const after = [this.global, ...uris.map((uri) => this.get(uri))];
    return after.some((settings, i) => !sameSettings(settings, before[i]));
  }
}
