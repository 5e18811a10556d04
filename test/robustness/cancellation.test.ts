/**
 * Cancellation points of `searchCorpusCancellable` (features/search.ts), in process with a
 * slow backend: a token cancelled before the search, during the backend call, or while the
 * hits are turned into ranges stops the work at the next check instead of at the end.
 */
import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../server/src/core/analyze';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import type { SearchBackend, SearchHitCore } from '../../server/src/core/search';
import { Cancellation, searchCorpusCancellable, SearchSource } from '../../server/src/features/search';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // a slow disk or a long line index
  }
}

/** A corpus of `n` one-line documents and a backend that returns them all, after `searchMs`; each text read takes `readMs`. */
function slowSource(n: number, searchMs: number, readMs: number): SearchSource & { reads: number } {
  const corpus = new CorpusIndex();
  const hits: SearchHitCore[] = [];
  for (let i = 0; i < n; i++) {
    const uri = `file:///doc${i}.txt`;
    const text = `Tài liệu ${i}\nNội dung.`;
    const doc = corpus.add({ uri, path: `/doc${i}.txt`, bytes: text.length, mtimeMs: 0, analysis: analyzeDocument(uri, text, { kind: 'corpus' }) });
    hits.push({ docId: doc.id, score: 1, start: 0, end: 3, snippet: 'Tài', highlights: [] });
  }
  const backend: SearchBackend = {
    add() {},
    remove() {},
    search: () => {
      busy(searchMs);
      return { hits, total: hits.length };
    },
    documentCount: n,
  };
  const source = {
    search: backend,
    corpus,
    reads: 0,
    readText(): string {
      source.reads++;
      busy(readMs);
      return 'Tài liệu\nNội dung.';
    },
  };
  return source;
}

const token = () => {
  const t = { isCancellationRequested: false };
  return t as Cancellation & { isCancellationRequested: boolean };
};

describe('search cancellation points (in process)', () => {
  it('not cancelled: every hit is answered', async () => {
    const src = slowSource(50, 0, 0);
    const r = await searchCorpusCancellable(src, { query: 'tài liệu', limit: 200 }, token());
    assert.equal(r?.results.length, 50);
  });

  it('cancelled before it starts: the backend is never called', async () => {
    const src = slowSource(50, 200, 0);
    const t = token();
    t.isCancellationRequested = true;
    const started = performance.now();
    assert.equal(await searchCorpusCancellable(src, { query: 'tài liệu' }, t), undefined);
    assert.ok(performance.now() - started < 100);
  });

  it('cancelled during the backend call: no hit is turned into a range', async () => {
    const src = slowSource(100, 150, 2);
    const t = token();
    // The flag flips while the backend runs (as $/cancelRequest would be read at the next turn).
    setTimeout(() => (t.isCancellationRequested = true), 20);
    assert.equal(await searchCorpusCancellable(src, { query: 'tài liệu', limit: 200 }, t), undefined);
    assert.equal(src.reads, 0, 'texts were read after the cancel');
  });

  it('cancelled while hits are turned into ranges: stops within a slice, long before the end', async () => {
    const src = slowSource(200, 0, 5); // 200 hits x 5 ms = 1 s of work
    const t = token();
    const started = performance.now();
    setTimeout(() => (t.isCancellationRequested = true), 50);
    assert.equal(await searchCorpusCancellable(src, { query: 'tài liệu', limit: 200 }, t), undefined);
    const ms = performance.now() - started;
    console.log(`      cancelled after 50 ms of a 1 s result build: stopped at ${ms.toFixed(0)} ms, ${src.reads} of 200 texts read`);
    assert.ok(ms < 800, `${ms} ms`);
    assert.ok(src.reads < 150, `${src.reads} texts read`);
  });
});
