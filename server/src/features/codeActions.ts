/**
 * Code actions on a brief: quick fixes for the editorial diagnostics and refactors at the
 * cursor. Plain data: edits are original-offset ranges of the open document; commands are
 * the server's own (workspace/executeCommand), so every LSP client can run them.
 *
 *  - undefined-acronym      → add the acronym to the user glossary (command);
 *  - defined-late           → define it at its first use, and write the acronym alone where
 *                             it was defined;
 *  - defined-twice / -differently → write the acronym alone here;
 *  - ambiguous-reference    → cite one of the candidates in full;
 *  - superseded-reference   → cite the successor instead, or say it was replaced;
 *  - outdated-name          → replace with the successor, or append “(nay là …)” (outdatedNames.ts);
 *  - on any acronym         → define it at its first use ("Long form (ACR)"), expand it here;
 *  - on a short reference   → replace it with its full citation;
 *  - anywhere               → insert the table of abbreviations / the list of cited documents here.
 */
import { ServerCommands } from '../../../shared/protocol';
import { LineIndex } from '../core/lineIndex';
import { acronymInfo } from './acronymInfo';
import { expansionOf } from './briefCommands';
import type { FeatureContext, OffsetRange, OpenDocument } from './context';
import { siteAt } from './context';
import { definitionSpan, EditorialDiagnostic, isAcronymUse } from './diagnostics';
import { isShortForm, referenceInfo } from './referenceInfo';
import { supersededFixes } from './supersededReference';
import { outdatedNameFixes } from './outdatedNames';

export interface TextEditData {
  range: OffsetRange;
  newText: string;
}

export interface CommandData {
  title: string;
  command: string;
  /** JSON arguments; `at` (an offset of this document) is turned into an LSP position by the handler. */
  arguments: Array<Record<string, unknown>>;
}

export type ActionKind = 'quickfix' | 'refactor.rewrite' | 'source';

export interface CodeActionData {
  title: string;
  kind: ActionKind;
  edits?: TextEditData[];
  command?: CommandData;
  /** The diagnostic this action fixes. */
  fixes?: EditorialDiagnostic;
  isPreferred?: boolean;
}

export interface CodeActionOptions {
  /** Offer the source actions that insert the abbreviations table and the list of cited documents. */
  sourceActions?: boolean;
}

export function codeActions(
  ctx: FeatureContext,
  doc: OpenDocument,
  range: OffsetRange,
  diagnostics: readonly EditorialDiagnostic[],
  options: CodeActionOptions = {},
): CodeActionData[] {
  const out: CodeActionData[] = [];
  const lines = new LineIndex(doc.text);
  for (const d of diagnostics) out.push(...fixesFor(doc, d));
  out.push(...acronymRefactors(ctx, doc, range, lines, out));
  out.push(...referenceRefactors(ctx, doc, range, out));
  if (options.sourceActions !== false) {
    out.push(
      {
        title: 'Insert the table of abbreviations here (Danh mục từ viết tắt)',
        kind: 'source',
        command: { title: 'Insert abbreviations table', command: ServerCommands.insertAbbreviations, arguments: [{ uri: doc.uri, at: range.start }] },
      },
      {
        title: 'Insert the list of cited documents here',
        kind: 'source',
        command: { title: 'Insert list of cited documents', command: ServerCommands.insertCitedDocuments, arguments: [{ uri: doc.uri, at: range.start }] },
      },
    );
  }
  return out;
}

function fixesFor(doc: OpenDocument, d: EditorialDiagnostic): CodeActionData[] {
  const data = d.data;
  switch (d.code) {
    case 'undefined-acronym': {
      const acronym = data?.kind === 'acronym' ? data.acronym : doc.text.slice(d.range.start, d.range.end);
      return [
        {
          title: `Add ${acronym} to the user glossary`,
          kind: 'quickfix',
          command: { title: `Add ${acronym} to the user glossary`, command: ServerCommands.addToGlossary, arguments: [{ acronym, uri: doc.uri }] },
          fixes: d,
        },
      ];
    }
    case 'defined-late': {
      if (data?.kind !== 'definition' || !data.firstUse) return [];
      const use = data.firstUse;
      if (doc.text.slice(use.start, use.end) !== data.acronym && doc.text.slice(use.start, use.end).normalize('NFC') !== data.acronym) return [];
      return [
        {
          title: `Define ${data.acronym} at its first use: “${data.longForm} (${data.acronym})”`,
          kind: 'quickfix',
          edits: [
            { range: use, newText: `${data.longForm} (${data.acronym})` },
            { range: data.definition, newText: data.acronym },
          ],
          fixes: d,
          isPreferred: true,
        },
      ];
    }
    case 'defined-twice':
    case 'defined-differently': {
      if (data?.kind !== 'definition') return [];
      return [
        {
          title: `Write ${data.acronym} alone here (it is defined earlier)`,
          kind: 'quickfix',
          edits: [{ range: data.definition, newText: data.acronym }],
          fixes: d,
          isPreferred: d.code === 'defined-twice',
        },
      ];
    }
    case 'ambiguous-reference':
    case 'unresolved-reference': {
      if (data?.kind !== 'reference') return [];
      return data.candidates.slice(0, 5).map((c, i) => ({
        title: `Cite in full: ${shorten(c.citation)}`,
        kind: 'quickfix' as const,
        edits: [{ range: d.range, newText: c.citation }],
        fixes: d,
        isPreferred: i === 0 && data.candidates.length === 1,
      }));
    }
    case 'superseded-reference':
      return data?.kind === 'superseded' ? supersededFixes(doc, d.range, data).map((f) => ({ ...f, kind: 'quickfix' as const, fixes: d })) : [];
    case 'outdated-name':
      return outdatedNameFixes(doc, d);
    default:
      return [];
  }
}

function acronymRefactors(ctx: FeatureContext, doc: OpenDocument, range: OffsetRange, lines: LineIndex, already: CodeActionData[]): CodeActionData[] {
  const a = doc.analysis;
  const site = siteAt(a.uses, range.start) ?? siteAt(a.definitions, range.start);
  if (!site || !isAcronymUse(doc.text, site)) return [];
  const info = acronymInfo(ctx, doc, site.key, site.acronym);
  const expansion = expansionOf(info);
  if (!expansion) return [];
  const out: CodeActionData[] = [];
  const uses = a.uses.filter((u) => u.key === site.key && isAcronymUse(doc.text, u));
  const first = uses[0];
  const def = info.inBrief[0];
  const defSpan = def ? definitionSpan(doc.text, def, lines) : undefined;
  const defSpans = info.inBrief.map((x) => definitionSpan(doc.text, x, lines));
  const insideDef = (o: number) => defSpans.some((s) => o >= s.start && o < s.end);
  // define at first use: when the brief does not define it, or defines it after a use
  if (first && !insideDef(first.startOffset) && (!def || first.startOffset < def.startOffset)) {
    const title = `Define ${site.acronym} at its first use: “${expansion.longForm} (${site.acronym})”`;
    if (!already.some((x) => x.title === title || (x.fixes?.code === 'defined-late' && x.fixes.data?.kind === 'definition' && x.fixes.data.key === site.key))) {
      const edits: TextEditData[] = [{ range: { start: first.startOffset, end: first.endOffset }, newText: `${expansion.longForm} (${site.acronym})` }];
      if (def && defSpan) edits.push({ range: defSpan, newText: def.acronym });
      out.push({ title, kind: 'refactor.rewrite', edits });
    }
  }
  // expand this use (not a definition)
  if (!insideDef(site.startOffset) && (a.uses as readonly object[]).includes(site)) {
    out.push({
      title: `Expand ${site.acronym} to “${expansion.longForm}”`,
      kind: 'refactor.rewrite',
      edits: [{ range: { start: site.startOffset, end: site.endOffset }, newText: expansion.longForm }],
    });
  }
  return out;
}

function referenceRefactors(ctx: FeatureContext, doc: OpenDocument, range: OffsetRange, already: CodeActionData[]): CodeActionData[] {
  const site = siteAt(doc.analysis.references, range.start);
  if (!site || !isShortForm(site)) return [];
  let info;
  try {
    info = referenceInfo(ctx, doc, site);
  } catch {
    return [];
  }
  const out: CodeActionData[] = [];
  for (const c of info.candidates.slice(0, 5)) {
    const title = `Cite in full: ${shorten(c.citation)}`;
    if (c.citation === site.text || already.some((x) => x.title === title)) continue;
    out.push({ title, kind: 'refactor.rewrite', edits: [{ range: { start: site.startOffset, end: site.endOffset }, newText: c.citation }] });
  }
  return out;
}

function shorten(s: string, max = 90): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
