/** Every LSP feature the server offers; server.ts announces their capabilities and registers them. */
import type { LspFeature } from '../env';
import { glossaryFeature } from './glossary';
import { hoverFeature } from './hover';
import { inlayHintsFeature } from './inlayHints';
import { navigationFeature } from './navigation';
import { searchFeature } from './search';

export const FEATURES: readonly LspFeature[] = [hoverFeature, searchFeature, glossaryFeature, navigationFeature, inlayHintsFeature];
