// The editing features of issue 4, in registration order: quick fixes, completion, navigation, presentation.
import type { FeatureRegistration } from './registry';
import { codeActionsFeature } from './codeActions';
import { completionFeature } from './completion';
import { foldingFeature } from './folding';
import { formatFeature } from './format';
import { inlayHintsFeature } from './inlayHints';
import { navigationFeature } from './navigation';
import { semanticTokensFeature } from './semanticTokens';

export const editingFeatures: FeatureRegistration[] = [
  codeActionsFeature,
  completionFeature,
  navigationFeature,
  semanticTokensFeature,
  formatFeature,
  foldingFeature,
  inlayHintsFeature,
];
