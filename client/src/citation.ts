/**
 * "Policy Lens: Insert Citation": pick a passage with the search picker and cite it in the
 * active editor, as a Markdown footnote ([^n] at the cursor, its definition at the end of
 * the document, numbered after the footnotes already there) or inline "(Title, date,
 * source)", per `policyLens.citationStyle`.
 *
 * One editor.edit, so one undo removes the whole citation; the writer's text is never
 * replaced (with a selection, the citation goes after it).
 *
 * The footnote helpers below read only Markdown footnote syntax ([^label]), not prose;
 * the citation's facts (title, date, source) come from the server's search hit.
 */
import * as vscode from 'vscode';
import type { SearchHit } from '../../shared/protocol';
import { CitationStyle, ClientSettings } from './ids';
import { isOpenedPassage } from './passages';
import type { CorpusSearch } from './search';

export type CitedSource = Pick<SearchHit, 'uri' | 'title'> & Partial<Pick<SearchHit, 'date' | 'source' | 'origin'>>;

export interface CitationOptions {
  style?: CitationStyle;
}

export interface InsertedCitation {
  style: CitationStyle;
  /** What went in at the cursor: "[^3]" or " (Title, date, source)". */
  reference: string;
  /** The footnote definition added at the end, if any (none when an identical one was reused). */
  definition?: string;
}

export class Citations {
  constructor(private readonly search: CorpusSearch) {}

  /**
   * `policyLens.insertCitation [hit | query] [options]`: without arguments the search
   * picker; with a search hit, cites it; with a query string, cites its best hit (no UI).
   */
  async command(arg?: unknown, options: CitationOptions = {}): Promise<InsertedCitation | undefined> {
    const editor = targetEditor();
    if (!editor) {
      void vscode.window.showInformationMessage('Policy Lens: open the brief to cite into, then run Insert Citation.');
      return undefined;
    }
    let hit: CitedSource | undefined;
    if (isHit(arg)) hit = arg;
    else if (typeof arg === 'string') {
      hit = (await this.search.search(arg, { limit: 1 })).results[0];
      if (!hit) {
        void vscode.window.showWarningMessage(`Policy Lens: no corpus passage matches "${arg}".`);
        return undefined;
      }
    } else {
      const picked = await this.search.pickPassage({ title: 'Policy Lens: Insert Citation', acceptVerb: 'insert a citation' });
      hit = picked?.hit;
    }
    if (!hit) return undefined;
    // The picker may have moved focus; cite into the editor that was active when the command started.
    return insertCitation(editor, hit, options.style ?? citationStyle());
  }
}

/**
 * The editor to cite into: the active one, unless it shows a corpus passage Policy Lens
 * opened (a search hit, a glossary source); then the visible brief beside it, if any.
 */
function targetEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active && !isOpenedPassage(active.document.uri)) return active;
  return vscode.window.visibleTextEditors.find((e) => !isOpenedPassage(e.document.uri) && e.document.uri.scheme !== 'output') ?? undefined;
}

export function citationStyle(): CitationStyle {
  const v = vscode.workspace.getConfiguration('policyLens').get<string>(ClientSettings.citationStyle, 'footnote');
  return v === 'inline' ? 'inline' : 'footnote';
}

/** Inserts the citation at the editor's cursor (after the selection), as one undoable edit. */
export async function insertCitation(editor: vscode.TextEditor, hit: CitedSource, style: CitationStyle): Promise<InsertedCitation | undefined> {
  const doc = editor.document;
  const at = editor.selection.end;
  const text = doc.getText();
  const citation = citationText(hit);
  let result: InsertedCitation;
  let endInsert: { at: vscode.Position; text: string } | undefined;
  if (style === 'inline') {
    const before = at.character > 0 ? doc.lineAt(at.line).text.charAt(at.character - 1) : '';
    result = { style, reference: `${before && !/[\s([{]/.test(before) ? ' ' : ''}(${citation})` };
  } else {
    const plan = planFootnote(text, citation);
    result = { style, reference: `[^${plan.label}]`, definition: plan.definition };
    if (plan.definition !== undefined) endInsert = { at: doc.positionAt(text.length), text: plan.prefix + plan.definition };
  }
  const ok = await editor.edit((b) => {
    b.insert(at, result.reference);
    if (endInsert) b.insert(endInsert.at, endInsert.text);
  });
  if (!ok) {
    void vscode.window.showErrorMessage('Policy Lens: could not insert the citation (the document changed or is read-only).');
    return undefined;
  }
  // Leave the cursor right after the reference, where the writer goes on typing.
  const after = doc.positionAt(doc.offsetAt(at) + result.reference.length);
  editor.selection = new vscode.Selection(after, after);
  return result;
}

/** "Title, date, source" from the hit (parts that are unknown are left out). */
export function citationText(hit: CitedSource): string {
  const title = oneLine(hit.title) || decodeURIComponent(vscode.Uri.parse(hit.uri).path.split('/').pop() ?? hit.uri);
  // A Word, PDF or HTML source without a web address is cited by its file and page.
  const where = hit.source ? oneLine(hit.source) : hit.origin && oneLine(hit.origin);
  return [title, hit.date && oneLine(hit.date), where].filter(Boolean).join(', ');
}

export interface FootnotePlan {
  /** Label to reference: a new number, or the label of an identical existing definition. */
  label: string;
  /** The definition line to append ("[^3]: citation\n"), undefined when reused. */
  definition?: string;
  /** Newlines to put between the document's end and the definition. */
  prefix: string;
}

/**
 * Where and how a footnote for `citation` goes in a Markdown text: reuses an existing
 * definition with the same text, else numbers after the highest numeric footnote label and
 * appends the definition at the end (after the footnote block if the text ends with one,
 * else after a blank line).
 */
export function planFootnote(text: string, citation: string): FootnotePlan {
  const defRe = /^\[\^([^\]\s]+)\]:[ \t]*(.*)$/gm;
  let m: RegExpExecArray | null;
  while ((m = defRe.exec(text))) if (m[2].trim() === citation) return { label: m[1], prefix: '' };
  const label = String(nextFootnoteNumber(text));
  const lines = text.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1] ?? '';
  let prefix: string;
  if (text.trim() === '') prefix = '';
  else if (/^\[\^[^\]\s]+\]:/.test(last)) prefix = text.endsWith('\n') ? '' : '\n';
  else prefix = text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return { label, definition: `[^${label}]: ${citation}\n`, prefix };
}

/** One more than the highest numeric footnote label ([^3] → 4); 1 when there is none. */
export function nextFootnoteNumber(text: string): number {
  let max = 0;
  for (const m of text.matchAll(/\[\^(\d+)\]/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function isHit(v: unknown): v is CitedSource {
  const h = v as CitedSource;
  return !!h && typeof h === 'object' && typeof h.uri === 'string' && typeof h.title === 'string';
}
