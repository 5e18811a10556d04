/**
 * Load and cancellation on a bigger corpus (the vn-news slice copied COPIES times, default
 * 1: 446 files, to keep npm test fast; POLICY_LENS_LOAD_COPIES=5 for about 2,200): bursts of 1,000 hover and
 * completion requests during indexing and after (all answered, no error; latency
 * percentiles printed, not asserted), and `$/cancelRequest` on policyLens/search.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  CompletionRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { SearchRequest, type SearchParams, type SearchResult } from '../../shared/protocol';
import { cleanupTempDirs, positionOf, RobustServer, startRobustServer, tempDir } from './helpers/server';

const COPIES = Math.max(1, Number(process.env.POLICY_LENS_LOAD_COPIES ?? 1));
const BURST = 1000;

const BRIEF = [
  '# Báo cáo công tác đối ngoại nhân dân',
  '',
  'Thực hiện Nghị quyết số 34-NQ/TW của Bộ Chính trị và Chỉ thị 12, Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO) phối hợp với UBND các tỉnh.',
  'Hợp tác với ASEAN, WTO và các đối tác; Ủy ban nhân dân (UBND) báo cáo kết quả. Nghị quyết 34 được quán triệt; ĐNND phát triển.',
  'Đề nghị UB',
  'Nghị quyết 3',
  '',
].join('\n');

const HOVER_AT = ['34-NQ/TW', 'VUFO', 'UBND', 'ASEAN', 'WTO', 'Nghị quyết 34', 'ĐNND', 'phối hợp', 'Bộ Chính trị'].map((n) => positionOf(BRIEF, n));
const COMPLETE_AT = [positionOf(BRIEF, 'Đề nghị UB', 10), positionOf(BRIEF, 'Nghị quyết 3\n', 12), positionOf(BRIEF, 'Hợp tác', 3)];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Sends `n` hover and completion requests at once; resolves with latencies (ms) and failures. */
async function burst(server: RobustServer, uri: string, n: number): Promise<{ latencies: number[]; failures: string[]; nulls: number; wallMs: number }> {
  const started = performance.now();
  const failures: string[] = [];
  let nulls = 0;
  const latencies = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t = performance.now();
      try {
        const r =
          i % 2 === 0
            ? await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: HOVER_AT[i % HOVER_AT.length] })
            : await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: COMPLETE_AT[i % COMPLETE_AT.length] });
        if (r === null) nulls++;
      } catch (e) {
        failures.push(`${i}: ${(e as Error).message}`);
      }
      return performance.now() - t;
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), failures, nulls, wallMs: performance.now() - started };
}

function report(label: string, b: { latencies: number[]; wallMs: number; nulls: number }): string {
  const l = b.latencies;
  const line = `${label}: ${l.length} requests in ${b.wallMs.toFixed(0)} ms; latency p50 ${percentile(l, 50).toFixed(1)} ms, p99 ${percentile(l, 99).toFixed(1)} ms, max ${l[l.length - 1].toFixed(1)} ms; ${b.nulls} null hovers`;
  console.log(`      ${line}`);
  return line;
}

describe(`load and cancellation (vn-news x${COPIES})`, function () {
  let server: RobustServer;
  let corpusFiles = 0;
  const uri = 'untitled:load-brief.md';

  before(async function () {
    const dir = tempDir('plr-load-');
    const src = path.join(__dirname, '..', 'fixtures', 'vn-news');
    const files = fs.readdirSync(src).filter((f) => f.endsWith('.txt'));
    for (let k = 0; k < COPIES; k++) {
      fs.mkdirSync(path.join(dir, `copy${k}`));
      for (const f of files) fs.copyFileSync(path.join(src, f), path.join(dir, `copy${k}`, f));
    }
    corpusFiles = files.length * COPIES;
    server = await startRobustServer({ initializationOptions: { corpusPaths: [dir], includeBundledCorpus: true } });
    server.open(uri, BRIEF);
  });
  after(async () => {
    await server?.stop();
    cleanupTempDirs();
  });

  it(`answers ${BURST} hover and completion requests in a burst while indexing`, async function () {
    const before = await server.waitForStatus(() => true);
    const b = await burst(server, uri, BURST);
    const afterStatus = await server.waitForStatus(() => true);
    report(`during indexing (state ${before.state} → ${afterStatus.state}, ${afterStatus.documents} documents so far)`, b);
    assert.deepEqual(b.failures, []);
    assert.equal(b.latencies.length, BURST);
    // The burst must really overlap indexing to mean anything.
    assert.equal(before.state, 'indexing', 'the corpus was indexed before the burst started');
    assert.deepEqual(server.errors(), []);
  });

  it(`answers ${BURST} hover and completion requests in a burst once ready`, async function () {
    const status = await server.ready();
    assert.ok(status.documents >= corpusFiles, `${status.documents} documents for ${corpusFiles} files`);
    const b = await burst(server, uri, BURST);
    report(`after indexing (${status.documents} documents, indexed in ${status.indexMs} ms)`, b);
    assert.deepEqual(b.failures, []);
    assert.ok(b.nulls < BURST / 2, `${b.nulls} null hovers: the hovers found nothing`);
    assert.deepEqual(server.errors(), []);
  });

  it('hovers cancelled while queued: every one is answered (a result or RequestCancelled), none hangs', async () => {
    await server.ready();
    const n = 200;
    const outcomes = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const cts = new CancellationTokenSource();
        const p = server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: HOVER_AT[i % HOVER_AT.length] }, cts.token);
        cts.cancel();
        try {
          await p;
          return 'result';
        } catch (e) {
          return e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : `error ${(e as Error).message}`;
        }
      }),
    );
    const cancelled = outcomes.filter((o) => o === 'cancelled').length;
    console.log(`      ${n} hovers cancelled while queued: ${cancelled} answered RequestCancelled, ${n - cancelled} computed anyway (hover handlers do not look at the token)`);
    assert.deepEqual(outcomes.filter((o) => o.startsWith('error')), []);
  });

  describe('cancellation of policyLens/search', () => {
    const SLOW = { query: '"Việt Nam" hợp tác quốc tế phát triển kinh tế xã hội chính phủ bộ trưởng', limit: 200 };
    let fullMs = 0;

    const search = (params: SearchParams, token?: CancellationTokenSource) =>
      token ? server.connection.sendRequest(SearchRequest, params, token.token) : server.connection.sendRequest(SearchRequest, params);
    const outcome = async (p: Promise<SearchResult>): Promise<{ code?: number; result?: SearchResult; ms: number }> => {
      const t = performance.now();
      try {
        const result = await p;
        return { result, ms: performance.now() - t };
      } catch (e) {
        return { code: e instanceof ResponseError ? e.code : -1, ms: performance.now() - t };
      }
    };

    let rawIds = 0;
    /**
     * Writes a search request and its $/cancelRequest to the server's stdin as one write
     * (under PIPE_BUF, so one read on the server's side) and resolves with the raw response
     * read from its stdout. The id is one the client's connection does not know, so the
     * connection drops the response and this reads it.
     */
    const searchCancelledInOneWrite = (params: SearchParams): Promise<{ result?: SearchResult; error?: { code: number; message: string } }> => {
      const id = `cancelled-at-once-${++rawIds}`;
      const frame = (m: object) => {
        const body = Buffer.from(JSON.stringify(m), 'utf8');
        return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
      };
      const bytes = Buffer.concat([frame({ jsonrpc: '2.0', id, method: SearchRequest.method, params }), frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } })]);
      assert.ok(bytes.length < 4096, 'the request and the cancel must fit one atomic pipe write');
      const stdout = server.process.stdout!;
      return new Promise((resolve) => {
        let seen = Buffer.alloc(0);
        const marker = Buffer.from(`"id":${JSON.stringify(id)}`);
        const onData = (chunk: Buffer) => {
          seen = Buffer.concat([seen, chunk]);
          const at = seen.indexOf(marker);
          if (at < 0) return;
          const header = seen.lastIndexOf('Content-Length: ', at);
          const bodyStart = seen.indexOf('\r\n\r\n', header) + 4;
          const length = Number(/^Content-Length: (\d+)/.exec(seen.subarray(header, bodyStart).toString('ascii'))![1]);
          if (seen.length < bodyStart + length) return;
          stdout.off('data', onData);
          resolve(JSON.parse(seen.subarray(bodyStart, bodyStart + length).toString('utf8')));
        };
        stdout.on('data', onData);
        server.process.stdin!.write(bytes);
      });
    };

    before(async () => {
      await server.ready();
      const t0 = performance.now();
      await search(SLOW);
      const coldMs = performance.now() - t0;
      const t = performance.now();
      const r = await search(SLOW);
      fullMs = performance.now() - t;
      console.log(`      uncancelled slow search: ${coldMs.toFixed(0)} ms cold, ${fullMs.toFixed(0)} ms warm round trip (${r.tookMs} ms in the server), ${r.total} matches`);
      assert.ok(r.results.length > 0);
    });

    it('a search cancelled at once answers RequestCancelled (-32800) without searching', async () => {
      // The request and its $/cancelRequest go out in one write, so the server reads both
      // together whatever the load: with sendRequest then cancel() they are separate writes,
      // and a busy machine could let the whole search finish before the cancel is read.
      const t = performance.now();
      const response = await searchCancelledInOneWrite(SLOW);
      const ms = performance.now() - t;
      console.log(`      cancelled at once: ${JSON.stringify(response.error ?? 'answered with results')} after ${ms.toFixed(0)} ms`);
      assert.equal(response.error?.code, LSPErrorCodes.RequestCancelled, `the search was answered: ${JSON.stringify(response).slice(0, 200)}`);
    });

    it('a search cancelled while queued behind another is not run', async () => {
      const first = outcome(search(SLOW));
      const cts = new CancellationTokenSource();
      const second = outcome(search({ ...SLOW, query: SLOW.query + ' đầu tư' }, cts));
      cts.cancel();
      const [a, b] = await Promise.all([first, second]);
      assert.ok(a.result && a.result.results.length > 0, 'the first search was answered');
      assert.equal(b.code, LSPErrorCodes.RequestCancelled);
      console.log(`      queued and cancelled: answered ${(b.ms - a.ms).toFixed(0)} ms after the search ahead of it`);
    });

    it('a search cancelled while running answers RequestCancelled, no later than the search would have', async () => {
      const cts = new CancellationTokenSource();
      const p = outcome(search(SLOW, cts));
      // Cancel in the middle of the search (a scenario timer, not a wait for a condition).
      await new Promise((r) => setTimeout(r, Math.max(1, fullMs / 3)));
      cts.cancel();
      const o = await p;
      console.log(`      cancelled mid-search: ${o.code === undefined ? 'answered with results' : `code ${o.code}`} after ${o.ms.toFixed(0)} ms (warm search ${fullMs.toFixed(0)} ms)`);
      // The backend's ranking is one synchronous step: a cancel during it takes effect when it ends.
      assert.ok(o.code === LSPErrorCodes.RequestCancelled || o.result !== undefined);
      assert.ok(o.ms < fullMs * 3 + 1000, `${o.ms} ms`);
    });

    it('typing: each new search cancels the previous one; only the last runs to the end', async () => {
      const words = ['hợp', 'hợp tác', 'hợp tác quốc', 'hợp tác quốc tế', 'hợp tác quốc tế phát', 'hợp tác quốc tế phát triển', 'hợp tác quốc tế phát triển kinh tế'];
      const started = performance.now();
      let previous: CancellationTokenSource | undefined;
      const all = words.map((w) => {
        previous?.cancel();
        previous = new CancellationTokenSource();
        return outcome(search({ query: w, limit: 200 }, previous));
      });
      const outcomes = await Promise.all(all);
      const wall = performance.now() - started;
      const cancelled = outcomes.filter((o) => o.code === LSPErrorCodes.RequestCancelled).length;
      console.log(`      typing ${words.length} searches: ${cancelled} cancelled, last answered after ${wall.toFixed(0)} ms`);
      assert.ok(outcomes[outcomes.length - 1].result, 'the last search was answered');
      assert.ok(outcomes.every((o) => o.result || o.code === LSPErrorCodes.RequestCancelled), JSON.stringify(outcomes.map((o) => o.code)));
      assert.ok(cancelled >= words.length - 2, `${cancelled} of ${words.length - 1} stale searches cancelled`);
      assert.deepEqual(server.errors(), []);
    });
  });
});
