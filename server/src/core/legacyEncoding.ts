/**
 * Vietnamese text in the legacy 8-bit encodings that predate Unicode, still found in old
 * ministry and newsroom files: detection from bytes and conversion to Unicode.
 *
 * - TCVN3 ("ABC", TCVN 5712:1993, fonts .VnTime / .VnArial, upper-case fonts .VnTimeH):
 *   one byte per letter. Lower-case letters and Ă Â Ê Ô Ơ Ư Đ sit in 0xA1-0xFE; the full
 *   standard (VN1, as in glibc's TCVN5712-1) also puts upper-case toned letters in
 *   0x80-0x9F, a few high positions and some C0 control positions. In practice (ABC)
 *   upper-case text was typed with the lower-case codes in a ".VnTimeH" font, so the font,
 *   not the bytes, made it upper case: "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM". Plain text
 *   loses the font; an all-capitals word is recognised and upper-cased (see upperCaseWords).
 * - VNI (VNI-Windows, fonts "VNI-Times"): a base letter followed by accent bytes, read as
 *   Windows-1252 glyphs: "Vieät Nam" = Việt Nam, "Coäng hoøa" = Cộng hòa.
 *
 * Neither encoding says what it is; a file in one of them is simply not valid UTF-8. The
 * detector decodes the bytes both ways and keeps the reading whose words are well-formed
 * Vietnamese syllables (onset + rhyme, one tone, the tone allowed by the final consonant).
 *
 * Pure: bytes in, text out; no I/O.
 */

export type LegacyEncoding = 'tcvn3' | 'vni';

export interface LegacyDecoded {
  text: string;
  encoding: LegacyEncoding;
  /** 0..1: share of the accented words that are well-formed Vietnamese syllables, damped below four such words. */
  confidence: number;
}

export const LEGACY_LABEL: Readonly<Record<LegacyEncoding, string>> = {
  tcvn3: 'TCVN3 (ABC, .VnTime fonts)',
  vni: 'VNI (VNI-Windows fonts)',
};

/** The log line for a converted file. */
export function legacyWarning(name: string, d: LegacyDecoded): string {
  return `${name} looks like ${LEGACY_LABEL[d.encoding]}: converted to Unicode (convert the file to UTF-8 to silence this)`;
}

// ------------------------------------------------------------------ letters

const GRAVE = '\u0300';
const ACUTE = '\u0301';
const TILDE = '\u0303';
const HOOK = '\u0309';
const DOT = '\u0323';
const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031b';

/** Base letter + modifier + tone, composed (NFC). `tone` '' for none. */
function letter(base: string, modifier: string, tone: string): string {
  return (base + modifier + tone).normalize('NFC');
}

// ------------------------------------------------------------------ TCVN3

/**
 * TCVN 5712:1993 (VN1) byte → character, 0x80-0xFF. Lower-case letters and Ă Â Ê Ô Ơ Ư Đ
 * are the TCVN3 (ABC) set; the upper-case toned letters are VN1's. 0xB0-0xB4 are the
 * combining tone marks of the standard.
 */
const TCVN_HIGH: readonly string[] = (() => {
  const t: string[] = new Array(128).fill('');
  const set = (byte: number, ch: string) => {
    t[byte - 0x80] = ch;
  };
  const row = (bytes: number[], base: string, modifier: string, tones: string[]) => bytes.forEach((b, i) => set(b, letter(base, modifier, tones[i])));
  // Lower case. Tone order in each row: grave, hook, tilde, acute, dot (the order of the standard).
  const order = [GRAVE, HOOK, TILDE, ACUTE, DOT];
  row([0xb5, 0xb6, 0xb7, 0xb8, 0xb9], 'a', '', order);
  row([0xbb, 0xbc, 0xbd, 0xbe, 0xc6], 'a', BREVE, order);
  row([0xc7, 0xc8, 0xc9, 0xca, 0xcb], 'a', CIRCUMFLEX, order);
  row([0xcc, 0xce, 0xcf, 0xd0, 0xd1], 'e', '', order);
  row([0xd2, 0xd3, 0xd4, 0xd5, 0xd6], 'e', CIRCUMFLEX, order);
  row([0xd7, 0xd8, 0xdc, 0xdd, 0xde], 'i', '', order);
  row([0xdf, 0xe1, 0xe2, 0xe3, 0xe4], 'o', '', order);
  row([0xe5, 0xe6, 0xe7, 0xe8, 0xe9], 'o', CIRCUMFLEX, order);
  row([0xea, 0xeb, 0xec, 0xed, 0xee], 'o', HORN, order);
  row([0xef, 0xf1, 0xf2, 0xf3, 0xf4], 'u', '', order);
  row([0xf5, 0xf6, 0xf7, 0xf8, 0xf9], 'u', HORN, order);
  row([0xfa, 0xfb, 0xfc, 0xfd, 0xfe], 'y', '', order);
  // Letters without a tone.
  set(0xa1, 'Ă');
  set(0xa2, 'Â');
  set(0xa3, 'Ê');
  set(0xa4, 'Ô');
  set(0xa5, 'Ơ');
  set(0xa6, 'Ư');
  set(0xa7, 'Đ');
  set(0xa8, 'ă');
  set(0xa9, 'â');
  set(0xaa, 'ê');
  set(0xab, 'ô');
  set(0xac, 'ơ');
  set(0xad, 'ư');
  set(0xae, 'đ');
  set(0xa0, '\u00a0');
  // Combining tone marks.
  set(0xb0, GRAVE);
  set(0xb1, HOOK);
  set(0xb2, TILDE);
  set(0xb3, ACUTE);
  set(0xb4, DOT);
  // Upper-case toned letters (VN1).
  const up = (bytes: number[], base: string, modifier: string, tones: string[]) => bytes.forEach((b, i) => set(b, letter(base, modifier, tones[i])));
  up([0x80, 0x81, 0x82, 0x83, 0x84], 'A', '', order);
  up([0xaf, 0xba, 0xbf, 0xc0, 0x85], 'A', BREVE, order);
  up([0xc1, 0xc2, 0xc3, 0xc4, 0x86], 'A', CIRCUMFLEX, order);
  up([0x87, 0x88, 0x89, 0x8a, 0x8b], 'E', '', order);
  up([0xc5, 0xcd, 0xd9, 0xda, 0x8c], 'E', CIRCUMFLEX, order);
  up([0x8d, 0x8e, 0x8f, 0x90, 0x91], 'I', '', order);
  up([0x92, 0x93, 0x94, 0x95, 0x96], 'O', '', order);
  up([0xdb, 0xe0, 0xf0, 0xff, 0x97], 'O', CIRCUMFLEX, order);
  up([0x98, 0x99, 0x9a, 0x9b, 0x9c], 'O', HORN, order);
  up([0x9d, 0x9e, 0x9f], 'U', '', [GRAVE, HOOK, TILDE]);
  return t;
})();

/** VN1 puts the remaining upper-case toned letters in C0 control positions. */
const TCVN_C0: ReadonlyMap<number, string> = new Map([
  [0x01, 'Ú'],
  [0x02, 'Ụ'],
  [0x04, 'Ừ'],
  [0x05, 'Ử'],
  [0x06, 'Ữ'],
  [0x11, 'Ứ'],
  [0x12, 'Ự'],
  [0x13, 'Ỳ'],
  [0x14, 'Ỷ'],
  [0x15, 'Ỹ'],
  [0x16, 'Ý'],
  [0x17, 'Ỵ'],
]);

/** Windows-1252 0x80-0x9F (undefined positions stay C1 controls, as WHATWG decodes them). */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Bytes that are both a VN1 upper-case letter and common Windows punctuation (… ‘ ’ “ ” •
 * – —). ABC fonts draw them as the punctuation, and upper-case toned letters were typed
 * with the lower-case codes, so they count as letters only between two letters.
 */
const TCVN_PUNCTUATION = new Set([0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97]);

const IS_LETTER = /[\p{L}\p{M}]/u;
const IS_UPPER = /\p{Lu}/u;

/** Byte → text for TCVN3, except the punctuation bytes (decided by context). */
const TCVN_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b < 0x80 ? (TCVN_C0.get(b) ?? String.fromCharCode(b)) : TCVN_HIGH[b - 0x80] || CP1252_C1[b - 0x80] || String.fromCharCode(b),
);

/** TCVN3 reading of each byte as one UTF-16 code unit, and whether it is a letter (or a combining mark). */
const TCVN_UNIT = Uint16Array.from(TCVN_BYTE, (ch) => ch.charCodeAt(0));
const TCVN_LETTER_BYTE: readonly boolean[] = TCVN_BYTE.map((ch) => IS_LETTER.test(ch));

/** TCVN3 / TCVN 5712 bytes to Unicode (NFC), with the all-capitals heuristic for ABC upper-case text. */
export function decodeTcvn3(bytes: Uint8Array): string {
  // One code unit per byte (every TCVN3 character is in the BMP), decoded in one go.
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (!TCVN_PUNCTUATION.has(b)) {
      units[i] = TCVN_UNIT[b];
      continue;
    }
    let from = i;
    while (from > 0 && i - from < 32 && TCVN_LETTER_BYTE[bytes[from - 1]] && (!TCVN_PUNCTUATION.has(bytes[from - 1]) || units[from - 1] === TCVN_UNIT[bytes[from - 1]])) from--;
    const before = String.fromCharCode(...units.subarray(from, i));
    units[i] = punctuationOrLetter(bytes, i, before).charCodeAt(0);
  }
  return upperCaseWords(UTF16.decode(units).normalize('NFC'));
}

const UTF16 = new TextDecoder('utf-16le');

/**
 * A byte that is a VN1 capital and also Windows punctuation: a capital when it completes an
 * upper-case syllable ("NGH" + Ị, "C" + Ộ + "NG"), else the punctuation ("USD”", "nhân…Khi").
 */
function punctuationOrLetter(bytes: Uint8Array, i: number, before: string): string {
  const b = bytes[i];
  const capital = TCVN_HIGH[b - 0x80];
  if (!IS_UPPER.test(before.slice(-1))) return CP1252_C1[b - 0x80];
  let after = '';
  for (let k = i + 1; k < bytes.length && after.length < 16; k++) {
    const c = TCVN_PUNCTUATION.has(bytes[k]) ? TCVN_HIGH[bytes[k] - 0x80] : TCVN_BYTE[bytes[k]];
    if (!IS_LETTER.test(c)) break;
    after += c;
  }
  return isVietnameseSyllable((before + capital + after).normalize('NFC')) ? capital : CP1252_C1[b - 0x80];
}

const WORD = /[\p{L}\p{M}]+/gu;
/** A word without ASCII lower-case letters: the only kind upperCaseWords changes. */
const NO_ASCII_LOWER_WORD = /(?<![\p{L}\p{M}])(?:(?![a-z])[\p{L}\p{M}])+(?![\p{L}\p{M}])/gu;

/**
 * ABC upper-case text: the lower-case codes shown in an upper-case font. A word whose
 * other letters are all capitals ("VIÖT" → "VIệT") is upper-cased ("VIỆT"); a word with
 * one capital and lower-case toned letters ("X·" → "Xã") only when a neighbouring word on
 * the same line needed it too ("HOµ X· HéI"), so "UBND Hµ Néi" keeps "Hà".
 */
function upperCaseWords(text: string): string {
  if (!/[\p{Ll}]/u.test(text)) return text;
  return text
    .split('\n')
    .map((line) => {
      if (![...line.matchAll(NO_ASCII_LOWER_WORD)].some((m) => wordCase(m[0]) !== 'none')) return line;
      const words = [...line.matchAll(WORD)];
      if (words.length === 0) return line;
      const kind = words.map((m) => wordCase(m[0]));
      let out = '';
      let at = 0;
      words.forEach((m, i) => {
        const k = kind[i];
        const needs = k === 'strong' || (k === 'weak' && (kind[i - 1] === 'strong' || kind[i + 1] === 'strong'));
        out += line.slice(at, m.index) + (needs ? m[0].toUpperCase() : m[0]);
        at = m.index! + m[0].length;
      });
      return out + line.slice(at);
    })
    .join('\n');
}

/** 'strong': capitals (2+) and lower-case non-ASCII letters only; 'weak': one capital and such letters; else 'none'. */
function wordCase(word: string): 'strong' | 'weak' | 'none' {
  let upper = 0;
  let lowerAscii = 0;
  let lowerOther = 0;
  for (const ch of word) {
    if (ch >= 'a' && ch <= 'z') lowerAscii++;
    else if (ch !== ch.toLowerCase()) upper++;
    else if (ch !== ch.toUpperCase()) lowerOther++;
  }
  if (lowerAscii > 0 || lowerOther === 0 || upper === 0) return 'none';
  return upper >= 2 ? 'strong' : 'weak';
}

/** Unicode → TCVN3 bytes (for tests and round trips). Upper-case toned letters: VN1 codes, or ('abc') the lower-case codes as ABC typists did. */
export function encodeTcvn3(text: string, upperCase: 'vn1' | 'abc' = 'vn1'): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 && !TCVN_C0.has(c)) {
      out.push(c);
      continue;
    }
    let b = TCVN_REVERSE.get(ch);
    if (upperCase === 'abc' && b !== undefined && !TCVN_ABC_CAPITALS.has(ch) && ch !== ch.toLowerCase()) b = TCVN_REVERSE.get(ch.toLowerCase());
    if (b === undefined && ch !== ch.toLowerCase()) b = TCVN_REVERSE.get(ch.toLowerCase());
    if (b === undefined) {
      const p = CP1252_C1.indexOf(ch);
      b = p >= 0 ? 0x80 + p : c <= 0xff ? c : 0x3f;
    }
    out.push(b);
  }
  return Uint8Array.from(out);
}

/** The capitals the ABC set itself has (the rest were typed with lower-case codes). */
const TCVN_ABC_CAPITALS = new Set(['Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ']);

const TCVN_REVERSE: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  TCVN_HIGH.forEach((ch, i) => {
    if (ch && !/^[\u0300-\u036f]$/.test(ch) && ch !== '\u00a0') m.set(ch, 0x80 + i);
  });
  for (const [b, ch] of TCVN_C0) m.set(ch, b);
  return m;
})();

// ------------------------------------------------------------------ VNI

/** VNI tone bytes (as Windows-1252 characters), lower and upper case. */
const VNI_TONES: ReadonlyArray<[string, string, string]> = [
  ['ø', 'Ø', GRAVE],
  ['ù', 'Ù', ACUTE],
  ['û', 'Û', HOOK],
  ['õ', 'Õ', TILDE],
  ['ï', 'Ï', DOT],
];
/** Circumflex (â) and circumflex + tone. */
const VNI_CIRCUMFLEX: ReadonlyArray<[string, string, string]> = [
  ['â', 'Â', ''],
  ['à', 'À', GRAVE],
  ['á', 'Á', ACUTE],
  ['å', 'Å', HOOK],
  ['ã', 'Ã', TILDE],
  ['ä', 'Ä', DOT],
];
/** Breve (ê) and breve + tone, after a / A only. */
const VNI_BREVE: ReadonlyArray<[string, string, string]> = [
  ['ê', 'Ê', ''],
  ['è', 'È', GRAVE],
  ['é', 'É', ACUTE],
  ['ú', 'Ú', HOOK],
  ['ü', 'Ü', TILDE],
  ['ë', 'Ë', DOT],
];

/** Single VNI characters that are letters on their own. */
const VNI_SINGLE: ReadonlyMap<string, string> = new Map([
  ['ñ', 'đ'],
  ['Ñ', 'Đ'],
  ['ô', 'ơ'],
  ['Ô', 'Ơ'],
  ['ö', 'ư'],
  ['Ö', 'Ư'],
  ['ì', 'ì'],
  ['Ì', 'Ì'],
  ['í', 'í'],
  ['Í', 'Í'],
  ['æ', 'ỉ'],
  ['Æ', 'Ỉ'],
  ['ó', 'ĩ'],
  ['Ó', 'Ĩ'],
  ['ò', 'ị'],
  ['Ò', 'Ị'],
  ['î', 'ỵ'],
  ['Î', 'Ỵ'],
]);

/** Base letter (VNI spelling) + accent byte → Unicode letter. */
const VNI_PAIRS: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  const add = (bases: [string, string][], marks: ReadonlyArray<[string, string, string]>, modifier: string) => {
    for (const [vni, base] of bases) {
      for (const [lower, upper, tone] of marks) {
        const ch = letter(base, modifier, tone);
        m.set(vni + lower, ch);
        m.set(vni + upper, ch);
      }
    }
  };
  const both = (l: string, u: string, lb: string, ub: string): [string, string][] => [
    [l, lb],
    [u, ub],
  ];
  // Plain vowels with a tone.
  for (const [l, u] of [['a', 'A'], ['e', 'E'], ['o', 'O'], ['u', 'U'], ['y', 'Y']]) add(both(l, u, l, u), VNI_TONES, '');
  add(both('ô', 'Ô', 'o', 'O'), VNI_TONES, HORN); // ơ
  add(both('ö', 'Ö', 'u', 'U'), VNI_TONES, HORN); // ư
  for (const [l, u] of [['a', 'A'], ['e', 'E'], ['o', 'O']]) add(both(l, u, l, u), VNI_CIRCUMFLEX, CIRCUMFLEX);
  add(both('a', 'A', 'a', 'A'), VNI_BREVE, BREVE);
  return m;
})();

const VNI_TOKEN = /[aAeEoOuUyYôÔöÖ][øùûõïØÙÛÕÏâàáåãäÂÀÁÅÃÄêèéúüëÊÈÉÚÜË]|[ñÑôÔöÖæÆóÓòÒîÎ]/g;

/** VNI-Windows bytes to Unicode (NFC). */
export function decodeVni(bytes: Uint8Array): string {
  return cp1252(bytes)
    .replace(VNI_TOKEN, (t) => {
      if (t.length === 1) return VNI_SINGLE.get(t) ?? t;
      const pair = VNI_PAIRS.get(t);
      if (pair) return pair;
      // Not an accent after this letter: the letter on its own, then the other character.
      return (VNI_SINGLE.get(t[0]) ?? t[0]) + t[1];
    })
    .normalize('NFC');
}

/** Unicode → VNI bytes (for tests and round trips). */
export function encodeVni(text: string): Uint8Array {
  let s = '';
  for (const ch of text.normalize('NFC')) s += VNI_REVERSE.get(ch) ?? ch;
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const p = CP1252_C1.indexOf(ch);
    out.push(c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : p >= 0 ? 0x80 + p : 0x3f);
  }
  return Uint8Array.from(out);
}

const VNI_REVERSE: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [vni, ch] of VNI_SINGLE) if (vni !== ch) m.set(ch, vni);
  for (const [vni, ch] of VNI_PAIRS) {
    // Upper-case letters take upper-case accents; keep the first spelling met for each letter.
    const upper = ch !== ch.toLowerCase();
    const markUpper = vni[1] !== vni[1].toLowerCase();
    if (upper === markUpper && !m.has(ch)) m.set(ch, vni);
  }
  return m;
})();

function cp1252(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const chars: string[] = new Array(chunk.length);
    for (let k = 0; k < chunk.length; k++) {
      const b = chunk[k];
      chars[k] = b >= 0x80 && b < 0xa0 ? CP1252_C1[b - 0x80] : String.fromCharCode(b);
    }
    s += chars.join('');
  }
  return s;
}

// ------------------------------------------------------------------ syllables

const ONSETS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', ''];
const CODAS = ['ng', 'nh', 'ch', 'c', 'm', 'n', 'p', 't', ''];
/** Nuclei that may end a syllable or take a final consonant. */
const OPEN_OR_CLOSED = new Set(['a', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'oa', 'oe', 'uê', 'uy', 'uơ']);
/** Nuclei that need a final consonant. */
const CLOSED_ONLY = new Set(['ă', 'â', 'iê', 'yê', 'uô', 'ươ', 'oă', 'uâ', 'uyê', 'oo']);
/** Nuclei ending in a glide: no final consonant. */
const GLIDE_FINAL = new Set([
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iu', 'oi', 'ôi', 'ơi', 'ua', 'ui', 'ưa', 'ưi', 'ưu',
  'iêu', 'yêu', 'oai', 'oay', 'oao', 'oeo', 'uây', 'uôi', 'ươi', 'ươu', 'uya', 'uyu', 'uêu',
]);
const VOWEL = /[aeiouyăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
const STOP_CODAS = new Set(['c', 'ch', 'p', 't']);
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * True when `word` is a well-formed Vietnamese syllable: onset, nucleus and final from the
 * language's inventory, at most one tone, and only sắc or nặng before c, ch, p, t. Checks
 * form, not meaning ("céng" passes); enough to tell a right decoding from a wrong one.
 */
export function isVietnameseSyllable(word: string): boolean {
  const nfd = word.toLowerCase().normalize('NFD');
  const tones = nfd.match(TONE) ?? [];
  if (tones.length > 1) return false;
  const tone = tones[0] ?? '';
  const s = nfd.replace(TONE, '').normalize('NFC');
  if (!/^[a-zđăâêôơư]+$/.test(s) || /[fjwz]/.test(s)) return false;
  for (const onset of ONSETS) {
    if (!s.startsWith(onset)) continue;
    const rhyme = s.slice(onset.length);
    if (rhyme === '' && onset !== 'gi') continue;
    // "gì", "gìn": the i of gi is the vowel.
    if (rhymeOk(rhyme === '' ? 'i' : rhyme, tone)) return true;
  }
  return false;
}

function rhymeOk(rhyme: string, tone: string): boolean {
  for (const coda of CODAS) {
    if (!rhyme.endsWith(coda)) continue;
    const nucleus = rhyme.slice(0, rhyme.length - coda.length);
    if (!nucleus) continue;
    if (coda === '') {
      if (!OPEN_OR_CLOSED.has(nucleus) && !GLIDE_FINAL.has(nucleus)) continue;
    } else if (!OPEN_OR_CLOSED.has(nucleus) && !CLOSED_ONLY.has(nucleus)) continue;
    if (STOP_CODAS.has(coda) && tone !== '' && tone !== ACUTE && tone !== DOT) continue;
    return true;
  }
  return false;
}

/** Accented words (non-ASCII letters) and how many are well-formed syllables. */
export function syllableEvidence(text: string, maxWords = 4000): { words: number; valid: number } {
  let words = 0;
  let valid = 0;
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    // ASCII words say nothing; neither do vowel-less acronyms (NĐ, HĐND).
    if (!/[^\x00-\x7f]/.test(w) || !VOWEL.test(w)) continue;
    words++;
    if (isVietnameseSyllable(w)) valid++;
    if (words >= maxWords) break;
  }
  return { words, valid };
}

// ------------------------------------------------------------------ detection

/** Bytes looked at to choose an encoding. */
const SAMPLE_BYTES = 256 * 1024;
/** Below this confidence nothing is converted (the caller keeps its own fallback). */
export const MIN_CONFIDENCE = 0.5;

/**
 * Detects TCVN3 or VNI in bytes that are not valid UTF-8 and converts them. Undefined when
 * the bytes are mostly well-formed UTF-8 (a damaged UTF-8 file), have no accented words,
 * or no reading gives Vietnamese syllables with confidence.
 */
export function detectLegacyVietnamese(bytes: Uint8Array): LegacyDecoded | undefined {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const utf8 = utf8Shape(sample);
  if (utf8.invalid === 0 || utf8.valid >= utf8.invalid) return undefined;
  const candidates: Array<{ encoding: LegacyEncoding; decode: (b: Uint8Array) => string }> = [
    { encoding: 'tcvn3', decode: decodeTcvn3 },
    { encoding: 'vni', decode: decodeVni },
  ];
  let best: { encoding: LegacyEncoding; decode: (b: Uint8Array) => string; score: number } | undefined;
  for (const c of candidates) {
    const ev = syllableEvidence(c.decode(sample));
    if (ev.words === 0) continue;
    // A handful of words is weak evidence: damp the ratio until there are four (one word alone is never enough).
    const score = (ev.valid / ev.words) * Math.min(1, (ev.words + 1) / 5);
    if (!best || score > best.score) best = { ...c, score };
  }
  if (!best || best.score < MIN_CONFIDENCE) return undefined;
  const text = bytes.length === sample.length ? best.decode(sample) : best.decode(bytes);
  return { text, encoding: best.encoding, confidence: Math.round(best.score * 1000) / 1000 };
}

/** Counts well-formed UTF-8 multi-byte sequences and bytes that cannot be UTF-8. */
function utf8Shape(b: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) ok = false;
    if (ok) {
      valid++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}
