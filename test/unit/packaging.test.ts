import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What the .vsix holds, as vsce itself lists it (`vsce ls --no-dependencies`, the command
 * `npm run package` packs with): every bundle the build writes, since the server loads the
 * format readers (dist/formats/*.js), the team database (dist/teamDatabase.js) and its
 * workers from dist at run time and the package has no node_modules; and no source maps.
 * Needs the build (`npm test` builds first).
 */

const root = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
}

describe('packaging: the .vsix holds every bundle', function () {
  this.timeout(60000);
  let packed: Set<string>;
  before(function () {
    assert.ok(fs.existsSync(path.join(root, 'dist/server.js')), 'dist/ is missing: run `npm run build` first');
    const vsce = path.join(root, 'node_modules/.bin/vsce');
    packed = new Set(execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean));
  });

  it('every built bundle and data file of dist/ is packed', () => {
    const built = filesUnder('dist').filter((f) => !f.endsWith('.map'));
    assert.ok(built.includes('dist/formats/docx.js') && built.includes('dist/teamDatabase.js'), `unexpected build output: ${built.join(', ')}`);
    assert.deepEqual(built.filter((f) => !packed.has(f)), []);
  });

  it('no source map and no source file is packed', () => {
    assert.deepEqual([...packed].filter((f) => f.endsWith('.map') || /\.ts$/.test(f) || f.startsWith('server/') || f.startsWith('node_modules/')), []);
  });
});
