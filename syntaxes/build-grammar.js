#!/usr/bin/env node
// Generates syntaxes/policylens.injection.json, the TextMate grammar injected into Markdown
// and plain text that scopes Vietnamese document references and acronyms
// (docs/vietnamese-domain.md §3 and §4). The regexes are built here from word
// lists, so each stays readable; the JSON is what VS Code loads.
//
//   node syntaxes/build-grammar.js           write the JSON
//   node syntaxes/build-grammar.js --check   exit 1 if the JSON is not what this script makes
//
// Scopes (each with a second, standard scope so that stock themes show something):
//   entity.name.reference.policylens  markup.underline.reference.policylens   a document reference
//   constant.other.acronym.policylens variable.other.constant.acronym.policylens  an acronym
// This file is not shipped (.vscodeignore keeps only syntaxes/*.json).
'use strict';

const fs = require('fs');
const path = require('path');

const OUT = path.join(__dirname, 'policylens.injection.json');
const HOST_OUT = path.join(__dirname, 'policylens.plaintext.json');

// A word in any case and with or without its diacritics ("Nghị quyết", "nghi quyet",
// "NGHỊ QUYẾT"); the server's parser folds the same way. Tone-placement variants (khóa/khoá)
// are covered because every marked vowel also accepts its bare and other-marked forms.
const VOWELS = {
  a: 'aàáảãạăằắẳẵặâầấẩẫậ', e: 'eèéẻẽẹêềếểễệ', i: 'iìíỉĩị', o: 'oòóỏõọôồốổỗộơờớởỡợ',
  u: 'uùúủũụưừứửữự', y: 'yỳýỷỹỵ', d: 'dđ',
};
const BASE = {};
for (const [b, all] of Object.entries(VOWELS)) for (const ch of all) BASE[ch] = b;

function tolerant(phrase) {
  let out = '';
  for (const ch of phrase.normalize('NFC')) {
    if (ch === ' ') { out += '\\s+'; continue; }
    const lower = ch.toLowerCase();
    const base = BASE[lower];
    if (base) {
      const all = VOWELS[base];
      out += `[${all}${all.toUpperCase()}]`;
    } else if (/\p{L}/u.test(ch)) {
      out += `[${lower}${lower.toUpperCase()}]`;
    } else {
      out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return out;
}

const alt = (xs) => `(?:${xs.join('|')})`;

// Type words (docs/vietnamese-domain.md §3), longest first so "Thông tư liên tịch" wins over "Thông tư".
// Words that name documents only: any case. Words that are also everyday nouns ("hướng dẫn
// 4 bước", "kế hoạch 5 năm") count only capitalised, as in a title ("Kế hoạch 99").
const TYPE_WORDS = [
  'Nghị quyết liên tịch', 'Thông tư liên tịch', 'Nghị quyết', 'Nghị định', 'Quyết định', 'Quy định',
  'Chỉ thị', 'Kết luận', 'Đề án', 'Công điện', 'Công văn', 'Thông tư', 'Pháp lệnh', 'Bộ luật', 'Luật',
];
const TITLE_TYPE_WORDS = ['Quy chế', 'Thông báo', 'Hướng dẫn', 'Chương trình', 'Kế hoạch', 'Phương án', 'Dự án', 'Báo cáo', 'Tờ trình'];

const B = '(?<![\\p{L}\\p{N}_])'; // left word boundary (Unicode: \\b of Oniguruma is fine too, this is explicit)
const E = '(?![\\p{L}\\p{N}_])'; // right word boundary
const UP = 'A-ZĐÐƯ'; // letters of symbols and acronyms (Ð: the eth seen for Đ in scraped text)
const NUM = '\\d{1,5}[a-z]?'; // 34, 01, 30c
const DASH = '\\s?[-–‑]\\s?'; // "367 - QĐ/TWĐTN", "15/2016/TT – BXD"
const CODE = `[${UP}][${UP}a-z0-9]{0,7}`; // NQ, QĐ, QĐi, TTg, QH13, C46
const YEAR = '(?:19|20)\\d{2}';

// Symbols (số ký hiệu).
const PARTY = `${NUM}${DASH}${CODE}\\s?/\\s?${CODE}(?:${DASH}${CODE})*`; // 34-NQ/TW, 36-HD/VPTW
const STATE = `${NUM}[/-]${YEAR}/${CODE}(?:${DASH}${CODE})*`; // 30/2020/NĐ-CP, 94/2015/QH13, 19-2017/NQ-CP
const ADMIN = `${NUM}/${CODE}(?:${DASH}|/)${CODE}(?:${DASH}${CODE})*`; // 480/QĐ-UBND, 4912/UBND-NC, 25/BC/UBND
const SYMBOL = `(?:${STATE}|${PARTY}|${ADMIN})`;

/** Like tolerant(), but the first letter must be a capital. */
const capitalised = (w) => tolerant(w).replace(/^\[([^\]]+)\]/, (_, cls) => `[${[...cls].filter((c) => c !== c.toLowerCase()).join('')}]`);
const TYPE_WORD = alt([...TYPE_WORDS.map((w) => [w, tolerant(w)]), ...TITLE_TYPE_WORDS.map((w) => [w, capitalised(w)])]
  .sort((a, b) => b[0].length - a[0].length) // longest first: "Thông tư liên tịch" before "Thông tư"
  .map(([, re]) => re));
const SO = tolerant('số');
const NAM = tolerant('năm');
const KHOA = tolerant('khóa');
const ROMAN = '(?:C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))';
const ROMAN_TERM = `(?=[IVXLC])${ROMAN}`;
const TRUNG_UONG = alt([tolerant('Trung ương'), 'T\\.\\s?[ƯU]', 'TƯ', 'TW']);
const DAI_HOI = tolerant('Đại hội');

// "Nghị quyết Trung ương 4 khóa XI", "Nghị quyết T.Ư 8 (khóa XII)", "Nghị quyết Đại hội XIII",
// "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII".
const MEETING =
  `${B}${tolerant('Nghị quyết')}\\s+` +
  alt([
    `(?:${tolerant('Hội nghị')}\\s+)?${TRUNG_UONG}\\s+(?:${tolerant('lần thứ')}\\s+)?\\d{1,2}(?:\\s*(?:,\\s*)?\\(?\\s*${KHOA}\\s+${ROMAN_TERM}\\s*\\)?)?`,
    `${DAI_HOI}(?:\\s+${tolerant('đại biểu toàn quốc')})?(?:\\s+${tolerant('lần thứ')})?\\s+${ROMAN_TERM}`,
  ]) +
  E;

// "Nghị quyết số 34-NQ/TW", "Nghị quyết (NQ) số 22-NQ/TW", "Quyết định số số 480/QĐ-UBND",
// "Quy định số31-QĐ/TW", "Nghị quyết 34", "Đề án 01", "Nghị định 155/2016",
// "Thông tư số 15 năm 2015", "Nghị định 67/CP".
const SHORT_NUMBER = `${NUM}(?:[/-]${YEAR}(?![\\d/]))?(?:/[${UP}]{1,6}(?![\\p{L}\\p{N}/-]))?(?:\\s+${NAM}\\s+${YEAR})?`;
const NUMBER_SIGN = `(?:\\s+${SO}(?=\\s*\\d)|\\s+${SO}(?=\\s+${SO}))`; // "số", "số số", "số31"
const TYPED =
  `${B}` +
  alt([
    `${TYPE_WORD}(?:\\s*\\([${UP}]{1,5}\\))?${NUMBER_SIGN}*\\s*${alt([SYMBOL, SHORT_NUMBER])}`,
    // the everyday nouns in lower case, when "số" and a full symbol follow: "tờ trình số 80/TTr-UBND"
    `${alt(TITLE_TYPE_WORDS.map(tolerant))}${NUMBER_SIGN}+\\s*${SYMBOL}`,
  ]) +
  '(?![\\p{L}\\p{N}_/])';

// "TT36/2017", "NĐ67", "NQ 34", "QĐ 480".
const COMPACT = `${B}(?:(?:NQ|NĐ|QĐ|TT)\\s?|(?:TTLT|CT|KL|ĐA|CV|TB|KH|HD|CĐ|BC))\\d{1,5}(?:/${YEAR})?(?![\\p{L}\\p{N}_/])`;

// "Luật Đất đai năm 2013", "Bộ luật Dân sự 2015", "Luật Cán bộ, công chức (năm 2008)".
const LAW = `${B}(?:${tolerant('Bộ luật')}|${tolerant('Luật')})\\s+\\p{Lu}\\p{Ll}*(?:,?\\s+\\p{L}+){0,7}?\\s+\\(?(?:${NAM}\\s+)?${YEAR}\\)?(?!\\d)`;

// A bare symbol in running text.
const BARE_SYMBOL = `${B}${SYMBOL}(?![\\p{L}\\p{N}_/])`;

// Acronyms (§4): UBND, HĐND, ĐCSVN, KT-XH, NN&PTNT, COP28, T.Ư, TTg. Roman numerals
// ("khóa XIII", "quý IV") are not acronyms; a capitalised word is not either.
const ACRONYM_DOTTED = `${B}(?:[${UP}]\\.){1,3}[${UP}](?![\\p{L}\\p{N}_]|\\.[${UP}])`;
const ACRONYM_MIXED = `${B}(?:TTg|TTr|QĐi|CTr|QyĐ|TTXVN)${E}`;
const ACRONYM =
  `${B}(?!${ROMAN_TERM}${E})[${UP}](?:[${UP}&]|[-–](?=[${UP}]{2}))*[${UP}]\\d{0,4}${E}` + `|${B}G(?:7|8|20)${E}`;

const REF = 'entity.name.reference.policylens markup.underline.reference.policylens';
const ACR = 'constant.other.acronym.policylens variable.other.constant.acronym.policylens';

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Policy Lens references and acronyms',
  scopeName: 'policylens.injection',
  comment: 'Generated by syntaxes/build-grammar.js: edit that file, then run it.',
  injectionSelector: 'L:text.html.markdown -markup.fenced_code -markup.inline.raw -markup.underline.link -markup.math -meta.link.inline.markdown -meta.embedded, L:text.plain',
  patterns: [
    { include: '#meeting' },
    { include: '#typed' },
    { include: '#law' },
    { include: '#symbol' },
    { include: '#compact' },
    { include: '#acronym' },
  ],
  repository: {
    meeting: { comment: 'Nghị quyết Trung ương 4 khóa XI, Nghị quyết Đại hội XIII', name: REF, match: MEETING },
    typed: { comment: 'Nghị quyết số 34-NQ/TW, Nghị quyết 34, Đề án 01, Thông tư số 15 năm 2015', name: REF, match: TYPED },
    law: { comment: 'Luật Đất đai năm 2013, Bộ luật Dân sự 2015', name: REF, match: LAW },
    symbol: { comment: '34-NQ/TW, 30/2020/NĐ-CP, 94/2015/QH13, 480/QĐ-UBND', name: REF, match: BARE_SYMBOL },
    compact: { comment: 'TT36/2017, NĐ67, NQ 34', name: REF, match: COMPACT },
    acronym: {
      comment: 'UBND, HĐND, ĐCSVN, KT-XH, NN&PTNT, COP28, T.Ư, TTg',
      patterns: [
        { name: ACR, match: ACRONYM_DOTTED },
        { name: ACR, match: ACRONYM_MIXED },
        { name: ACR, match: ACRONYM },
      ],
    },
  },
};

// VS Code has no grammar for plain text, so an injection into text.plain needs a host:
// this one has no rules of its own.
const host = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Plain Text (Policy Lens host for the reference and acronym injection)',
  scopeName: 'text.plain',
  comment: 'Generated by syntaxes/build-grammar.js. No rules: policylens.injection adds them.',
  patterns: [],
};

const files = [
  [OUT, JSON.stringify(grammar, null, 2) + '\n'],
  [HOST_OUT, JSON.stringify(host, null, 2) + '\n'],
];
if (process.argv.includes('--check')) {
  const stale = files.filter(([f, text]) => !fs.existsSync(f) || fs.readFileSync(f, 'utf8') !== text);
  if (stale.length) {
    console.error(`out of date: ${stale.map(([f]) => path.relative(process.cwd(), f)).join(', ')}; run node syntaxes/build-grammar.js`);
    process.exit(1);
  }
  console.log('grammar JSON is up to date');
} else {
  for (const [f, text] of files) fs.writeFileSync(f, text);
  console.log(`wrote ${files.map(([f]) => path.relative(process.cwd(), f)).join(', ')}`);
}
