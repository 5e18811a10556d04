/**
 * The analyzer's fingerprint read from the build's stamp (host/analyzerFingerprint.ts): the
 * stamp is used only while it describes the bundles beside it exactly; any change to the
 * bundles (content, size, time, a converter added or removed) or a damaged stamp hashes the
 * bundles again, and a changed analyzer bundle makes a cache written before it rebuild.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzerFingerprintOf, hashBundles, STAMP_FILE, stampedHash, stampOf } from '../../server/src/host/analyzerFingerprint';
import { CorpusService } from '../../server/src/host/corpusService';

const DIST = path.join(__dirname, '..', '..', 'dist');
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vn-news');

/** A folder with a worker bundle and two converters, and the stamp of them. */
function bundleDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-stamp-'));
  fs.mkdirSync(path.join(dir, 'formats'));
  fs.writeFileSync(path.join(dir, 'indexWorker.js'), 'analyze(1);\n');
  fs.writeFileSync(path.join(dir, 'formats', 'pdf.js'), 'pdf(1);\n');
  fs.writeFileSync(path.join(dir, 'formats', 'docx.js'), 'docx(1);\n');
  fs.writeFileSync(path.join(dir, 'formats', 'pdf.js.map'), '{}');
  fs.writeFileSync(path.join(dir, STAMP_FILE), JSON.stringify(stampOf(path.join(dir, 'indexWorker.js'))));
  return dir;
}

/** Sets a file's content and gives it back its previous time, to the millisecond (a copy that keeps times). */
function rewriteKeepingTime(file: string, text: string): void {
  const st = fs.statSync(file);
  fs.writeFileSync(file, text);
  fs.utimesSync(file, st.atime, st.mtime);
}

describe('analyzer fingerprint from the build stamp', () => {
  it('esbuild.js writes the hash the server computes for the built bundles, and a start takes it from the stamp', () => {
    const worker = path.join(DIST, 'indexWorker.js');
    assert.ok(fs.existsSync(path.join(DIST, STAMP_FILE)), 'npm run build writes dist/analyzer-fingerprint.json');
    assert.equal(stampedHash(worker), hashBundles(worker));
  });

  const changes: { name: string; change: (dir: string) => void }[] = [
    { name: 'the worker rebuilt with other code', change: (d) => fs.writeFileSync(path.join(d, 'indexWorker.js'), 'analyze(2);\n') },
    { name: 'a converter rebuilt', change: (d) => fs.writeFileSync(path.join(d, 'formats', 'pdf.js'), 'pdf(2);\n') },
    { name: 'the worker grown, its time kept', change: (d) => rewriteKeepingTime(path.join(d, 'indexWorker.js'), 'analyze(1); more();\n') },
    { name: 'a converter added', change: (d) => fs.writeFileSync(path.join(d, 'formats', 'html.js'), 'html(1);\n') },
    { name: 'a converter removed', change: (d) => fs.rmSync(path.join(d, 'formats', 'docx.js')) },
    { name: 'the stamp damaged', change: (d) => fs.writeFileSync(path.join(d, STAMP_FILE), '{"hash": "x", "fil') },
    { name: 'the stamp removed', change: (d) => fs.rmSync(path.join(d, STAMP_FILE)) },
    { name: 'the stamp of other files', change: (d) => fs.writeFileSync(path.join(d, STAMP_FILE), JSON.stringify({ hash: 'x', files: [['other.js', 1, 1]] })) },
  ];
  for (const { name, change } of changes) {
    it(`hashes the bundles again when ${name}`, () => {
      const dir = bundleDir();
      try {
        const worker = path.join(dir, 'indexWorker.js');
        const before = analyzerFingerprintOf(worker);
        assert.equal(stampedHash(worker), before, 'an untouched stamp is used');
        change(dir);
        assert.equal(stampedHash(worker), undefined, 'the stamp no longer describes the bundles');
        assert.equal(analyzerFingerprintOf(worker), hashBundles(worker));
        if (!/stamp/.test(name)) assert.notEqual(analyzerFingerprintOf(worker), before, 'changed code, another fingerprint');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('a stamp that matches the bundles is read, not recomputed (a start hashes nothing)', () => {
    const dir = bundleDir();
    try {
      const worker = path.join(dir, 'indexWorker.js');
      const stamp = JSON.parse(fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8'));
      fs.writeFileSync(path.join(dir, STAMP_FILE), JSON.stringify({ ...stamp, hash: 'from-the-stamp' }));
      assert.equal(analyzerFingerprintOf(worker), 'from-the-stamp');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cache written before the analyzer bundle changed is rebuilt, with a log line', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-stamp-service-'));
    const corpus = path.join(dir, 'corpus');
    fs.mkdirSync(corpus);
    for (const n of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort().slice(0, 4)) fs.copyFileSync(path.join(FIXTURES, n), path.join(corpus, n));
    // A real worker bundle, stamped as the build stamps it (workers: 0 indexes in-thread, so only the fingerprint reads it).
    // A process keeps the fingerprint of the code it runs, so the changed analyzer is a new build in another folder.
    const stamped = (name: string, extra: string) => {
      const bundles = path.join(dir, name);
      fs.mkdirSync(bundles);
      const script = path.join(bundles, 'indexWorker.js');
      fs.writeFileSync(script, fs.readFileSync(path.join(DIST, 'indexWorker.js'), 'utf8') + extra);
      fs.writeFileSync(path.join(bundles, STAMP_FILE), JSON.stringify(stampOf(script)));
      return script;
    };
    let workerScript = stamped('build-1', '');
    const start = async () => {
      const logs: string[] = [];
      const s = new CorpusService({ info: (m) => logs.push(m), warn: (m) => logs.push(m) }, () => {}, () => {}, { workers: 0, workerScript });
      await s.configure({ roots: [corpus], glossaryPaths: [], cacheDir: path.join(dir, 'cache') });
      await s.flush();
      const fromCache = s.status().fromCache;
      await s.dispose();
      return { fromCache, logs };
    };
    try {
      assert.equal((await start()).fromCache, false, 'first start: a cold build');
      assert.equal((await start()).fromCache, true, 'same bundles: the cache is read');
      workerScript = stamped('build-2', '\n// another analyzer\n');
      const after = await start();
      assert.equal(after.fromCache, false, 'a changed analyzer: rebuilt');
      assert.ok(after.logs.some((l) => /another analyzer version or glossary; rebuilding/.test(l)), after.logs.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
