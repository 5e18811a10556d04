/**
 * The scorer: BM25 over the loaded streams (rarest term first, coverage pruning), the
 * clauses (phrases, symbols, references, expansions), the exact top-k with proximity
 * bounds, then snippets for the hits.
 */

import { NormalizedText, normalizeText } from '../text';
import { ParsedQuery } from './query';
import { expansionClause, focus, focusTerms, symbolClause } from './proximity';
import { PhraseCheck, phraseCandidates, phraseCheck, rankWithPhrases } from './phrases';
import { stopIfCancelled } from './cancel';
import { MaxScore } from './maxScore';
import { rankMatches } from './rank';
import { loadTerm, refClause, refTerms, skipTable, termBytes } from './postings';
import { SnippetQuery, WordSpec, makeSnippet } from './snippet';
import { Clause, DEFAULT_SCORING, ExpansionMatch, Plan, QTerm, SearchState, growI32, idfOf } from './state';
import { SearchHitCore, SearchResultCore } from './types';

export function scoreQuery(ix: SearchState, pq: ParsedQuery, qterms: QTerm[], plan: Plan, limit: number, readText: (docId: number) => string, isCancelled?: () => boolean): SearchResultCore {
  const P = ix.params;
  const live = ix.ordByDoc.size;
  const nrm = ix.lengthNorms();
  const k1 = P.k1;
  const k1p = k1 + 1;
  const gen = ++ix.qGen;
  const acc = ix.acc;
  const cov = ix.cov;
  const req = ix.req;
  const qStamp = ix.qStamp;
  const touched = ix.touched;
  let nTouched = 0;
  let totalIdf = 0;

  // Load every query term; single words (and the words of phrases, which rank but do not
  // count for coverage) are scored in the same pass over the stream.
  const nAll = ix.nOrd;
  const wT = P.titleWeight - 1;
  const deleted = ix.deleted;
  const anyDeleted = ix.deletedCount > 0;
  // Free words only, maybe with expansions (no phrase, symbol or reference; default mode):
  // rarest first, and once the words left (plus what the expansions can still give) cannot
  // give a new document the coverage it needs, their streams only update documents already
  // found (the total stays exact). The words of expansion alternatives (kind 0) are always
  // read whole: a document may match through them alone.
  let freeOnly = P.pruneByCoverage && plan.phrases.length === 0 && plan.symbols.length === 0 && pq.refs.length === 0 && qterms.every((q) => !q.exact && (q.kind === 1 || q.kind === 0));
  let remaining = Infinity;
  let needEarly = -Infinity;
  if (qterms.every((q) => !q.exact)) {
    // Rarest first (also without pruning, so that scores are summed in the same order).
    for (const q of qterms) q.idf = q.termId >= 0 && ix.termDf[q.termId] > 0 ? idfOf(ix.termDf[q.termId], nAll) : 0;
    qterms = [...qterms].sort((x, y) => y.idf - x.idf || x.slot - y.slot);
  }
  // An expansion gives a document at most the idf of its typed words; one whose typed form
  // is not in the corpus is scored with an idf known only later: no pruning then.
  let expansionIdf = 0;
  for (const ex of plan.expansions) {
    const unitIdf = [...new Set(ex.unit)].reduce((x, t) => x + (t.kind === 1 ? t.idf : 0), 0);
    if (unitIdf === 0) freeOnly = false;
    expansionIdf += unitIdf;
  }
  // A document holding an alternative must be found before the restricted phase (its
  // literal words are scored like everyone else's): the rarest word of each alternative is
  // read first, whole, and its documents join the candidates. When that word is also a
  // typed word (read in idf order), no pruning.
  const wholeFirst = new Set<QTerm>();
  for (const ex of plan.expansions) {
    for (const a of ex.alts) {
      const rarest = a.terms.reduce((best, t) => (t.idf > best.idf ? t : best), a.terms[0]);
      if (rarest.idf === 0) continue;
      if (rarest.kind === 1) freeOnly = false;
      else wholeFirst.add(rarest);
    }
  }
  if (freeOnly && wholeFirst.size) qterms = [...qterms.filter((q) => wholeFirst.has(q)), ...qterms.filter((q) => !wholeFirst.has(q))];
  if (freeOnly) {
    remaining = qterms.reduce((x, q) => x + (q.kind === 1 ? q.idf : 0), 0);
    needEarly = remaining * P.minCoverage - 1e-9;
  }
  // Score pruning (maxScore.ts) for free words without expansions, once the total is past
  // its exact bound: documents that cannot reach the top k are neither found nor updated.
  const ms =
    freeOnly && P.pruneByScore && plan.expansions.length === 0
      ? new MaxScore(
          ix,
          qterms.filter((q) => q.kind === 1 && q.termId >= 0 && ix.termDf[q.termId] > 0),
          plan.pairs.map(([a, b]) => ({ a, b, w: (P.pairWeight * (a.idf + b.idf)) / 2 })),
          plan.runs.map((terms) => ({ terms, w: P.runWeight * terms.reduce((x, t) => x + t.idf, 0) })),
          P.skipBlock || DEFAULT_SCORING.skipBlock,
        )
      : undefined;
  let closed = false;
  let pruned = false;
  let newMissed = false;
  // Documents found before the restricted phase (no new ones after it), sorted once.
  let candCount = -1;
  let candSorted = false;
  for (const q of qterms) {
    stopIfCancelled(isCancelled);
    let restricted = q.kind === 1 && remaining + expansionIdf < needEarly;
    const j = ms ? ms.indexOf(q) : -1;
    if (ms && j > 0) {
      let scanned = -1;
      if (!ms.piloted && nTouched >= P.exactTotalUpTo && surelyMatching(touched, nTouched, cov, needEarly) >= P.exactTotalUpTo) {
        nTouched = scanned = ms.scan(j, qStamp, gen, touched, ix.bound, acc, cov, needEarly, nrm);
        ms.pilot(j, touched, nTouched, ix.bound, limit, needEarly, nrm);
      }
      if (ms.theta > -Infinity) {
        if (!closed && ms.closesNewDocuments(j)) {
          closed = true;
          // Documents not found yet might still have matched.
          if (!restricted) newMissed = true;
        }
        if (closed) restricted = true;
        // Once: a pass over the documents found costs about as much as reading a stream,
        // and the first one drops most of those that can be dropped.
        if (restricted && !pruned) {
          pruned = true;
          nTouched = scanned >= 0 ? ms.dropBelow(qStamp, touched, ix.bound, nTouched, cov, needEarly) : ms.scan(j, qStamp, gen, touched, ix.bound, acc, cov, needEarly, nrm);
          candCount = nTouched;
          candSorted = false;
        }
      }
    }
    if (freeOnly && q.kind === 1) remaining -= q.idf;
    if (q.exact) {
      // The df of a spelling is only known after reading the stream.
      loadTerm(ix, q);
      q.idf = idfOf(q.n, live);
      if (q.kind === 0 || q.n === 0) continue;
      const c = q.kind === 1 ? q.idf : 0;
      totalIdf += c;
      const w = q.idf * k1p;
      const eff = ix.slotEff[q.slot];
      const ords = q.ords;
      for (let i = 0, n = q.n; i < n; i++) {
        const ord = ords[i];
        nTouched = touch(ix, gen, ord, nTouched);
        const tf = eff[ord];
        acc[ord] += (w * tf) / (tf + nrm[ord]);
        cov[ord] += c;
      }
      continue;
    }
    q.n = 0;
    if (q.termId < 0) continue;
    q.idf = idfOf(ix.termDf[q.termId], nAll);
    const c = q.kind === 1 ? q.idf : 0;
    const w = q.kind === 0 ? 0 : q.idf * k1p;
    const buf = termBytes(ix, q.termId);
    const end = ix.streamLen[q.termId];
    const pos = ix.slotPos[q.slot];
    const meta = ix.slotMeta[q.slot];
    const eff = ix.slotEff[q.slot];
    let ords = ix.slotOrds[q.slot];
    if (ords.length < ix.termDf[q.termId]) ords = ix.slotOrds[q.slot] = growI32(ords, ix.termDf[q.termId]);
    // Restricted phase: when the documents already found are sparse in the stream (a jump
    // saves a block's decoding per candidate at best), the loop below probes it for them,
    // jumping over the blocks that cannot hold the next one (skip data); otherwise it reads
    // the stream whole, which is faster per entry.
    if (restricted && candCount < 0) candCount = nTouched;
    const skips = restricted && P.skipBlock > 0 && candCount * P.skipBlock < ix.termDf[q.termId] ? skipTable(ix, q.termId, P.skipBlock) : undefined;
    if (skips && !candSorted) {
      if (ix.candSorted.length < candCount) ix.candSorted = new Int32Array(ix.acc.length);
      ix.candSorted.set(touched.subarray(0, candCount));
      ix.candSorted.subarray(0, candCount).sort();
      candSorted = true;
    }
    const cands = ix.candSorted;
    const nSkips = skips ? skips.length >> 1 : 0;
    let si = 0;
    let ci = 0;
    let n = 0;
    let ord = -1;
    // The varints are read inline with a local cursor (this loop is most of a query's
    // time; the module-level RP would be a context slot read and written per byte).
    let rp = 0;
    let b = 0;
    let x = 0;
    let sh = 0;
    while (rp < end) {
      if (skips !== undefined) {
        if (ci >= candCount) break;
        const next = cands[ci];
        while (si < nSkips && skips[2 * si] < next) si++;
        if (si > 0 && skips[2 * si - 1] > rp) {
          ord = skips[2 * si - 2];
          rp = skips[2 * si - 1];
        }
      }
      b = buf[rp++];
      if (b < 128) x = b;
      else {
        x = b & 127;
        sh = 7;
        do {
          b = buf[rp++];
          x |= (b & 127) << sh;
          sh += 7;
        } while (b >= 128);
        x >>>= 0;
      }
      ord += x;
      b = buf[rp++];
      if (b < 128) x = b;
      else {
        x = b & 127;
        sh = 7;
        do {
          b = buf[rp++];
          x |= (b & 127) << sh;
          sh += 7;
        } while (b >= 128);
        x >>>= 0;
      }
      const h = x;
      const tf = h >>> 2;
      const mixed = (h >>> 1) & 1;
      let titleTf = 0;
      if (h & 1) {
        b = buf[rp++];
        if (b < 128) x = b;
        else {
          x = b & 127;
          sh = 7;
          do {
            b = buf[rp++];
            x |= (b & 127) << sh;
            sh += 7;
          } while (b >= 128);
          x >>>= 0;
        }
        titleTf = x;
      }
      // A variant byte or, for a mixed document, a histogram (count, then count pairs).
      b = buf[rp++];
      if (b < 128) x = b;
      else {
        x = b & 127;
        sh = 7;
        do {
          b = buf[rp++];
          x |= (b & 127) << sh;
          sh += 7;
        } while (b >= 128);
        x >>>= 0;
      }
      let v = 255;
      if (!mixed) v = x;
      else for (let k = x * 2; k > 0; k--) while (buf[rp++] >= 128);
      b = buf[rp++];
      if (b < 128) x = b;
      else {
        x = b & 127;
        sh = 7;
        do {
          b = buf[rp++];
          x |= (b & 127) << sh;
          sh += 7;
        } while (b >= 128);
        x >>>= 0;
      }
      const start = rp;
      rp = start + x;
      if (skips !== undefined) {
        while (ci < candCount && cands[ci] < ord) ci++;
        if (ci >= candCount || cands[ci] !== ord) continue;
        ci++;
      }
      if ((anyDeleted && deleted[ord] === 1) || (restricted && qStamp[ord] !== gen)) continue;
      const e = tf + wT * titleTf;
      ords[n++] = ord;
      pos[ord] = start + 1;
      meta[ord] = tf * 512 + mixed * 256 + v;
      eff[ord] = e;
      if (w !== 0) {
        if (qStamp[ord] !== gen) {
          qStamp[ord] = gen;
          acc[ord] = 0;
          cov[ord] = 0;
          req[ord] = 0;
          touched[nTouched++] = ord;
        }
        acc[ord] += (w * e) / (e + nrm[ord]);
        cov[ord] += c;
      }
    }
    if (freeOnly && wholeFirst.has(q)) {
      for (let i = 0; i < n; i++) nTouched = touch(ix, gen, ords[i], nTouched);
    }
    q.n = n;
    q.ords = ords;
    if (ix.termDf[q.termId] > 0) totalIdf += c;
  }
  return scoreClauses(ix, pq, plan, limit, readText, { nTouched, totalIdf, gen }, ms, newMissed, isCancelled);
}


/**
 * After the streams: the clauses (phrases, symbols, references, expansions), the ranking
 * and the snippets. A function of its own, so that the streams' loop above, compiled on
 * the stack while it runs, does not fall back to the interpreter here at the first
 * statement whose type feedback it lacks.
 */
function scoreClauses(
  ix: SearchState,
  pq: ParsedQuery,
  plan: Plan,
  limit: number,
  readText: (docId: number) => string,
  found: { nTouched: number; totalIdf: number; gen: number },
  ms: MaxScore | undefined,
  newMissed: boolean,
  isCancelled: (() => boolean) | undefined,
): SearchResultCore {
  const P = ix.params;
  const live = ix.ordByDoc.size;
  const nrm = ix.lengthNorms();
  const k1 = P.k1;
  const k1p = k1 + 1;
  const { acc, cov, req, touched } = ix;
  const gen = found.gen;
  let nTouched = found.nTouched;
  let totalIdf = found.totalIdf;
  const clause = (c: Clause, weight: number, lengthNorm: boolean, coverage: number, idf = idfOf(c.ords.length, live)) => {
    const w = weight * idf * k1p;
    for (let i = 0; i < c.ords.length; i++) {
      const ord = c.ords[i];
      nTouched = touch(ix, gen, ord, nTouched);
      const tf = c.values[i];
      acc[ord] += (w * tf) / (tf + (lengthNorm ? nrm[ord] : k1));
      cov[ord] += coverage;
    }
  };
  // Quoted phrases: required. Here only their words are looked for (every word in the
  // document, in any order); the order is checked on candidates only (phrases.ts).
  const phrases: PhraseCheck[] = [];
  for (const ph of plan.phrases) {
    const ords = phraseCandidates(ix, ph);
    if (ords.length === 0) return { hits: [], total: 0 };
    for (let i = 0; i < ords.length; i++) {
      nTouched = touch(ix, gen, ords[i], nTouched);
      req[ords[i]]++;
    }
    phrases.push(phraseCheck(ix, ph));
  }
  // Typed symbols: the whole symbol term, or its parts in sequence. Identifiers are not
  // diluted by a long text (saturation only).
  for (const s of plan.symbols) {
    const c = symbolClause(ix, s.parts, s.whole);
    if (c.ords.length === 0) continue;
    const idf = idfOf(c.ords.length, live);
    totalIdf += idf;
    clause(c, P.symbolWeight, false, idf);
  }
  // "Nghị quyết 34" → reference symbols 34-NQ/TW, 35/2016/NQ-CP ...: a match on its own.
  for (const ref of pq.refs) {
    const c = refClause(ix, ref.number, ref.codes, ref.year);
    if (c.ords.length) clause(c, P.refWeight, false, Infinity);
  }

  // Other names of parts of the query (an acronym's long forms, a long form's acronym):
  // an occurrence of an alternative counts as expansionWeight of an occurrence of each
  // word of the typed form, saturated together with the literal occurrences (as Lucene's
  // SynonymQuery sums frequencies), so a literal match with the same frequency ranks
  // first and a document holding both is not counted twice. When the typed form is not in
  // the corpus ("CSP"), the alternatives are scored as one term with their own idf.
  const expanded: ExpansionMatch[] = [];
  const usedWords = new Set<QTerm>();
  const xw = P.expansionWeight;
  for (const ex of plan.expansions) {
    const { clause: c, alts } = expansionClause(ix, ex.alts);
    expanded.push({ form: ex.form, alts });
    if (c.ords.length === 0) continue;
    const words = [...new Set(ex.unit)].filter((t) => t.kind === 1 && t.n > 0 && !usedWords.has(t));
    if (words.length === 0) {
      const idf = idfOf(c.ords.length, live);
      totalIdf += idf;
      clause(c, xw, true, idf, idf);
      continue;
    }
    for (const t of words) {
      usedWords.add(t);
      const eff = ix.slotEff[t.slot];
      const pos = ix.slotPos[t.slot];
      const w = t.idf * k1p;
      for (let i = 0; i < c.ords.length; i++) {
        const ord = c.ords[i];
        nTouched = touch(ix, gen, ord, nTouched);
        const e = pos[ord] !== 0 ? eff[ord] : 0;
        if (e > 0) acc[ord] -= (w * e) / (e + nrm[ord]);
        else cov[ord] += t.idf;
        const x = e + xw * c.values[i];
        acc[ord] += (w * x) / (x + nrm[ord]);
      }
    }
  }

  // Matching documents (total), with the upper bound of their proximity bonuses.
  const need = totalIdf * P.minCoverage - 1e-9;

  stopIfCancelled(isCancelled);
  const { top, nc, exact } = phrases.length
    ? (({ top, total, exact }) => ({ top, nc: total, exact }))(rankWithPhrases(ix, plan, phrases, touched, nTouched, need, limit, isCancelled))
    : { ...rankMatches(ix, plan, touched, nTouched, need, limit, isCancelled), exact: true };

  // Snippets.
  const sq = snippetQuery(ix, plan, pq);
  const fterms = focusTerms(plan);
  const hits: SearchHitCore[] = [];
  for (const { id: ord, score } of top.sorted()) {
    stopIfCancelled(isCancelled);
    const docId = ix.ordDoc[ord];
    let text = '';
    try {
      text = readText(docId);
    } catch {
      text = '';
    }
    const from = ix.spanOff[ord];
    const to = ix.spanOff[ord + 1];
    const known = ix.textLen[ord];
    // A text that needed no normalization when indexed and has the same length is taken
    // as is (Ð is folded by the term keys anyway); otherwise normalize it again.
    const norm: NormalizedText = known & 1 && text.length === known >>> 1 ? { text, map: null } : normalizeText(text);
    const at = norm.text.length === known >>> 1 ? focus(ix, fterms, ord, from, to) : undefined;
    const snip = makeSnippet(text, norm, ix.spanData, from, to, ix.surfaces, sq, at);
    const via = expansionsOf(expanded, ord);
    hits.push(via.length ? { docId, score, ...snip, expansions: via } : { docId, score, ...snip });
  }
  // Dropped documents that had reached their coverage match all the same; the others and
  // the documents never found might have.
  if (!ms) return exact ? { hits, total: nc } : { hits, total: nc, totalExact: false };
  const total = nc + ms.droppedMatching;
  return newMissed || ms.droppedOthers > 0 ? { hits, total, totalExact: false } : { hits, total };
}

/**
 * A document's first contribution in this query resets its accumulators and lists it in
 * `touched` (outside the hot loop: the streams' loops inline this); returns the new count.
 */
function touch(ix: SearchState, gen: number, ord: number, nTouched: number): number {
  if (ix.qStamp[ord] !== gen) {
    ix.qStamp[ord] = gen;
    ix.acc[ord] = 0;
    ix.cov[ord] = 0;
    ix.req[ord] = 0;
    ix.touched[nTouched++] = ord;
  }
  return nTouched;
}

export function snippetQuery(ix: SearchState, plan: Plan, pq: ParsedQuery): SnippetQuery {
  let q = 0;
  const put = (m: Map<number, WordSpec[]>, term: number, spec: WordSpec) => {
    const list = m.get(term);
    if (list) list.push(spec);
    else m.set(term, [spec]);
  };
  const words = new Map<number, WordSpec[]>();
  for (const u of plan.unigrams) if (u.termId >= 0 && u.n > 0) put(words, u.termId, { q: q++, weight: u.idf, variant: u.exact ? u.variant : -1 });
  const sequences: SnippetQuery['sequences'] = [];
  const seqOf = (terms: QTerm[]) => {
    if (terms.some((t) => t.termId < 0)) return;
    sequences.push({
      terms: terms.map((t) => ({ termId: t.termId, variant: t.exact ? t.variant : -1 })),
      q: q++,
      weight: terms.reduce((s, t) => s + t.idf, 0),
    });
  };
  plan.phrases.forEach(seqOf);
  // Alternatives found through an expansion: highlighted where the whole form occurs, so
  // the snippet shows which name matched.
  for (const e of plan.expansions) for (const a of e.alts) seqOf(a.terms);
  const syms = new Map<number, WordSpec[]>();
  for (const s of plan.symbols) {
    seqOf(s.parts);
    if (s.whole.termId >= 0) put(syms, s.whole.termId, { q: q++, weight: s.whole.idf + 1, variant: s.whole.exact ? s.whole.variant : -1 });
  }
  for (const ref of pq.refs) {
    const unit = q++;
    for (const t of refTerms(ix, ref.number, ref.codes, ref.year)) put(syms, t, { q: unit, weight: 5, variant: -1 });
  }
  return { words, sequences, symbols: syms, units: q };
}

/** The alternatives through which a document matched, one per expansion (the first alternative it holds). */
function expansionsOf(expanded: ExpansionMatch[], ord: number): { form: string; matched: string }[] {
  const out: { form: string; matched: string }[] = [];
  for (const e of expanded) {
    const alt = e.alts.find((a) => binarySearch(a.ords, ord));
    if (alt) out.push({ form: e.form, matched: alt.text });
  }
  return out;
}

function binarySearch(sorted: number[], v: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === v) return true;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Documents among the first n found whose coverage is already reached (they match whatever follows). */
function surelyMatching(touched: Int32Array, n: number, cov: Float64Array, need: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (cov[touched[i]] >= need) c++;
  return c;
}

export { kthLargest } from './rank';
