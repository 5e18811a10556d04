/**
 * File discovery off the main thread (host/discovery.ts): the worker's list, sent as columns,
 * is exactly the walk's on the main thread (the specification), and the columns round-trip
 * any path a file system allows (NUL is the one character no path holds).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { discoverOffThread, ListedFiles, STAT_CHUNK } from '../../server/src/host/discovery';
import { CorpusFileInfo, discoverCorpusFiles } from '../../server/src/host/files';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-discovery-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('file discovery off the main thread', function () {
  this.timeout(30000);

  const cases: { name: string; files: Record<string, string>; roots?: (root: string) => string[] }[] = [
    { name: 'an empty folder', files: {} },
    { name: 'a flat folder', files: { 'b.txt': 'b', 'a.md': 'aa', 'c.pdf': '%PDF', 'skip.bin': 'x' } },
    { name: 'nested folders, skipped ones, odd names', files: { 'x/y/z.txt': 'z', 'node_modules/m.txt': 'm', '.git/g.txt': 'g', 'Đà Nẵng/nghị quyết 34.txt': 'nq', 'new\nline.txt': 'n' } },
    { name: 'links to a file and a folder inside, and one leading out', files: { 'a/x.txt': 'x', 'b/y.md': 'yy' }, roots: (r) => (fs.symlinkSync(path.join(r, 'a/x.txt'), path.join(r, 'l.txt')), fs.symlinkSync(path.join(r, 'b'), path.join(r, 'lb')), fs.symlinkSync(os.tmpdir(), path.join(r, 'out')), [r]) },
    { name: 'two roots, one missing', files: { 'a/1.txt': '1', 'b/2.txt': '22' }, roots: (r) => [path.join(r, 'b'), path.join(r, 'missing'), path.join(r, 'a')] },
  ];
  for (const c of cases) {
    it(`lists ${c.name} as the main thread's walk does`, async () => {
      const root = tree(c.files);
      try {
        const roots = c.roots ? c.roots(root) : [root];
        const mainWarnings: string[] = [];
        const workerWarnings: string[] = [];
        const expected = await discoverCorpusFiles(roots, (m) => mainWarnings.push(m));
        const got = await discoverOffThread(roots, (m) => workerWarnings.push(m), { workers: 1 });
        assert.deepEqual(got, expected);
        assert.deepEqual(workerWarnings, mainWarnings, 'the same warnings, none about the worker itself');
        assert.deepEqual(await discoverOffThread(roots, () => {}, { workers: 0 }), expected, 'without workers, the main thread walks');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it('a shared list gives back the files known and those stat\'ed, in path order, whoever stats them', () => {
    const file = fc.record({ path: fc.string({ minLength: 1, unit: 'binary' }).filter((p) => !p.includes('\0')), size: fc.nat(), mtimeMs: fc.double({ min: 0, max: 4e12, noNaN: true }) });
    fc.assert(
      fc.property(fc.uniqueArray(file, { maxLength: 40, selector: (f) => f.path }), (files: CorpusFileInfo[]) => {
        const plain = files.map((f) => ({ ...f }));
        const list = ListedFiles.make(plain, []);
        // As the main thread sees it: the list rebuilt from what the worker posts.
        const received = new ListedFiles(list.shared);
        while (received.statChunk(() => assert.fail('nothing to stat')));
        assert.deepEqual(received.files(), [...plain].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
      }),
    );
  });

  it('two views of one list claiming chunks in turn give every file, and a file gone is left out with a warning', () => {
    const root = tree(Object.fromEntries(Array.from({ length: 2 * STAT_CHUNK + 7 }, (_, i) => [`f${i}.txt`, 'x'.repeat(i)])));
    try {
      const names = fs.readdirSync(root).map((n) => path.join(root, n));
      fs.rmSync(names[3]);
      const mine = ListedFiles.make([], names);
      const theirs = new ListedFiles(mine.shared);
      const warnings: number[] = [];
      // Alternating claims, as two threads racing would take them.
      while (mine.statChunk((i) => warnings.push(i)) && theirs.statChunk((i) => warnings.push(i)));
      while (mine.statChunk((i) => warnings.push(i)) || theirs.statChunk((i) => warnings.push(i)));
      const files = theirs.files();
      assert.equal(files.length, names.length - 1);
      assert.deepEqual(warnings.map((i) => mine.paths[i]), [names[3]]);
      for (const f of files) assert.equal(f.size, fs.statSync(f.path).size);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  const broken: { name: string; shared: ConstructorParameters<typeof ListedFiles>[0] }[] = [
    { name: 'more paths than sizes', shared: { paths: 'a\0b', count: 2, values: new SharedArrayBuffer(16), states: new SharedArrayBuffer(8), control: new SharedArrayBuffer(4) } },
    { name: 'a count the paths do not have', shared: { paths: 'a', count: 2, values: new SharedArrayBuffer(32), states: new SharedArrayBuffer(8), control: new SharedArrayBuffer(4) } },
  ];
  for (const b of broken) {
    it(`rejects a list with ${b.name}`, () => {
      assert.throws(() => new ListedFiles(b.shared), /differ in length/);
    });
  }
});
