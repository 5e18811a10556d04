/**
 * The Glossary view: "This document" (acronyms and document references of the active
 * brief, with their expansions and canonical citations) and "Corpus" (everything the
 * corpus and the glossaries know, by first letter, each letter loaded when opened).
 * Clicking an item opens its source passage. "Export Glossary" writes either list as CSV
 * or Markdown.
 *
 * All content comes from the server (policyLens/glossary): sorted in Vietnamese order,
 * grouped and described there. This module only builds tree items and files from it.
 */
import * as vscode from 'vscode';
import type { GlossaryGroup, GlossaryItem, GlossaryResult, LspRange } from '../../shared/protocol';
import { Commands } from './ids';
import { openPassage, isOpenedPassage } from './passages';
import { isCancellation, PolicyLensServer } from './server';

type Node =
  | { type: 'section'; section: 'document' | 'corpus' }
  | { type: 'letter'; group: GlossaryGroup }
  | { type: 'item'; item: GlossaryItem; section: 'document' | 'corpus' }
  | { type: 'message'; text: string; icon?: string };

const BRIEF_LANGUAGES = new Set(['markdown', 'plaintext']);

export class GlossaryTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sections = { document: { type: 'section', section: 'document' } as Node, corpus: { type: 'section', section: 'corpus' } as Node };
  private readonly disposables: vscode.Disposable[] = [];
  private briefUri: string | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private corpusVersion = 0;

  constructor(
    private readonly server: PolicyLensServer,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.briefUri = activeBrief()?.document.uri.toString();
    this.disposables.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor((e) => {
        // Keep the last brief when focus moves to a non-text editor (the tree, output ...)
        // or to a source passage opened from this view.
        if (e && BRIEF_LANGUAGES.has(e.document.languageId) && e.document.uri.toString() !== this.briefUri && !isOpenedPassage(e.document.uri)) {
          this.briefUri = e.document.uri.toString();
          this.refreshDocument(0);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.briefUri && e.contentChanges.length) this.refreshDocument(600);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() === this.briefUri) {
          this.briefUri = activeBrief()?.document.uri.toString();
          this.refreshDocument(0);
        }
      }),
    );
  }

  /** The brief "This document" shows. */
  get documentUri(): string | undefined {
    return this.briefUri;
  }

  refreshDocument(delay: number): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.changed.fire(this.sections.document), delay);
  }

  /** After (re)indexing: the corpus section, and the document (its expansions come from the corpus too). */
  refreshAll(): void {
    this.corpusVersion++;
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'section': {
        const doc = node.section === 'document';
        const t = new vscode.TreeItem(doc ? 'This document' : 'Corpus', vscode.TreeItemCollapsibleState.Expanded);
        t.id = `section:${node.section}`;
        t.iconPath = new vscode.ThemeIcon(doc ? 'file-text' : 'library');
        t.description = doc && this.briefUri ? decodeURIComponent(vscode.Uri.parse(this.briefUri).path.split('/').pop() ?? '') : undefined;
        t.tooltip = doc ? 'Acronyms and document references used in the active brief' : 'Acronyms and document references known in the corpus and the glossaries';
        t.contextValue = `policyLens.section.${node.section}`;
        return t;
      }
      case 'letter': {
        const t = new vscode.TreeItem(node.group.key, vscode.TreeItemCollapsibleState.Collapsed);
        t.id = `letter:${this.corpusVersion}:${node.group.key}`;
        t.description = String(node.group.count);
        t.contextValue = 'policyLens.letter';
        return t;
      }
      case 'message': {
        const t = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        t.iconPath = new vscode.ThemeIcon(node.icon ?? 'info');
        return t;
      }
      case 'item':
        return itemTreeItem(node.item, node.section);
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return [this.sections.document, this.sections.corpus];
    try {
      if (node.type === 'section' && node.section === 'document') {
        if (!this.briefUri) return [{ type: 'message', text: 'Open a brief (Markdown or plain text) to list its acronyms and references.' }];
        const r = await this.server.glossary({ scope: 'document', uri: this.briefUri });
        if (!r.items.length) return [{ type: 'message', text: 'No acronyms or document references in this document yet.' }];
        return r.items.map((item) => ({ type: 'item', item, section: 'document' }));
      }
      if (node.type === 'section') {
        const r = await this.server.glossary({ scope: 'corpus', limit: 0 });
        if (!r.groups?.length) return [{ type: 'message', text: 'The corpus and glossaries are empty (or still indexing).' }];
        return r.groups.map((group) => ({ type: 'letter', group }));
      }
      if (node.type === 'letter') {
        const r = await this.server.glossary({ scope: 'corpus', prefix: node.group.key });
        return r.items.map((item) => ({ type: 'item', item, section: 'corpus' }));
      }
    } catch (e) {
      if (!isCancellation(e)) this.log.error(`glossary view: ${(e as Error).message ?? e}`);
      return [{ type: 'message', text: `Could not load: ${(e as Error).message ?? e}`, icon: 'error' }];
    }
    return [];
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}

function itemTreeItem(item: GlossaryItem, section: 'document' | 'corpus'): vscode.TreeItem {
  const t = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
  t.id = `${section}:${item.kind}:${item.label}`;
  t.description = item.detail;
  t.iconPath = new vscode.ThemeIcon(item.kind === 'acronym' ? 'symbol-constant' : 'references');
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMd(item.label)}** — ${escapeMd(item.detail)}`);
  if (item.tooltip) md.appendMarkdown('\n\n' + item.tooltip.split('\n').map(escapeMd).join('  \n'));
  if (item.uri) md.appendMarkdown('\n\n*Click to open the source passage.*');
  t.tooltip = md;
  t.contextValue = `policyLens.${item.kind}`;
  if (item.uri) {
    t.command = { command: Commands.openGlossaryItem, title: 'Open source passage', arguments: [item.uri, item.range] };
  }
  return t;
}

function activeBrief(): vscode.TextEditor | undefined {
  const e = vscode.window.activeTextEditor;
  return e && BRIEF_LANGUAGES.has(e.document.languageId) ? e : undefined;
}

/** Corpus text in tooltips is shown, never interpreted: no links, commands or HTML. */
function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** `policyLens.openGlossaryItem uri range`: opens the passage with the range selected. */
export async function openGlossaryItem(uri: string, range?: LspRange): Promise<void> {
  await openPassage(uri, range);
}

// ---------------------------------------------------------------------------------------
// Export

export type ExportFormat = 'csv' | 'markdown';
export interface ExportOptions {
  scope?: 'document' | 'corpus';
  format?: ExportFormat;
  /** Where to write (a file URI or path); without it, a save dialog. */
  target?: string | vscode.Uri;
  /** The brief for scope 'document' (default: the one the view shows). */
  uri?: string;
}

/** `policyLens.exportGlossary [options]`: asks what and where (unless options say), writes the file, returns its URI. */
export async function exportGlossary(server: PolicyLensServer, tree: GlossaryTree | undefined, options: ExportOptions = {}): Promise<vscode.Uri | undefined> {
  const briefUri = options.uri ?? tree?.documentUri ?? activeBrief()?.document.uri.toString();
  let scope = options.scope;
  if (!scope) {
    const picks: (vscode.QuickPickItem & { scope: 'document' | 'corpus' })[] = [];
    if (briefUri) picks.push({ label: '$(file-text) This document', description: decodeURIComponent(vscode.Uri.parse(briefUri).path.split('/').pop() ?? ''), detail: 'Acronyms and references of the brief: a table of abbreviations (Danh mục từ viết tắt) and cited documents', scope: 'document' });
    picks.push({ label: '$(library) Corpus and glossaries', detail: 'Every acronym and full document reference Policy Lens knows', scope: 'corpus' });
    const p = picks.length === 1 ? picks[0] : await vscode.window.showQuickPick(picks, { title: 'Policy Lens: Export Glossary (1/2)', placeHolder: 'What to export' });
    if (!p) return undefined;
    scope = p.scope;
  }
  let format = options.format;
  if (!format) {
    const p = await vscode.window.showQuickPick(
      [
        { label: 'Markdown', description: '.md', detail: 'Two tables (acronyms, document references), ready to paste into a brief', format: 'markdown' as const },
        { label: 'CSV', description: '.csv', detail: 'UTF-8 with BOM (opens in Excel with Vietnamese intact): kind, term, meaning, source, line', format: 'csv' as const },
      ],
      { title: 'Policy Lens: Export Glossary (2/2)', placeHolder: 'File format' },
    );
    if (!p) return undefined;
    format = p.format;
  }
  if (scope === 'document' && !briefUri) {
    void vscode.window.showInformationMessage('Policy Lens: open a brief to export its glossary.');
    return undefined;
  }
  const result: GlossaryResult = await server.glossary({ scope, uri: scope === 'document' ? briefUri : undefined });
  let target = typeof options.target === 'string' ? toUri(options.target) : options.target;
  if (!target) {
    const ext = format === 'csv' ? 'csv' : 'md';
    const base = scope === 'document' && briefUri ? `${(vscode.Uri.parse(briefUri).path.split('/').pop() ?? 'brief').replace(/\.[^.]+$/, '')}-glossary` : 'policy-lens-glossary';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await vscode.window.showSaveDialog({
      title: 'Export glossary',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${ext}`) : undefined,
      filters: format === 'csv' ? { 'CSV': ['csv'] } : { 'Markdown': ['md'] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
  }
  const content = format === 'csv' ? glossaryCsv(result.items) : glossaryMarkdown(result.items, scope === 'document' && briefUri ? vscode.Uri.parse(briefUri) : undefined);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  if (!options.target) {
    void vscode.window.showInformationMessage(`Policy Lens: exported ${result.items.length} entries to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then((a) => {
      if (a === 'Open') void vscode.window.showTextDocument(target as vscode.Uri);
    });
  }
  return target;
}

function toUri(s: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:/i.test(s) && !/^[a-z]:[\\/]/i.test(s) ? vscode.Uri.parse(s) : vscode.Uri.file(s);
}

/** Where an item comes from, as a workspace-relative path (or the URI) and a 1-based line. */
function sourceOf(item: GlossaryItem): { source: string; line: string } {
  if (!item.uri) return { source: '', line: '' };
  const uri = vscode.Uri.parse(item.uri);
  return { source: uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri) : item.uri, line: item.range ? String(item.range.start.line + 1) : '' };
}

export function glossaryCsv(items: readonly GlossaryItem[]): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [['kind', 'term', 'meaning', 'source', 'line']];
  for (const i of items) {
    const { source, line } = sourceOf(i);
    rows.push([i.kind, i.label, i.detail, source, line]);
  }
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function glossaryMarkdown(items: readonly GlossaryItem[], brief?: vscode.Uri): string {
  const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  const name = brief ? decodeURIComponent(brief.path.split('/').pop() ?? '') : undefined;
  out.push(`# ${name ? `Glossary: ${name}` : 'Glossary: corpus and glossaries'}`, '');
  const acronyms = items.filter((i) => i.kind === 'acronym');
  const refs = items.filter((i) => i.kind === 'reference');
  if (acronyms.length) {
    out.push('## Danh mục từ viết tắt (abbreviations)', '', '| Viết tắt | Nghĩa | Nguồn |', '| --- | --- | --- |');
    for (const i of acronyms) out.push(`| ${cell(i.label)} | ${cell(i.detail)} | ${cell(sourceCell(i))} |`);
    out.push('');
  }
  if (refs.length) {
    out.push('## Văn bản được dẫn (documents cited)', '', '| Văn bản | Trích dẫn | Nguồn |', '| --- | --- | --- |');
    for (const i of refs) out.push(`| ${cell(i.label)} | ${cell(i.detail)} | ${cell(sourceCell(i))} |`);
    out.push('');
  }
  if (!acronyms.length && !refs.length) out.push('_No acronyms or document references._', '');
  return out.join('\n');
}

function sourceCell(i: GlossaryItem): string {
  const { source, line } = sourceOf(i);
  return source ? `${source}${line ? `:${line}` : ''}` : '';
}
