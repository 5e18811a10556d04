/**
 * Document references (số ký hiệu văn bản) in Vietnamese prose: a pure parser.
 *
 * It finds, in NFC text, the forms described in docs/vietnamese-domain §3 and in
 * test/fixtures/references/README.md (span rules and canonical keys):
 *  - Party symbols            34-NQ/TW, 788- CT/QUTW, 367 - QĐ/TWĐTN
 *  - State symbols with year  30/2020/NĐ-CP, 106/2016/QH13, 19-2017/NQ-CP, 14/2009/HS-ST
 *  - administrative symbols   480/QĐ-UBND, 211/BTC-TCDN, 25/BC/UBND, 67/CP (after a type word)
 *  - short forms              Nghị quyết 34, NĐ67, Thông tư số 15 năm 2015, Nghị định 155/2016
 *  - meeting-named forms      Nghị quyết Trung ương 4 (khóa XI), Nghị quyết Đại hội XIII
 *  - laws by title and year   Luật Đất đai năm 2013, Bộ luật Dân sự 2015
 * and, around each, the issue date, the issuing body, the subject and the term.
 *
 * How it works: symbols are found on the text itself (case matters there: issuers are
 * upper case); type words ("Nghị quyết", "nghi quyet", "NQ") are found on a folded copy
 * of the text that has exactly the same length (lower case, no marks, đ→d), so offsets
 * are shared and unaccented or oddly cased writing is still recognised. A type word
 * whose marks are present but different ("để ăn" for "đề án") is rejected.
 *
 * No I/O, no LSP: offsets are UTF-16 offsets into the string given.
 *
 * The parser is split along its seams: vocabulary.ts (type codes and words), fold.ts,
 * numbers.ts, symbols.ts, typeWords.ts, one reader per form in forms/, candidates.ts (which
 * reader applies where), prose.ts (date, issuer, subject), query.ts. This module is the
 * public API.
 */
export type { DocReference, RefForm } from './types';
export { TYPE_NAMES } from './vocabulary';
export { foldSameLength } from './fold';
export { parseReferenceQuery } from './query';
export { parseReferences, referenceAt } from './parse';
