/**
 * Issuers decoded from a document's symbol, by the official conventions: the issuer
 * abbreviations of State documents (Nghị định 30/2020/NĐ-CP), the National Assembly's term
 * numbers (QH13 = khóa XIII) and the Party's document format (Hướng dẫn 36-HD/VPTW: /TW for
 * the Central Committee, the Politburo and the Secretariat alike).
 *
 * The table is data with its sources (server/data/issuer-codes.json), not code; it works with
 * no corpus at all. Codes only: which body existed when is the institutions register's job.
 */
import table from '../../../data/issuer-codes.json';

export interface IssuerCodeEntry {
  name: string;
  /** Short form for Party codes ("Trung ương Đảng"). */
  short?: string;
  /** The organs that sign under this code (TW: Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư). */
  organs?: string[];
  /** The code carries a term number (QH13, UBTVQH14). */
  termed?: boolean;
  /** The code is one body per place (UBND, HĐND, TU): the text names the place. */
  place?: boolean;
  since?: string;
  until?: string;
  successor?: string;
  /** Key into `sources`. */
  source: string;
}

export interface DecodedIssuer {
  /** The code as written in the symbol ("QH13", "BTC"). */
  code: string;
  /** The body ("Quốc hội khóa XIII", "Bộ Tài chính"). */
  name: string;
  /** The term in Roman numerals, when the code carries one. */
  term?: string;
  /** One body per place: the name needs the place the text gives (Ủy ban nhân dân … tỉnh X). */
  place?: boolean;
  /** Organs that sign under a Party code; the prose says which one. */
  organs?: string[];
  /** Where the convention is written down. */
  source: string;
}

interface Table {
  sources: Record<string, string>;
  party: Record<string, IssuerCodeEntry>;
  state: Record<string, IssuerCodeEntry>;
}

const TABLE = table as unknown as Table;
const PARTY = new Map(Object.entries(TABLE.party).map(([k, v]) => [k.toUpperCase(), v]));
const STATE = new Map(Object.entries(TABLE.state).map(([k, v]) => [k.toUpperCase(), v]));

/** The text of a source key ("ND30" → "Nghị định 30/2020/NĐ-CP …"). */
export function issuerSource(key: string): string {
  return TABLE.sources[key] ?? key;
}

function roman(n: number): string {
  const table: [number, string][] = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

/** One piece of an issuer ("QH13", "BTC", "TW"). */
export function decodeIssuerCode(piece: string, party = false): DecodedIssuer | undefined {
  const up = piece.toUpperCase().replace(/TƯ/g, 'TW');
  const termed = /^(UBTVQH|QH)(\d{1,2})$/.exec(up);
  if (termed) {
    const e = STATE.get(termed[1])!;
    const n = Number(termed[2]);
    if (n < 1 || n > 20) return undefined;
    return { code: piece, name: `${e.name} khóa ${roman(n)}`, term: roman(n), source: issuerSource(e.source) };
  }
  const e = (party ? PARTY.get(up) ?? STATE.get(up) : STATE.get(up) ?? PARTY.get(up));
  if (!e) return undefined;
  const out: DecodedIssuer = { code: piece, name: e.name, source: issuerSource(e.source) };
  if (e.place) out.place = true;
  if (e.organs) out.organs = e.organs;
  return out;
}

/**
 * The issuers a symbol's issuer part names. A joint circular (TTLT-BTC-BYT) has one per
 * piece; otherwise the first piece is the body and the others its units ("BTC-TCDN":
 * Bộ Tài chính, Cục Tài chính doanh nghiệp), so only a decodable first piece counts.
 */
export function decodeIssuers(issuer: string | undefined, options: { joint?: boolean; party?: boolean } = {}): DecodedIssuer[] {
  if (!issuer) return [];
  const pieces = issuer.split('-').filter(Boolean);
  if (options.joint) return pieces.flatMap((p) => decodeIssuerCode(p, options.party) ?? []);
  const first = decodeIssuerCode(pieces[0], options.party);
  return first ? [first] : [];
}
