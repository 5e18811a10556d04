/**
 * Comments cite the project's notes (docs/vietnamese-domain.md §3 ...): every cited file must
 * be in the project, and every cited section must be a heading of it, so a reader can follow
 * the citation. (The notes were once only outside the repository.)
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.join(__dirname, '..', '..');
const SOURCES = ['client/src', 'server/src', 'shared', 'syntaxes', 'test'];

function files(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : files(rel);
    return /\.(ts|js)$/.test(e.name) ? [rel] : [];
  });
}

describe('citations of docs/ in comments', () => {
  const cites = SOURCES.flatMap(files).flatMap((f) =>
    [...fs.readFileSync(path.join(REPO, f), 'utf8').matchAll(/(?<![\w/.-])docs\/([\w-]+)(\.md)?(?: §(\d+))?/g)].map((m) => ({ f, doc: m[1], md: !!m[2], section: m[3] })),
  );

  it('finds the citations (the acronym miner cites the domain notes)', () => {
    assert.ok(cites.some((c) => c.f.startsWith('server/src/core/acronyms/') && c.doc === 'vietnamese-domain'), JSON.stringify(cites));
  });

  it('every cited note is a file in docs/ and every cited section one of its headings', () => {
    const bad = cites.flatMap((c) => {
      const file = path.join(REPO, 'docs', `${c.doc}.md`);
      if (!fs.existsSync(file)) return [`${c.f}: docs/${c.doc}${c.md ? '.md' : ''} does not exist`];
      if (c.section && !new RegExp(`^## ${c.section}\\. `, 'm').test(fs.readFileSync(file, 'utf8'))) return [`${c.f}: docs/${c.doc}.md has no section ${c.section}`];
      return [];
    });
    assert.deepEqual(bad, []);
  });
});
