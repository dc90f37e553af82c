// The feature modules beyond the basics: each declares its capabilities and registers its handlers.
import { ServerCapabilities } from './protocol';
import { HoverExtension } from './hover';
import { Services } from './services';
import { editingFeatures } from './editing';
import { estimateFeatures } from './estimates';
import { panelFeatures } from './panel';
import { commandsFeature } from './commands';
import { documentLinksFeature } from './documentLinks';
import { selectionRangesFeature } from './selectionRanges';

export interface FeatureRegistration {
  capabilities: Partial<ServerCapabilities>;
  register(services: Services): void;
  hovers?: HoverExtension[];
}

/** Also the protocol surface every client gets: lens commands run by the server, import links, selection ranges. */
export const featureRegistrations: FeatureRegistration[] = [
  estimateFeatures,
  panelFeatures,
  ...editingFeatures,
  commandsFeature,
  documentLinksFeature,
  selectionRangesFeature,
];
