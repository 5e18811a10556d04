/**
 * Events the pushing features need: a document was opened or changed, closed, and the corpus
 * changed (indexed, re-indexed, a file updated).
 *
 * ServerEnv does not offer events (yet), and vscode-languageserver keeps one handler per
 * notification, which TextDocuments.listen() (in server.ts, after the features register)
 * takes. So the first feature that asks wraps the connection's registration methods for the
 * three text-document notifications: the handler TextDocuments registers later is chained
 * with ours, so it still updates the documents first. The corpus event comes from the status
 * notification the server sends whenever the corpus service's status changes.
 *
 * TODO(env owner): `onDidChangeContent`, `onDidClose` and `onCorpusChanged` on ServerEnv would
 * replace this file.
 */
import type { Connection } from 'vscode-languageserver';
import { StatusChangedNotification, StatusResult } from '../../../../shared/protocol';

export interface DocumentEvents {
  onOpenOrChange(listener: (uri: string) => void): void;
  onClose(listener: (uri: string) => void): void;
  /** The corpus is ready after an index, or one of its files was updated. */
  onCorpusChanged(listener: () => void): void;
}

interface Listeners {
  change: Array<(uri: string) => void>;
  close: Array<(uri: string) => void>;
  corpus: Array<() => void>;
}

const installed = new WeakMap<Connection, Listeners>();

export function documentEvents(connection: Connection): DocumentEvents {
  let l = installed.get(connection);
  if (!l) {
    l = { change: [], close: [], corpus: [] };
    installed.set(connection, l);
    install(connection, l);
  }
  const listeners = l;
  return {
    onOpenOrChange: (f) => void listeners.change.push(f),
    onClose: (f) => void listeners.close.push(f),
    onCorpusChanged: (f) => void listeners.corpus.push(f),
  };
}

function install(connection: Connection, l: Listeners): void {
  const fire = <T>(list: Array<(x: T) => void>, x: T) => {
    for (const f of list) {
      try {
        f(x);
      } catch (e) {
        connection.console.error(`Policy Lens: ${(e as Error)?.stack ?? e}`);
      }
    }
  };
  type Reg<P> = (handler: (params: P) => void) => unknown;
  const chain = <P extends { textDocument: { uri: string } }>(name: 'onDidOpenTextDocument' | 'onDidChangeTextDocument' | 'onDidCloseTextDocument', after: (p: P) => void) => {
    const original = (connection[name] as unknown as Reg<P>).bind(connection);
    (connection as unknown as Record<string, Reg<P>>)[name] = (handler) =>
      original((params) => {
        handler(params);
        after(params);
      });
  };
  chain('onDidOpenTextDocument', (p) => fire(l.change, p.textDocument.uri));
  chain('onDidChangeTextDocument', (p) => fire(l.change, p.textDocument.uri));
  chain('onDidCloseTextDocument', (p) => fire(l.close, p.textDocument.uri));

  const send = connection.sendNotification.bind(connection) as (method: unknown, ...params: unknown[]) => Promise<void>;
  (connection as unknown as { sendNotification: typeof send }).sendNotification = (method, ...params) => {
    const result = send(method, ...params);
    const name = typeof method === 'string' ? method : (method as { method?: string })?.method;
    if (name === StatusChangedNotification && (params[0] as StatusResult | undefined)?.state === 'ready') fire(l.corpus, undefined);
    return result;
  };
}
