/**
 * The server's own folder watcher (host/watch.ts): once `ready`, a change anywhere in the tree
 * is reported (folders that existed at start, folders created since, folders reached through a
 * link inside the root); skipped folders and links leading out are not watched; closing while
 * the tree is still being listed leaves nothing watched.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { watchFolders } from '../../server/src/host/watch';

/** Waits for a condition (polled), failing after 10 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const limit = Date.now() + 10_000;
  while (!condition()) {
    assert.ok(Date.now() < limit, `${what}: not reached in 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function tree(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-watch-')));
  for (const d of ['a/b/c', 'node_modules/m', 'flat']) fs.mkdirSync(path.join(root, d), { recursive: true });
  for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(root, 'flat', `${i}.txt`), 'x');
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-watch-out-')));
  fs.symlinkSync(path.join(root, 'a', 'b'), path.join(root, 'link-in'));
  fs.symlinkSync(outside, path.join(root, 'link-out'));
  return root;
}

/** Runs `check` on a fresh tree watched until it returns (a warning fails the test). */
async function watching(check: (root: string, seen: string[]) => Promise<void>): Promise<void> {
  const root = tree();
  const seen: string[] = [];
  const w = watchFolders([root], (p) => seen.push(p), (m) => assert.fail(m));
  try {
    await w.ready;
    await check(root, seen);
  } finally {
    await w.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('folder watcher', function () {
  this.timeout(30000);

  const changes: { name: string; change: (root: string) => string; reported: boolean }[] = [
    { name: 'a file written in the root', change: (r) => (fs.writeFileSync(path.join(r, 'new.txt'), 'n'), path.join(r, 'new.txt')), reported: true },
    { name: 'a file written three folders down', change: (r) => (fs.writeFileSync(path.join(r, 'a/b/c/deep.txt'), 'd'), path.join(r, 'a/b/c/deep.txt')), reported: true },
    { name: 'a file of the large folder changed', change: (r) => (fs.appendFileSync(path.join(r, 'flat/7.txt'), 'y'), path.join(r, 'flat/7.txt')), reported: true },
    { name: 'a file in node_modules (skipped)', change: (r) => (fs.writeFileSync(path.join(r, 'node_modules/m/x.txt'), 'x'), path.join(r, 'node_modules/m/x.txt')), reported: false },
  ];
  for (const c of changes) {
    it(`${c.reported ? 'reports' : 'does not report'} ${c.name}`, () =>
      watching(async (root, seen) => {
        const file = c.change(root);
        if (c.reported) await until(() => seen.includes(file), `${file} reported`);
        else {
          // A change reported after it shows the watcher has seen the earlier one if it ever would.
          fs.writeFileSync(path.join(root, 'marker.txt'), 'm');
          await until(() => seen.includes(path.join(root, 'marker.txt')), 'marker reported');
          assert.ok(!seen.includes(file), `${file} was not to be reported`);
        }
      }));
  }

  it('watches a folder created after start, and a file written in it', () =>
    watching(async (root, seen) => {
      fs.mkdirSync(path.join(root, 'later'));
      await until(() => seen.includes(path.join(root, 'later')), 'the new folder reported');
      // Files written into it until one is reported (the first may come before the folder's watch is set).
      let n = 0;
      await until(() => {
        fs.writeFileSync(path.join(root, 'later', `f${n++}.txt`), 'f');
        return seen.some((p) => p.startsWith(path.join(root, 'later') + path.sep));
      }, 'a file in the new folder reported');
    }));

  it('closing before the tree is listed leaves nothing watched, and ready still resolves', async () => {
    const root = tree();
    const seen: string[] = [];
    const w = watchFolders([root], (p) => seen.push(p), () => {});
    await w.close();
    await w.ready;
    // A second watcher, open, as the marker: once it reports the last write, the closed one would have reported the writes too.
    const marker: string[] = [];
    const open = watchFolders([root], (p) => marker.push(p), () => {});
    try {
      await open.ready;
      fs.writeFileSync(path.join(root, 'a/b/c/after-close.txt'), 'x');
      fs.writeFileSync(path.join(root, 'after-close.txt'), 'x');
      await until(() => marker.includes(path.join(root, 'after-close.txt')) && marker.includes(path.join(root, 'a/b/c/after-close.txt')), 'the open watcher reported both');
      assert.deepEqual(seen, []);
    } finally {
      await open.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
