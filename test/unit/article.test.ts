import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractArticle } from '../../server/src/core/article';

const SEEDS = path.join(__dirname, '..', '..', 'seeds');
const seed = (name: string) => fs.readFileSync(path.join(SEEDS, name), 'utf8');

/** Expected article facts for each seed page, read off the files by hand. */
const cases = [
  {
    file: '000_a19cf4a74f315e88.txt',
    title: 'Đồng sức, đồng lòng phát huy vai trò tiên phong, đưa đất nước bước vào kỷ nguyên vươn mình',
    source: 'https://dangcongsan.vn/thoi-su/dong-suc-dong-long-phat-huy-vai-tro-tien-phong-dua-dat-nuoc-buoc-vao-ky-nguyen-vuon-minh-682128.html',
    // The page prints no date; "(1/11/1949-1/11/2024)" in the lead is not the article's.
    date: undefined,
    inBody: 'Sự kết hợp giữa đối ngoại Đảng và ngoại giao Nhà nước',
    notInBody: 'Masan Consumer tạo thêm kỷ lục mới',
  },
  {
    file: '001_ed76183e011c5285.txt',
    title: 'Ngành ngoại giao: Tiếp tục là chủ lực và xung kích trên mặt trận đối ngoại',
    date: '13/12/2021',
    inBody: 'Ngành Ngoại giao có truyền thống rất đáng tự hào',
    notInBody: 'Thế giới sẽ thế nào trong năm con rồng?',
  },
  {
    file: '002_a85f37c5d9189d9a.txt',
    title: 'Những kết quả đối ngoại quan trọng dưới sự lãnh đạo của Đảng',
    inBody: '34-NQ/TW',
    notInBody: 'Rakuten Viber',
  },
  {
    file: '003_df49104e7df00e0f.txt',
    title: 'Hoạt động đối ngoại là điểm sáng trong thành tựu chung của đất nước',
    date: '19/12/2023',
    inBody: 'Thứ năm, làm tốt hơn nữa việc kiện toàn tổ chức bộ máy',
    notInBody: 'Thống kê truy cập',
  },
  {
    file: '004_a7945d2b60266b08.txt',
    title: 'Vận dụng linh hoạt đường lối đối ngoại của Đảng trong cơ chế phối hợp chặt chẽ',
    date: '14/12/2021',
    source: 'baotintuc.vn',
    inBody: 'Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO)',
    notInBody: 'Phiên bản di động',
  },
];

describe('article extraction on the seed pages', () => {
  for (const c of cases) {
    it(c.file, () => {
      const text = seed(c.file);
      const a = extractArticle(text);
      assert.equal(a.title, c.title);
      assert.equal(text.slice(a.titleSpan.start, a.titleSpan.end), c.title);
      if ('date' in c) assert.equal(a.date, c.date);
      if (c.source) assert.equal(a.source, c.source);
      const body = a.body.map((s) => text.slice(s.start, s.end)).join('\n');
      assert.ok(body.includes(c.inBody), `body should contain "${c.inBody}"`);
      assert.ok(!body.includes(c.notInBody), `body should not contain "${c.notInBody}"`);
      for (const s of a.body) assert.ok(s.start <= s.end && s.end <= text.length);
    });
  }

  it('a plain news file: first line is the title, everything after is body', () => {
    const text = 'Chính phủ tuyên chiến với tôm bẩn\nLời dẫn ngắn gọn của bài viết.\nThân bài có nội dung.\n';
    const a = extractArticle(text);
    assert.equal(a.title, 'Chính phủ tuyên chiến với tôm bẩn');
    assert.equal(a.body.length, 3);
  });

  it('never fails on empty or odd input', () => {
    for (const t of ['', '\n\n', 'x', '(((', 'Nguồn: a\nMới nhất']) assert.doesNotThrow(() => extractArticle(t));
  });
});
