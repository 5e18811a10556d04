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
import { discoverOffThread, packFiles, unpackFiles } from '../../server/src/host/discovery';
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

  it('packs and unpacks any list of files unchanged', () => {
    const file = fc.record({ path: fc.string({ minLength: 1, unit: 'binary' }).filter((p) => !p.includes('\0')), size: fc.nat(), mtimeMs: fc.double({ min: 0, max: 4e12, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 40 }), (files: CorpusFileInfo[]) => {
        assert.deepEqual(unpackFiles(packFiles(files, [])), files.map((f) => ({ ...f })));
      }),
    );
  });

  const broken: { name: string; packed: Parameters<typeof unpackFiles>[0] }[] = [
    { name: 'more paths than sizes', packed: { paths: 'a\0b', sizes: new Float64Array(1), mtimes: new Float64Array(1), warnings: [] } },
    { name: 'times missing', packed: { paths: 'a', sizes: new Float64Array(1), mtimes: new Float64Array(0), warnings: [] } },
  ];
  for (const b of broken) {
    it(`rejects a list with ${b.name}`, () => {
      assert.throws(() => unpackFiles(b.packed), /columns differ/);
    });
  }
});
