/**
 * Editorial diagnostics pushed with textDocument/publishDiagnostics: on open (at once), on
 * change (debounced), and for every open brief when the corpus changes (indexed, updated) —
 * which also follows a settings change, since that re-indexes. Corpus files opened in the
 * editor are sources, not briefs: they get no diagnostics.
 */
import { Connection, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { diagnose, EditorialDiagnostic } from '../../features/diagnostics';
import type { OpenDocument } from '../../features/context';
import { corpusDocumentFor } from '../../features/outline';
import { corpusVersion } from '../../features/quoteHover';
import type { Positions } from '../convert';
import type { LspFeature, OpenBrief, ServerEnv } from '../env';

export const DIAGNOSTIC_SOURCE = 'Policy Lens';
/** Quiet time after the last keystroke before a brief is checked again. */
export const DEBOUNCE_MS = 300;

interface Cached {
  corpus: object;
  glossary: object;
  enabled: object;
  withQuotes: boolean;
  result: EditorialDiagnostic[];
}
/** Per analysed document version (code actions ask on every cursor move). */
const cache = new WeakMap<OpenDocument, Cached>();

/** The diagnostics of one open brief (also used by code actions, so both agree). */
export function briefDiagnostics(env: ServerEnv, d: OpenBrief, withQuotes = true): EditorialDiagnostic[] {
  const ctx = env.context();
  const enabled = env.settings().diagnostics;
  const corpus = corpusVersion(ctx.corpus);
  const hit = cache.get(d.open);
  if (hit && hit.corpus === corpus && hit.glossary === ctx.glossary && hit.enabled === enabled && (hit.withQuotes || !withQuotes)) {
    return withQuotes ? hit.result : hit.result.filter((x) => x.code !== 'unverified-quote');
  }
  const result = corpusDocumentFor(ctx.corpus, d.open.uri) ? [] : diagnose(ctx, d.open, { enabled, search: withQuotes ? env.service : undefined });
  cache.set(d.open, { corpus, glossary: ctx.glossary, enabled, withQuotes, result });
  return result;
}

export function toLspDiagnostic(positions: Positions, d: OpenBrief, e: EditorialDiagnostic): Diagnostic {
  return {
    range: positions.range(d.text, e.range),
    severity: e.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: e.code,
    source: DIAGNOSTIC_SOURCE,
    message: e.message,
    data: e.data,
  };
}

const republishers = new WeakMap<Connection, () => void>();

/** Check every open brief again now (e.g. after the glossary changed). */
export function republishDiagnostics(connection: Connection): void {
  republishers.get(connection)?.();
}

export const diagnosticsFeature: LspFeature = {
  capabilities: {},
  register(env) {
    const timers = new Map<string, NodeJS.Timeout>();
    const published = new Set<string>();

    const publish = (uri: string) => {
      timers.delete(uri);
      const d = env.brief(uri);
      if (!d) return;
      // Before the first index is ready, an empty corpus would make every acronym "undefined".
      if (env.service.status().state !== 'ready' && env.service.corpus.stats().documents === 0) return;
      let diagnostics: Diagnostic[];
      try {
        diagnostics = briefDiagnostics(env, d).map((e) => toLspDiagnostic(env.positions, d, e));
      } catch (e) {
        env.connection.console.error(`Policy Lens: diagnostics of ${uri} failed: ${(e as Error)?.stack ?? e}`);
        return;
      }
      published.add(uri);
      void env.connection.sendDiagnostics({ uri, version: d.text.version, diagnostics });
    };
    const schedule = (uri: string, delay: number) => {
      const t = timers.get(uri);
      if (t) clearTimeout(t);
      timers.set(
        uri,
        setTimeout(() => publish(uri), delay),
      );
    };

    const opened = new Set<string>();
    env.onDocumentChanged((uri) => {
      const first = !opened.has(uri);
      opened.add(uri);
      schedule(uri, first ? 0 : DEBOUNCE_MS);
    });
    env.onDocumentClosed((uri) => {
      opened.delete(uri);
      const t = timers.get(uri);
      if (t) clearTimeout(t);
      timers.delete(uri);
      if (published.delete(uri)) void env.connection.sendDiagnostics({ uri, diagnostics: [] });
    });
    const all = () => {
      for (const b of env.briefs()) schedule(b.text.uri, 0);
    };
    env.onCorpusChanged(all);
    republishers.set(env.connection, all);
  },
};
