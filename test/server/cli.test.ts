/** The command line (dist/cli.js): check on fixture briefs, exit codes, search and glossary output. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from '../helpers/lspClient';

const CLI = path.join(REPO, 'dist', 'cli.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('policy-lens CLI', function () {
  it('check prints file:line:col: severity code message and exits 1 on a warning', () => {
    const r = run('check', '--quiet', 'test/fixtures/briefs/check-brief.md');
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => /^([^:]+):(\d+):(\d+): (warning|information) ([a-z-]+) /.exec(l)?.slice(1).join(' ')),
      [
        'test/fixtures/briefs/check-brief.md 5 11 warning defined-late',
        'test/fixtures/briefs/check-brief.md 6 59 warning undefined-acronym',
        'test/fixtures/briefs/check-brief.md 10 28 information unresolved-reference',
        'test/fixtures/briefs/check-brief.md 11 23 information unverified-quote',
        'test/fixtures/briefs/check-brief.md 15 53 information defined-twice',
      ],
    );
    assert.match(lines[1], /XYZQ is not defined/);
  });

  it('check exits 0 on a brief with no warning, 2 on a usage error or an unreadable file', () => {
    const clean = run('check', '--quiet', 'test/fixtures/briefs/clean-brief.md');
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stdout, '');
    assert.equal(run('check').code, 2);
    assert.equal(run('frobnicate').code, 2);
    assert.equal(run('check', 'no-such-file.md').code, 2);
    assert.equal(run('search', 'x', '--limit', 'many').code, 2);
  });

  it('without the bundled corpus, what only the seeds define is unknown', () => {
    const r = run('check', '--quiet', '--no-bundled', 'test/fixtures/briefs/clean-brief.md');
    // VUFO is defined in the brief itself and 34-NQ/TW cited in full: still clean
    assert.equal(r.code, 0, r.stdout);
  });

  it('search is accent-insensitive unless --exact, and --limit caps the results', () => {
    const r = run('search', 'doi ngoai nhan dan', '--limit', '2', '--quiet');
    assert.equal(r.code, 0);
    const hits = r.stdout.split('\n').filter((l) => /^seeds\/.+:\d+:\d+: /.test(l));
    assert.equal(hits.length, 2);
    const exact = run('search', 'doi ngoai nhan dan', '--exact', '--quiet');
    assert.equal(exact.stdout.trim(), '');
  });

  it('document prints the card of a cited document, from its symbol alone without a corpus', () => {
    const r = run('document', '94/2015/QH13', '--no-bundled', '--quiet');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^issuer: +Quốc hội khóa XIII$/m);
    const seeded = run('document', 'Chỉ thị 12', '--quiet');
    assert.match(seeded.stdout, /^issuer: +Ban Bí thư$/m);
    assert.match(seeded.stdout, /^signed: +2022-01-05$/m);
    assert.match(seeded.stdout, /seeds\/002_a85f37c5d9189d9a\.txt:97:\d+/);
    const json = JSON.parse(run('document', '34-NQ/TW', '--json', '--quiet').stdout);
    assert.equal(json.key, '34-NQ/TW');
    assert.equal(json.status, 'unknown');
    assert.equal(run('document', 'không phải văn bản', '--quiet').code, 1);
    assert.equal(run('document').code, 2);
  });

  it('glossary as CSV and as a Markdown table, in Vietnamese order', () => {
    const csv = run('glossary', '--format', 'csv', '--quiet').stdout.trim().split('\n');
    assert.equal(csv[0], 'acronym,vi,en,source');
    assert.ok(csv.some((l) => l.startsWith('VUFO,Liên hiệp các tổ chức hữu nghị Việt Nam,')));
    const acronyms = csv.slice(1).map((l) => l.split(',')[0]);
    const lastD = Math.max(...acronyms.map((a, i) => (a.startsWith('D') ? i : -1)));
    const firstĐ = acronyms.findIndex((a) => a.startsWith('Đ'));
    assert.ok(lastD >= 0 && firstĐ > lastD, `D… up to ${lastD}, Đ… from ${firstĐ}`);
    const md = run('glossary', '--quiet').stdout.split('\n');
    assert.equal(md[0], '| Từ viết tắt | Tiếng Việt | English | Nguồn |');
  });
});
