/**
 * Institutions in time: the dated register (server/data/institutions), the name matcher,
 * the brief's date, the outdated-name check and its quick fixes, hover and completion.
 * Tables of input (with a `|` cursor where a position matters) and expected results.
 */
import { strict as assert } from 'node:assert';
import registerData from '../../server/data/institutions/institutions.json';
import { briefDate } from '../../server/src/core/briefDate';
import { InstitutionMatcher, readRegister } from '../../server/src/core/institutions';
import { codeActions, TextEditData } from '../../server/src/features/codeActions';
import { complete } from '../../server/src/features/completion';
import { diagnose } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { cursor, emptyContext, openBrief } from './briefHelpers';

const TODAY = '2026-12-07';
const { register, problems } = readRegister(registerData);
const matcher = new InstitutionMatcher(register);

function apply(text: string, edits: TextEditData[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

describe('institution register data (server/data/institutions/institutions.json)', () => {
  it('reads without problems: every successor, parent and source is listed', () => {
    assert.deepEqual(problems, []);
    for (const b of register.bodies) if (b.parent) assert.ok(register.get(b.parent), `${b.id}: parent ${b.parent}`);
  });

  it('every body has a source, every retired body an end date, and every successor starts when its predecessor ends', () => {
    for (const b of register.bodies) {
      assert.ok(b.sources.length > 0, `${b.id} has no source`);
      for (const s of b.successors) assert.equal(s.date, b.validTo, `${b.id}: successor date ${s.date} ≠ validTo ${b.validTo}`);
      if (b.successors.length) assert.ok(b.validTo, `${b.id} has successors but no validTo`);
    }
  });

  it('63 former provinces became 34 on 1/7/2025', () => {
    const units = register.bodies.filter((b) => b.kind === 'province' || b.kind === 'city');
    const current = units.filter((b) => !b.validTo);
    const mergedAway = units.filter((b) => b.validTo === '2025-07-01');
    assert.equal(current.length, 34);
    assert.equal(mergedAway.length, 29);
    // the 34 include 23 new units, each keeping the name of one former province, and 11 unchanged
    // (Huế counted once: tỉnh Thừa Thiên Huế became thành phố Huế on 1/1/2025)
    const formedIn2025 = current.filter((b) => b.validFrom === '2025-07-01');
    assert.equal(formedIn2025.length, 23);
    assert.equal(mergedAway.length + formedIn2025.length + (current.length - formedIn2025.length), 63);
    for (const b of mergedAway) assert.equal(register.get(b.successors[0].id)?.validFrom, '2025-07-01', b.id);
  });

  it('the five ministries merged and Ủy ban Dân tộc are retired on 1/3/2025 with their successors', () => {
    const table: Array<[string, string]> = [
      ['bo-ke-hoach-va-dau-tu', 'Bộ Tài chính'],
      ['bo-giao-thong-van-tai', 'Bộ Xây dựng'],
      ['bo-tai-nguyen-va-moi-truong', 'Bộ Nông nghiệp và Môi trường'],
      ['bo-nong-nghiep-va-phat-trien-nong-thon', 'Bộ Nông nghiệp và Môi trường'],
      ['bo-thong-tin-va-truyen-thong', 'Bộ Khoa học và Công nghệ'],
      ['bo-lao-dong-thuong-binh-va-xa-hoi', 'Bộ Nội vụ'],
      ['uy-ban-dan-toc', 'Bộ Dân tộc và Tôn giáo'],
    ];
    for (const [id, successor] of table) {
      assert.equal(register.get(id)?.validTo, '2025-03-01', id);
      assert.deepEqual(register.successorsAt(id, TODAY).map((s) => s.body.names.full), [successor], id);
    }
  });

  it('rejects bad data with a clear problem, never a throw', () => {
    assert.match(readRegister(null).problems[0], /expected/);
    assert.match(readRegister({ version: 1, bodies: [{ id: 'x' }] }).problems[0], /names\.full/);
    assert.match(readRegister({ version: 1, bodies: [{ id: 'x', names: { full: 'X' }, validTo: '1/3/2025' }] }).problems[0], /YYYY-MM-DD/);
    assert.match(readRegister({ version: 1, bodies: [{ id: 'x', names: { full: 'X' }, successors: [{ id: 'y', date: '2025-01-01', moved: 'whole' }] }] }).problems[0], /not in the register/);
  });
});

describe('briefDate', () => {
  const CASES: Array<[string, string, string]> = [
    ['Hà Nội, ngày 5 tháng 12 năm 2026\n\nNội dung', '2026-12-05', 'date-line'],
    ['*TP. Hồ Chí Minh, ngày 05 tháng 3 năm 2023*\n', '2023-03-05', 'date-line'],
    ['---\ntitle: Báo cáo\ndate: 2023-05-01\n---\nHà Nội hôm nay', '2023-05-01', 'front-matter'],
    ['---\ndate: "5/12/2016"\n---\n', '2016-12-05', 'front-matter'],
    ['Hà Nội, ngày 31 tháng 2 năm 2026\n', TODAY, 'today'], // no 31 February
    ['Hội nghị ngày 5 tháng 12 năm 2026 bàn về…', TODAY, 'today'], // a date in running text is not the brief's date
    ['Không có ngày.', TODAY, 'today'],
  ];
  for (const [text, date, source] of CASES) {
    it(`${JSON.stringify(text.slice(0, 40))} → ${date} (${source})`, () => {
      const d = briefDate(text, TODAY);
      assert.deepEqual([d.date, d.source], [date, source]);
    });
  }
});

describe('institution name matcher', () => {
  const CASES: Array<[string, string[]]> = [
    ['Bộ Kế hoạch và Đầu tư, Bộ KH&ĐT và MPI họp.', ['Bộ Kế hoạch và Đầu tư=bo-ke-hoach-va-dau-tu', 'Bộ KH&ĐT=bo-ke-hoach-va-dau-tu', 'MPI=bo-ke-hoach-va-dau-tu']],
    ['UBND tỉnh Quảng Nam, Tỉnh Quảng Nam, tỉnh Bà Rịa-Vũng Tàu', ['tỉnh Quảng Nam=quang-nam', 'Tỉnh Quảng Nam=quang-nam', 'tỉnh Bà Rịa-Vũng Tàu=ba-ria-vung-tau']],
    ['Uỷ ban Dân tộc và Ban Đối ngoại T.Ư', ['Uỷ ban Dân tộc=uy-ban-dan-toc', 'Ban Đối ngoại T.Ư=ban-doi-ngoai-trung-uong']],
    // the longest name wins: a current committee is not read as the retired Ban inside it
    ['Ủy ban Công tác đại biểu và Ủy ban Dân nguyện và Giám sát', ['Ủy ban Công tác đại biểu=uy-ban-cong-tac-dai-bieu', 'Ủy ban Dân nguyện và Giám sát=uy-ban-dan-nguyen-va-giam-sat']],
    // another country's body; the 1976-1996 province; an acronym in the wrong case; marks matter
    ['Tổng cục Hải quan Trung Quốc; tỉnh Quảng Nam - Đà Nẵng; mpi; tinh Quang Nam', []],
    ['TP.HCM và TP. HCM', ['TP.HCM=ho-chi-minh', 'TP. HCM=ho-chi-minh']],
  ];
  for (const [text, expected] of CASES) {
    it(text, () => assert.deepEqual(matcher.find(text).map((m) => `${m.surface}=${m.body.id}`), expected));
  }
});

describe('outdated-name check', () => {
  const ctx = emptyContext();
  const CASES: Array<{ name: string; text: string; expect: string[] }> = [
    {
      name: 'the "Done when" brief dated 2026: three warnings, each with its successor and date',
      text: 'Hà Nội, ngày 5 tháng 12 năm 2026\n\nBộ Kế hoạch và Đầu tư, Ban Đối ngoại Trung ương và tỉnh Quảng Nam phối hợp.',
      expect: [
        'Bộ Kế hoạch và Đầu tư: Bộ Kế hoạch và Đầu tư no longer exists on the brief\'s date (5/12/2026). 1/3/2025: merged into the Ministry of Finance. Now: Bộ Tài chính.',
        'Ban Đối ngoại Trung ương: Ban Đối ngoại Trung ương no longer exists on the brief\'s date (5/12/2026). 24/2/2025: ended; its functions and staff went to the Ministry of Foreign Affairs (Nghị định 28/2025/NĐ-CP). Now: Bộ Ngoại giao.',
        'tỉnh Quảng Nam: tỉnh Quảng Nam no longer exists on the brief\'s date (5/12/2026). 1/7/2025: merged into thành phố Đà Nẵng. Now: thành phố Đà Nẵng.',
      ],
    },
    { name: 'the same brief dated 2023: none', text: 'Hà Nội, ngày 5 tháng 12 năm 2023\n\nBộ Kế hoạch và Đầu tư, Ban Đối ngoại Trung ương và tỉnh Quảng Nam phối hợp.', expect: [] },
    { name: 'dated by front matter', text: '---\ndate: 2016-05-01\n---\nBộ GTVT và Tổng cục Hải quan.', expect: [] },
    { name: 'undated: today', text: 'Bộ GTVT và Tổng cục Hải quan.', expect: ['Bộ GTVT', 'Tổng cục Hải quan'] },
    { name: 'between two changes: the committee ended on 18/2/2025, the ministry on 1/3/2025', text: '---\ndate: 2025-02-20\n---\nỦy ban Đối ngoại của Quốc hội và Bộ Kế hoạch và Đầu tư.', expect: ['Ủy ban Đối ngoại của Quốc hội'] },
    { name: 'inside a quotation', text: 'Ông nói: “Bộ Kế hoạch và Đầu tư sẽ trình đề án”.', expect: [] },
    { name: 'already explained: (nay là …), cũ, trước đây', text: 'Bộ Kế hoạch và Đầu tư (nay là Bộ Tài chính) và tỉnh Quảng Nam cũ. Trước đây, Bộ Giao thông vận tải quản lý.', expect: [] },
    { name: '(nay là …) further on explains the names of the same body before it, not another body', text: 'Bộ GTVT và BKHĐT, MPI (nay là Bộ Tài chính) cho biết.', expect: ['Bộ GTVT'] },
    { name: 'a former office holder', text: 'Ông là nguyên Bộ trưởng Bộ Kế hoạch và Đầu tư.', expect: [] },
    { name: 'a sentence dated before the change', text: 'Năm 2019, Bộ Kế hoạch và Đầu tư trình Chính phủ. Năm 2026, Bộ Kế hoạch và Đầu tư vẫn được nhắc.', expect: ['Bộ Kế hoạch và Đầu tư'] },
    { name: 'the district level', text: 'UBND huyện Điện Bàn báo cáo.', expect: ['UBND huyện'] },
    { name: 'a glossary-only retired body (every meaning retired); TCT also means tổng công ty', text: 'USAID tài trợ dự án; TCT Sông Đà thi công.', expect: ['USAID'] },
    { name: 'a glossary-only retired body, dated before its end', text: 'Hà Nội, ngày 5 tháng 12 năm 2024\n\nUSAID tài trợ dự án.', expect: [] },
    { name: 'current bodies', text: 'Bộ Tài chính, thành phố Đà Nẵng, Bộ Ngoại giao và tỉnh Nghệ An.', expect: [] },
  ];
  for (const c of CASES) {
    it(c.name, () => {
      const doc = openBrief(c.text, 'file:///tmp/brief.md', ctx);
      const found = diagnose(ctx, doc, { today: TODAY }).filter((d) => d.code === 'outdated-name');
      const full = c.expect.some((e) => e.includes(': '));
      assert.deepEqual(
        found.map((d) => (full ? `${c.text.slice(d.range.start, d.range.end)}: ${d.message}` : c.text.slice(d.range.start, d.range.end))),
        c.expect,
      );
      for (const d of found) assert.equal(d.severity, 'warning');
    });
  }

  it('can be switched off', () => {
    const doc = openBrief('Bộ Kế hoạch và Đầu tư họp.', 'file:///tmp/brief.md', ctx);
    assert.equal(diagnose(ctx, doc, { today: TODAY, enabled: { 'outdated-name': false } }).filter((d) => d.code === 'outdated-name').length, 0);
  });
});

describe('outdated-name quick fixes', () => {
  const ctx = emptyContext();
  const CASES: Array<{ text: string; expect: string[] }> = [
    {
      text: 'Hà Nội, ngày 5 tháng 12 năm 2026\n\nBộ Kế hoạch |và Đầu tư chủ trì.',
      expect: [
        'Replace with Bộ Tài chính => Hà Nội, ngày 5 tháng 12 năm 2026\n\nBộ Tài chính chủ trì.',
        'Keep the name and add “(nay là Bộ Tài chính)” => Hà Nội, ngày 5 tháng 12 năm 2026\n\nBộ Kế hoạch và Đầu tư (nay là Bộ Tài chính) chủ trì.',
      ],
    },
    {
      text: 'Tỉnh Quảng |Nam đón khách.',
      expect: ['Replace with thành phố Đà Nẵng => Thành phố Đà Nẵng đón khách.', 'Keep the name and add “(nay là thành phố Đà Nẵng)” => Tỉnh Quảng Nam (nay là thành phố Đà Nẵng) đón khách.'],
    },
    { text: 'UBND huy|ện họp.', expect: [] },
    {
      text: 'USA|ID tài trợ dự án.',
      expect: ['Replace with Bộ Ngoại giao Hoa Kỳ => Bộ Ngoại giao Hoa Kỳ tài trợ dự án.', 'Keep the name and add “(nay là Bộ Ngoại giao Hoa Kỳ)” => USAID (nay là Bộ Ngoại giao Hoa Kỳ) tài trợ dự án.'],
    },
  ];
  for (const c of CASES) {
    it(c.text.replace(/\n/g, ' '), () => {
      const { text, offset } = cursor(c.text);
      const doc = openBrief(text, 'file:///tmp/brief.md', ctx);
      const ds = diagnose(ctx, doc, { today: TODAY }).filter((d) => d.code === 'outdated-name' && d.range.start <= offset && offset <= d.range.end);
      assert.equal(ds.length, 1);
      const fixes = codeActions(ctx, doc, { start: offset, end: offset }, ds, { sourceActions: false }).filter((a) => a.fixes);
      assert.deepEqual(fixes.map((a) => `${a.title} => ${apply(text, a.edits ?? [])}`), c.expect);
      // a fix leaves nothing to warn about
      for (const f of fixes) {
        const after = openBrief(apply(text, f.edits ?? []), 'file:///tmp/brief.md', ctx);
        assert.equal(diagnose(ctx, after, { today: TODAY }).filter((d) => d.code === 'outdated-name').length, 0, f.title);
      }
    });
  }
});

describe('institution hover', () => {
  const ctx = emptyContext();
  const CASES: Array<{ text: string; contains: string[] }> = [
    { text: 'Hà Nội, ngày 5 tháng 12 năm 2026\nBộ Kế hoạch và Đầu |tư họp.', contains: ['**Bộ Kế hoạch và Đầu tư** (BKHĐT, MPI)', 'No longer exists on this brief\'s date, 5/12/2026: ended 1/3/2025. Now: **Bộ Tài chính**', '1/3/2025: merged into the Ministry of Finance → Bộ Tài chính', 'vietnam.vnanet.vn'] },
    { text: 'Hà Nội, ngày 5 tháng 12 năm 2023\nBộ Kế hoạch và Đầu |tư họp.', contains: ['Current on this brief\'s date, 5/12/2023'] },
    { text: 'Bộ Tài |chính họp.', contains: ['Current today; part of Chính phủ', '1/3/2025: Bộ Kế hoạch và Đầu tư — merged into the Ministry of Finance'] },
    { text: 'thành phố Đà |Nẵng', contains: ['1/7/2025: tỉnh Quảng Nam — merged into thành phố Đà Nẵng'] },
    { text: 'Ban Đối ngoại Trung |ương', contains: ['Now: **Bộ Ngoại giao**', 'History:'] },
    { text: 'Đại diện M|PI cho biết.', contains: ['**Bộ Kế hoạch và Đầu tư**', '**MPI** — Bộ Kế hoạch và Đầu tư'] },
  ];
  for (const c of CASES) {
    it(c.text.replace(/\n/g, ' '), () => {
      const { text, offset } = cursor(c.text);
      const h = hover(ctx, openBrief(text, 'file:///tmp/brief.md', ctx), offset);
      assert.ok(h, 'no hover');
      for (const s of c.contains) assert.ok(h.markdown.includes(s), `missing ${JSON.stringify(s)} in\n${h.markdown}`);
    });
  }
});

describe('institution completion', () => {
  const ctx = emptyContext();
  it('the start of a name: current bodies first, retired ones marked with their successor', () => {
    const { text, offset } = cursor('Phối hợp với Bộ Nông ngh|');
    const items = complete(ctx, openBrief(text, 'file:///tmp/brief.md', ctx), offset).items.filter((i) => i.kind === 'institution');
    const sorted = items.slice().sort((a, b) => (a.sortText < b.sortText ? -1 : 1));
    assert.deepEqual(
      sorted.map((i) => `${i.label}${i.deprecated ? ' (retired)' : ''} — ${i.detail}`),
      ['Bộ Nông nghiệp và Môi trường — Ministry of Agriculture and Environment', 'Bộ Nông nghiệp và Phát triển nông thôn (retired) — retired 1/3/2025 → Bộ Nông nghiệp và Môi trường'],
    );
  });

  it('accent-insensitive, and the brief\'s date decides what is retired', () => {
    const { text, offset } = cursor('Hà Nội, ngày 5 tháng 12 năm 2016\n\nbo ke hoach|');
    const items = complete(ctx, openBrief(text, 'file:///tmp/brief.md', ctx), offset).items.filter((i) => i.kind === 'institution');
    assert.deepEqual(items.map((i) => [i.label, !!i.deprecated]), [['Bộ Kế hoạch và Đầu tư', false]]);
  });

  it('an acronym whose every glossary meaning is retired comes marked, after the current ones', () => {
    const { text, offset } = cursor('Hà Nội, ngày 5 tháng 12 năm 2026\n\nTheo BKH|');
    const items = complete(ctx, openBrief(text, 'file:///tmp/brief.md', ctx), offset).items.filter((i) => i.kind === 'acronym' && i.label === 'BKHĐT');
    assert.equal(items.length, 1);
    assert.equal(items[0].deprecated, true);
    assert.match(items[0].detail ?? '', /retired 1\/3\/2025 → Bộ Tài chính/);
  });

  it('an ordinary word offers no institution', () => {
    const { text, offset } = cursor('Hôm nay trời đẹ|');
    assert.equal(complete(ctx, openBrief(text, 'file:///tmp/brief.md', ctx), offset).items.filter((i) => i.kind === 'institution').length, 0);
  });
});
