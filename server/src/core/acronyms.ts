/**
 * Acronym miner: definitions ("Ngân hàng Nhà nước (NHNN)"), source tags that look like
 * definitions but are not ("(TTXVN) -", "(Nguồn: AFP/TTXVN)", a byline "Diệp Trương (TTXVN)"),
 * and acronym uses for hover and editorial checks.
 *
 * Pure: no I/O, no editor or LSP imports. Offsets are UTF-16 offsets into the NFC text the
 * caller passes (see text.ts for the map back to the original file).
 *
 * Method (Schwartz & Hearst 2003, adapted to Vietnamese; see docs/vietnamese-domain §4):
 *  1. a short-form candidate is an acronym-shaped token inside parentheses, or right before
 *     a parenthesis (ACR(long)) or a dash (ACR-long);
 *  2. the long-form candidate window is the clause before the "(" (it stops at . ; : ! ?
 *     and at other parentheses, never crosses the caller's span);
 *  3. strategies, most reliable first; the first that succeeds wins:
 *     a. letter matching on folded keys (Ủy→u, Đ→d), one acronym letter per syllable
 *        initial, function words (của, và, các ...) may be skipped, "&" matches "và", all-caps
 *        words contribute their letters (Ngân hàng TMCP), a lower-case acronym letter (TTg,
 *        HoREA, IoT) may come from inside the previous word, an upper-case one from inside a
 *        foreign word (Balance Free Cushion → BFRC) at a cost;
 *     b. the `known` glossary expansions, compared on folded words;
 *     c. a quoted name right before the parenthesis: tổ chức "Nhà nước Hồi giáo" (IS);
 *     d. the name-phrase rule, only for acronyms that cannot be Vietnamese initials
 *        (plain ASCII): a capitalised organisation head noun (Tổ chức, Liên minh, Cục ...)
 *        in the clause starts the long form; without one, a run of capitalised syllables
 *        (Nhà nước Hồi giáo, Huy động Nhân dân), never a person's name.
 *  Precision matters more than recall: when no strategy is sure, nothing is reported.
 */
import { exactKey, foldKey } from './text';

export type DefinitionPattern = 'long(ACR)' | 'ACR(long)' | 'ACR-long';

export interface AcronymDefinition {
  /** The short form as written (a numeric qualifier the long form carries is kept: "SOM 2"). */
  acronym: string;
  /** acronymKey(acronym). */
  key: string;
  /** Offsets of the acronym in the text. */
  start: number;
  end: number;
  /** The long form as written (case, diacritics and inner punctuation kept). */
  longForm: string;
  longStart: number;
  longEnd: number;
  pattern: DefinitionPattern;
  /** How the long form was found (for diagnostics and confidence display). */
  method?: MatchMethod;
}

/** letters: syllable initials; known: a glossary expansion; quoted / head / name: name-phrase rules. */
export type MatchMethod = 'letters' | 'known' | 'quoted' | 'head' | 'name';

export type AttributionKind = 'lead' | 'source' | 'photo' | 'credit';

export interface AcronymAttribution {
  acronym: string;
  key: string;
  start: number;
  end: number;
  /** lead: tag opening an article or paragraph; source: "(Nguồn: …)"; photo: "(Ảnh: …)"; credit: byline. */
  kind: AttributionKind;
}

export interface AcronymUse {
  acronym: string;
  key: string;
  start: number;
  end: number;
}

export interface MinedAcronyms {
  definitions: AcronymDefinition[];
  attributions: AcronymAttribution[];
}

// ---------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------

/**
 * Canonical lookup key of an acronym: NFC, Ð→Đ, upper case, and the separators writers use
 * interchangeably removed: dots, hyphens, dashes, spaces and "&" (TP.HCM = TPHCM = TP HCM,
 * KT-XH = KTXH, NN&PTNT = NNPTNT, SOM -2 = SOM 2 = SOM2). "/" and "+" are kept because they
 * change the meaning (C/O is not CO, ADMM+ is not ADMM).
 *
 * TƯ / T.Ư / TW: all three abbreviate "Trung ương" (the Central Committee). TW is the form
 * of document symbols (34-NQ/TW), TƯ and T.Ư the forms of prose; a writer looking up one
 * wants the others, so the key maps "TƯ" to "TW" (after separators are removed, so T.Ư
 * too). No other acronym uses Ư for something else in practice; the letter stays as it is
 * elsewhere. Đ stays distinct from D (ĐH đại học is not DH).
 */
export function acronymKey(acronym: string): string {
  return acronym
    .normalize('NFC')
    .replace(/\u00d0/g, '\u0110')
    .replace(/\u00f0/g, '\u0111')
    .toUpperCase()
    .replace(/[\s.\-\u2010-\u2015&]/g, '')
    .replace(/TƯ/g, 'TW');
}

/**
 * Key of a long form for the reverse lookup (hover on "Đối tác chiến lược toàn diện" shows
 * CSP): folded (no marks, đ→d, lower case), every run of non-letters/digits one space, so
 * "châu Á-Thái Bình Dương" and "châu Á - Thái Bình Dương" are one key.
 */
export function longFormKey(longForm: string): string {
  return foldKey(longForm.normalize('NFC'))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------
// Small closed lists
// ---------------------------------------------------------------------------------------

/** A closed word list as a set of exact keys (diacritics kept: "từ" is not "tư", "đã" is not "đá"). */
function exactSet(words: string[]): Set<string> {
  return new Set(words.map((w) => w.split(' ').map(exactKey).join(' ')));
}

/** Function words a long form may contain without an acronym letter. */
const FUNCTION_WORDS = exactSet([
  'của', 'và', 'các', 'về', 'với', 'cho', 'trong', 'tại', 'ở', 'từ', 'đến', 'là', 'những', 'một', 'hoặc', 'theo',
  'thuộc', 'giữa', 'trên', 'dưới',
  // foreign function words in English/French long forms
  'of', 'and', 'the', 'for', 'in', 'on', 'to', 'a', 'an', 'at', 'by', 'de', 'du', 'des', 'la', 'le', 'les', 'et',
]);

/** Words that end a name run going left (prepositions, conjunctions, auxiliaries). */
const NAME_BREAK_WORDS = exactSet([
  'của', 'và', 'với', 'cho', 'trong', 'tại', 'ở', 'từ', 'đến', 'là', 'theo', 'thuộc', 'giữa', 'trên', 'dưới',
  'do', 'bởi', 'hoặc', 'như', 'vào', 'ra', 'khi', 'mà', 'thì', 'nhưng', 'cũng', 'đã', 'đang', 'sẽ', 'được', 'bị',
  // relational adjectives before a name: phiến quân Maute thân Nhà nước Hồi giáo
  'thân', 'chống', 'phe',
]);

/** Verbs' auxiliaries and clause words: never inside a name. */
const CLAUSE_WORDS = exactSet(['đã', 'được', 'là', 'bị', 'sẽ', 'đang', 'thì', 'mà', 'rằng', 'nếu', 'cũng', 'vẫn', 'đều', 'vừa', 'khi', 'nhưng']);

/** A meeting: "Hội nghị Thượng đỉnh Nhóm … (G20)" names the group, not the meeting. */
const MEETING = exactSet(['hội nghị']).values().next().value as string;

/** "đảng" (party): written lower case before a foreign party's name, and part of it. */
const PARTY = exactKey('đảng');

/**
 * Group classifiers: a capital on them at a sentence start says nothing ("Nhóm Nhà nước Hồi
 * giáo (IS)"). Only "nhóm": Lực lượng and Phong trào open many names (Lực lượng Dân chủ Syria).
 */
const CLASSIFIER_HEADS = exactSet(['nhóm']);

/** Media classifiers: "Tờ Bưu điện Hoa Nam Buổi sáng", "báo The Guardian": not part of the name. */
const MEDIA_CLASSIFIERS = exactSet(['tờ', 'báo', 'hãng', 'kênh', 'trang']);

const VA = exactKey('và');
/** Lower-case words a byline may contain: "Tin, ảnh: …", "Theo …", "Bài và ảnh: …". */
const BYLINE_WORDS = exactSet(['theo', 'ảnh', 'tin', 'bài', 'và']);
const LAN = exactKey('lần');
const THU = exactKey('thứ');
/** Words before a number that the acronym's qualifier repeats: năm 1982, khóa XIII, lần thứ 23, số 9. */
const QUALIFIER_WORDS = exactSet(['năm', 'khóa', 'khoá', 'thứ', 'số']);
const CAC = exactKey('các');
const THUOC = exactKey('thuộc');
const HOAC = exactKey('hoặc');

/**
 * Organisation / agreement / programme head nouns that start a Vietnamese name (folded,
 * syllables separated by one space). Longest first at a position wins.
 */
const HEAD_NOUNS: string[] = [
  'tổ chức', 'liên hiệp', 'hiệp hội', 'hội', 'ngân hàng', 'quỹ', 'liên minh', 'liên đoàn', 'tổng liên đoàn',
  'diễn đàn', 'hiệp định', 'hiệp ước', 'ủy ban', 'ủy hội', 'hội đồng', 'công ước', 'chương trình', 'cơ quan',
  'trung tâm', 'viện', 'học viện', 'tập đoàn', 'tổng công ty', 'công ty', 'cty', 'tổng cty', 'cục', 'tổng cục',
  'văn phòng', 'sở', 'bộ', 'bệnh viện', 'đài', 'hãng', 'nhóm', 'mạng lưới', 'đảng', 'lực lượng', 'quân đội',
  'mặt trận', 'phong trào', 'hệ thống', 'đạo luật', 'kế hoạch', 'đối thoại', 'đối tác', 'tiểu ban', 'hội nghị',
  'tòa án', 'cộng đồng', 'sáng kiến', 'chiến lược', 'dự án', 'câu lạc bộ', 'phòng', 'trường', 'đại học',
  'thỏa thuận', 'viện kiểm sát', 'tạp chí', 'thông tấn xã', 'sở giao dịch', 'khối', 'ban', 'tcty', 'ctcp',
];
/** Keys: exact (diacritics kept, tone placement canonical), so Hồi is not Hội and Đại is not Đài. */
const HEAD_NOUN_SET = new Set(HEAD_NOUNS.map((h) => h.split(' ').map(exactKey).join(' ')));
const MAX_HEAD_SYLLABLES = 3;
/** Common words and place names that start with a one-syllable head noun but are not names. */
const NOT_HEADS = new Set(
  ['đài loan', 'đài bắc', 'phòng thủ', 'phòng chống', 'phòng ngừa', 'phòng vệ', 'phòng dịch', 'phòng cháy', 'phòng họp',
   'viện trợ', 'viện dẫn', 'sở hữu', 'sở dĩ', 'trường hợp', 'hội nhập', 'hội thảo', 'hội viên', 'hội chứng', 'bộ đội',
   'bộ phận', 'bộ máy', 'bộ ngành', 'ban hành', 'ban đầu', 'ban ngày', 'quỹ đạo', 'khối lượng', 'cục diện', 'cục bộ', 'đảng viên',
   'đảng ủy', 'đảng bộ', 'nhóm họp', 'sở thích', 'viện phí']
    .map((f) => f.split(' ').map(exactKey).join(' ')),
);

/** Titles of persons: a name run that opens with one is about a person (Trưởng phòng …, Giám đốc …). */
const TITLES = new Set(
  ['trưởng', 'phó', 'giám đốc', 'chủ tịch', 'tổng thống', 'thủ tướng', 'bộ trưởng', 'thứ trưởng', 'cục trưởng', 'viện trưởng',
   'tổng thư ký', 'thư ký', 'tổng giám đốc', 'thống đốc', 'chủ nhiệm', 'đại sứ', 'tư lệnh', 'chỉ huy', 'người phát ngôn', 'phát ngôn viên',
   'thượng tá', 'đại tá', 'trung tá', 'thiếu tá', 'tướng', 'thiếu tướng', 'trung tướng', 'đại tướng']
    .map((f) => f.split(' ').map(exactKey).join(' ')),
);

function titleAt(words: Word[], i: number): number {
  for (let n = 3; n >= 1; n--) {
    if (i + n > words.length) continue;
    if (TITLES.has(words.slice(i, i + n).map((w) => w.exact).join(' '))) return n;
  }
  return 0;
}

/** A head noun followed by one of these is a person's title (Cục trưởng, Viện phó), not a name. */
const TITLE_SUFFIXES = new Set(['trưởng', 'phó'].map(exactKey));

/** Common Vietnamese family names: a run of capitalised syllables starting with one is a person. */
const SURNAMES = exactSet([
  'nguyễn', 'trần', 'lê', 'phạm', 'hoàng', 'huỳnh', 'phan', 'vũ', 'võ', 'đặng', 'bùi', 'đỗ', 'hồ', 'ngô', 'dương',
  'lý', 'đinh', 'trịnh', 'trương', 'mai', 'cao', 'lâm', 'lương', 'hà', 'tạ', 'đoàn', 'vương', 'chu', 'quách', 'thái',
]);

/** Attribution prefixes inside parentheses. */
const ATTRIBUTION_PREFIX =
  /^\s*(nguồn(?:\s+ảnh)?|ảnh|video|clip|đồ\s*họa|đồ\s*hoạ|infographic|tin(?:\s*,\s*ảnh)?|bài(?:\s*,\s*ảnh)?|tin\s+và\s+ảnh)\s*:/iu;
/** "(Theo AFP)", "(tổng hợp theo TTXVN, Tuổi Trẻ)": a credit when a name follows (not "(Theo dự thảo TTLT)"). */
const CREDIT_PREFIX = /^\s*([Tt]heo|[Tt]ổng\s+hợp\s+theo|[Ll]ược\s+dịch\s+theo)\s+(?=[\p{Lu}\d])/u;

/** Markers of an acronym introduced after words ("gọi tắt là VNBA"). */
const ALIAS_PREFIX = /^\s*(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi\s+tắt\s+là|viết\s+tắt\s+là|gọi\s+tắt|viết\s+tắt|tên\s+viết\s+tắt(?:\s+là)?\s*:?|tên\s+gọi\s+tắt(?:\s+là)?\s*:?|gọi\s+là)\s+/iu;

const VIET_NUMBERS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín', 'mười'];

// ---------------------------------------------------------------------------------------
// Acronym shape
// ---------------------------------------------------------------------------------------

const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/;
/** I/V/X Roman numerals (khóa XIII, thế kỷ XXI, quý IV). */
const ROMAN = /^(?=[IVX]+$)X{0,3}(?:IX|IV|V?I{0,3})$/;
/** A character of an acronym-ish token (letters, digits and the joiners . - & / +). */
const TOKEN_CHAR = /[\p{L}\p{N}.\-&/+]/u;

function isUpper(c: string): boolean {
  const x = c.charCodeAt(0);
  if (x < 128) return x >= 65 && x <= 90;
  return c !== c.toLowerCase() && c === c.toUpperCase();
}
function isLower(c: string): boolean {
  const x = c.charCodeAt(0);
  if (x < 128) return x >= 97 && x <= 122;
  return c !== c.toUpperCase() && c === c.toLowerCase();
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * True when a token (no spaces) has the shape of an acronym: starts with a capital, at
 * least two capitals (or one capital and a digit: G20, COP28), no more lower-case than
 * upper-case letters (TTg, HoREA, IoT yes; VietinBank no), no tone marks (an all-caps word
 * such as ĐẢNG is shouting, not an acronym), not an I/V/X Roman numeral, not a single letter.
 */
export function isAcronymShape(token: string): boolean {
  if (token.length < 2 || token.length > 20) return false;
  if (!isUpper(token[0])) return false;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  for (const c of token) {
    if (isUpper(c)) upper++;
    else if (isLower(c)) lower++;
    else if (isDigit(c)) digits++;
  }
  if (upper + lower + digits < 2) return false;
  if (upper < 2 && !(upper >= 1 && digits >= 1)) return false;
  if (lower > upper) return false;
  if (/[^\x00-\x7f]/.test(token) && TONE_MARK.test(token.normalize('NFD'))) return false;
  const bare = token.replace(/[.\-&/+]/g, '');
  if (ROMAN.test(bare)) return false;
  // a document number (30/2020/NĐ-CP, 34-NQ/TW) is a reference, not an acronym use
  if (/\d/.test(token) && /\//.test(token) && /(^|[/-])\d+([/-]|$)/.test(token)) return false;
  return true;
}

interface Unit {
  kind: 'letter' | 'digits' | 'amp';
  /** folded lower-case letter, or the digit string */
  value: string;
  /** the letter was lower case in the acronym (TTg): may come from inside the previous word */
  lower: boolean;
}

function acronymUnits(acronym: string): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < acronym.length) {
    const c = acronym[i];
    if (isDigit(c)) {
      let j = i;
      while (j < acronym.length && isDigit(acronym[j])) j++;
      units.push({ kind: 'digits', value: acronym.slice(i, j), lower: false });
      i = j;
      continue;
    }
    if (c === '&') units.push({ kind: 'amp', value: '&', lower: false });
    else if (isUpper(c) || isLower(c)) units.push({ kind: 'letter', value: foldKey(c), lower: isLower(c) });
    i++;
  }
  return units;
}

function isAsciiAcronym(acronym: string): boolean {
  return /^[A-Za-z0-9.\-&/+ ]+$/.test(acronym);
}

// ---------------------------------------------------------------------------------------
// Words of a span
// ---------------------------------------------------------------------------------------

interface Word {
  start: number;
  end: number;
  text: string;
  fold: string;
  /** exact key (diacritics kept): head nouns are compared on it */
  exact: string;
  cap: boolean;
  /** all letters upper case and at least two of them (an embedded acronym such as TMCP) */
  caps: boolean;
  /** no Vietnamese letters: a foreign word (inner letters may be acronym letters) */
  foreign: boolean;
}

const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*|&/gu;

type WordInfo = Omit<Word, 'start' | 'end'>;

/**
 * Everything about a word that depends on its text only, memoised: a corpus has a few
 * thousand distinct syllables, and the keys (NFD work) dominate mining time otherwise.
 * Bounded so memory stays flat.
 */
const wordMemo = new Map<string, WordInfo>();

function wordInfo(text: string): WordInfo {
  let info = wordMemo.get(text);
  if (!info) {
    if (wordMemo.size >= 100_000) wordMemo.clear();
    let upper = 0;
    let letters = 0;
    for (const c of text) {
      if (isUpper(c)) upper++;
      if (isUpper(c) || isLower(c)) letters++;
    }
    info = {
      text,
      fold: foldKey(text),
      exact: exactKey(text),
      cap: text.length > 0 && isUpper(text[0]),
      caps: upper >= 2 && upper === letters,
      foreign: /^[A-Za-z'’]+$/.test(text),
    };
    wordMemo.set(text, info);
  }
  return info;
}

function makeWord(text: string, start: number): Word {
  const i = wordInfo(text);
  return { text, fold: i.fold, exact: i.exact, cap: i.cap, caps: i.caps, foreign: i.foreign, start, end: start + text.length };
}

/**
 * A second, allocation-free memo for the scanner: words are found by a hash of their
 * characters (computed while scanning) and compared in place, so a known word costs no
 * substring. Open addressing; cleared when full, like wordMemo.
 */
const SCAN_MEMO_MAX = 100_000;
const SCAN_SLOTS = 1 << 18;
const scanSlots = new Int32Array(SCAN_SLOTS);
const scanHashes: number[] = [];
const scanInfos: WordInfo[] = [];

function scannedInfo(text: string, start: number, end: number, hash: number): WordInfo {
  const len = end - start;
  let slot = hash & (SCAN_SLOTS - 1);
  for (let k = scanSlots[slot]; k !== 0; k = scanSlots[slot]) {
    const info = scanInfos[k - 1];
    if (scanHashes[k - 1] === hash && info.text.length === len && text.startsWith(info.text, start)) return info;
    slot = (slot + 1) & (SCAN_SLOTS - 1);
  }
  if (scanInfos.length >= SCAN_MEMO_MAX) {
    scanSlots.fill(0);
    scanHashes.length = 0;
    scanInfos.length = 0;
    slot = hash & (SCAN_SLOTS - 1);
  }
  const info = wordInfo(text.slice(start, end));
  scanHashes.push(hash);
  scanInfos.push(info);
  scanSlots[slot] = scanInfos.length;
  return info;
}

/**
 * A word found by the scanner. Its text-dependent fields are looked up on first use: a
 * long line has hundreds of words and the rules read only those near a parenthesis or dash.
 */
class ScannedWord implements Word {
  private info: WordInfo | undefined;
  constructor(
    private readonly src: string,
    readonly start: number,
    readonly end: number,
    private readonly hash: number,
  ) {}

  private get i(): WordInfo {
    return (this.info ??= scannedInfo(this.src, this.start, this.end, this.hash));
  }
  get text(): string {
    return this.i.text;
  }
  get fold(): string {
    return this.i.fold;
  }
  get exact(): string {
    return this.i.exact;
  }
  get cap(): boolean {
    return this.i.cap;
  }
  get caps(): boolean {
    return this.i.caps;
  }
  get foreign(): boolean {
    return this.i.foreign;
  }
}

/** Per UTF-16 unit: 1 = classified, 2 = \p{L}\p{M}\p{N}, 4 = \p{L}\p{M} (lazily filled). */
const WORD_CHAR_CLASS = new Uint8Array(0x10000);
const LMN = /[\p{L}\p{M}\p{N}]/u;
const LM = /[\p{L}\p{M}]/u;
const SURROGATE = /[\ud800-\udfff]/;

function wordCharClass(c: number): number {
  let k = WORD_CHAR_CLASS[c];
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = 1 | (LMN.test(ch) ? 2 : 0) | (LM.test(ch) ? 4 : 0);
    WORD_CHAR_CLASS[c] = k;
  }
  return k;
}

/**
 * The words WORD_RE finds in [from, to): a word is a maximal run of letters, marks and
 * digits, then any number of an apostrophe and a run of letters/marks; or "&". Scanned by
 * hand (no match objects); a span with surrogates goes through the regex.
 */
function wordsIn(text: string, from: number, to: number): Word[] {
  // (up to 2 past the end: the regex decides whether a word ends by the end by looking at
  // the character after it, or at an apostrophe and the character after that)
  if (SURROGATE.test(text.slice(from, Math.min(text.length, to + 2)))) return wordsInByRegex(text, from, to);
  const out: Word[] = [];
  const n = text.length;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 38) {
      // "&"
      out.push(new ScannedWord(text, i, i + 1, 38));
      i++;
      continue;
    }
    if (c < 128 ? !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) : (wordCharClass(c) & 2) === 0) {
      i++;
      continue;
    }
    const start = i;
    let hash = c;
    let e = i + 1;
    while (e < n) {
      const d = text.charCodeAt(e);
      if (d < 128 ? (d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) : (wordCharClass(d) & 2) !== 0) {
        hash = (Math.imul(hash, 31) + d) | 0;
        e++;
      } else break;
    }
    // apostrophe + letters/marks, any number of times
    while (e + 1 < n) {
      const q = text.charCodeAt(e);
      if (q !== 39 && q !== 0x2019) break;
      let f = e + 1;
      while (f < n) {
        const d = text.charCodeAt(f);
        if (d < 128 ? (d >= 97 && d <= 122) || (d >= 65 && d <= 90) : (wordCharClass(d) & 4) !== 0) f++;
        else break;
      }
      if (f === e + 1) break;
      for (let k = e; k < f; k++) hash = (Math.imul(hash, 31) + text.charCodeAt(k)) | 0;
      e = f;
    }
    if (e > to) break;
    out.push(new ScannedWord(text, start, e, hash));
    i = e;
  }
  return out;
}

function wordsInByRegex(text: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  WORD_RE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null && m.index < to) {
    if (m.index + m[0].length > to) break;
    out.push(makeWord(m[0], m.index));
  }
  return out;
}

/** The characters between two adjacent words. */
function gapText(text: string, a: Word, b: Word): string {
  return text.slice(a.end, b.start);
}

/** Punctuation that ends a clause: a long form never spans it. */
function isHardBreakGap(gap: string): boolean {
  const g = gap.replace(/\s+/g, '');
  if (g === '') return false;
  // sentence punctuation with no letters after it inside the gap
  if (/[!?;:…]/.test(g)) return true;
  // "." ends a sentence only when followed by space (TP.HCM, 12.5 are inner)
  if (/\.\s/.test(gap) || /\.$/.test(gap.trimEnd()) && /\s$/.test(gap)) return true;
  if (/[()[\]{}]/.test(g)) return true;
  return false;
}

function isCommaGap(gap: string): boolean {
  return /,/.test(gap);
}

/** A spaced dash ("kinh tế - xã hội"); an unspaced hyphen joins one compound (Á-Thái). */
function isSpacedDashGap(gap: string): boolean {
  return /\s[-\u2010-\u2015]|[-\u2010-\u2015]\s/.test(gap);
}

function isQuoteGap(gap: string): boolean {
  return /["“”«»„]/.test(gap);
}

// ---------------------------------------------------------------------------------------
// Letter matching (Schwartz-Hearst on syllable initials)
// ---------------------------------------------------------------------------------------

interface LetterMatch {
  /** index of the first word of the long form */
  first: number;
  /** acronym letters taken from inside a foreign word (Free → R of BFRC) */
  foreignInner: number;
  /** lower-case acronym letters taken from inside a word (Tg of TTg: Thủ tướng) */
  lowerInner: number;
  /** function words skipped inside the long form (của, và, the, of ...) */
  skips: number;
}

/** Alignment cost, lexicographic: foreign inner letters, then lower-case inner letters, then skips. */
const COST_FOREIGN = 10000;
const COST_LOWER = 100;
const NONE = Number.POSITIVE_INFINITY;

/**
 * Schwartz-Hearst-style alignment of the acronym units with the words lo..hi, where the
 * last word must take the last unit and the first word of the long form takes the first
 * unit at its initial. Every word in between either takes units (its initial first) or is
 * a skipped function word. Returns the cheapest alignment; among equally cheap ones the
 * shortest (latest start).
 */
function letterMatch(
  units: Unit[],
  words: Word[],
  lo: number,
  hi: number,
  opts: { allowForeignInner: boolean },
): LetterMatch | undefined {
  const m = units.length;
  if (m === 0 || hi < lo) return undefined;
  const memo = new Map<number, number>();

  // [next unit, cost] for each way word w can take units from unit j on
  const takes = (w: Word, j: number): Array<[number, number]> => {
    const u = units[j];
    const out: Array<[number, number]> = [];
    if (u.kind === 'amp') {
      if (w.exact === VA || w.fold === 'and' || w.text === '&') out.push([j + 1, 0]);
      return out;
    }
    if (u.kind === 'digits') {
      if (w.fold === u.value) out.push([j + 1, 0]);
      return out;
    }
    if (w.text === '&' || w.fold[0] !== u.value) return out;
    out.push([j + 1, 0]);
    // an all-caps word gives all its letters (Ngân hàng TMCP → N H T M C P), but never the
    // whole acronym ("APEC - APEC App Challenge" defines nothing)
    if (w.caps) {
      let k = j;
      let ok = true;
      for (const c of w.fold.replace(/[^a-z]/g, '')) {
        if (k >= m || units[k].kind !== 'letter' || units[k].value !== c) {
          ok = false;
          break;
        }
        k++;
      }
      if (ok && k > j + 1 && !(j === 0 && k === m)) out.push([k, 0]);
    }
    // further letters from inside the word, in order: a lower-case acronym letter (TTg),
    // or any letter of a foreign word (Free → F, R)
    let k = j + 1;
    let pos = 1;
    let cost = 0;
    while (k < m && units[k].kind === 'letter') {
      const uk = units[k];
      if (!(uk.lower || (opts.allowForeignInner && w.foreign))) break;
      const at = w.fold.indexOf(uk.value, pos);
      if (at < 0) break;
      pos = at + 1;
      cost += uk.lower ? COST_LOWER : COST_FOREIGN;
      k++;
      out.push([k, cost]);
    }
    return out;
  };

  // cheapest alignment of words i..hi with units j..m-1, word i taking unit j
  const best = (i: number, j: number): number => {
    const key = i * (m + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result = NONE;
    for (const [k, c] of takes(words[i], j)) {
      if (k === m) {
        if (i === hi) result = Math.min(result, c);
        continue;
      }
      // the next word taking units, after skipped function words
      for (let i2 = i + 1, skips = 0; i2 <= hi; i2++, skips++) {
        result = Math.min(result, c + skips + best(i2, k));
        const w2 = words[i2];
        if (!(FUNCTION_WORDS.has(w2.exact) || w2.text === '&')) break;
      }
    }
    memo.set(key, result);
    return result;
  };

  let first = -1;
  let cost = NONE;
  for (let i = hi; i >= lo; i--) {
    const c = best(i, 0);
    if (c < cost) {
      cost = c;
      first = i;
    }
  }
  if (first < 0) return undefined;
  return {
    first,
    foreignInner: Math.floor(cost / COST_FOREIGN),
    lowerInner: Math.floor((cost % COST_FOREIGN) / COST_LOWER),
    skips: cost % COST_LOWER,
  };
}

/** Every letter a word initial, an all-caps word's letter or an explicit lower-case letter (TTg). */
function isCleanLetterMatch(lm: LetterMatch): boolean {
  return lm.foreignInner === 0;
}

/** Before "(": at most one inner foreign letter, and inner letters a minority. */
function acceptLetterMatch(units: Unit[], lm: LetterMatch): boolean {
  return lm.foreignInner <= 1 && lm.foreignInner + lm.lowerInner <= Math.max(1, Math.floor(units.length / 3));
}

// ---------------------------------------------------------------------------------------
// Short forms in parentheses
// ---------------------------------------------------------------------------------------

interface ShortForm {
  /** as written */
  text: string;
  start: number;
  end: number;
  /** base acronym without a numeric qualifier */
  base: string;
  baseEnd: number;
  /** numeric qualifier (e.g. "2" of "SOM 2", "1982" of "UNCLOS 1982") */
  qualifier?: string;
  /** the qualifier was a worded one ("năm 2003"): dropped unless the long form carries it */
  wordedQualifier?: boolean;
  /** several acronym tokens ("CTCP TS&TM"): letter matching only */
  multi?: boolean;
}

interface ParenGroup {
  open: number;
  close: number;
  content: string;
}

/** Parenthesised groups inside [from, to), nested groups included (outer first). */
function parenGroups(text: string, from: number, to: number): ParenGroup[] {
  const out: ParenGroup[] = [];
  const stack: number[] = [];
  // only "(" and ")" matter: jump between them (searching the span only)
  const seg = text.slice(from, to);
  const end = seg.length;
  let nextOpen = seg.indexOf('(');
  let nextClose = seg.indexOf(')');
  if (nextOpen < 0) nextOpen = end;
  if (nextClose < 0) nextClose = end;
  while (nextOpen < end || nextClose < end) {
    if (nextOpen < nextClose) {
      stack.push(from + nextOpen);
      nextOpen = seg.indexOf('(', nextOpen + 1);
      if (nextOpen < 0) nextOpen = end;
    } else {
      const i = from + nextClose;
      if (stack.length) {
        const open = stack.pop()!;
        if (i - open <= 400) out.push({ open, close: i, content: text.slice(open + 1, i) });
      }
      nextClose = seg.indexOf(')', nextClose + 1);
      if (nextClose < 0) nextClose = end;
    }
  }
  return out.sort((a, b) => a.open - b.open);
}

const SF_TOKEN = /^[\p{L}\p{N}]+(?:[.\-&/][\p{L}\p{N}]+)*\+?/u;

/**
 * Reads a short form at `pos` (the first non-space of a parenthetical's content, or after
 * "gọi tắt là"). What may follow it inside the parenthetical: nothing; a numeric qualifier
 * ("SOM 2", "SOM -2", "UNCLOS 1982"); a worded one ("năm 2003"); a dash and a description
 * ("DUP - đảng …", "IoT – Internet of Thing"); a comma and a description.
 */
function readShortForm(text: string, pos: number, end: number): { sf: ShortForm; rest: number; restKind: 'end' | 'dash' | 'comma' | 'other' } | undefined {
  const m = SF_TOKEN.exec(text.slice(pos, end));
  if (!m) return undefined;
  const tok = m[0];
  if (!isAcronymShape(tok)) return undefined;
  // "FMIS/MMIS": two acronyms for one gloss cannot be paired
  if (/\//.test(tok) && tok.split('/').every((p) => p.length >= 2)) return undefined;
  let i = pos + tok.length;
  const sf: ShortForm = { text: tok, start: pos, end: i, base: tok, baseEnd: i };
  const tail = text.slice(i, end);
  let q: RegExpExecArray | null;
  if ((q = /^\s*-?\s*(\d{1,4})(?=\s*$|\s*[,;–—-])/u.exec(tail)) && /\s|-/.test(tail[0] ?? '')) {
    sf.qualifier = q[1];
    sf.end = i + q[0].length;
    sf.text = text.slice(pos, sf.end);
    i = sf.end;
  } else if ((q = /^\s+(năm|khóa|khoá)\s+(\d{1,4})(?=\s*$|\s*[,;–—-])/iu.exec(tail))) {
    sf.qualifier = q[2];
    sf.wordedQualifier = true;
    i += q[0].length;
  } else {
    // several acronym tokens in a row ("CTCP TS&TM")
    let j = i;
    let multi = false;
    for (;;) {
      const mm = /^\s+([\p{L}\p{N}]+(?:[.\-&/][\p{L}\p{N}]+)*)/u.exec(text.slice(j, end));
      if (!mm || !isAcronymShape(mm[1])) break;
      j += mm[0].length;
      multi = true;
    }
    if (multi && /^\s*$/.test(text.slice(j, end))) {
      sf.multi = true;
      sf.end = j;
      sf.baseEnd = j;
      sf.text = text.slice(pos, j);
      sf.base = sf.text;
      i = j;
    }
  }
  const after = text.slice(i, end);
  if (/^\s*$/.test(after)) return { sf, rest: end, restKind: 'end' };
  const d = /^\s*[-\u2013\u2014]\s+/u.exec(after);
  if (d) return { sf, rest: i + d[0].length, restKind: 'dash' };
  const c = /^\s*[,;]\s*/u.exec(after);
  if (c) return { sf, rest: i + c[0].length, restKind: 'comma' };
  return { sf, rest: i, restKind: 'other' };
}

// ---------------------------------------------------------------------------------------
// Mining
// ---------------------------------------------------------------------------------------

interface Ctx {
  text: string;
  span: { start: number; end: number };
  readonly words: Word[];
  known?: (key: string) => readonly string[];
  defs: AcronymDefinition[];
  attrs: AcronymAttribution[];
}

/**
 * Finds acronym definitions and attributions. `spans` limits mining to those ranges (the
 * article body lines from extractArticle); a long form never crosses a span boundary.
 */
export function mineDefinitions(
  text: string,
  spans?: { start: number; end: number }[],
  known?: (key: string) => readonly string[],
): MinedAcronyms {
  const defs: AcronymDefinition[] = [];
  const attrs: AcronymAttribution[] = [];
  const ranges = spans && spans.length ? spans : splitLines(text);
  for (const span of ranges) {
    const s = { start: Math.max(0, span.start), end: Math.min(text.length, span.end) };
    if (s.end <= s.start) continue;
    const ctx = new SpanCtx(text, s, known, defs, attrs);
    mineSpan(ctx);
  }
  defs.sort((a, b) => a.start - b.start || a.longStart - b.longStart);
  attrs.sort((a, b) => a.start - b.start);
  return { definitions: dedupeDefs(defs), attributions: attrs };
}

/**
 * A span's mining context. The span's words are built on first use: most spans that pass
 * the "(" / dash pre-check never need them (a hyphenated date, a credit, a lead tag), and
 * building word objects is the costliest part of mining.
 */
class SpanCtx implements Ctx {
  private wordList: Word[] | undefined;
  constructor(
    readonly text: string,
    readonly span: { start: number; end: number },
    readonly known: ((key: string) => readonly string[]) | undefined,
    readonly defs: AcronymDefinition[],
    readonly attrs: AcronymAttribution[],
  ) {}

  get words(): Word[] {
    return (this.wordList ??= wordsIn(this.text, this.span.start, this.span.end));
  }
}

function dedupeDefs(defs: AcronymDefinition[]): AcronymDefinition[] {
  const seen = new Set<string>();
  return defs.filter((d) => {
    const k = `${d.start}:${d.longStart}:${d.pattern}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function splitLines(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  return out;
}

function mineSpan(ctx: Ctx): void {
  const { text, span } = ctx;
  // nothing to mine without a parenthesis or a dash (most lines of a large corpus)
  const slice = text.slice(span.start, span.end);
  if (!/[(\-\u2013\u2014]/.test(slice)) return;
  const groups = parenGroups(text, span.start, span.end);
  for (const g of groups) mineParen(ctx, g);
  acrDashLong(ctx);
}

/** Index of the first word at or after offset. */
function wordIndexAtOrAfter(words: Word[], offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offset of the first space of the run of spaces that ends at `offset` (not before the span). */
function skipSpacesBack(ctx: Ctx, offset: number): number {
  let i = offset;
  while (i > ctx.span.start && /\s/.test(ctx.text[i - 1])) i--;
  return i;
}

/** Only spaces lie between the span (line or paragraph) start and `offset`. */
function atParagraphStart(ctx: Ctx, offset: number): boolean {
  return skipSpacesBack(ctx, offset) === ctx.span.start;
}

/** At a paragraph start, or after sentence punctuation (. ! ? …, maybe a closing quote) and a space. */
function atSentenceStart(ctx: Ctx, offset: number): boolean {
  const i = skipSpacesBack(ctx, offset);
  if (i === ctx.span.start) return true;
  if (i === offset) return false;
  let c = ctx.text[i - 1];
  if ((c === '"' || c === '”' || c === ')') && i - 2 >= ctx.span.start) c = ctx.text[i - 2];
  return c === '.' || c === '!' || c === '?' || c === '…';
}

function addAttribution(ctx: Ctx, acronym: string, start: number, kind: AttributionKind): void {
  ctx.attrs.push({ acronym, key: acronymKey(acronym), start, end: start + acronym.length, kind });
}

function addDef(
  ctx: Ctx,
  sf: { text: string; start: number; end: number },
  longStart: number,
  longEnd: number,
  pattern: DefinitionPattern,
  method: MatchMethod,
): void {
  const longForm = ctx.text.slice(longStart, longEnd);
  if (!longForm.trim()) return;
  ctx.defs.push({
    acronym: sf.text,
    key: acronymKey(sf.text),
    start: sf.start,
    end: sf.end,
    longForm,
    longStart,
    longEnd,
    pattern,
    method,
  });
}

/** Acronym runs joined by "/" inside a credit ("Văn Điệp/TTXVN" → TTXVN, "AFP/TTXVN"). */
function creditAcronyms(text: string, from: number, to: number): Array<{ acronym: string; start: number }> {
  const out: Array<{ acronym: string; start: number }> = [];
  const re = /[\p{L}\p{N}]+(?:[.\-&][\p{L}\p{N}]+)*/gu;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run) out.push({ acronym: text.slice(run.start, run.end), start: run.start });
    run = undefined;
  };
  while ((m = re.exec(text)) !== null && m.index < to) {
    const tok = m[0];
    const s = m.index;
    const e = s + tok.length;
    if (e > to) break;
    if (!isAcronymShape(tok)) {
      flush();
      continue;
    }
    if (run && text.slice(run.end, s) === '/') run.end = e;
    else {
      flush();
      run = { start: s, end: e };
    }
  }
  flush();
  return out;
}

function mineParen(ctx: Ctx, g: ParenGroup): void {
  const { text } = ctx;
  const cStart = g.open + 1;
  const cEnd = g.close;
  const content = g.content;

  // 1. "(Nguồn: …)", "(Ảnh: …)", "(Theo …)", "(Tin, ảnh: …)"
  const ap = ATTRIBUTION_PREFIX.exec(content) ?? CREDIT_PREFIX.exec(content);
  if (ap) {
    const word = ap[1].toLowerCase();
    const kind: AttributionKind = word.startsWith('nguồn')
      ? 'source'
      : /^(ảnh|video|clip|đồ|infographic)/u.test(word)
        ? 'photo'
        : 'credit';
    for (const a of creditAcronyms(text, cStart + ap[0].length, cEnd)) addAttribution(ctx, a.acronym, a.start, kind);
    return;
  }

  // skip leading spaces
  let p = cStart;
  while (p < cEnd && /\s/.test(text[p])) p++;

  // "(gọi tắt là VNBA)"
  let alias = false;
  const al = ALIAS_PREFIX.exec(content);
  if (al) {
    p = cStart + al[0].length;
    alias = true;
  }

  const read = readShortForm(text, p, cEnd);
  // a byline whose agency is written "Tin Tức/TTXVN"
  if (!read && !alias && /\/\s*[\p{Lu}][\p{L}&.]*\s*$/u.test(content) && isCredit(ctx, g)) {
    for (const a of creditAcronyms(text, cStart, cEnd)) addAttribution(ctx, a.acronym, a.start, 'credit');
    return;
  }

  // "(long - ACR và long - ACR)": long forms with their acronyms inside the parenthetical;
  // anything else after a first token ("(APEC App Challenge)", "(SN 1966, …)") is no short form
  if (!read || read.restKind === 'other') {
    longDashAcrInside(ctx, g);
    return;
  }
  const { sf } = read;

  // 2. lists "(CĐ, ĐH)"
  if (read.restKind === 'comma') {
    const list = readAcronymList(text, p, cEnd);
    if (list && list.length >= 2) {
      conjunctList(ctx, g, list);
      return;
    }
  }

  // 3. lead tag: "(ĐCSVN) – …" opening an article or paragraph, "(CLO) Cơ cấu …" at a line start
  if (read.restKind === 'end' && !alias) {
    const after = text.slice(g.close + 1, Math.min(ctx.span.end, g.close + 6));
    const dashAfter = /^\s*[-\u2013\u2014]/.test(after);
    if (atParagraphStart(ctx, g.open) || (dashAfter && atSentenceStart(ctx, g.open))) {
      addAttribution(ctx, sf.text, sf.start, 'lead');
      return;
    }
  }

  // 4. long(ACR): sure strategies first, then a byline check, then the name-phrase guesses
  let found = longBefore(ctx, g, sf, false);
  if (!found && read.restKind === 'end' && !alias && isCredit(ctx, g)) {
    for (const a of creditAcronyms(text, cStart, cEnd)) addAttribution(ctx, a.acronym, a.start, 'credit');
    return;
  }
  if (!found) found = longBefore(ctx, g, sf, true);
  if (found) {
    const sfOut = resolveQualifier(sf, text.slice(found.start, found.end));
    addDef(ctx, sfOut, found.start, found.end, 'long(ACR)', found.method);
  }

  // 5. "(IoT – Internet of Thing)": ACR-long inside the parenthetical
  if (read.restKind === 'dash') {
    const lf = longAfter(ctx, sf, read.rest, cEnd);
    if (lf) addDef(ctx, sf, lf.start, lf.end, 'ACR-long', lf.method);
  }
}

/** The acronym as reported: a numeric qualifier is kept when the long form carries the number. */
function resolveQualifier(sf: ShortForm, longForm: string): { text: string; start: number; end: number } {
  if (!sf.qualifier) return sf;
  const n = Number(sf.qualifier);
  const words = longForm.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const carries = words.includes(sf.qualifier) || (n <= 10 && words.includes(VIET_NUMBERS[n]));
  if (carries && !sf.wordedQualifier) return sf;
  return { text: sf.base, start: sf.start, end: sf.baseEnd };
}

function readAcronymList(text: string, p: number, end: number): Array<{ text: string; start: number; end: number }> | undefined {
  const out: Array<{ text: string; start: number; end: number }> = [];
  const re = /\s*([\p{L}\p{N}]+(?:[.\-&/][\p{L}\p{N}]+)*)\s*(,|$)/uy;
  const s = text.slice(p, end);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(s)) !== null) {
    if (!isAcronymShape(m[1])) return undefined;
    const st = p + m.index + m[0].indexOf(m[1]);
    out.push({ text: m[1], start: st, end: st + m[1].length });
    last = re.lastIndex;
    if (m[2] === '') break;
    if (re.lastIndex >= s.length) break;
  }
  if (s.slice(last).trim() !== '') return undefined;
  return out;
}

/** "cao đẳng, đại học (CĐ, ĐH)": conjuncts before the parenthesis, paired in order; each must letter-match. */
function conjunctList(ctx: Ctx, g: ParenGroup, list: Array<{ text: string; start: number; end: number }>): void {
  const { words, text } = ctx;
  const hi = wordIndexAtOrAfter(words, g.open) - 1;
  if (hi < 0) return;
  const lo = clauseStart(ctx, hi, { commas: true });
  // split words lo..hi into conjuncts at commas / "và" / "hoặc"
  const parts: Array<[number, number]> = [];
  let end = hi;
  for (let i = hi; i >= lo; i--) {
    const isConj = words[i].exact === VA || words[i].exact === HOAC;
    const commaBefore = i > lo && isCommaGap(gapText(text, words[i - 1], words[i]));
    if (isConj) {
      if (end >= i + 1) parts.unshift([i + 1, end]);
      end = i - 1;
      continue;
    }
    if (commaBefore || i === lo) {
      parts.unshift([i, end]);
      end = i - 1;
    }
    if (parts.length >= list.length) break;
  }
  if (parts.length < list.length) return;
  const use = parts.slice(parts.length - list.length);
  const found: Array<[number, number]> = [];
  for (let k = 0; k < list.length; k++) {
    const [a, b] = use[k];
    const units = acronymUnits(list[k].text);
    const lm = letterMatch(units, words, a, b, { allowForeignInner: false });
    if (!lm || !isCleanLetterMatch(lm)) return;
    found.push([words[lm.first].start, words[b].end]);
  }
  for (let k = 0; k < list.length; k++) addDef(ctx, list[k], found[k][0], found[k][1], 'long(ACR)', 'letters');
}

/**
 * Start of the clause that ends at word `hi`: going left, the first hard break (. ; : ( ) …).
 * With commas: true a comma does not end the clause (letter matching may cross it).
 */
function clauseStart(ctx: Ctx, hi: number, opts: { commas: boolean; dashes?: boolean; quotes?: boolean }): number {
  const { words, text } = ctx;
  let lo = hi;
  while (lo > 0) {
    const gap = gapText(text, words[lo - 1], words[lo]);
    if (isHardBreakGap(gap)) break;
    if (!opts.commas && isCommaGap(gap)) break;
    if (opts.dashes === false && isSpacedDashGap(gap)) break;
    if (opts.quotes === false && isQuoteGap(gap)) break;
    if (hi - lo >= 40) break;
    lo--;
  }
  return lo;
}

interface Found {
  start: number;
  end: number;
  method: MatchMethod;
}

/**
 * The long form before "(" for a short form, trying the strategies in order. `guess`
 * enables the name-phrase rules (the caller first rules out a byline).
 */
function longBefore(ctx: Ctx, g: ParenGroup, sf: ShortForm, guess: boolean): Found | undefined {
  const { words, text } = ctx;
  const hi = wordIndexAtOrAfter(words, g.open) - 1;
  if (hi < 0) return undefined;
  // the parenthesis must follow its words closely (spaces or a closing quote)
  const between = text.slice(words[hi].end, g.open);
  if (!/^[\s"“”»']*$/.test(between)) return undefined;
  const quoted = /["“”»]/.test(between);
  const base = sf.base;
  if (CURRENCIES.has(base.toUpperCase())) return undefined;
  const units = acronymUnits(base);
  if (units.length < 2) return undefined;
  const baseKey = acronymKey(base);

  // a numeric qualifier written right before the parenthesis ("… năm 1982 (UNCLOS 1982)")
  let hiBase = hi;
  if (sf.qualifier && words[hi].fold === sf.qualifier) {
    hiBase = hi - 1;
    if (hiBase >= 0 && QUALIFIER_WORDS.has(words[hiBase].exact)) {
      hiBase--;
      if (hiBase >= 0 && words[hiBase].exact === LAN) hiBase--;
    }
  }

  const accept = (f: Found | undefined): Found | undefined => {
    if (!f) return undefined;
    // the acronym itself among the long form's words ("Công ty TNHH ZION (ZION)"): a brand, not an expansion
    const a = wordIndexAtOrAfter(words, f.start);
    const b = wordIndexAtOrAfter(words, f.end) - 1;
    for (let i = a; i <= b; i++) if (acronymKey(words[i].text) === baseKey) return undefined;
    return f;
  };

  const loAll = clauseStart(ctx, hi, { commas: true });

  // a. letters, ending at the word before "(" (or before the qualifier)
  for (const h of hiBase !== hi ? [hiBase, hi] : [hi]) {
    if (h < loAll) continue;
    const lm = letterMatch(units, words, loAll, h, { allowForeignInner: true });
    if (lm && acceptLetterMatch(units, lm)) return accept({ start: words[lm.first].start, end: words[hi].end, method: 'letters' });
  }
  if (sf.multi) return undefined;

  // b. known expansions (a few plain words may stand between: "… Hồi giáo tự xưng (IS)")
  const kn = knownBefore(ctx, loAll, hiBase, base);
  if (kn) return accept({ start: words[kn.first].start, end: kn.gap ? words[kn.last].end : words[hi].end, method: 'known' });

  // c. letters with a short trailing gap: "Ngân hàng Chính sách Xã hội Chi nhánh TP Đà Nẵng (NHCSXH)"
  if (units.length >= 3 && hiBase === hi) {
    const loNoComma = clauseStart(ctx, hi, { commas: false });
    for (let gap = 1; gap <= 5 && hi - gap >= loNoComma; gap++) {
      const h = hi - gap;
      const lm = letterMatch(units, words, loNoComma, h, { allowForeignInner: false });
      if (lm && lm.foreignInner + lm.lowerInner === 0 && trailingGapOk(ctx, h, hi)) {
        return accept({ start: words[lm.first].start, end: words[h].end, method: 'letters' });
      }
    }
  }

  if (!guess) return undefined;
  // a parenthesis glued to the word before it ("…of ISIL(ISIS)") is not prose
  if (between === '') return undefined;
  // the remaining rules guess a name from its shape: only for acronyms that cannot be
  // Vietnamese initials (plain ASCII, no dots: T.Ư, TP.HCM and brands such as V.CAR are
  // not foreign organisation acronyms) with at least two letters
  if (!isAsciiAcronym(base) || /\./.test(base) || units.filter((u) => u.kind === 'letter').length < 2) return undefined;

  // d. a quoted name: tổ chức "Nhà nước Hồi giáo" (IS)
  if (quoted) {
    const q = quotedBefore(ctx, hi);
    return q ? accept({ ...q, method: 'quoted' }) : undefined;
  }

  // e. head noun / capitalised run
  return accept(nameBefore(ctx, hi, sf, units));
}

/** Words between a letter-matched long form and the "(": few, and not a clause of their own. */
function trailingGapOk(ctx: Ctx, h: number, hi: number): boolean {
  const { words, text } = ctx;
  for (let i = h + 1; i <= hi; i++) {
    const gap = gapText(text, words[i - 1], words[i]);
    if (gap.trim() !== '' && !/^\s*$/.test(gap)) return false;
    if (words[i].exact === VA || words[i].exact === HOAC || words[i].text === '&') return false;
  }
  return true;
}

/**
 * A known expansion ending at word `hi`, or up to three plain words earlier (a name then,
 * starting with a capital): its first and last word.
 */
function knownBefore(ctx: Ctx, lo: number, hi: number, acronym: string): { first: number; last: number; gap: number } | undefined {
  if (!ctx.known || hi < lo) return undefined;
  const exps = ctx.known(acronymKey(acronym));
  if (!exps || !exps.length) return undefined;
  const { words, text } = ctx;
  let best: { first: number; last: number; len: number; gap: number } | undefined;
  for (const e of exps) {
    const ew = longFormKey(e).split(' ').filter(Boolean);
    if (!ew.length) continue;
    for (let gap = 0; gap <= 3; gap++) {
      const end = hi - gap;
      const first = end - ew.length + 1;
      if (first < lo) break;
      let ok = true;
      for (let k = 0; k < ew.length && ok; k++) if (words[first + k].fold !== ew[k]) ok = false;
      if (ok && gap > 0) {
        if (!words[first].cap) ok = false;
        // gap words: plain lower-case words, no punctuation, no conjunction
        for (let i = end + 1; i <= hi && ok; i++) {
          if (gapText(text, words[i - 1], words[i]).trim() !== '' || words[i].exact === VA || words[i].cap) ok = false;
        }
      }
      if (ok && (!best || gap < best.gap || (gap === best.gap && ew.length > best.len))) best = { first, last: end, len: ew.length, gap };
    }
  }
  return best;
}

/** The quoted phrase that closes right before the "(". */
function quotedBefore(ctx: Ctx, hi: number): { start: number; end: number } | undefined {
  const { text, words } = ctx;
  // find the opening quote going left within the clause
  const lo = clauseStart(ctx, hi, { commas: false });
  for (let i = hi; i >= lo; i--) {
    const before = i > 0 ? text.slice(words[i - 1].end, words[i].start) : text.slice(ctx.span.start, words[i].start);
    if (/["“«„]\s*$/.test(before)) {
      const n = hi - i + 1;
      if (n > 15 || !words[i].cap) return undefined;
      return { start: words[i].start, end: words[hi].end };
    }
    if (i < hi && isQuoteGap(gapText(text, words[i], words[i + 1]))) return undefined;
  }
  return undefined;
}

/** Head noun starting at word i (within ..hi): number of syllables, or 0. */
function headAt(words: Word[], i: number, hi: number): number {
  for (let n = Math.min(MAX_HEAD_SYLLABLES, hi - i + 1); n >= 1; n--) {
    const k = words
      .slice(i, i + n)
      .map((w) => w.exact)
      .join(' ');
    if (HEAD_NOUN_SET.has(k)) {
      const next = i + n <= hi ? words[i + n] : undefined;
      // a title, not an organisation: Cục trưởng, Viện phó, Bộ trưởng
      if (next && TITLE_SUFFIXES.has(next.exact)) return 0;
      // a one-syllable head starts many compounds that are not heads (Phòng thủ, Viện trợ,
      // Sở hữu, Trường hợp, Đài Loan)
      if (n === 1 && (!next || NOT_HEADS.has(`${words[i].exact} ${next.exact}`))) continue;
      return n;
    }
  }
  return 0;
}

/** The head noun covering word i, started as far left as possible (Tổng | Công ty, Hiệp | Hội): its first word, or -1. */
function headCovering(words: Word[], i: number, lo: number, hi: number): number {
  for (let s = Math.max(lo, i - MAX_HEAD_SYLLABLES + 1); s <= i; s++) {
    const n = headAt(words, s, hi);
    if (n && s + n > i) return s;
  }
  return -1;
}

/** Legal forms that stay with a company head: Công ty cổ phần, Công ty TNHH MTV, Tổng Cty CP. */
const LEGAL_FORM = new Set(
  ['cổ phần', 'tnhh', 'mtv', 'cp', 'tnhh mtv', 'tnhh một thành viên', 'một thành viên', 'trách nhiệm hữu hạn'].map((f) =>
    f.split(' ').map(exactKey).join(' '),
  ),
);

/** Honorifics and titles before a person's name: a run they open is a person, not a name. */
const PERSON_MARKERS = new Set(
  ['ông', 'bà', 'anh', 'chị', 'cô', 'chú', 'bác', 'cụ', 'em', 'ngài', 'đb', 'đại biểu', 'luật sư', 'bác sĩ', 'tiến sĩ', 'giáo sư', 'nhà báo', 'phóng viên', 'mr', 'ms', 'mrs'].map(
    (f) => f.split(' ').map(exactKey).join(' '),
  ),
);

function isPersonMarker(words: Word[], i: number): boolean {
  if (i < 0) return false;
  if (PERSON_MARKERS.has(words[i].exact)) return true;
  return i >= 1 && PERSON_MARKERS.has(`${words[i - 1].exact} ${words[i].exact}`);
}

/** ISO currency codes after an amount or in a table header: (VND), (USD). Not definitions. */
const CURRENCIES = new Set(['VND', 'VNĐ', 'USD', 'EUR', 'JPY', 'CNY', 'RMB', 'GBP', 'KRW', 'AUD', 'SGD', 'THB', 'CHF', 'CAD', 'HKD', 'TWD', 'RUB', 'INR']);

/**
 * The window of the name-phrase rule: words before "(" back to a hard break, comma, quote
 * or slash; a spaced dash only between capitalised words (châu Á - Thái Bình Dương); an
 * acronym parenthetical inside is transparent (Hiệp hội Bất động sản (BĐS) TP.HCM).
 * Returns the index of the first word; words inside a skipped parenthetical stay in the span.
 */
function nameWindowStart(ctx: Ctx, hi: number): number {
  const { words, text } = ctx;
  let lo = hi;
  while (lo > 0 && hi - lo < 30) {
    const a = words[lo - 1];
    const b = words[lo];
    const gap = gapText(text, a, b);
    // "… sản (BĐS) TP …": a = BĐS inside, gap ") "; step over "(BĐS)"
    if (/^\s*\)\s*$/.test(gap) && lo >= 2 && /^\s*\(\s*$/.test(gapText(text, words[lo - 2], a)) && isAcronymShape(a.text)) {
      lo -= 2;
      continue;
    }
    if (isHardBreakGap(gap) || isCommaGap(gap) || isQuoteGap(gap) || /\//.test(gap)) break;
    if (isSpacedDashGap(gap) && !(a.cap && b.cap)) break;
    lo--;
  }
  return lo;
}

/**
 * The name-phrase rule. A capitalised head noun starts the long form; the rightmost one
 * wins, extended over heads and legal forms directly before it (Tổ chức Hiệp ước …, Công
 * ty cổ phần Tổng công ty …). A lower-case head is a classifier (tổ chức Nhà nước Hồi
 * giáo): the name starts after it. A capitalised "Các" inside a sentence opens a name too
 * (Các tiểu vương quốc Arab thống nhất). Without a head, a run of capitalised syllables
 * (lower-case ones only singly: Nhà nước Hồi giáo, Huy động Nhân dân), never a person.
 */
function nameBefore(ctx: Ctx, hi: number, sf: ShortForm, units: Unit[]): Found | undefined {
  const { words } = ctx;
  const lo = nameWindowStart(ctx, hi);
  const letters = units.length;
  const maxWords = Math.max(12, 3 * letters + 4);
  const ordinalOk = !!sf.qualifier;

  // rightmost head noun: capitalised, or the lower-case "đảng" of a foreign party's name
  // (đảng Nhân dân Campuchia); a capitalised "Các" inside a sentence opens a name too
  let head = -1;
  for (let i = hi; i >= lo; i--) {
    const s = headCovering(words, i, lo, hi);
    if (s >= 0 && s + headAt(words, s, hi) - 1 >= i && (words[s].cap || words[s].exact === PARTY)) {
      // a group classifier capitalised only because it opens the sentence (Nhóm Nhà nước Hồi giáo):
      // not part of the name
      const n = headAt(words, s, hi);
      const next = words[s + n];
      if (CLASSIFIER_HEADS.has(words.slice(s, s + n).map((w) => w.exact).join(' ')) && next?.cap && atSentenceStart(ctx, words[s].start)) break;
      head = s;
      break;
    }
    if (words[i].cap && words[i].exact === CAC && !atSentenceStart(ctx, words[i].start)) {
      head = i;
      break;
    }
  }
  if (head >= 0) {
    let start = head;
    // "X thuộc Y (ACR)": the acronym names X, the entity that belongs to Y
    // (not across another acronym's parenthetical: "Ban … (CPMB) thuộc Tổng công ty … (EVNNPT)")
    if (start - 2 >= lo && words[start - 1].exact === THUOC) {
      for (let i = start - 2; i >= lo; i--) {
        if (/[()]/.test(gapText(ctx.text, words[i], words[i + 1]))) break;
        const s2 = headCovering(words, i, lo, start - 2);
        if (s2 >= 0 && words[s2].cap) {
          start = s2;
          break;
        }
      }
    }
    // extend over heads / legal forms directly before it
    for (;;) {
      let prev = start - 1;
      // skip a legal form ("Công ty cổ phần | Tổng công ty")
      for (let k = 3; k >= 1; k--) {
        if (start - k < lo) continue;
        const seg = words
          .slice(start - k, start)
          .map((w) => w.exact)
          .join(' ');
        if (LEGAL_FORM.has(seg)) {
          prev = start - k - 1;
          break;
        }
      }
      if (prev < lo) break;
      const h2 = headCovering(words, prev, lo, hi);
      if (h2 >= 0 && (words[h2].cap || words[h2].exact === PARTY) && h2 + headAt(words, h2, hi) - 1 === prev) start = h2;
      else break;
    }
    // extend to an earlier head when only a capitalised name stands between them
    // (Viện Nghiên cứu | Chiến lược Quốc tế, Văn phòng Viện trưởng | Viện Công tố Nga);
    // a meeting (Hội nghị Thượng đỉnh | Nhóm …) is not the body the acronym names
    for (;;) {
      let moved = false;
      for (let i = start - 1; i >= lo; i--) {
        const w = words[i];
        if (NAME_BREAK_WORDS.has(w.exact) || CLAUSE_WORDS.has(w.exact) || /\d/.test(w.fold)) break;
        if (!w.cap && !(i - 1 >= lo && words[i - 1].cap)) break;
        const s2 = headCovering(words, i, lo, hi);
        if (s2 >= 0 && s2 === i && w.cap && words.slice(s2, s2 + headAt(words, s2, hi)).map((x) => x.exact).join(' ') !== MEETING) {
          start = s2;
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    for (let i = start; i <= hi; i++) if (CLAUSE_WORDS.has(words[i].exact) && !words[i].cap) return undefined;
    // a capitalised "Các" inside a sentence belongs to the name (Các Lực lượng dân chủ Syria)
    if (start - 1 >= lo && words[start - 1].cap && words[start - 1].exact === CAC && !atSentenceStart(ctx, words[start - 1].start)) start--;
    const n = hi - start + 1;
    if (n < 2 || n > maxWords) return undefined;
    if (!ordinalOk && hasOrdinal(words, start, hi)) return undefined;
    if (isPersonMarker(words, start - 1)) return undefined;
    return { start: words[start].start, end: words[hi].end, method: 'head' };
  }

  // capitalised run
  let start = -1;
  for (let i = hi; i >= lo; i--) {
    const w = words[i];
    if (NAME_BREAK_WORDS.has(w.exact) && !w.cap) break;
    if (w.cap) {
      start = i;
      continue;
    }
    // a lower-case syllable must follow a capitalised one
    if (i - 1 < lo || !words[i - 1].cap) break;
  }
  if (start < 0) return undefined;
  // classifiers and honorifics opening the run are not part of the name
  for (;;) {
    // (a classifier before a lower-case syllable is a compound: Báo cáo)
    if (start < hi && MEDIA_CLASSIFIERS.has(words[start].exact) && words[start + 1].cap) start++;
    else if (start + 1 < hi && CLASSIFIER_HEADS.has(`${words[start].exact} ${words[start + 1].exact}`)) start += 2;
    else if (start < hi && CLASSIFIER_HEADS.has(words[start].exact)) start++;
    else break;
  }
  let person = false;
  while (start < hi && (isPersonMarker(words, start) || isPersonMarker(words, start + 1))) {
    start += isPersonMarker(words, start) ? 1 : 2;
    person = true;
  }
  if (person || titleAt(words, start)) return undefined;
  // a sentence's first word is capitalised anyway: before a lower-case syllable it may be a
  // common word (Báo cáo Chỉ số …), so the name's start is unknown
  if (atSentenceStart(ctx, words[start].start) && start < hi && !words[start + 1].cap) return undefined;
  const run = words.slice(start, hi + 1);
  if (run.length < 2 || run.length > maxWords) return undefined;
  if (!ordinalOk && hasOrdinal(words, start, hi)) return undefined;
  // persons: after an honorific (ông, bà, đại biểu …), or opening with a family name
  if (isPersonMarker(words, start - 1) || isPersonMarker(words, start)) return undefined;
  if (run.slice(0, 2).some((w) => SURNAMES.has(w.exact)) && run.slice(0, 3).every((w) => w.cap)) return undefined;
  // an all-capitalised run (no lower-case syllable) is a foreign name, a place or a person:
  // its initials must appear in order among the acronym's letters, the first one first
  // (Abu Sayyaf (ASG), Japan Display (JDI); not Tân Sơn Nhất (TPHCM))
  if (run.every((w) => w.cap)) {
    const letters = units.filter((u) => u.kind === 'letter').map((u) => u.value);
    if (letters[0] !== run[0].fold[0]) return undefined;
    let k = 0;
    for (const w of run) {
      while (k < letters.length && letters[k] !== w.fold[0]) k++;
      if (k === letters.length) return undefined;
      k++;
    }
  }
  return { start: words[start].start, end: words[hi].end, method: 'name' };
}

/** "lần thứ 24", a bare number: the name of a meeting, not of the body the acronym names. */
function hasOrdinal(words: Word[], a: number, b: number): boolean {
  for (let i = a; i <= b; i++) {
    if (/^\d+$/.test(words[i].fold)) return true;
    if (words[i].exact === LAN && words[i + 1]?.exact === THU) return true;
  }
  return false;
}

/** A byline: "(TTXVN)" at the end of the paragraph after a short run of capitalised words (a name). */
function isCredit(ctx: Ctx, g: ParenGroup): boolean {
  const { text, span, words } = ctx;
  const after = text.slice(g.close + 1, span.end);
  if (!/^[\s.]*$/.test(after) && !/^\s*$/.test(after.slice(0, 1)) && after.length > 0) {
    // a credit can also close a paragraph inside a long scraped line only if what follows
    // starts a new sentence; keep it strict: only the end of the span
    return false;
  }
  if (!/^[\s.]*$/.test(after)) return false;
  const hi = wordIndexAtOrAfter(words, g.open) - 1;
  if (hi < 0) return true;
  let n = 0;
  for (let i = hi; i >= 0 && n < 9; i--) {
    const w = words[i];
    if (!(w.cap || BYLINE_WORDS.has(w.exact))) return false;
    n++;
    const gap = i > 0 ? gapText(text, words[i - 1], w) : '';
    if (i === 0 || /[.!?:]\s*$/.test(gap) || /[.!?]\s/.test(gap)) return true;
  }
  return false;
}

/** "(long - ACR và long - ACR)" inside one parenthetical. */
function longDashAcrInside(ctx: Ctx, g: ParenGroup): void {
  const { words } = ctx;
  const re = /\s[-\u2013]\s+([\p{L}\p{N}]+(?:[.\-&/][\p{L}\p{N}]+)*)(?=\s*(?:$|,|;|\s+và\s))/gu;
  const content = g.content;
  let m: RegExpExecArray | null;
  let segStart = g.open + 1;
  while ((m = re.exec(content)) !== null) {
    const acr = m[1];
    if (!isAcronymShape(acr)) continue;
    const dashAt = g.open + 1 + m.index;
    const acrStart = g.open + 1 + m.index + m[0].length - acr.length;
    const lo = wordIndexAtOrAfter(words, segStart);
    const hi = wordIndexAtOrAfter(words, dashAt) - 1;
    segStart = acrStart + acr.length;
    // skip a leading "và" / "," of the segment
    let a = lo;
    while (a <= hi && FUNCTION_WORDS.has(words[a].exact)) a++;
    if (hi < a) continue;
    const units = acronymUnits(acr);
    let start = -1;
    let method: MatchMethod = 'letters';
    const lm = letterMatch(units, words, a, hi, { allowForeignInner: true });
    if (lm && acceptLetterMatch(units, lm)) start = lm.first;
    else {
      const k = knownBefore(ctx, a, hi, acr);
      if (k && k.gap === 0) {
        start = k.first;
        method = 'known';
      }
    }
    // the segment is the whole name: it must open with a capitalised head noun
    if (start < 0 && isAsciiAcronym(acr) && words[a].cap && headAt(words, a, hi) && hi - a + 1 <= 15) {
      start = a;
      method = 'head';
    }
    if (start < 0) continue;
    addDef(ctx, { text: acr, start: acrStart, end: acrStart + acr.length }, words[start].start, words[hi].end, 'long(ACR)', method);
  }
}

/** The long form after a dash (ACR-long): a clean letter match or a known expansion at the start. */
function longAfter(ctx: Ctx, sf: ShortForm, from: number, to: number): Found | undefined {
  const { words } = ctx;
  const lo = wordIndexAtOrAfter(words, from);
  let hiMax = wordIndexAtOrAfter(words, to) - 1;
  if (hiMax < lo) return undefined;
  // stop at the clause end
  for (let i = lo; i < hiMax; i++) {
    if (isHardBreakGap(gapText(ctx.text, words[i], words[i + 1])) || isCommaGap(gapText(ctx.text, words[i], words[i + 1]))) {
      hiMax = i;
      break;
    }
  }
  const units = acronymUnits(sf.base);
  if (units.length < 2) return undefined;
  // the long form starts at the first word; find the shortest end that matches cleanly
  for (let hi = lo; hi <= Math.min(hiMax, lo + 3 * units.length + 2); hi++) {
    const lm = letterMatch(units, words, lo, hi, { allowForeignInner: true });
    if (lm && lm.first === lo && acceptLetterMatch(units, lm) && isCleanLetterMatch(lm)) {
      return { start: words[lo].start, end: words[hi].end, method: 'letters' };
    }
  }
  if (ctx.known) {
    for (const e of ctx.known(acronymKey(sf.base))) {
      const ew = longFormKey(e).split(' ').filter(Boolean);
      const hi = lo + ew.length - 1;
      if (hi > hiMax) continue;
      if (ew.every((f, k) => words[lo + k].fold === f)) return { start: words[lo].start, end: words[hi].end, method: 'known' };
    }
  }
  return undefined;
}

/**
 * ACR-long and ACR(long) in running text: an acronym followed by a dash or a parenthesis
 * holding its expansion ("PCI-DSS (Payment Card Industry Data Security Standard)",
 * "WTO (Tổ chức Thương mại Thế giới)"). A tag opening a paragraph ("NDO - Sáng 28/10")
 * is an attribution.
 */
/**
 * Where /\s[-\u2013\u2014]\s|\(/g matches, for the matches that start in [from, to): the
 * same left-to-right, non-overlapping scan, jumping from one "(" or dash to the next.
 */
function dashOrParenHits(full: string, from: number, to: number): number[] {
  const out: number[] = [];
  // searched within the span plus the 2 characters a match can reach past it, so that a
  // search never runs on through the rest of the text (offsets below are segment offsets)
  const text = full.slice(from, Math.min(full.length, to + 2));
  const base = from;
  to -= base;
  // the "(" and dash characters in order: a "(" is a hit where it is, a dash one before
  // it (a space, the dash, a space); positions only grow, so the first one past the end stops
  const re = /[(\-\u2013\u2014]/g;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const q = m.index;
    if (text.charCodeAt(q) === 40) {
      if (q < at) continue;
      if (q >= to) break;
      out.push(base + q);
      at = q + 1;
      continue;
    }
    const p = q - 1;
    if (p < at) continue;
    if (p >= to) break;
    if (q + 1 < text.length && isJsSpace(text.charCodeAt(p)) && isJsSpace(text.charCodeAt(q + 1))) {
      out.push(base + p);
      at = p + 3;
    }
  }
  return out;
}

/** The characters of the regex class \s. */
function isJsSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function acrDashLong(ctx: Ctx): void {
  const { text, span } = ctx;
  // acronym-like tokens followed by a spaced dash or a parenthesis: find each dash or "("
  // and read the token before it
  const hits: Array<{ tok: string; start: number }> = [];
  for (const hitAt of dashOrParenHits(text, span.start, span.end)) {
    let e = hitAt;
    while (e > span.start && (text[e - 1] === ' ' || text[e - 1] === '\u00a0')) e--;
    let b = e;
    while (b > span.start && TOKEN_CHAR.test(text[b - 1])) b--;
    // the token may not end in a joiner ("ABC-" before a dash)
    while (b < e && !/[\p{L}\p{N}+]/u.test(text[e - 1])) e--;
    if (b < e && isUpper(text[b])) hits.push({ tok: text.slice(b, e), start: b });
  }
  for (const h of hits) {
    const end = h.start + h.tok.length;
    if (!isAcronymShape(h.tok)) continue;
    // inside a parenthetical already handled
    const after = text.slice(end, Math.min(span.end, end + 4));
    const dash = /^\s+[-\u2013\u2014]\s+/u.exec(text.slice(end, Math.min(span.end, end + 6)));
    const sf: ShortForm = { text: h.tok, start: h.start, end, base: h.tok, baseEnd: end };
    if (dash) {
      const open = text.lastIndexOf('(', h.start);
      const close = text.lastIndexOf(')', h.start);
      const insideParen = open >= span.start && open > close && text.slice(open + 1, h.start).trim() === '';
      if (insideParen) continue; // "(IoT – …)" is handled with its parenthetical
      const lf = longAfter(ctx, sf, end + dash[0].length, span.end);
      if (lf) {
        addDef(ctx, sf, lf.start, lf.end, 'ACR-long', lf.method);
        continue;
      }
      // "NDO - Sáng 28/10, …": a tag opening the paragraph (or a sentence), then a capital
      const next = text.charAt(end + dash[0].length);
      if (atSentenceStart(ctx, h.start) && (isUpper(next) || isDigit(next))) addAttribution(ctx, h.tok, h.start, 'lead');
      continue;
    }
    if (/^\s*\(/.test(after)) {
      const open = end + after.indexOf('(');
      const close = text.indexOf(')', open);
      if (close < 0 || close > span.end) continue;
      const inner = text.slice(open + 1, close);
      if (ATTRIBUTION_PREFIX.test(inner) || CREDIT_PREFIX.test(inner)) continue;
      const first = SF_TOKEN.exec(inner.trim());
      if (first && isAcronymShape(first[0])) continue; // "(ACR)" content is a short form itself
      const lf = longInside(ctx, sf, open + 1, close);
      if (lf) addDef(ctx, sf, lf.start, lf.end, 'ACR(long)', lf.method);
    }
  }
}

/** ACR(long): the whole parenthetical (up to a comma) is the expansion. */
function longInside(ctx: Ctx, sf: ShortForm, from: number, to: number): Found | undefined {
  const { words, text } = ctx;
  const lo = wordIndexAtOrAfter(words, from);
  let hi = wordIndexAtOrAfter(words, to) - 1;
  if (hi < lo) return undefined;
  for (let i = lo; i < hi; i++) {
    const gap = gapText(text, words[i], words[i + 1]);
    if (isCommaGap(gap) || isHardBreakGap(gap)) {
      hi = i;
      break;
    }
  }
  const units = acronymUnits(sf.base);
  if (units.length < 2) return undefined;
  const lm = letterMatch(units, words, lo, hi, { allowForeignInner: true });
  if (lm && lm.first === lo && acceptLetterMatch(units, lm) && isCleanLetterMatch(lm)) {
    return { start: words[lo].start, end: words[hi].end, method: 'letters' };
  }
  if (ctx.known) {
    for (const e of ctx.known(acronymKey(sf.base))) {
      const ew = longFormKey(e).split(' ').filter(Boolean);
      if (ew.length === hi - lo + 1 && ew.every((f, k) => words[lo + k].fold === f)) {
        return { start: words[lo].start, end: words[hi].end, method: 'known' };
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Uses
// ---------------------------------------------------------------------------------------

/**
 * Every token that looks like an acronym (ĐCSVN, KT-XH, T.Ư, COP28, G20, HĐND, TTg,
 * NN&PTNT, TP.HCM), for hover and editorial checks. Not ordinary capitalised words, not
 * Roman numerals alone (XIII), not single letters, not document numbers (34-NQ/TW), not a
 * run of three or more all-caps words (a shouted headline). "AFP/TTXVN" gives two uses.
 */
export function findAcronymUses(text: string): AcronymUse[] {
  const out: AcronymUse[] = [];
  // candidates: tokens that start with a capital (the rest cannot be acronyms)
  const re = /[\p{L}\p{M}\p{N}]+(?:[.\-&/][\p{L}\p{M}\p{N}]+)*\+?/gu;
  const toks: Array<{ t: string; s: number }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) if (isUpper(m[0][0])) toks.push({ t: m[0], s: m.index });
  const shouty = (k: number) => {
    const t = toks[k].t;
    return t === t.toUpperCase() && t.replace(/[^\p{L}]/gu, '').length >= 2;
  };
  const adjacent = (a: number, b: number) => /^\s+$/.test(text.slice(toks[a].s + toks[a].t.length, toks[b].s));
  for (let k = 0; k < toks.length; k++) {
    const { t, s } = toks[k];
    if (t.length < 2) continue;
    // a document number: "34-NQ/TW", "30/2020/NĐ-CP"
    if (/\d/.test(t) && /\//.test(t)) continue;
    // a run of three all-caps words is a shouted headline, not acronyms
    if (shouty(k)) {
      let run = 1;
      for (let j = k - 1; j >= 0 && shouty(j) && adjacent(j, j + 1); j--) run++;
      for (let j = k + 1; j < toks.length && shouty(j) && adjacent(j - 1, j); j++) run++;
      if (run >= 3) continue;
    }
    // "AFP/TTXVN": split at "/" unless a side is a single letter (C/O)
    const parts = t.includes('/') && t.split('/').every((p) => p.length >= 2) ? t.split('/') : [t];
    let off = s;
    for (const p of parts) {
      if (isAcronymShape(p)) out.push({ acronym: p, key: acronymKey(p), start: off, end: off + p.length });
      off += p.length + 1;
    }
  }
  return out;
}

/** The acronym use at an offset (inside it, or touching its end), if any. */
export function acronymAt(text: string, offset: number): AcronymUse | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  // the line around the offset is enough context (a token never spans lines)
  const ls = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  let le = text.indexOf('\n', offset);
  if (le < 0) le = text.length;
  const line = text.slice(ls, le);
  const uses = findAcronymUses(line);
  let touching: AcronymUse | undefined;
  for (const u of uses) {
    const s = u.start + ls;
    const e = u.end + ls;
    if (offset >= s && offset < e) return { ...u, start: s, end: e };
    if (offset === e) touching = { ...u, start: s, end: e };
  }
  return touching;
}
