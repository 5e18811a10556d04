/**
 * VS Code side: starts the language server (dist/server.js), passes it the settings and
 * wires the client features (status bar, corpus search, citations, glossary view). No text
 * logic lives here; everything a writer sees comes from the server through LSP or the
 * custom requests of shared/protocol.ts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { GlossaryParams, GlossaryResult, LspRange, ServerCommands, SETTINGS_SECTION, StatusChangedNotification, StatusResult } from '../../shared/protocol';
import { Citations } from './citation';
import { exportGlossary, ExportOptions, GlossaryTree, openGlossaryItem } from './glossaryView';
import { trackPassages } from './passages';
import { Commands, Views } from './ids';
import { CorpusSearch, SearchCommandOptions } from './search';
import { PolicyLensServer, serverAccess } from './server';
import { IndexingProgressFeature, StatusBar } from './status';

let client: LanguageClient | undefined;
/** The workspace trust the running server was started with (sent in its initialization options). */
let trustSent: boolean | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<PolicyLensApi> {
  const output = vscode.window.createOutputChannel('Policy Lens', { log: true });
  const status = new StatusBar(Commands.showOutput);
  context.subscriptions.push(output, status, vscode.commands.registerCommand(Commands.showOutput, () => output.show()));

  client = createClient(context, output);
  client.registerFeature(new IndexingProgressFeature(client, status));
  const started = client.start();
  const server = serverAccess(client, started);

  const search = new CorpusSearch(server, status, output);
  const citations = new Citations(search);
  const tree = new GlossaryTree(server, output);
  const view = vscode.window.createTreeView(Views.glossary, { treeDataProvider: tree, showCollapseAll: true });

  context.subscriptions.push(
    trackPassages(),
    tree,
    view,
    vscode.commands.registerCommand(Commands.searchCorpus, (query?: unknown, options?: SearchCommandOptions) => search.command(query, options)),
    vscode.commands.registerCommand(Commands.searchSelection, (options?: SearchCommandOptions) => search.selectionCommand(options)),
    vscode.commands.registerCommand(Commands.insertCitation, (arg?: unknown, options?: { style?: 'footnote' | 'inline' }) => citations.command(arg, options)),
    vscode.commands.registerCommand(Commands.exportGlossary, (options?: ExportOptions) => exportGlossary(server, tree, options)),
    vscode.commands.registerCommand(Commands.refreshGlossary, () => tree.refreshAll()),
    vscode.commands.registerCommand(Commands.openGlossaryItem, (uri: string, range?: LspRange) => openGlossaryItem(uri, range)),
    client.onNotification(StatusChangedNotification, (s: StatusResult) => {
      const wasReady = status.last?.state === 'ready';
      status.setStatus(s);
      if (s.state === 'ready' && !wasReady) tree.refreshAll();
    }),
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) status.setError('the language server stopped');
    }),
    // Workspace settings for corpus folders, glossaries and the cache are ignored until the
    // workspace is trusted; once it is, start again with them. Trust can be granted while
    // the client is still starting (a restart then would fail), so wait for the start.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restartIfTrustChanged(started, output)),
    { dispose: () => void client?.stop() },
  );

  try {
    await started;
    // Trust may have changed between the initialization options and the listener above
    // (in code-server, "security.workspace.trust.enabled" is read once user settings load).
    void restartIfTrustChanged(started, output);
    status.setStatus(await server.status());
    tree.refreshAll();
  } catch (e) {
    status.setError(`the language server did not start (${(e as Error).message ?? e})`);
    output.error(`Policy Lens: the language server did not start: ${(e as Error).stack ?? e}`);
  }

  return {
    status: () => server.status(),
    search: (query, options) => search.search(query, options),
    glossary: (params) => server.glossary(params),
    statusBarText: () => status.text,
    server,
  };
}

async function restartIfTrustChanged(started: Promise<void>, output: vscode.LogOutputChannel): Promise<void> {
  try {
    await started;
  } catch {
    return; // the start failure is reported where it is awaited
  }
  if (!client || trustSent === vscode.workspace.isTrusted) return;
  output.info(`Workspace trust is now ${vscode.workspace.isTrusted}: restarting the language server with the workspace's settings`);
  await client.restart().catch((e) => output.error(`Policy Lens: could not restart the language server: ${(e as Error).message ?? e}`));
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // glibc keeps what the server's threads freed in per-thread arenas and, once a large
    // buffer was freed, serves later ones from them too, so RSS stays above what the server
    // holds. Two arenas and a fixed mmap threshold return it. With the index workers in
    // processes of their own, after a cold build of the 123 MB corpus: RSS at ready 210 / 193
    // → 187 / 154 MB, settled 254 / 233 → 219 / 213 MB (before that change: 532 → 382 MB
    // settled). Ignored off glibc.
    run: { module: serverModule, transport: TransportKind.ipc, options: { env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536' } } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'untitled', language: 'plaintext' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: SETTINGS_SECTION },
    middleware: {
      // The server's brief commands insert at a position; from the command palette they
      // come without arguments, so give them the active editor's document and cursor.
      executeCommand: (command, args, next) => {
        const editor = vscode.window.activeTextEditor;
        const needsPosition = command === ServerCommands.insertAbbreviations || command === ServerCommands.insertCitedDocuments;
        if (needsPosition && args.length === 0 && editor) {
          const p = editor.selection.active;
          return next(command, [{ uri: editor.document.uri.toString(), position: { line: p.line, character: p.character } }]);
        }
        return next(command, args);
      },
    },
    // A function, so a restart (after the workspace is trusted) sends the current values.
    initializationOptions: () => {
      const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      return {
        // Every policyLens.* setting the server knows (it ignores the client-only ones).
        ...(JSON.parse(JSON.stringify(config)) as object),
        corpusPaths: config.get<string[]>('corpusPaths', []),
        includeBundledCorpus: config.get<boolean>('includeBundledCorpus', true),
        cacheDir: config.get<string>('cacheDir') || context.globalStorageUri.fsPath,
        glossaryPaths: config.get<string[]>('glossaryPaths', []),
        // The server's own default is 'all' (clients without a Markdown outline); VS Code has
        // one, so the extension asks for numbering only unless the user chose otherwise.
        outline: { markdown: config.get<string>('outline.markdown', 'numbering') },
        trusted: (trustSent = vscode.workspace.isTrusted),
      };
    },
  };
  return new LanguageClient('policyLens', 'Policy Lens', serverOptions, clientOptions);
}

/** What the extension exports, for extension tests and other extensions. */
export interface PolicyLensApi {
  status(): Promise<StatusResult>;
  search: CorpusSearch['search'];
  glossary(params: GlossaryParams): Promise<GlossaryResult>;
  /** The status bar item's text now (tests check the indexing percentage and counts). */
  statusBarText(): string;
  server: PolicyLensServer;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
