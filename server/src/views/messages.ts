// Messages from the panel's webview, checked against the view it shows: anything unknown or malformed is dropped.
import { PanelView, SourceTarget } from './types';

export type PanelAction =
  | { type: 'ready' }
  | { type: 'reveal'; target: SourceTarget }
  | { type: 'select'; workload?: string; system?: string; compare?: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The action a webview message asks for, or undefined when it names nothing the current view has. Never throws. */
export function panelAction(message: unknown, view: PanelView | undefined): PanelAction | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  if (message.type === 'ready') return { type: 'ready' };
  if (!view) return undefined;
  if (message.type === 'reveal') {
    const id = message.id;
    if (typeof id !== 'string' || !Object.prototype.hasOwnProperty.call(view.targets, id)) return undefined;
    return { type: 'reveal', target: view.targets[id] };
  }
  if (message.type === 'select') {
    const { workload, system, compare } = message;
    if (typeof workload === 'string' && view.workloads.some((w) => w.name === workload))
      return { type: 'select', workload };
    if (typeof system === 'string' && view.systems.includes(system)) return { type: 'select', system };
    if (typeof compare === 'string' && view.comparisons.includes(compare)) return { type: 'select', compare };
  }
  return undefined;
}
