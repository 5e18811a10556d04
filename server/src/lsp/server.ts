/**
 * Connection setup, capabilities and request routing. Each handler converts LSP input to
 * core terms (offsets, plain data), calls one feature, and converts the result back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ClientCapabilities,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  Disposable,
  InitializeParams,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DEFAULT_SETTINGS,
  PolicyLensSettings,
  SETTINGS_SECTION,
  StatsParams,
  StatsRequest,
  StatsResult,
  StatusChangedNotification,
  StatusRequest,
  StatusResult,
} from '../../../shared/protocol';
import { analyzeDocument } from '../core/analyze';
import { CorpusService } from '../host/corpusService';
import type { FeatureContext, OpenDocument } from '../features/context';
import { negotiatePositionEncoding, Positions } from './convert';
import type { OpenBrief, ServerEnv } from './env';
import { FEATURES } from './handlers';
import { defaultCacheDir, isInside, readSettings, resolveAgainst } from './settings';
import { TeamDatabase } from './teamDatabase';
import { warnIfClientUnwatchable } from './clientProcess';

/** Where the bundled corpus is, relative to dist/server.js. */
const BUNDLED_SEEDS = path.resolve(__dirname, '..', 'seeds');

export function startServer(connection: Connection): void {
  // Text of a document or file for position conversions: the open buffer, a corpus file
  // (through the service's text cache), or the file itself (a glossary).
  const textOf = (uri: string): string | undefined => {
    const open = documents.get(uri);
    if (open) return open.getText();
    const doc = service.corpus.get(uri);
    if (doc) return service.readText(doc.id);
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fs.readFileSync(fileURLToPath(uri), 'utf8');
    } catch {
      return undefined;
    }
  };
  let positions = new Positions('utf-16', textOf);
  // Incremental changes come in the negotiated encoding: each is converted against the text
  // the previous ones produced.
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      if (positions.encoding === 'utf-16') return TextDocument.update(doc, changes, version);
      for (const change of changes) TextDocument.update(doc, [positions.changeToUtf16(doc, change)], version);
      return doc;
    },
  });
  let workspaceRoot: string | undefined;
  let settings: PolicyLensSettings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let canReportProgress = false;
  let progress: WorkDoneProgressReporter | undefined;
  let trusted = true;
  let workspaceFolders: string[] = [];
  let canWatchFiles = false;
  let relativePatterns = false;
  let watchRegistration: Promise<Disposable | undefined> | undefined;

  const log = {
    info: (m: string) => connection.console.info(m),
    warn: (m: string) => connection.console.warn(m),
  };
  /** A listener's failure is logged; it never stops the other listeners or the server. */
  const guarded =
    <A extends unknown[]>(f: (...args: A) => void) =>
    (...args: A) => {
      try {
        f(...args);
      } catch (e) {
        connection.console.error(`Policy Lens: ${(e as Error)?.stack ?? e}`);
      }
    };
  const corpusListeners: Array<() => void> = [];
  let clientCapabilities: ClientCapabilities = {};
  const service = new CorpusService(
    log,
    (status) => {
      void connection.sendNotification(StatusChangedNotification, status);
      if (status.state === 'ready') for (const listener of corpusListeners) guarded(listener)();
    },
    (p) => progress?.report(Math.round((100 * p.done) / Math.max(1, p.total)), `${p.done}/${p.total} files`),
  );
  const context = (): FeatureContext => ({ corpus: service.corpus, glossary: service.glossary });
  // The team corpus in PostgreSQL (setting `database`), beside the local one.
  const teamDatabase = new TeamDatabase(service, log, (m) => void connection.window.showWarningMessage(m));

  const analyses = new Map<string, { version: number; doc: OpenDocument }>();
  function openDocument(uri: string): OpenBrief | undefined {
    const text = documents.get(uri);
    if (!text) return undefined;
    const cached = analyses.get(uri);
    const content = text.getText();
    // Keyed by version and text: a client that repeats a version with new text gets fresh answers.
    if (cached && cached.version === text.version && cached.doc.text === content) return { text, open: cached.doc };
    const analysis = analyzeDocument(uri, content, { kind: 'brief', known: service.glossary.expansions });
    const open: OpenDocument = { uri, text: content, analysis };
    analyses.set(uri, { version: text.version, doc: open });
    return { text, open };
  }
  documents.onDidClose((e) => analyses.delete(e.document.uri));

  /**
   * Re-indexes for the current settings. Calls may overlap (initialized, then a
   * configuration change right after): the corpus service lets the newest win, and each
   * call ends its own progress report, so no spinner is left behind.
   */
  async function reindex(): Promise<void> {
    const { roots, glossaryPaths } = corpusConfig();
    const reporter = canReportProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    reporter?.begin('Policy Lens: indexing corpus', 0, 'finding files', false);
    progress = reporter;
    try {
      const cacheDir = settings.cacheDir ? resolveAgainst(settings.cacheDir, workspaceRoot) : defaultCacheDir();
      void teamDatabase.configure(settings.database, trusted, cacheDir);
      await service.configure({ roots, glossaryPaths, cacheDir, watch: await watchCorpus(roots) });
    } finally {
      reporter?.done();
      if (progress === reporter) progress = undefined;
    }
  }

  /**
   * Folders and glossaries for the current settings. In an untrusted workspace (the client
   * says so) nothing outside the workspace is read: only the bundled corpus and paths
   * inside the workspace folder.
   */
  function corpusConfig(): { roots: string[]; glossaryPaths: string[] } {
    const allowed = (p: string) => trusted || (workspaceRoot !== undefined && isInside(p, workspaceRoot));
    const keep = (paths: string[]) =>
      paths
        .map((p) => resolveAgainst(p, workspaceRoot))
        .filter((p) => allowed(p) || (log.warn(`Untrusted workspace: not reading ${p} (outside the workspace)`), false));
    return {
      roots: [...(settings.includeBundledCorpus ? [BUNDLED_SEEDS] : []), ...keep(settings.corpusPaths)],
      glossaryPaths: keep(settings.glossaryPaths),
    };
  }

  /**
   * File watching for the corpus folders (the bundled seeds do not change): the client
   * watches those inside the workspace (didChangeWatchedFiles, registered here); the
   * folders it cannot watch for us are returned, for the service's node watcher.
   */
  async function watchCorpus(roots: string[]): Promise<string[]> {
    const corpusRoots = roots.filter((r) => r !== BUNDLED_SEEDS);
    const inWorkspace = canWatchFiles ? corpusRoots.filter((r) => workspaceFolders.some((w) => isInside(r, w))) : [];
    const previous = watchRegistration;
    watchRegistration = undefined;
    void previous?.then((d) => d?.dispose());
    if (inWorkspace.length > 0) {
      // Everything under the folder, not only *.txt/*.md: a deleted or moved folder is
      // reported as the folder alone. The service ignores other files.
      const watchers = inWorkspace.map((r) => ({
        globPattern: relativePatterns ? { baseUri: pathToFileURL(r).href, pattern: '**/*' } : `${r.split(path.sep).join('/')}/**/*`,
      }));
      watchRegistration = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((e) => {
        log.warn(`Could not register file watchers: ${(e as Error).message}`);
        return undefined;
      });
    }
    return corpusRoots.filter((r) => !inWorkspace.includes(r));
  }

  /**
   * Takes new settings, and says in the log when the corpus folders change and where the new
   * ones came from: a corpus that is not the one the writer configured is the first thing to
   * look for when hovers come up empty.
   */
  function takeSettings(next: PolicyLensSettings, from: string): void {
    const before = JSON.stringify([settings.corpusPaths, settings.includeBundledCorpus]);
    settings = next;
    if (JSON.stringify([next.corpusPaths, next.includeBundledCorpus]) !== before || from === 'initialization options') {
      const folders = next.corpusPaths.length ? next.corpusPaths.join(', ') : 'none';
      log.info(`Settings from ${from}: corpus folders ${folders}${next.includeBundledCorpus ? ' and the bundled corpus' : ''}`);
    }
  }

  async function pullSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const raw = await connection.workspace.getConfiguration(SETTINGS_SECTION);
      takeSettings(readSettings(raw, settings), 'workspace/configuration');
    } catch (e) {
      log.warn(`Could not read settings: ${(e as Error).message}`);
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    workspaceRoot = folder?.startsWith('file:') ? fileURLToPath(folder) : (params.rootPath ?? undefined);
    takeSettings(readSettings(params.initializationOptions), 'initialization options');
    // Only VS Code knows about workspace trust; other clients run trusted.
    trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;
    clientCapabilities = params.capabilities;
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    canRegisterConfiguration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    const positionEncoding = negotiatePositionEncoding(params.capabilities.general?.positionEncodings);
    positions = new Positions(positionEncoding, textOf);
    canReportProgress = !!params.capabilities.window?.workDoneProgress;
    canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    warnIfClientUnwatchable(params.processId, (m) => log.warn(m));
    relativePatterns = !!params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport;
    workspaceFolders = (params.workspaceFolders ?? []).flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
    if (workspaceFolders.length === 0 && workspaceRoot) workspaceFolders = [workspaceRoot];
    return {
      capabilities: Object.assign({ positionEncoding, textDocumentSync: TextDocumentSyncKind.Incremental }, ...FEATURES.map((f) => f.capabilities)),
      serverInfo: { name: 'policy-lens', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    // Registered only with a client that registers it dynamically (VS Code); others send
    // workspace/didChangeConfiguration unasked (Neovim, eglot, Helix) and are pulled from
    // when they can be (workspace/configuration), so nothing is lost.
    // The registration is awaited before the pull: a setting that changes after the pull is
    // then always notified, and one that changed before it is in what the pull reads.
    if (canPullConfiguration && canRegisterConfiguration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
    await pullSettings();
    await reindex();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    if (pushed) takeSettings(readSettings(pushed, settings), 'workspace/didChangeConfiguration');
    else await pullSettings();
    await reindex();
  });

  connection.onRequest(StatusRequest, (): StatusResult => service.status());
  connection.onRequest(StatsRequest, (params?: StatsParams): StatsResult => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (params?.gc && gc) gc();
    return service.stats();
  });
  connection.onDidChangeWatchedFiles((params) => service.filesChanged(params.changes.flatMap((c) => (c.uri.startsWith('file:') ? [fileURLToPath(c.uri)] : []))));
  // Write a pending index cache before the client stops us.
  connection.onShutdown(() => Promise.all([service.dispose(), teamDatabase.dispose()]).then(() => undefined));

  const env: ServerEnv = {
    connection: teamDatabase.wrapConnection(connection),
    mergeTeamSearch: (params, local, expansions) => teamDatabase.mergeSearch(params, local, expansions),
    service,
    brief: openDocument,
    briefs: () => documents.all().flatMap((d) => openDocument(d.uri) ?? []),
    context,
    settings: () => settings,
    get positions() {
      return positions;
    },
    clientCapabilities: () => clientCapabilities,
    onDocumentChanged: (listener) => void documents.onDidChangeContent((e) => guarded(listener)(e.document.uri)),
    onDocumentClosed: (listener) => void documents.onDidClose((e) => guarded(listener)(e.document.uri)),
    onCorpusChanged: (listener) => void corpusListeners.push(listener),
  };
  for (const feature of FEATURES) feature.register(env);

  documents.listen(connection);
  connection.listen();
}
