// Shared by the view tests: a workspace on the repository's samples, views of them, and a strict SVG reader.
import * as path from 'node:path';
import sax from 'sax';
import { URI } from 'vscode-uri';
import { viewOf } from '../../../server/src/features/panel';
import { defaultSettings } from '../../../server/src/features/services';
import { FileAnalysis, Workspace } from '../../../server/src/semantics/program';
import { ViewRequest } from '../../../server/src/views/panel-view';
import { PanelView } from '../../../server/src/views/types';
import { catalogPath, repoRoot } from '../../helpers/repo';

export const uriOf = (relative: string) => URI.file(path.join(repoRoot, relative)).toString();

export function analyse(workspace: Workspace, relative: string): FileAnalysis {
  const analysis = workspace.analyse(uriOf(relative));
  if (!analysis) throw new Error(`cannot read ${relative}`);
  return analysis;
}

export function viewOfText(text: string, request: ViewRequest = {}, name = 'scratch.topo'): PanelView {
  const workspace = new Workspace(undefined, catalogPath);
  const uri = uriOf(`samples/${name}`);
  workspace.setDocument(uri, text, 1);
  return viewOf(workspace, workspace.analyse(uri)!, request, defaultSettings.bottleneckThreshold);
}

export interface SvgElement {
  name: string;
  attributes: Record<string, string>;
  children: SvgElement[];
  text: string;
}

/** Parses SVG text as strict XML (throws on anything malformed) into a small element tree. */
export function parseSvg(text: string): SvgElement {
  const parser = sax.parser(true, { xmlns: false });
  const root: SvgElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: SvgElement[] = [root];
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (tag) => {
    const el: SvgElement = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
    };
    stack[stack.length - 1].children.push(el);
    stack.push(el);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.ontext = (t) => {
    stack[stack.length - 1].text += t;
  };
  parser.write(text).close();
  if (root.children.length !== 1 || root.children[0].name !== 'svg') throw new Error('not one <svg> document');
  return root.children[0];
}

export function findAll(el: SvgElement, match: (e: SvgElement) => boolean, out: SvgElement[] = []): SvgElement[] {
  if (match(el)) out.push(el);
  for (const c of el.children) findAll(c, match, out);
  return out;
}

export const hasClass = (name: string) => (e: SvgElement) => (e.attributes.class ?? '').split(/\s+/).includes(name);

/** All text under an element. */
export const textOf = (el: SvgElement): string => el.text + el.children.map(textOf).join('');

/** The curves' own paths in a throughput-interactivity chart: unfilled, bevel-joined lines (not the grid, SLO or legend). */
export const curvePaths = (svg: SvgElement): SvgElement[] =>
  findAll(svg, (e) => e.name === 'path' && e.attributes.fill === 'none' && e.attributes['stroke-linejoin'] === 'bevel');
