/**
 * The status bar item: what the index holds (documents, acronyms, references), a spinner
 * with the percentage while the server indexes, an error mark when the server is down.
 * A click opens the Policy Lens output channel.
 *
 * The percentage comes from the server's LSP progress (window/workDoneProgress/create and
 * $/progress). vscode-languageclient's own progress feature owns that request and allows
 * one listener per token, so IndexingProgressFeature takes the request over: it feeds the
 * status bar and shows the same window progress the LanguageClient would have shown.
 */
import * as vscode from 'vscode';
import {
  ClientCapabilities,
  FeatureState,
  LanguageClient,
  ProgressToken,
  StaticFeature,
  WorkDoneProgress,
  WorkDoneProgressBegin,
  WorkDoneProgressCreateParams,
  WorkDoneProgressCreateRequest,
  WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import type { StatusResult } from '../../shared/protocol';

export interface IndexingProgress {
  title: string;
  percentage?: number;
  message?: string;
}

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private status: StatusResult | undefined;
  private progress: IndexingProgress | undefined;
  private error: string | undefined;

  constructor(command: string) {
    this.item = vscode.window.createStatusBarItem('policyLens.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Policy Lens';
    this.item.command = { command, title: 'Show Policy Lens log' };
    this.render();
    this.item.show();
  }

  /** The last status the server sent (undefined before the first). */
  get last(): StatusResult | undefined {
    return this.status;
  }

  setStatus(s: StatusResult): void {
    this.status = s;
    this.error = undefined;
    if (s.state === 'ready') this.progress = undefined;
    this.render();
  }

  setProgress(p: IndexingProgress | undefined): void {
    this.progress = p;
    this.render();
  }

  setError(message: string | undefined): void {
    this.error = message;
    this.render();
  }

  /** What the item shows now, for tests. */
  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const item = this.item;
    const s = this.status;
    item.backgroundColor = undefined;
    if (this.error) {
      item.text = '$(error) Policy Lens';
      item.tooltip = `Policy Lens: ${this.error}. Click for the log.`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      return;
    }
    const p = this.progress;
    if (p || s?.state === 'indexing') {
      const pct = p?.percentage !== undefined ? ` ${Math.round(p.percentage)}%` : '';
      item.text = `$(sync~spin) Policy Lens: indexing${pct}`;
      item.tooltip = `Policy Lens is indexing the corpus${p?.message ? ` (${p.message})` : ''}. Search and hovers use what is indexed so far. Click for the log.`;
      return;
    }
    if (!s) {
      item.text = '$(sync~spin) Policy Lens';
      item.tooltip = 'Policy Lens: starting the language server. Click for the log.';
      return;
    }
    item.text = `$(book) ${s.documents} docs · ${s.acronyms} acronyms · ${s.references} refs`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**Policy Lens corpus**\n\n');
    md.appendMarkdown(`$(file-text) ${s.documents} documents (${(s.bytes / 1048576).toFixed(1)} MB)  \n`);
    md.appendMarkdown(`$(symbol-constant) ${s.acronyms} acronyms  \n`);
    md.appendMarkdown(`$(references) ${s.references} document references  \n`);
    md.appendMarkdown(`$(clock) indexed in ${s.indexMs} ms${s.fromCache ? ' (from cache)' : ''}\n\n`);
    md.appendMarkdown('Click for the log.');
    item.tooltip = md;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * Takes over window/workDoneProgress/create (registered after the LanguageClient's own
 * progress feature, so its handler replaces that one) and reports each progress both to
 * the status bar and as window progress, like the LanguageClient does.
 */
export class IndexingProgressFeature implements StaticFeature {
  private readonly active = new Set<{ end(): void }>();

  constructor(
    private readonly client: LanguageClient,
    private readonly status: StatusBar,
  ) {}

  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.window = capabilities.window ?? {};
    capabilities.window.workDoneProgress = true;
  }

  initialize(): void {
    this.client.onRequest(WorkDoneProgressCreateRequest.type, (params: WorkDoneProgressCreateParams) => this.track(params.token));
  }

  getState(): FeatureState {
    return { kind: 'static' };
  }

  clear(): void {
    for (const part of [...this.active]) part.end();
    this.active.clear();
  }

  private track(token: ProgressToken): void {
    let finishWindow: (() => void) | undefined;
    let windowProgress: vscode.Progress<{ message?: string }> | undefined;
    let current: IndexingProgress | undefined;
    let ended = false;
    const show = () => {
      if (!current) return;
      this.status.setProgress(current);
      const pct = current.percentage !== undefined ? `${Math.round(current.percentage)}%` : undefined;
      windowProgress?.report({ message: [pct, current.message].filter(Boolean).join(' ') || undefined });
    };
    const part = {
      end: () => {
        if (ended) return;
        ended = true;
        subscription.dispose();
        finishWindow?.();
        this.active.delete(part);
        this.status.setProgress(undefined);
      },
    };
    const subscription = this.client.onProgress(WorkDoneProgress.type, token, (value: WorkDoneProgressBegin | WorkDoneProgressReport | { kind: 'end' }) => {
      if (value.kind === 'begin') {
        current = { title: value.title, percentage: value.percentage, message: value.message };
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: value.title }, (progress) => {
          windowProgress = progress;
          show();
          return new Promise<void>((resolve) => {
            finishWindow = resolve;
            if (ended) resolve();
          });
        });
        show();
      } else if (value.kind === 'report') {
        current = { title: current?.title ?? 'Policy Lens', percentage: value.percentage ?? current?.percentage, message: value.message ?? current?.message };
        show();
      } else {
        part.end();
      }
    });
    this.active.add(part);
  }
}
