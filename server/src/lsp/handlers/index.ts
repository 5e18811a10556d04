/** Every LSP feature the server offers; server.ts announces their capabilities and registers them. */
import type { LspFeature } from '../env';
import { glossaryFeature } from './glossary';
import { hoverFeature } from './hover';
import { inlayHintsFeature } from './inlayHints';
import { navigationFeature } from './navigation';
import { searchFeature } from './search';
import { outlineFeature } from './outline';
import { completionFeature } from './completion';
import { diagnosticsFeature } from './diagnostics';
import { codeActionsFeature } from './codeActions';
import { commandsFeature } from './commands';
import { documentFeature } from './document';

export const FEATURES: readonly LspFeature[] = [hoverFeature, searchFeature, glossaryFeature, navigationFeature, inlayHintsFeature,
  // writing a brief: outline and folding, completion, editorial diagnostics, code actions, brief commands
  outlineFeature, completionFeature, diagnosticsFeature, codeActionsFeature, commandsFeature,
  // the document register: policyLens/document
  documentFeature];
