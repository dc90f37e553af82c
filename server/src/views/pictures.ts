// Renders every picture of a panel view: the layout diagram and the estimate charts, as SVG text.
import { comparisonChartTitle } from '../analysis/decision-report';
import { renderMemoryChart, renderStepChart } from './charts';
import { renderCurveChart } from './curves';
import { renderDiagram } from './diagram';
import { PanelPictures, PanelView } from './types';

export async function renderPictures(view: PanelView, standalone = false): Promise<PanelPictures> {
  const pictures: PanelPictures = {};
  if (view.topology) pictures.diagram = await renderDiagram(view.topology, standalone);
  if (view.estimate?.valid) {
    pictures.stepChart = renderStepChart(view.estimate);
    pictures.memoryChart = renderMemoryChart(view.estimate);
  }
  if (view.curves?.length) {
    const title = view.comparison
      ? comparisonChartTitle(view.comparison.name)
      : `Throughput against interactivity: ${view.curves.map((c) => c.name).join(', ')}`;
    pictures.curveChart = renderCurveChart(title, view.curves).svg;
  }
  return pictures;
}

export { renderCurveChart };
export type { CurveChart, CurveSeries } from './curves';
