import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Data checks for the bundled bilingual acronym glossary (server/data/glossary.json).
 * User glossary files use the same format, so `validateGlossary` is written against
 * `unknown` input and reports every problem it finds.
 */

const GLOSSARY_PATH = path.join(__dirname, '..', '..', 'server', 'data', 'glossary.json');

const CATEGORIES = new Set([
  'party',
  'state',
  'mass-organisation',
  'international-organisation',
  'economy',
  'trade-agreement',
  'diplomacy',
  'security',
  'law',
  'media',
  'society',
  'other',
]);

const ENTRY_KEYS = new Set(['acronym', 'vi', 'en', 'category', 'note', 'validTo', 'successor', 'source']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// where an entry was checked: a web address, or a file of the vn-news corpus
const SOURCE = /^(?:https?:\/\/\S+|vn-news:\d+)(?:, (?:https?:\/\/\S+|vn-news:\d+))*$/;

const REQUIRED_ACRONYMS = [
  'ĐCSVN', 'CSP', 'FTA', 'ASEAN', 'APEC', 'ASEM', 'UNESCO', 'ODA', 'FDI', 'UNCLOS', 'COP28',
  'TTXVN', 'VUFO', 'HAUFO', 'ĐNND', 'UBND', 'HĐND', 'MTTQ', 'NHNN', 'WTO', 'CPTPP', 'EVFTA',
  'RCEP', 'LHQ', 'KT-XH',
];

const ETH = /[\u00D0\u00F0]/; // Ð / ð (Icelandic eth), look-alikes of Đ / đ

function validateGlossary(data: unknown): string[] {
  const errors: string[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return ['top level is not an object'];
  }
  const root = data as Record<string, unknown>;
  if (root.version !== 1) errors.push(`version must be 1, got ${JSON.stringify(root.version)}`);
  if (!Array.isArray(root.entries)) return [...errors, 'entries is not an array'];

  const seen = new Set<string>();
  root.entries.forEach((raw: unknown, i: number) => {
    const where = `entries[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${where} is not an object`);
      return;
    }
    const e = raw as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!ENTRY_KEYS.has(key)) errors.push(`${where} has unknown key "${key}"`);
    }
    const fields: Array<[string, boolean]> = [
      ['acronym', true],
      ['vi', true],
      ['en', true],
      ['category', true],
      ['note', false],
      ['validTo', false],
      ['successor', false],
      ['source', false],
    ];
    for (const [key, required] of fields) {
      const v = e[key];
      if (v === undefined && !required) continue;
      if (typeof v !== 'string' || v.trim() === '') {
        errors.push(`${where}.${key} must be a non-empty string`);
        continue;
      }
      if (v !== v.trim()) errors.push(`${where}.${key} has leading/trailing whitespace`);
      if (v !== v.normalize('NFC')) errors.push(`${where}.${key} is not NFC: ${JSON.stringify(v)}`);
      if (ETH.test(v)) errors.push(`${where}.${key} contains Ð/ð (U+00D0/U+00F0) instead of Đ/đ`);
    }
    if (typeof e.validTo === 'string' && (!ISO_DATE.test(e.validTo) || Number.isNaN(Date.parse(e.validTo)))) errors.push(`${where}.validTo must be YYYY-MM-DD`);
    if (e.validTo !== undefined && e.successor === undefined) errors.push(`${where} has validTo but no successor`);
    if ((e.validTo !== undefined || e.successor !== undefined) && e.source === undefined) errors.push(`${where} marks a retired body without a source`);
    if (typeof e.source === 'string' && !SOURCE.test(e.source)) errors.push(`${where}.source must be addresses or vn-news:<id>, comma-separated`);
    if (typeof e.category === 'string' && !CATEGORIES.has(e.category)) {
      errors.push(`${where}.category "${e.category}" is not an allowed category`);
    }
    if (typeof e.acronym === 'string' && typeof e.vi === 'string') {
      const key = `${e.acronym}\u0000${e.vi}`;
      if (seen.has(key)) errors.push(`${where} duplicates (acronym, vi) = (${e.acronym}, ${e.vi})`);
      seen.add(key);
    }
  });
  return errors;
}

interface Entry {
  acronym: string;
  vi: string;
  en: string;
  category: string;
  note?: string;
  validTo?: string;
  successor?: string;
  source?: string;
}

function loadGlossary(): { raw: string; data: { version: number; entries: Entry[] } } {
  const raw = fs.readFileSync(GLOSSARY_PATH, 'utf8');
  return { raw, data: JSON.parse(raw) as { version: number; entries: Entry[] } };
}

describe('bundled glossary data (server/data/glossary.json)', () => {
  it('is valid JSON in UTF-8 without BOM, and the whole file is NFC', () => {
    const { raw } = loadGlossary();
    assert.notEqual(raw.charCodeAt(0), 0xfeff, 'file starts with a BOM');
    assert.equal(raw, raw.normalize('NFC'), 'file is not NFC');
    assert.ok(!ETH.test(raw), 'file contains Ð/ð (U+00D0/U+00F0)');
  });

  it('passes schema, NFC, look-alike and duplicate checks', () => {
    const { data } = loadGlossary();
    assert.deepEqual(validateGlossary(data), []);
  });

  it('has at least 800 entries', () => {
    const { data } = loadGlossary();
    assert.ok(data.entries.length >= 800, `only ${data.entries.length} entries`);
  });

  it('contains the required acronyms', () => {
    const { data } = loadGlossary();
    const present = new Set(data.entries.map((e) => e.acronym));
    const missing = REQUIRED_ACRONYMS.filter((a) => !present.has(a));
    assert.deepEqual(missing, []);
  });

  it('lists both expansions of ambiguous acronyms (BCT, PPP)', () => {
    const { data } = loadGlossary();
    const vis = (acr: string) => data.entries.filter((e) => e.acronym === acr).map((e) => e.vi);
    assert.ok(vis('BCT').includes('Bộ Chính trị'));
    assert.ok(vis('BCT').includes('Bộ Công Thương'));
    // PPP has exactly two meanings; each may have more than one Vietnamese wording
    // (đối tác công tư / hợp tác công tư; sức mua tương đương / ngang giá sức mua).
    const ppp = data.entries.filter((e) => e.acronym === 'PPP');
    assert.deepEqual([...new Set(ppp.map((e) => e.en))].sort(), ['public-private partnership', 'purchasing power parity']);
    assert.ok(vis('PPP').includes('đối tác công tư'));
    assert.ok(vis('PPP').includes('sức mua tương đương'));
  });

  it('is sorted by acronym with Intl.Collator("vi")', () => {
    const { data } = loadGlossary();
    const collator = new Intl.Collator('vi');
    for (let i = 1; i < data.entries.length; i++) {
      const a = data.entries[i - 1]!.acronym;
      const b = data.entries[i]!.acronym;
      assert.ok(collator.compare(a, b) <= 0, `entries out of order at ${i}: "${a}" before "${b}"`);
    }
  });
});

describe('glossary update 2026-12 (issue 15): retired bodies, fixed entries, new entries', () => {
  const at = (acronym: string, vi: string) => loadGlossary().data.entries.find((e) => e.acronym === acronym && e.vi === vi);

  it('marks the bodies retired in 2025 with their end date and successor', () => {
    const table: Array<[string, string, string, string]> = [
      ['BĐNTW', 'Ban Đối ngoại Trung ương', '2025-02-24', 'Bộ Ngoại giao'],
      ['BKTTW', 'Ban Kinh tế Trung ương', '2025-02-03', 'Ban Chính sách, chiến lược Trung ương'],
      ['BTGTW', 'Ban Tuyên giáo Trung ương', '2025-02-03', 'Ban Tuyên giáo và Dân vận Trung ương'],
      ['BDVTW', 'Ban Dân vận Trung ương', '2025-02-03', 'Ban Tuyên giáo và Dân vận Trung ương'],
      ['BLĐTBXH', 'Bộ Lao động - Thương binh và Xã hội', '2025-03-01', 'Bộ Nội vụ'],
      ['MPI', 'Bộ Kế hoạch và Đầu tư', '2025-03-01', 'Bộ Tài chính'],
      ['UBDT', 'Ủy ban Dân tộc', '2025-03-01', 'Bộ Dân tộc và Tôn giáo'],
      ['TCT', 'Tổng cục Thuế', '2025-03-01', 'Cục Thuế'],
      ['TCHQ', 'Tổng cục Hải quan', '2025-03-01', 'Cục Hải quan'],
      ['TCTK', 'Tổng cục Thống kê', '2025-03-01', 'Cục Thống kê'],
      ['GSO', 'Tổng cục Thống kê', '2025-03-01', 'Cục Thống kê'],
      ['UBQLV', 'Ủy ban Quản lý vốn nhà nước tại doanh nghiệp', '2025-03-21', 'Bộ Tài chính'],
      ['USAID', 'Cơ quan Phát triển Quốc tế Hoa Kỳ', '2025-07-01', 'Bộ Ngoại giao Hoa Kỳ'],
      ['PVN', 'Tập đoàn Dầu khí Việt Nam', '2025-04-09', 'Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam'],
    ];
    for (const [acronym, vi, validTo, successor] of table) {
      const e = at(acronym, vi);
      assert.ok(e, `${acronym} = ${vi} missing`);
      assert.deepEqual([e.validTo, e.successor], [validTo, successor], acronym);
    }
    // a meaning that is not a body stays unmarked
    assert.equal(at('TCT', 'tổng công ty')?.validTo, undefined);
  });

  it('PVN gives the current name; LMI names its successor', () => {
    assert.equal(at('PVN', 'Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam')?.validTo, undefined);
    assert.equal(at('LMI', 'Sáng kiến Hạ nguồn Mê Công')?.successor, 'Quan hệ Đối tác Mê Công - Mỹ (MUSP)');
  });

  it('has the new foreign-affairs entries, each with the source it was checked against', () => {
    const { data } = loadGlossary();
    const checked = data.entries.filter((e) => e.source && !e.validTo && !e.successor);
    assert.ok(checked.length >= 100, `only ${checked.length} new checked entries`);
    const present = new Set(data.entries.map((e) => e.acronym));
    for (const a of ['CPV', 'UPR', 'ICCPR', 'ICESCR', 'CEDAW', 'CRC', 'CAT', 'CLCS', 'ISA', 'CUES', 'ReCAAP', 'G77', 'P4G', 'MUSP', 'MKC', 'MJC', 'FLEGT', 'BNNMT', 'BDTTG', 'MONRE', 'UAE']) {
      assert.ok(present.has(a), `${a} missing`);
    }
  });
});

describe('validateGlossary rejects bad data', () => {
  const good = { acronym: 'ĐCSVN', vi: 'Đảng Cộng sản Việt Nam', en: 'Communist Party of Vietnam', category: 'party' };

  it('accepts a minimal valid file', () => {
    assert.deepEqual(validateGlossary({ version: 1, entries: [good] }), []);
  });

  it('rejects a wrong top level', () => {
    assert.notDeepEqual(validateGlossary([]), []);
    assert.notDeepEqual(validateGlossary({ version: 2, entries: [] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1 }), []);
  });

  it('rejects empty or missing fields, unknown keys and unknown categories', () => {
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...good, en: '' }] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...good, vi: undefined }] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...good, note: '' }] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...good, category: 'politics' }] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...good, extra: 'x' }] }), []);
  });

  it('checks the retirement fields: a date, a successor and a source', () => {
    const retired = { ...good, validTo: '2025-03-01', successor: 'X', source: 'https://example.org/a' };
    assert.deepEqual(validateGlossary({ version: 1, entries: [retired] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...retired, validTo: '1/3/2025' }] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...retired, successor: undefined }] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...retired, source: undefined }] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...good, source: 'somewhere' }] }), []);
  });

  it('rejects NFD text and the Ð look-alike', () => {
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...good, vi: good.vi.normalize('NFD') }] }), []);
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [{ ...good, acronym: '\u00D0CSVN' }] }), []);
  });

  it('rejects duplicate (acronym, vi) pairs but allows two expansions of one acronym', () => {
    assert.notDeepEqual(validateGlossary({ version: 1, entries: [good, { ...good, en: 'CPV' }] }), []);
    assert.deepEqual(
      validateGlossary({
        version: 1,
        entries: [
          { acronym: 'BCT', vi: 'Bộ Chính trị', en: 'Politburo', category: 'party' },
          { acronym: 'BCT', vi: 'Bộ Công Thương', en: 'Ministry of Industry and Trade', category: 'state' },
        ],
      }),
      [],
    );
  });
});
