/**
 * The `superseded-reference` check: the brief cites a document that the corpus (or the
 * brief) says was replaced or repealed. It names the successor and the passage that says
 * so; its quick fix cites the successor instead, or says so in the text.
 *
 * Silent where the brief already says it ("… đã được thay thế bởi …", "… nay là …",
 * "… (đã hết hiệu lực)") in the mention's sentence, and where the brief cites it with its
 * successor ("A thay thế B": the brief states the relation itself).
 */
import type { ReferenceSite } from '../core/analyze';
import type { OffsetRange, FeatureContext, OpenDocument } from './context';
import { CardMemo, cardOfSite, documentCardForKey, formatIsoDate } from './documentCard';
import type { SourceRef } from '../core/documents/register';

export interface SupersededData {
  kind: 'superseded';
  key: string;
  status: 'replaced' | 'repealed';
  /** The successor (replacedBy / repealedBy), when known, with how to cite it. */
  successor?: { key: string; citation: string };
  source?: SourceRef;
}

export interface SupersededFinding {
  range: OffsetRange;
  message: string;
  data: SupersededData;
}

/** What, after a mention, says the writer knows ("đã được thay thế bởi", "nay là", "hết hiệu lực"). */
const ALREADY_SAID = /^[^.;!?\n]{0,80}?(?:(?:đã|đã\s+bị|đã\s+được|được|bị)\s+(?:thay\s+thế|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)|nay\s+là|hết\s+hiệu\s+lực|không\s+còn\s+hiệu\s+lực|trước\s+đây|cũ\))/iu;

export function supersededReferences(ctx: FeatureContext, doc: OpenDocument): SupersededFinding[] {
  const out: SupersededFinding[] = [];
  const refs = doc.analysis.references;
  // The brief's own relations: an acted-on document cited together with its successor is fine.
  const statedHere = new Set(doc.analysis.relations.map((r) => r.to));
  const memo: CardMemo = new Map();
  for (const site of refs) {
    if (statedHere.has(site.document)) continue;
    const { card } = cardOfSite(ctx, doc, site, [], memo);
    if (card.status !== 'replaced' && card.status !== 'repealed') continue;
    if (card.confidence === 'ambiguous' || card.confidence === 'mentions-only') continue;
    if (ALREADY_SAID.test(doc.text.slice(site.endOffset, site.endOffset + 160).normalize('NFC'))) continue;
    const rel = card.relations.find((r) => r.kind === 'replacedBy') ?? card.relations.find((r) => r.kind === 'repealedBy');
    const data: SupersededData = { kind: 'superseded', key: card.key, status: card.status };
    if (card.statusSource) data.source = card.statusSource;
    let message: string;
    if (rel) {
      const successor = documentCardForKey(ctx, rel.key, [doc]);
      data.successor = { key: rel.key, citation: citeHead(rel.key, successor?.typeName) };
      message = `${site.text} was ${card.status === 'replaced' ? 'replaced' : 'repealed'} by ${rel.key}${rel.date ? ` (${formatIsoDate(rel.date)})` : ''}${successor?.subject ? ` — ${successor.subject}` : ''}.`;
    } else {
      message = `${site.text} is no longer in force, as the corpus says.`;
    }
    out.push({ range: { start: site.startOffset, end: site.endOffset }, message, data });
  }
  return out;
}

/** How to cite the successor in place of the old mention: "Nghị định số 30/2020/NĐ-CP". */
function citeHead(key: string, typeName: string | undefined): string {
  if (/^L \D/u.test(key)) return `Luật ${key.slice(2).replace(/ (\d{4})$/, ' năm $1')}`;
  return typeName ? `${typeName} số ${key}` : key;
}

export interface SupersededFix {
  title: string;
  edits: Array<{ range: OffsetRange; newText: string }>;
  isPreferred: boolean;
}

/** Quick fixes: cite the successor instead; or keep the citation and say it was replaced. */
export function supersededFixes(doc: OpenDocument, range: OffsetRange, data: SupersededData): SupersededFix[] {
  if (!data.successor) return [];
  const site: ReferenceSite | undefined = doc.analysis.references.find((r) => r.startOffset === range.start);
  const end = site?.endOffset ?? range.end;
  const verb = data.status === 'replaced' ? 'đã được thay thế bởi' : 'đã bị bãi bỏ bởi';
  return [
    { title: `Cite ${data.successor.key} instead`, edits: [{ range: { start: range.start, end }, newText: data.successor.citation }], isPreferred: true },
    { title: `Say it: “(${verb} ${data.successor.citation})”`, edits: [{ range: { start: end, end }, newText: ` (${verb} ${data.successor.citation})` }], isPreferred: false },
  ];
}
