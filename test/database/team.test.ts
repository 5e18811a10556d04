/**
 * The team corpus in a real PostgreSQL 15 (test/helpers/postgres.ts: a private cluster,
 * installed with apt-get when absent), written by `policy-lens index --database` as the
 * owner role and read by language servers (dist/server.js over stdio) with a read-only
 * role. Every wait is for a condition (a status, a response), never a fixed time.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefinitionRequest, HoverRequest, Location } from 'vscode-languageserver-protocol/node';
import { SearchRequest, StatusResult } from '../../shared/protocol';
import { REPO, startServer, TestServer } from '../helpers/lspClient';
import { ensurePostgres, PgCluster, startCluster } from '../helpers/postgres';

const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'vn-news');

/** A corpus file that defines an acronym found nowhere else (not in the glossary, not in the seeds). */
const TEAM_ONLY = `Quỹ số hoá ngoại giao ra mắt

Hà Nội, ngày 5/12/2026

Hôm nay, Quỹ Phát triển Ngoại giao Số (QPTNGS) chính thức ra mắt tại Hà Nội. QPTNGS sẽ hỗ trợ các cơ quan đại diện.
`;
const LATE = `Ban điều phối mới

Hà Nội, ngày 6/12/2026

Theo Ban Điều phối Zeta Khánh Hòa (BĐPZKH), chương trình kéo dài ba năm.
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const BRIEF = 'file:///tmp/team-brief.md';

async function hoverText(server: TestServer, text: string, word: string): Promise<string> {
  server.open(BRIEF, text, 'markdown', Date.now() % 100000);
  const at = text.indexOf(word) + 1;
  const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: BRIEF }, position: { line: 0, character: at } });
  const contents = hover?.contents as { value?: string } | undefined;
  return contents?.value ?? '';
}

describe('team corpus in PostgreSQL', function () {
  this.timeout(180_000);
  let pg: PgCluster | undefined;
  let work: string;
  let corpus: string;
  const servers: TestServer[] = [];
  let readers: TestServer[] = [];
  let embedded: TestServer;
  const allLogs = () => servers.flatMap((s) => s.logs).join('\n');

  const index = (...folders: string[]) => runCli(['index', '--database', pg!.ownerUrl, ...folders], { PGPASSWORD: pg!.ownerPassword });
  const reader = async (extra: Record<string, unknown> = {}) => {
    const s = await startServer({
      initializationOptions: { database: pg!.readerUrl, includeBundledCorpus: false, cacheDir: fs.mkdtempSync(path.join(work, 'cache-')), ...extra },
      // Pages of 16 documents: loading crosses page boundaries (and seq 10, 100) as a large corpus does.
      env: { ...process.env, PGPASSWORD: pg!.readerPassword, POLICY_LENS_TEAM_PAGE: '16', XDG_CACHE_HOME: fs.mkdtempSync(path.join(work, 'xdg-')) },
    });
    servers.push(s);
    return s;
  };
  const connected = (s: TestServer, documents: number) => s.waitForStatus((st) => st.database?.state === 'connected' && st.database.documents === documents, 15_000);

  before(async function () {
    const reason = ensurePostgres();
    if (reason) {
      console.warn(`skipping the database tests: ${reason}`);
      this.skip();
    }
    pg = await startCluster();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-team-'));
    corpus = path.join(work, 'corpus');
    fs.mkdirSync(corpus);
    for (const f of fs.readdirSync(FIXTURES).sort().slice(0, 120)) fs.copyFileSync(path.join(FIXTURES, f), path.join(corpus, f));
    fs.writeFileSync(path.join(corpus, 'quy-ngoai-giao-so.txt'), TEAM_ONLY);
    const r = await index(corpus);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /indexed 121 files .* 121 written/);
    readers = [await reader(), await reader()];
    embedded = await startServer({ initializationOptions: { corpusPaths: [corpus], includeBundledCorpus: false } });
    servers.push(embedded);
    await Promise.all([...readers.map((s) => connected(s, 121)), embedded.ready()]);
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    pg?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('serves the indexed corpus to two servers using a read-only role', async () => {
    for (const s of readers) {
      const st: StatusResult = await s.waitForStatus((x) => x.state === 'ready' && x.documents === 121);
      assert.equal(st.database?.state, 'connected');
      assert.ok(st.bytes > 100_000, `bytes ${st.bytes}`);
      assert.doesNotMatch(st.database?.url ?? '', /reader-/);
    }
    // The role really is read-only.
    assert.throws(() => pg!.sql(`SET ROLE pl_reader; DELETE FROM pl_texts`, 'team'), /permission denied/);
  });

  it('the schema distributes by doc_id (Citus): every unique index includes it, no foreign key, the per-document reads use it', () => {
    const tables = ['pl_documents', 'pl_texts', 'pl_removed'];
    for (const t of tables) {
      const unique = pg!.sql(`SELECT indexdef FROM pg_indexes WHERE tablename = '${t}' AND indexdef LIKE 'CREATE UNIQUE%'`, 'team').trim().split('\n');
      assert.ok(unique.length > 0 && unique.every((d) => /\(doc_id\)/.test(d)), `${t}: ${unique.join('; ')}`);
    }
    assert.equal(pg!.sql(`SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text LIKE 'pl_%'`, 'team').trim(), '0');
    // Texts and positions are read by doc_id: one index probe per document (one shard per document under Citus).
    const plan = pg!.sql(`SET enable_seqscan = off; EXPLAIN SELECT text FROM pl_texts WHERE doc_id = ANY('{1,2}'::bigint[])`, 'team');
    assert.match(plan, /Index Cond: \(doc_id = ANY/);
  });

  it('hover and go to definition on an acronym defined only in the database corpus open a local copy', async () => {
    for (const s of readers) {
      const text = 'Vai trò của QPTNGS trong ngoại giao số.';
      const md = await hoverText(s, text, 'QPTNGS');
      assert.match(md, /Quỹ Phát triển Ngoại giao Số/);
      const defs = (await s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: BRIEF }, position: { line: 0, character: text.indexOf('QPTNGS') + 1 } })) as Location[];
      assert.ok(Array.isArray(defs) && defs.length > 0, JSON.stringify(defs));
      const file = fileURLToPath(defs[0].uri);
      assert.ok(fs.existsSync(file), `local copy ${file}`);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      assert.match(lines[defs[0].range.end.line], /QPTNGS/);
      // The hover's link points at a file that exists too.
      const link = /\((file:[^)#]+)/.exec(md)?.[1];
      assert.ok(link && fs.existsSync(fileURLToPath(link)), `hover link ${link}`);
    }
  });

  it('search agrees with the embedded index (top 10, accent-insensitive and exact)', async () => {
    const queries: [string, boolean][] = [
      ['ngoại giao', false],
      ['kinh te', false],
      ['Hà Nội', false],
      ['đầu tư nước ngoài', false],
      ['"hợp tác"', false],
      ['Quỹ Phát triển Ngoại giao Số', false],
      ['thủ tướng chính phủ', false],
      ['Việt Nam', true],
      ['kinh tế', true],
      // Acronym-aware: the glossary's long forms are searched in the database too.
      ['BHXH', false],
      ['bảo hiểm y tế', false],
    ];
    const name = (uri: string) => path.basename(fileURLToPath(uri));
    let agreement = 0;
    const each: string[] = [];
    for (const [query, exact] of queries) {
      const [team, local] = await Promise.all([
        readers[0].connection.sendRequest(SearchRequest, { query, limit: 10, exact }),
        embedded.connection.sendRequest(SearchRequest, { query, limit: 10, exact }),
      ]);
      assert.ok(local.results.length > 0, query);
      const want = new Set(local.results.map((r) => name(r.uri)));
      const got = team.results.map((r) => name(r.uri));
      const share = got.filter((g) => want.has(g)).length / want.size;
      each.push(`${query}${exact ? ' (exact)' : ''}: ${share.toFixed(1)}`);
      agreement += share;
      // The other names are searched on both sides, and a hit says which one it matched.
      if (query === 'BHXH') assert.ok(team.results.some((r) => r.expansions?.some((e) => e.form === 'BHXH')), `a team hit through a long form of BHXH: ${JSON.stringify(team.results.map((r) => r.expansions))}`);
      for (const r of team.results) {
        const file = fileURLToPath(r.uri);
        assert.ok(fs.existsSync(file), `search result ${file} has a local copy`);
        const lines = fs.readFileSync(file, 'utf8').split(/\r\n|\n|\r/);
        assert.ok(lines[r.range.start.line] !== undefined);
      }
    }
    agreement /= queries.length;
    assert.ok(agreement >= 0.8, `top-10 agreement ${agreement.toFixed(2)}: ${each.join('; ')}`);
    console.log(`      top-10 agreement ${agreement.toFixed(2)} (${each.join('; ')})`);
  });

  it('a file indexed while the servers run reaches them within 15 s', async () => {
    fs.writeFileSync(path.join(corpus, 'ban-dieu-phoi.txt'), LATE);
    const r = await index(corpus);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 written/);
    await Promise.all(readers.map((s) => connected(s, 122)));
    for (const s of readers) assert.match(await hoverText(s, 'Báo cáo của BĐPZKH năm nay.', 'BĐPZKH'), /Ban Điều phối Zeta Khánh Hòa/);
  });

  it('concurrent indexers are safe', async () => {
    const extra = path.join(work, 'extra');
    fs.mkdirSync(extra);
    for (const f of fs.readdirSync(FIXTURES).sort().slice(120, 180)) fs.copyFileSync(path.join(FIXTURES, f), path.join(extra, f));
    const runs = await Promise.all([index(extra), index(extra), index(corpus)]);
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    assert.equal(pg!.sql(`SELECT count(*) FROM pl_documents`, 'team').trim(), String(122 + 60));
    assert.equal(pg!.sql(`SELECT count(*) FROM pl_texts`, 'team').trim(), String(122 + 60));
    await Promise.all(readers.map((s) => connected(s, 182)));
  });

  it('refuses a password in the setting, and never shows one', async () => {
    const withPassword = pg!.readerUrl.replace('pl_reader@', 'pl_reader:hunter2secret@');
    const s = await reader({ database: withPassword });
    const st = await s.waitForStatus((x) => x.database?.state === 'refused');
    assert.match(st.database?.message ?? '', /PGPASSWORD|PGPASSFILE/);
    assert.doesNotMatch(JSON.stringify(st), /hunter2secret/);
    await s.waitForLog(/contains a password/);
    const passwords = [pg!.readerPassword, pg!.ownerPassword, 'hunter2secret'];
    for (const p of passwords) assert.ok(!allLogs().includes(p), 'a password was logged');
  });

  it('an untrusted workspace never connects', async () => {
    const probe = `${pg!.readerUrl}?application_name=pl-untrusted-probe`;
    const s = await reader({ database: probe, trusted: false });
    const st = await s.waitForStatus((x) => x.state === 'ready' && x.database?.state === 'refused');
    assert.match(st.database?.message ?? '', /Untrusted workspace/);
    assert.equal(pg!.sql(`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pl-untrusted-probe'`).trim(), '0');
  });

  it('a server reading a streaming replica (hot standby) gets the corpus and later files (it polls: LISTEN is refused there)', async () => {
    const replica = await pg!.startReplica();
    try {
      const n = Number(pg!.sql(`SELECT count(*) FROM pl_documents`, 'team'));
      const s = await reader({ database: replica.readerUrl });
      await s.waitForStatus((x) => x.database?.state === 'connected' && x.database.documents === n, 30_000);
      await s.waitForLog(/no LISTEN here/);
      fs.writeFileSync(path.join(corpus, 'ban-moi.txt'), LATE.replace('Ban Điều phối Zeta Khánh Hòa (BĐPZKH)', 'Hội đồng Tư vấn Yên Khê (HĐTVYK)'));
      const r = await index(corpus);
      assert.equal(r.code, 0, r.stderr);
      await s.waitForStatus((x) => x.database?.documents === n + 1, 15_000);
      assert.match(await hoverText(s, 'Ý kiến của HĐTVYK.', 'HĐTVYK'), /Hội đồng Tư vấn Yên Khê/);
    } finally {
      replica.stop();
    }
  });

  it('a database stopped mid-session leaves the servers answering from the local corpus; they reconnect', async () => {
    const n = Number(pg!.sql(`SELECT count(*) FROM pl_documents`, 'team'));
    const s = await reader({ includeBundledCorpus: true });
    await s.waitForStatus((x) => x.state === 'ready' && x.database?.state === 'connected' && x.database.documents === n, 30_000);
    pg!.pause();
    try {
      await s.waitForStatus((x) => x.database?.state === 'unavailable', 30_000);
      // The bundled seeds answer search; the team corpus is left out with no error.
      const found = await s.connection.sendRequest(SearchRequest, { query: 'ngoại giao', limit: 5 });
      assert.ok(found.results.length > 0);
      // Analyses already loaded still answer hovers.
      assert.match(await hoverText(s, 'Vai trò của QPTNGS.', 'QPTNGS'), /Quỹ Phát triển Ngoại giao Số/);
      const st = await s.waitForStatus(() => true);
      assert.match(st.database?.message ?? '', /\S/);
    } finally {
      pg!.resume();
    }
    await s.waitForStatus((x) => x.database?.state === 'connected', 60_000);
  });
});
