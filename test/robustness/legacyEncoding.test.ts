/**
 * Legacy Vietnamese encodings (server/src/core/legacyEncoding.ts): the TCVN3 and VNI tables
 * checked against famous real-world strings, against glibc's TCVN5712-1 converter when the
 * system has iconv, against each other (round trips through both), and against the vn-news
 * slice; detection on the right, wrong and non-Vietnamese inputs.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  decodeTcvn3,
  decodeVni,
  detectLegacyVietnamese,
  encodeTcvn3,
  encodeVni,
  isVietnameseSyllable,
  legacyWarning,
} from '../../server/src/core/legacyEncoding';
import { decodeCorpusBytes } from '../../server/src/host/files';

/** Bytes of a string whose characters are all below U+0100 (how a Latin-1 view shows legacy text). */
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

/** The 134 non-ASCII Vietnamese letters, built from Unicode composition (not from the tables under test). */
function vietnameseLetters(): string[] {
  const bases: [string, string][] = [
    ['a', ''], ['a', '\u0306'], ['a', '\u0302'], ['e', ''], ['e', '\u0302'], ['i', ''],
    ['o', ''], ['o', '\u0302'], ['o', '\u031b'], ['u', ''], ['u', '\u031b'], ['y', ''],
  ];
  const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
  const out = new Set<string>(['đ', 'Đ']);
  for (const [b, m] of bases) {
    for (const t of tones) {
      const l = (b + m + t).normalize('NFC');
      if (l.length !== 1) throw new Error(`no precomposed letter for ${b}${m}${t}`);
      if (l > '\u007f') out.add(l);
      if (l.toUpperCase() > '\u007f') out.add(l.toUpperCase());
    }
  }
  return [...out];
}

const SENTENCES = [
  'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII.',
  'Ủy ban nhân dân tỉnh Thừa Thiên Huế ban hành Quyết định số 480/QĐ-UBND về kế hoạch phát triển kinh tế - xã hội.',
  'Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO) phối hợp với các địa phương triển khai công tác đối ngoại nhân dân.',
  'Thủ tướng Chính phủ yêu cầu các bộ, ngành khẩn trương rà soát, sửa đổi thông tư hướng dẫn trước quý IV.',
  'Ông Nguyễn Văn Ánh, Phó Chủ tịch Hội đồng nhân dân, khuyến khích người dân tham gia giữ gìn trật tự, an toàn giao thông.',
  'Ở Đắk Lắk, mùa mưa năm nay kéo dài; nước sông dâng cao, nhiều xã bị chia cắt, khuỷu sông bị sạt lở.',
  'Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025 được Quốc hội thông qua với tỷ lệ tán thành cao.',
  'Hiệp hội các quốc gia Đông Nam Á (ASEAN) nhất trí thúc đẩy hợp tác về chuyển đổi số, năng lượng tái tạo và ứng phó biến đổi khí hậu.',
  'Thuở ấy, người ta khoe rằng rượu ngon, bánh chưng xanh, dưa hành, câu đối đỏ; ai cũng quý những ngày Tết sum vầy.',
  'Ấn Độ, Ả Rập Xê Út, Ô-xtrây-li-a và Ê-đi-ô-pi-a đã cử đại diện; Ý kiến của các đoàn được ghi nhận đầy đủ.',
];

const HEADINGS = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'ĐỘC LẬP - TỰ DO - HẠNH PHÚC', 'QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH QUY CHẾ LÀM VIỆC', 'NGHỊ QUYẾT HỘI NGHỊ LẦN THỨ TÁM BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII'];

describe('legacy Vietnamese encodings', () => {
  describe('tables', () => {
    it('TCVN3: the classic ".VnTime" mojibake reads as Vietnamese', () => {
      assert.equal(decodeTcvn3(latin1('Céng hoµ x· héi chñ nghÜa ViÖt Nam')), 'Cộng hoà xã hội chủ nghĩa Việt Nam');
      assert.equal(decodeTcvn3(latin1('§éc lËp - Tù do - H¹nh phóc')), 'Độc lập - Tự do - Hạnh phúc');
      assert.equal(decodeTcvn3(latin1('Thñ t\u00ad\u00edng ChÝnh phñ, NghÞ ®Þnh, Th«ng t\u00ad, mÆt, h¼n, chuÈn, dÉn, kü thuËt, sö dông')), 'Thủ tướng Chính phủ, Nghị định, Thông tư, mặt, hẳn, chuẩn, dẫn, kỹ thuật, sử dụng');
    });

    it('VNI: base letters with accent bytes read as Vietnamese', () => {
      assert.equal(decodeVni(latin1('Vieät Nam')), 'Việt Nam');
      assert.equal(decodeVni(latin1('Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam')), 'Cộng hòa xã hội chủ nghĩa Việt Nam');
      assert.equal(decodeVni(latin1('Ñoäc laäp - Töï do - Haïnh phuùc')), 'Độc lập - Tự do - Hạnh phúc');
      assert.equal(decodeVni(latin1('COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM')), 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      assert.equal(decodeVni(latin1('khuyeán khích, ngöôøi, yù kieán, quyõ, kyø, Nguyeãn, Ñaék Laék, aên, ôû')), 'khuyến khích, người, ý kiến, quỹ, kỳ, Nguyễn, Đắk Lắk, ăn, ở');
    });

    it('every Vietnamese letter, both cases, goes through VNI and back', () => {
      const letters = vietnameseLetters();
      assert.equal(letters.length, 134);
      for (const l of letters) assert.equal(decodeVni(encodeVni(l)), l, `VNI ${l}`);
    });

    it('every Vietnamese letter goes through TCVN3 and back (capitals as VN1 codes, inside a word)', () => {
      for (const l of vietnameseLetters()) {
        // Capitals live in an upper-case word, lower-case letters in a lower-case one.
        const word = l === l.toUpperCase() ? `B${l}NG` : `b${l}ng`;
        assert.equal(decodeTcvn3(encodeTcvn3(word)), word, `TCVN3 ${l} (${[...encodeTcvn3(word)].map((b) => b.toString(16))})`);
      }
    });

    it('TCVN3 agrees with glibc iconv TCVN5712-1 on every byte 0x80-0xFF and the VN1 control positions', function () {
      const probe = spawnSync('iconv', ['-f', 'TCVN5712-1', '-t', 'UTF-8'], { input: Buffer.from([0x41]) });
      if (probe.error || probe.status !== 0) this.skip(); // no iconv here: the other checks stand
      const bytes = [...Array.from({ length: 128 }, (_, i) => 0x80 + i), 0x01, 0x02, 0x04, 0x05, 0x06, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17];
      // One conversion, '|' between the bytes (each byte after an 'a' so that combining marks have a base).
      const input = Buffer.from(bytes.flatMap((b) => [0x61, b, 0x7c]));
      const ref = spawnSync('iconv', ['-f', 'TCVN5712-1', '-t', 'UTF-8'], { input }).stdout.toString('utf8').split('|');
      const wrong: string[] = [];
      bytes.forEach((b, k) => {
        const theirs = ref[k].normalize('NFC');
        // Bytes that double as Windows punctuation are capitals only inside an upper-case word.
        const ours = [0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97].includes(b)
          ? 'a' + decodeTcvn3(Uint8Array.from([0x42, b, 0x4e, 0x47])).slice(1, -2)
          : decodeTcvn3(Uint8Array.from([0x61, b]));
        if (ours !== theirs) wrong.push(`0x${b.toString(16)}: ${ours} vs iconv ${theirs}`);
      });
      assert.deepEqual(wrong, []);
    });

    it('real sentences survive TCVN3 → Unicode → VNI → Unicode (the two tables checked against each other)', () => {
      for (const s of SENTENCES) {
        const viaTcvn = decodeTcvn3(encodeTcvn3(s));
        assert.equal(viaTcvn, s);
        assert.equal(decodeVni(encodeVni(viaTcvn)), s);
        // And the other way round.
        assert.equal(decodeTcvn3(encodeTcvn3(decodeVni(encodeVni(s)))), s);
      }
    });

    it('ABC upper-case text (lower-case codes in a .VnTimeH font) comes back in capitals', () => {
      for (const h of HEADINGS) assert.equal(decodeTcvn3(encodeTcvn3(h, 'abc')), h);
      // A title-case word next to an acronym keeps its case.
      assert.equal(decodeTcvn3(encodeTcvn3('UBND Hà Nội và HĐND Thành phố', 'abc')), 'UBND Hà Nội và HĐND Thành phố');
    });

    it('TCVN3 punctuation bytes: quotes and ellipses stay punctuation, capitals stay letters', () => {
      assert.equal(decodeTcvn3(latin1('nh©n\u0085Khi cã \u0093USD\u0094 vµ BOT\u0085 NGH\u0091 QUYÕT')), 'nhân…Khi có “USD” và BOT… NGHỊ QUYẾT');
    });

    it('properties: any lower-case Vietnamese text round-trips through TCVN3, any text through VNI', () => {
      const letters = vietnameseLetters();
      const lower = letters.filter((l) => l === l.toLowerCase());
      const pieces = (alphabet: string[]) =>
        fc.array(fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(' ', '\n', ',', '.', '-', '(', ')', '/', '1', '9'), fc.constantFrom(...'abcdeghiklmnopqrstuvxy')), { maxLength: 80 }).map((a) => a.join(''));
      fc.assert(fc.property(pieces(lower), (s) => decodeTcvn3(encodeTcvn3(s)) === s), { numRuns: 300 });
      fc.assert(fc.property(pieces([...letters, ...'ABCDEGHIKLMNOPQRSTUVXY']), (s) => decodeVni(encodeVni(s)) === s), { numRuns: 300 });
    });
  });

  describe('syllables', () => {
    it('accepts well-formed syllables and rejects wrong decodings', () => {
      for (const w of ['người', 'nghĩa', 'quyết', 'khuỷu', 'gì', 'giêng', 'thuở', 'hoà', 'hòa', 'xoong', 'được', 'Việt', 'ĐẢNG', 'ăn', 'oách', 'yêu', 'rượu', 'khuya']) assert.ok(isVietnameseSyllable(w), w);
      for (const w of ['Vieọt', 'hoứa', 'xaừ', 'ViƯt', 'café', 'éte', 'mặtt', 'việc̀', 'màt', 'hắ', 'ẻo̊']) assert.ok(!isVietnameseSyllable(w), w);
    });
  });

  describe('detection', () => {
    it('tells TCVN3 from VNI on real sentences, with high confidence', () => {
      const text = SENTENCES.join('\n');
      const t = detectLegacyVietnamese(encodeTcvn3(text));
      const v = detectLegacyVietnamese(encodeVni(text));
      assert.equal(t?.encoding, 'tcvn3');
      assert.equal(t?.text, text);
      assert.ok(t!.confidence >= 0.9, `tcvn3 confidence ${t?.confidence}`);
      assert.equal(v?.encoding, 'vni');
      assert.equal(v?.text, text);
      assert.ok(v!.confidence >= 0.9, `vni confidence ${v?.confidence}`);
    });

    it('tells them apart on every tenth file of the vn-news slice (all 446 pass too: POLICY_LENS_LEGACY_ALL=1)', () => {
      const dir = path.join(__dirname, '..', 'fixtures', 'vn-news');
      const files = fs.readdirSync(dir).filter((f, i) => f.endsWith('.txt') && (process.env.POLICY_LENS_LEGACY_ALL || i % 10 === 0));
      assert.ok(files.length > 40);
      const misses: string[] = [];
      for (const f of files) {
        const s = fs.readFileSync(path.join(dir, f), 'utf8');
        if (detectLegacyVietnamese(encodeTcvn3(s))?.encoding !== 'tcvn3') misses.push(`${f} tcvn3`);
        if (detectLegacyVietnamese(encodeVni(s))?.encoding !== 'vni') misses.push(`${f} vni`);
      }
      assert.deepEqual(misses, []);
    });

    it('leaves damaged UTF-8, other Latin text, binary noise and empty input alone', () => {
      const utf8 = new TextEncoder().encode(SENTENCES.join(' '));
      assert.equal(detectLegacyVietnamese(utf8), undefined, 'valid UTF-8');
      const damaged = Uint8Array.from([...utf8.subarray(0, 100), 0xff, 0xfe, ...utf8.subarray(100, 201)]);
      assert.equal(detectLegacyVietnamese(damaged), undefined, 'UTF-8 with two bad bytes');
      assert.equal(detectLegacyVietnamese(utf8.subarray(0, utf8.length - 1)), undefined, 'UTF-8 cut inside a letter');
      assert.equal(detectLegacyVietnamese(latin1("Le ministère des Affaires étrangères a publié un communiqué. Où est la réunion? Déjà à Paris, très tôt, les délégués ont été reçus à l'Élysée.")), undefined, 'French');
      assert.equal(detectLegacyVietnamese(latin1('Die Behörde für Außenpolitik hat die Größe der Delegation überprüft. Über fünf Länder nahmen teil.')), undefined, 'German');
      assert.equal(detectLegacyVietnamese(latin1('café')), undefined, 'one word');
      assert.equal(detectLegacyVietnamese(new Uint8Array(0)), undefined, 'empty');
      fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (b) => {
        const r = detectLegacyVietnamese(b);
        return r === undefined || (typeof r.text === 'string' && r.confidence >= 0.5 && r.confidence <= 1);
      }), { numRuns: 300 });
    });

    it('decodeCorpusBytes converts legacy files with the warning, and keeps the replacement path for the rest', () => {
      const t = decodeCorpusBytes(encodeTcvn3(SENTENCES[0]), 'a.txt');
      assert.ok('text' in t);
      assert.equal(t.text, SENTENCES[0]);
      assert.equal(t.warning, 'a.txt looks like TCVN3 (ABC, .VnTime fonts): converted to Unicode (convert the file to UTF-8 to silence this)');
      const v = decodeCorpusBytes(encodeVni(SENTENCES[1]), 'b.txt');
      assert.ok('text' in v && v.text === SENTENCES[1] && /looks like VNI/.test(v.warning ?? ''), JSON.stringify(v));
      const bad = decodeCorpusBytes(Uint8Array.from([0x61, 0xff, 0x62]), 'c.txt');
      assert.ok('text' in bad && bad.text === 'a\ufffdb' && /not valid UTF-8/.test(bad.warning ?? ''), JSON.stringify(bad));
      assert.equal(legacyWarning('x', { text: '', encoding: 'vni', confidence: 1 }), 'x looks like VNI (VNI-Windows fonts): converted to Unicode (convert the file to UTF-8 to silence this)');
    });
  });
});
