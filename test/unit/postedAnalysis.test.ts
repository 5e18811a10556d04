/**
 * An analysis posted split and encoded by an index worker (postedAnalysis.ts) is filed as the
 * whole analysis is: same documents, ids, summaries, sites, rests, lookup tables, register
 * and figures. Each file goes through a real structured clone (v8.serialize, as the IPC link
 * does), chunk by chunk, with the chunk's rests sharing one buffer.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Glossary, readGlossaryData } from '../../server/src/core/glossary';
import { applyResult, Build, emptyBuild } from '../../server/src/host/corpusBuild';
import { FileResult, indexFile, isSkipped } from '../../server/src/host/indexFile';
import { ChunkResult, isPosted, shareRests, toPosted } from '../../server/src/host/postedAnalysis';
import { TextCache } from '../../server/src/host/textCache';
import bundled from '../../server/data/glossary.json';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vn-news');
const SEEDS = path.join(__dirname, '..', '..', 'seeds');
const log = { info: () => undefined, warn: () => undefined };

function filesOf(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => /\.(txt|md)$/.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Files `results` into a fresh build, in chunks of `chunk` (each cloned as the IPC link clones a message), posted or whole. */
function fileAll(results: FileResult[], posted: boolean, chunk: number): { build: Build; ids: number[] } {
  const build = emptyBuild();
  const ids: number[] = [];
  for (let i = 0; i < results.length; i += chunk) {
    let part: ChunkResult[] = results.slice(i, i + chunk).map((r) => (posted && !isSkipped(r) ? toPosted(r) : r));
    if (posted) shareRests(part);
    part = v8.deserialize(v8.serialize(part)) as ChunkResult[];
    for (const r of part) applyResult(build, r, log, new TextCache(1), (doc) => ids.push(doc.id));
  }
  return { build, ids };
}

/** Everything the features read of a filed corpus, as plain data. */
function filedState(build: Build): unknown {
  const c = build.corpus;
  const docs = [...c.documents()].map((d) => ({ id: d.id, uri: d.uri, path: d.path, bytes: d.bytes, mtimeMs: d.mtimeMs, summary: { ...d.summary, title: d.summary.title, titleRange: d.summary.titleRange }, sites: d.sites, analysis: d.analysis }));
  const keys = [...c.acronymKeys()].sort();
  const longForms = docs.flatMap((d) => d.sites.definitions.map((def) => def.longForm));
  const refKeys = docs.flatMap((d) => d.sites.references.map((r) => r.key));
  const strip = <T extends { doc: { id: number } }>(hits: readonly T[]) => hits.map(({ doc, ...rest }) => ({ doc: doc.id, ...rest }));
  return {
    docs,
    stats: c.stats(),
    definitions: keys.map((k) => strip(c.definitionsOf(k))),
    attributions: keys.map((k) => strip(c.attributionsOf(k))),
    longForms: longForms.map((l) => strip(c.definitionsByLongForm(l))),
    references: refKeys.map((k) => strip(c.referencesOf(k))),
    register: [...c.register.keys()].sort().map((k) => ({ key: k, record: c.register.record(k) ?? null })),
    meta: [...build.meta],
    skipped: [...build.skipped],
  };
}

describe('analyses posted split and encoded by an index worker', function () {
  this.timeout(60000);
  const glossary = new Glossary(readGlossaryData(bundled, 'bundled').entries);
  const results = [...filesOf(FIXTURES), ...filesOf(SEEDS)].map((p) => {
    const st = fs.statSync(p);
    return indexFile({ path: p, size: st.size, mtimeMs: st.mtimeMs }, glossary.expansions);
  });

  it('the fixtures hold documents with sites of every kind, and posted files are posted', () => {
    const kinds = ['definitions', 'attributions', 'references', 'relations'] as const;
    for (const kind of kinds) assert.ok(results.some((r) => !isSkipped(r) && r.analysis[kind]!.length > 0), `a document with ${kind}`);
    // (Corpus pages have no acronym uses: only briefs do, and briefs are never posted.)
    assert.ok(results.some((r) => !isSkipped(r) && r.analysis.body.length > 0), 'a document with body spans');
    const posted = toPosted(results.find((r) => !isSkipped(r)) as Exclude<FileResult, { skip: string }>);
    assert.ok(isPosted(posted) && !('analysis' in posted) && !('text' in posted));
  });

  // Chunk sizes: one file per message, the pool's default, everything in one message.
  for (const chunk of [1, 32, 100000]) {
    it(`files the same state as the whole analyses (chunks of ${chunk})`, () => {
      const whole = fileAll(results, false, chunk);
      const posted = fileAll(results, true, chunk);
      assert.deepEqual(posted.ids, whole.ids);
      assert.deepEqual(filedState(posted.build), filedState(whole.build));
    });
  }
});
