/**
 * Closed word lists the miner consults, as exact keys (diacritics kept).
 * The Vietnamese behind them: docs/vietnamese-domain.md.
 */
import { exactKey } from '../text';
import type { Word } from './words';

/** A closed word list as a set of exact keys (diacritics kept: "từ" is not "tư", "đã" is not "đá"). */
function exactSet(words: string[]): Set<string> {
  return new Set(words.map((w) => w.split(' ').map(exactKey).join(' ')));
}

/** Function words a long form may contain without an acronym letter. */
export const FUNCTION_WORDS = exactSet([
  'của', 'và', 'các', 'về', 'với', 'cho', 'trong', 'tại', 'ở', 'từ', 'đến', 'là', 'những', 'một', 'hoặc', 'theo',
  'thuộc', 'giữa', 'trên', 'dưới',
  // foreign function words in English/French long forms
  'of', 'and', 'the', 'for', 'in', 'on', 'to', 'a', 'an', 'at', 'by', 'de', 'du', 'des', 'la', 'le', 'les', 'et',
]);

/** Words that end a name run going left (prepositions, conjunctions, auxiliaries). */
export const NAME_BREAK_WORDS = exactSet([
  'của', 'và', 'với', 'cho', 'trong', 'tại', 'ở', 'từ', 'đến', 'là', 'theo', 'thuộc', 'giữa', 'trên', 'dưới',
  'do', 'bởi', 'hoặc', 'như', 'vào', 'ra', 'khi', 'mà', 'thì', 'nhưng', 'cũng', 'đã', 'đang', 'sẽ', 'được', 'bị',
  // relational adjectives before a name: phiến quân Maute thân Nhà nước Hồi giáo
  'thân', 'chống', 'phe',
]);

/** Verbs' auxiliaries and clause words: never inside a name. */
export const CLAUSE_WORDS = exactSet(['đã', 'được', 'là', 'bị', 'sẽ', 'đang', 'thì', 'mà', 'rằng', 'nếu', 'cũng', 'vẫn', 'đều', 'vừa', 'khi', 'nhưng']);

/** A meeting: "Hội nghị Thượng đỉnh Nhóm … (G20)" names the group, not the meeting. */
export const MEETING = exactSet(['hội nghị']).values().next().value as string;

/** "đảng" (party): written lower case before a foreign party's name, and part of it. */
export const PARTY = exactKey('đảng');

/**
 * Group classifiers: a capital on them at a sentence start says nothing ("Nhóm Nhà nước Hồi
 * giáo (IS)"). Only "nhóm": Lực lượng and Phong trào open many names (Lực lượng Dân chủ Syria).
 */
export const CLASSIFIER_HEADS = exactSet(['nhóm']);

/** Media classifiers: "Tờ Bưu điện Hoa Nam Buổi sáng", "báo The Guardian": not part of the name. */
export const MEDIA_CLASSIFIERS = exactSet(['tờ', 'báo', 'hãng', 'kênh', 'trang']);

export const VA = exactKey('và');
/** Lower-case words a byline may contain: "Tin, ảnh: …", "Theo …", "Bài và ảnh: …". */
export const BYLINE_WORDS = exactSet(['theo', 'ảnh', 'tin', 'bài', 'và']);
export const LAN = exactKey('lần');
export const THU = exactKey('thứ');
/** Words before a number that the acronym's qualifier repeats: năm 1982, khóa XIII, lần thứ 23, số 9. */
export const QUALIFIER_WORDS = exactSet(['năm', 'khóa', 'khoá', 'thứ', 'số']);
export const CAC = exactKey('các');
export const THUOC = exactKey('thuộc');
export const HOAC = exactKey('hoặc');

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
export const HEAD_NOUN_SET = new Set(HEAD_NOUNS.map((h) => h.split(' ').map(exactKey).join(' ')));
export const MAX_HEAD_SYLLABLES = 3;
/** Common words and place names that start with a one-syllable head noun but are not names. */
export const NOT_HEADS = new Set(
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

export function titleAt(words: Word[], i: number): number {
  for (let n = 3; n >= 1; n--) {
    if (i + n > words.length) continue;
    if (TITLES.has(words.slice(i, i + n).map((w) => w.exact).join(' '))) return n;
  }
  return 0;
}

/** A head noun followed by one of these is a person's title (Cục trưởng, Viện phó), not a name. */
export const TITLE_SUFFIXES = new Set(['trưởng', 'phó'].map(exactKey));

/** Common Vietnamese family names: a run of capitalised syllables starting with one is a person. */
export const SURNAMES = exactSet([
  'nguyễn', 'trần', 'lê', 'phạm', 'hoàng', 'huỳnh', 'phan', 'vũ', 'võ', 'đặng', 'bùi', 'đỗ', 'hồ', 'ngô', 'dương',
  'lý', 'đinh', 'trịnh', 'trương', 'mai', 'cao', 'lâm', 'lương', 'hà', 'tạ', 'đoàn', 'vương', 'chu', 'quách', 'thái',
]);

/** Attribution prefixes inside parentheses. */
export const ATTRIBUTION_PREFIX =
  /^\s*(nguồn(?:\s+ảnh)?|ảnh|video|clip|đồ\s*họa|đồ\s*hoạ|infographic|tin(?:\s*,\s*ảnh)?|bài(?:\s*,\s*ảnh)?|tin\s+và\s+ảnh)\s*:/iu;
/** "(Theo AFP)", "(tổng hợp theo TTXVN, Tuổi Trẻ)": a credit when a name follows (not "(Theo dự thảo TTLT)"). */
export const CREDIT_PREFIX = /^\s*([Tt]heo|[Tt]ổng\s+hợp\s+theo|[Ll]ược\s+dịch\s+theo)\s+(?=[\p{Lu}\d])/u;

/** Markers of an acronym introduced after words ("gọi tắt là VNBA"). */
export const ALIAS_PREFIX = /^\s*(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi\s+tắt\s+là|viết\s+tắt\s+là|gọi\s+tắt|viết\s+tắt|tên\s+viết\s+tắt(?:\s+là)?\s*:?|tên\s+gọi\s+tắt(?:\s+là)?\s*:?|gọi\s+là)\s+/iu;

export const VIET_NUMBERS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín', 'mười'];

/** Legal forms that stay with a company head: Công ty cổ phần, Công ty TNHH MTV, Tổng Cty CP. */
export const LEGAL_FORM = new Set(
  ['cổ phần', 'tnhh', 'mtv', 'cp', 'tnhh mtv', 'tnhh một thành viên', 'một thành viên', 'trách nhiệm hữu hạn'].map((f) =>
    f.split(' ').map(exactKey).join(' '),
  ),
);

/** Honorifics and titles before a person's name: a run they open is a person, not a name. */
export const PERSON_MARKERS = new Set(
  ['ông', 'bà', 'anh', 'chị', 'cô', 'chú', 'bác', 'cụ', 'em', 'ngài', 'đb', 'đại biểu', 'luật sư', 'bác sĩ', 'tiến sĩ', 'giáo sư', 'nhà báo', 'phóng viên', 'mr', 'ms', 'mrs'].map(
    (f) => f.split(' ').map(exactKey).join(' '),
  ),
);

/** ISO currency codes after an amount or in a table header: (VND), (USD). Not definitions. */
export const CURRENCIES = new Set(['VND', 'VNĐ', 'USD', 'EUR', 'JPY', 'CNY', 'RMB', 'GBP', 'KRW', 'AUD', 'SGD', 'THB', 'CHF', 'CAD', 'HKD', 'TWD', 'RUB', 'INR']);
