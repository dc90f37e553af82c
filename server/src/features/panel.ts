// The panel's request: `topo/view` answers a document's view model and its pictures from the cached analysis.
import { Position } from './protocol';
import { offsetAt } from '../syntax/lines';
import { FileAnalysis, Workspace } from '../semantics/program';
import { panelView, ViewRequest } from '../views/panel-view';
import { PanelPictures, PanelView } from '../views/types';
import { comparisonCurvesOf, comparisonOf } from './decisions';
import { estimatesOf } from './estimates';
import type { FeatureRegistration } from './registry';

export const VIEW_REQUEST = 'topo/view';

export interface ViewParams {
  uri: string;
  /** The cursor: its workload or system is selected. */
  position?: Position;
  /** The last selection, kept when the cursor is on none of them. */
  workload?: string;
  system?: string;
  compare?: string;
}

export interface ViewResult {
  view: PanelView;
  pictures: PanelPictures;
}

/** The view model of a document with the estimates the editor already cached for it. */
export function viewOf(
  workspace: Workspace,
  analysis: FileAnalysis,
  request: ViewRequest,
  threshold: number,
): PanelView {
  const estimates = estimatesOf(analysis);
  return panelView(analysis, request, {
    estimateOf: (name) => estimates.get(name)?.estimate,
    fileOf: (uri) => (uri === analysis.uri ? analysis.file : workspace.parse(uri)),
    threshold,
    compareOf: (spec) => ({ comparison: comparisonOf(spec), curves: comparisonCurvesOf(spec) }),
  });
}

/** The last view drawn and its pictures: a cursor move inside the same workload redraws nothing. */
let lastDrawn: { key: string; pictures: PanelPictures } | undefined;

async function picturesOf(view: PanelView): Promise<PanelPictures> {
  const key = JSON.stringify(view);
  if (lastDrawn?.key === key) return lastDrawn.pictures;
  const { renderPictures } = await import('../views/pictures');
  const pictures = await renderPictures(view);
  lastDrawn = { key, pictures };
  return pictures;
}

export const panelFeatures: FeatureRegistration = {
  capabilities: {},
  register(services) {
    services.connection.onRequest(VIEW_REQUEST, async (params: ViewParams): Promise<ViewResult | null> => {
      const view = services.guard('view', null, () => {
        const analysis = services.analysis(params.uri) ?? services.workspace.analyse(params.uri);
        if (!analysis) return null;
        const offset = params.position ? offsetAt(analysis.file, params.position) : undefined;
        const request = { offset, workload: params.workload, system: params.system, compare: params.compare };
        return viewOf(services.workspace, analysis, request, services.settings().bottleneckThreshold);
      });
      if (!view) return null;
      try {
        return { view, pictures: await picturesOf(view) };
      } catch (e) {
        services.connection.console.error(`topo: drawing the view failed: ${e instanceof Error ? e.stack : String(e)}`);
        return { view, pictures: {} };
      }
    });
  },
};
