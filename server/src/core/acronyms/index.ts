/**
 * Acronym miner: definitions ("Ngân hàng Nhà nước (NHNN)"), source tags that look like
 * definitions but are not ("(TTXVN) -", "(Nguồn: AFP/TTXVN)", a byline "Diệp Trương (TTXVN)"),
 * and acronym uses for hover and editorial checks.
 *
 * Pure: no I/O, no editor or LSP imports. Offsets are UTF-16 offsets into the NFC text the
 * caller passes (see text.ts for the map back to the original file).
 *
 * Method (Schwartz & Hearst 2003, adapted to Vietnamese; see docs/vietnamese-domain.md §4):
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
 *
 * The modules, in the order a definition is found:
 *   keys.ts         acronymKey / longFormKey: the lookup keys every other layer uses
 *   lexicon.ts      closed word lists (function words, head nouns, titles, surnames, prefixes)
 *   shape.ts        what an acronym looks like; its letters as matching units
 *   words.ts        the span scanner: a span's words, with lazily computed keys; gap tests
 *   shortForm.ts    parenthesised groups and the short form read inside one
 *   context.ts      the per-span mining context and its small helpers
 *   letterMatch.ts  Schwartz–Hearst letter matching on syllable initials
 *   strategies.ts   the long form before "(": the strategies, most reliable first
 *   names.ts        the name-phrase rule (head nouns, capitalised runs, never a person)
 *   dashes.ts       ACR-long and ACR(long) in running text
 *   miner.ts        mineDefinitions: spans → parentheticals → strategies → definitions
 *   uses.ts         acronym uses (hover, checks)
 */
export type { AcronymAttribution, AcronymDefinition, AcronymUse, AttributionKind, DefinitionPattern, MatchMethod, MinedAcronyms } from './types';
export { acronymKey, longFormKey } from './keys';
export { isAcronymShape } from './shape';
export { mineDefinitions } from './miner';
export { acronymAt, findAcronymUses } from './uses';
