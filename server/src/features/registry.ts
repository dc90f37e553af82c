// The feature modules beyond the basics: each declares its capabilities and registers its handlers.
import { ServerCapabilities } from 'vscode-languageserver';
import { HoverExtension } from './hover';
import { Services } from './services';
import { editingFeatures } from './editing';
import { estimateFeatures } from './estimates';
import { panelFeatures } from './panel';

export interface FeatureRegistration {
  capabilities: Partial<ServerCapabilities>;
  register(services: Services): void;
  hovers?: HoverExtension[];
}

export const featureRegistrations: FeatureRegistration[] = [estimateFeatures, panelFeatures, ...editingFeatures];
