/**
 * One symbol, several documents. Party numbering starts again with every term, so
 * "49-NQ/TW" is both a 1961 resolution of the Standing Committee and the Politburo's 2005
 * resolution on judicial reform; "05-CT/TW" is a 1951 directive and a 2016 one. Their
 * mentions share one register key, and merging them mixes two documents' facts.
 *
 * The mentions that state a date (signed, or the date written beside the citation) tell the
 * documents apart: dated mentions are grouped by year (years one apart stay together: a
 * document signed on 30 December is often cited with the next year). Each undated mention
 * joins the group its own file cites, else the main group: the one most dated mentions
 * name, the latest on a tie (what today's sources mean by a bare "Nghị quyết 49").
 *
 * Keys that carry their year ("30/2020/NĐ-CP") are never split. Pure data in, data out.
 */
import type { RegisterMention } from './register';

/** The year a mention dates its document to, if it says. */
export function mentionYear(m: Pick<RegisterMention, 'site'>): number | undefined {
  const iso = m.site.facts?.signed ?? m.site.isoDate;
  const y = iso ? Number(iso.slice(0, 4)) : NaN;
  return Number.isFinite(y) && y > 1900 ? y : undefined;
}

export interface Edition<M> {
  /** First and last year the group's dated mentions give. */
  from: number;
  to: number;
  mentions: M[];
  /** How many of them are dated (the main edition has the most). */
  dated: number;
}

/**
 * The documents one key's mentions name, main one first; a single edition (every mention)
 * when the dates do not tell two documents apart.
 */
export function splitEditions<M extends Pick<RegisterMention, 'site' | 'uri'>>(mentions: readonly M[], keyHasYear: boolean): Edition<M>[] {
  const whole = (): Edition<M>[] => [{ from: NaN, to: NaN, mentions: [...mentions], dated: 0 }];
  if (keyHasYear) return whole();
  const years = [...new Set(mentions.map(mentionYear).filter((y): y is number => y !== undefined))].sort((a, b) => a - b);
  const groups: Edition<M>[] = [];
  for (const y of years) {
    const last = groups[groups.length - 1];
    if (last && y - last.to <= 1) last.to = y;
    else groups.push({ from: y, to: y, mentions: [], dated: 0 });
  }
  if (groups.length < 2) return whole();
  const groupOf = (y: number) => groups.find((g) => y >= g.from && y <= g.to)!;
  const byFile = new Map<string, Set<Edition<M>>>();
  for (const m of mentions) {
    const y = mentionYear(m);
    if (y === undefined) continue;
    const g = groupOf(y);
    g.dated++;
    const set = byFile.get(m.uri) ?? new Set();
    set.add(g);
    byFile.set(m.uri, set);
  }
  groups.sort((a, b) => b.dated - a.dated || b.to - a.to);
  const main = groups[0];
  for (const m of mentions) {
    const y = mentionYear(m);
    const inFile = byFile.get(m.uri);
    const g = y !== undefined ? groupOf(y) : inFile && inFile.size === 1 ? [...inFile][0] : main;
    g.mentions.push(m);
  }
  return groups;
}

/** The edition a year points to (within a year of its dates), else the main one. */
export function editionFor<M>(editions: readonly Edition<M>[], year: number | undefined): Edition<M> {
  if (year !== undefined) {
    const hit = editions.find((e) => year >= e.from - 1 && year <= e.to + 1);
    if (hit) return hit;
  }
  return editions[0];
}

/** Which edition a file's relations belong to: the one its mentions of the key name, else the main one. */
export function editionOfFile<M extends { uri: string }>(editions: readonly Edition<M>[], uri: string): Edition<M> {
  return editions.find((e) => e.mentions.some((m) => m.uri === uri)) ?? editions[0];
}
