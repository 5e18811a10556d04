/**
 * "Policy Lens: Search Corpus" and "Search Selection": a QuickPick that asks the server
 * (policyLens/search) as the writer types, debounced, cancelling stale requests. The
 * server folds diacritics and ranks; this module only shows hits and opens them.
 *
 * The same picker serves "Insert Citation" (pickPassage with a different title and accept
 * action). Commands called with a query string bypass the UI (tests, keybindings, other
 * extensions): see SearchCommandOptions.
 */
import * as vscode from 'vscode';
import type { SearchHit, SearchResult } from '../../shared/protocol';
import { ClientSettings } from './ids';
import { openPassage } from './passages';
import { isCancellation, PolicyLensServer } from './server';
import type { StatusBar } from './status';

/** Typing pauses this long before a request goes out. */
export const SEARCH_DEBOUNCE_MS = 150;

export interface SearchOptions {
  /** Match diacritics exactly; default from `policyLens.search.matchDiacritics` (false). */
  exact?: boolean;
  /** Number of passages; default from `policyLens.search.maxResults` (50). */
  limit?: number;
}

/** Options of the command when called with a query (no UI). */
export interface SearchCommandOptions extends SearchOptions {
  /** Open the hit with this index (0 = best), as accepting it in the picker would. */
  open?: number;
}

export interface PickOptions {
  title: string;
  /** Text already in the search box (Search Selection). */
  value?: string;
  /** What accepting does, for the placeholder ("open the passage", "insert a citation"). */
  acceptVerb: string;
  /** Offer a "cite" button on each hit. */
  citeButton?: boolean;
}

export type PickResult = { hit: SearchHit; action: 'accept' | 'cite' } | undefined;

interface HitItem extends vscode.QuickPickItem {
  hit?: SearchHit;
}

const citeButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Insert a citation of this passage' };
const originalButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open the original file (Word, PDF or web page) in its own application' };

export class CorpusSearch {
  constructor(
    private readonly server: PolicyLensServer,
    private readonly status: StatusBar | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  defaults(): Required<SearchOptions> {
    const config = vscode.workspace.getConfiguration('policyLens');
    const limit = config.get<number>(ClientSettings.searchMaxResults, 50);
    return {
      exact: config.get<boolean>(ClientSettings.searchMatchDiacritics, false),
      limit: Number.isFinite(limit) && limit > 0 ? Math.min(200, Math.floor(limit)) : 50,
    };
  }

  /** One search, no UI. */
  async search(query: string, options: SearchOptions = {}, token?: vscode.CancellationToken): Promise<SearchResult> {
    const d = this.defaults();
    return this.server.search({ query, exact: options.exact ?? d.exact, limit: options.limit ?? d.limit }, token);
  }

  /** `policyLens.searchCorpus [query] [options]`: the picker, or with a query a search without UI. */
  async command(query?: unknown, options?: SearchCommandOptions): Promise<SearchResult | SearchHit | undefined> {
    if (typeof query === 'string') return this.headless(query, options);
    const picked = await this.pickPassage({ title: 'Policy Lens: Search Corpus', acceptVerb: 'open the passage', citeButton: true });
    if (!picked) return undefined;
    if (picked.action === 'cite') {
      await vscode.commands.executeCommand('policyLens.insertCitation', picked.hit);
      return picked.hit;
    }
    await openHit(picked.hit);
    return picked.hit;
  }

  /** `policyLens.searchSelection [options]`: the picker filled with the selected text (with options: no UI). */
  async selectionCommand(options?: SearchCommandOptions): Promise<SearchResult | SearchHit | undefined> {
    const editor = vscode.window.activeTextEditor;
    const text = editor ? editor.selections.map((s) => editor.document.getText(s)).join(' ').trim() : '';
    if (!text) {
      void vscode.window.showInformationMessage('Policy Lens: select some text to search the corpus for it.');
      return undefined;
    }
    if (options && typeof options === 'object') return this.headless(text, options);
    const picked = await this.pickPassage({ title: 'Policy Lens: Search Selection', value: text, acceptVerb: 'open the passage', citeButton: true });
    if (!picked) return undefined;
    if (picked.action === 'cite') await vscode.commands.executeCommand('policyLens.insertCitation', picked.hit);
    else await openHit(picked.hit);
    return picked.hit;
  }

  private async headless(query: string, options: SearchCommandOptions = {}): Promise<SearchResult> {
    const result = await this.search(query, options);
    if (typeof options.open === 'number' && result.results[options.open]) await openHit(result.results[options.open]);
    return result;
  }

  /** The search picker: resolves with the hit the writer accepts, or undefined when dismissed. */
  pickPassage(opts: PickOptions): Promise<PickResult> {
    const qp = vscode.window.createQuickPick<HitItem>();
    let exact = this.defaults().exact;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cts: vscode.CancellationTokenSource | undefined;
    let seq = 0;
    let finished = false;
    /** The query (and mode) the listed items answer; Enter before a newer answer waits for it. */
    let listed: string | undefined;
    let acceptWhenListed = false;
    let done: (r: PickResult) => void = () => undefined;

    const exactButton = (): vscode.QuickInputButton =>
      exact
        ? { iconPath: new vscode.ThemeIcon('case-sensitive'), tooltip: 'Matching diacritics exactly ("đối" ≠ "đôi"). Click for accent-insensitive search.' }
        : { iconPath: new vscode.ThemeIcon('whole-word'), tooltip: 'Accent-insensitive ("doi ngoai" finds "đối ngoại"). Click to match diacritics exactly.' };
    const mode = () => (exact ? 'exact marks' : 'accent-insensitive');
    const indexing = () => (this.status?.last?.state === 'indexing' ? ' · indexing, results may be incomplete' : '');
    const setTitle = (extra = '') => {
      qp.title = `${opts.title} (${mode()})${extra}${indexing()}`;
    };

    qp.placeholder = `Type to search the corpus; Enter to ${opts.acceptVerb}`;
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    qp.buttons = [exactButton()];
    setTitle();

    const run = async () => {
      const query = qp.value;
      const mine = ++seq;
      cts?.cancel();
      cts?.dispose();
      cts = undefined;
      if (!query.trim()) {
        qp.busy = false;
        qp.items = [];
        setTitle();
        return;
      }
      const source = (cts = new vscode.CancellationTokenSource());
      qp.busy = true;
      try {
        const result = await this.search(query, { exact }, source.token);
        if (mine !== seq || finished) return;
        qp.items = result.results.length ? result.results.map((h) => hitItem(h, opts.citeButton)) : [noResults(exact)];
        listed = `${exact}:${query}`;
        if (acceptWhenListed) {
          acceptWhenListed = false;
          if (result.results[0]) return done({ hit: result.results[0], action: 'accept' });
        }
        setTitle(` · ${totalLabel(result.total, result.totalExact)} ${result.total === 1 && result.totalExact !== false ? 'passage' : 'passages'}${result.total > result.results.length ? `, best ${result.results.length}` : ''}`);
      } catch (e) {
        if (mine !== seq || finished || isCancellation(e)) return;
        this.log.error(`search failed: ${(e as Error).message ?? e}`);
        qp.items = [{ label: '$(error) Search failed', detail: String((e as Error).message ?? e), alwaysShow: true }];
      } finally {
        if (mine === seq && !finished) qp.busy = false;
      }
    };
    const schedule = (delay: number) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void run();
      }, delay);
    };

    return new Promise<PickResult>((resolve) => {
      done = (r: PickResult) => {
        if (finished) return;
        finished = true;
        if (timer) clearTimeout(timer);
        cts?.cancel();
        cts?.dispose();
        resolve(r);
        qp.hide();
        qp.dispose();
      };
      qp.onDidChangeValue(() => schedule(SEARCH_DEBOUNCE_MS));
      qp.onDidTriggerButton(() => {
        exact = !exact;
        qp.buttons = [exactButton()];
        setTitle();
        schedule(0);
      });
      qp.onDidTriggerItemButton((e) => {
        if (e.button === originalButton) {
          // A Word, PDF or HTML source: the hit opens its text rendition; this opens the file itself in its own application.
          if (e.item.hit?.originalUri) void vscode.env.openExternal(vscode.Uri.parse(e.item.hit.originalUri));
          return;
        }
        if (e.item.hit) done({ hit: e.item.hit, action: 'cite' });
      });
      qp.onDidAccept(() => {
        // Enter right after typing: the list may still answer an older query; take the
        // best hit of the query typed once its answer arrives.
        if (qp.value.trim() && listed !== `${exact}:${qp.value}`) {
          acceptWhenListed = true;
          if (!timer && !qp.busy) schedule(0);
          return;
        }
        const item = qp.selectedItems[0] ?? qp.activeItems[0];
        if (item?.hit) done({ hit: item.hit, action: 'accept' });
      });
      qp.onDidHide(() => done(undefined));
      if (opts.value) {
        qp.value = opts.value;
        schedule(0);
      }
      qp.show();
    });
  }
}

/** Opens the hit's file with the passage selected and in view. */
export function openHit(hit: Pick<SearchHit, 'uri' | 'range'>, preview = true): Promise<vscode.TextEditor> {
  return openPassage(hit.uri, hit.range, preview);
}

function hitItem(hit: SearchHit, withCite = false): HitItem {
  return {
    label: hit.title || vscode.Uri.parse(hit.uri).path.split('/').pop() || hit.uri,
    description: [hit.date, sourceHost(hit.source), hit.origin].filter(Boolean).join(' · '),
    detail: snippetAroundMatch(hit),
    alwaysShow: true,
    hit,
    buttons: withCite || hit.originalUri ? [...(hit.originalUri ? [originalButton] : []), ...(withCite ? [citeButton] : [])] : undefined,
  };
}

function noResults(exact: boolean): HitItem {
  return {
    label: '$(info) No passage matches',
    detail: exact ? 'Diacritics must match exactly: click the button in the title bar for accent-insensitive search.' : 'Try fewer or other words.',
    alwaysShow: true,
  };
}

/** The snippet, starting a little before its first highlight so the match shows in one line, with the matches in «». */
export function snippetAroundMatch(hit: Pick<SearchHit, 'snippet' | 'highlights'>, lead = 40): string {
  const text = hit.snippet.replace(/\s/g, ' '); // same length: highlight offsets stay valid
  const spans: [number, number][] = [];
  for (const [s, e] of [...(hit.highlights ?? [])].filter(([s, e]) => s >= 0 && e > s && e <= hit.snippet.length).sort((a, b) => a[0] - b[0])) {
    const last = spans[spans.length - 1];
    // Words of one match ("đối ngoại nhân dân") get one pair of marks, not one each.
    if (last && s >= last[1] && /^\s*$/.test(text.slice(last[1], s))) last[1] = Math.max(last[1], e);
    else spans.push([s, e]);
  }
  let out = '';
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) continue;
    out += text.slice(at, s) + '«' + text.slice(s, e) + '»';
    at = e;
  }
  out += text.slice(at);
  // Start near the first match (mark offsets shift by the inserted brackets only after it).
  const first = spans[0]?.[0] ?? 0;
  if (first > lead) {
    const cut = out.lastIndexOf(' ', first - lead);
    out = '…' + out.slice(cut >= 0 ? cut + 1 : first - lead);
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** "https://dangcongsan.vn/thoi-su/..." → "dangcongsan.vn"; other sources as they are. */
function sourceHost(source: string | undefined): string | undefined {
  if (!source) return undefined;
  try {
    return new URL(source).host || source;
  } catch {
    return source;
  }
}

/** "1,000+" when the server's total is a lower bound (`totalExact: false`), else the number. */
export function totalLabel(total: number, totalExact?: boolean): string {
  return totalExact === false ? `${total.toLocaleString('en-US')}+` : String(total);
}
