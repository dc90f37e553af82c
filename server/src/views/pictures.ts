// Renders every picture of a panel view: the layout diagram and the estimate charts, as SVG text.
import { renderMemoryChart, renderStepChart } from './charts';
import { renderDiagram } from './diagram';
import { PanelPictures, PanelView } from './types';

export async function renderPictures(view: PanelView, standalone = false): Promise<PanelPictures> {
  const pictures: PanelPictures = {};
  if (view.topology) pictures.diagram = await renderDiagram(view.topology, standalone);
  if (view.estimate?.valid) {
    pictures.stepChart = renderStepChart(view.estimate);
    pictures.memoryChart = renderMemoryChart(view.estimate);
  }
  return pictures;
}

export { renderCurveChart } from './curves';
export type { CurveChart, CurveSeries } from './curves';
