// Walks a topology view's levels in drawing order, with their nesting depth.
import { LevelView, TopologyView } from './types';

export function levelsOf(t: TopologyView): { view: LevelView; depth: number }[] {
  const out: { view: LevelView; depth: number }[] = [];
  const walk = (view: LevelView, depth: number) => {
    out.push({ view, depth });
    for (const c of view.children) walk(c, depth + 1);
  };
  walk(t.root, 0);
  return out;
}
