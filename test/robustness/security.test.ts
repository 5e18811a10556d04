/**
 * Security: the server opens no network connection (a preload guard records every
 * attempt), corpus text shown in hovers and completion stays inert (no command link, no
 * HTML, no emphasis from a corpus or glossary file becomes active), symbolic links never
 * lead out of the configured folders, and an untrusted workspace reads nothing outside it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  MarkupContent,
  ReferencesRequest,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { GlossaryRequest, SearchRequest } from '../../shared/protocol';
import { cleanupTempDirs, positionOf, RobustServer, startRobustServer, tempDir } from './helpers/server';

const EVIL = '[x](command:workbench.action.quit) <img src=x onerror=alert(1)> *bold*';

/** A corpus file that puts hostile markdown and HTML in a title, a long form's neighbourhood, a citation and a quotable passage. */
const EVIL_FILE = [
  `${EVIL} tiêu đề`,
  `Ủy ban Đặc biệt (UBĐB) họp; xem ${EVIL} ngay sau định nghĩa.`,
  `Nghị quyết số 99-NQ/TW ngày 1/1/2020 của Bộ Chính trị về ${EVIL} và hợp tác quốc tế.`,
  `Đoạn trích dẫn: chúng ta cần ${EVIL} trong mọi hoàn cảnh.`,
  '',
].join('\n');

const EVIL_GLOSSARY = JSON.stringify({
  version: 1,
  entries: [{ acronym: 'ZZQ', vi: `Ban ${EVIL}`, en: `*bold* <b>x</b> [y](command:workbench.action.reloadWindow)`, note: '<script>alert(1)</script> [z](javascript:alert(1))' }],
});

const BRIEF = [
  '# Bản thảo kiểm thử an toàn',
  '',
  'UBĐB họp. ZZQ làm việc. Nghị quyết 99 được ban hành. Ủy ban Đặc biệt tiếp tục.',
  `Trích: “chúng ta cần ${EVIL} trong mọi hoàn cảnh”.`,
  'UB',
  '',
].join('\n');

/** Markdown that only the server's own file links and formatting make active. */
function assertInert(md: string, where: string): void {
  // Text checks, independent of any renderer: every "](" opening a link must be one of ours (file:).
  for (const m of md.matchAll(/(?<!\\)\]\(([^)]*)/g)) assert.ok(m[1].startsWith('file:'), `${where}: active link to ${m[1]} in\n${md}`);
  assert.ok(!/(?<!\\)<[a-zA-Z!/]/.test(md), `${where}: raw HTML in\n${md}`);
  assert.ok(!/(?<!\\)\*bold(?<!\\)\*/.test(md), `${where}: *bold* is active in\n${md}`);
  // And rendered by a CommonMark renderer with HTML on (the worst case for a client).
  let MarkdownIt: (new (o: object) => { render(s: string): string; validateLink(url: string): boolean }) | undefined;
  try {
    // markdown-it comes with @vscode/vsce; without it the text checks above stand.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    MarkdownIt = require('markdown-it');
  } catch {
    MarkdownIt = undefined;
  }
  if (MarkdownIt) {
    const renderer = new MarkdownIt({ html: true });
    // markdown-it refuses file: links by default; accept every link so that any active one shows.
    renderer.validateLink = () => true;
    const html = renderer.render(md);
    for (const m of html.matchAll(/href="([^"]*)"/g)) assert.ok(m[1].startsWith('file:'), `${where}: rendered link ${m[1]}`);
    assert.ok(!/<img|<script|<b>|<em>bold<\/em>/.test(html), `${where}: rendered HTML is active:\n${html}`);
  }
}

async function hoverMd(server: RobustServer, uri: string, text: string, needle: string, delta = 1): Promise<string | undefined> {
  const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle, delta) });
  return h ? (h.contents as MarkupContent).value : undefined;
}

function evilWorkspace(): { root: string; corpus: string; glossary: string } {
  const root = tempDir('plr-sec-');
  const corpus = path.join(root, 'corpus');
  fs.mkdirSync(corpus);
  fs.writeFileSync(path.join(corpus, 'evil.txt'), EVIL_FILE);
  // Word, PDF and HTML sources too: their converters (pdf.js, mammoth, word-extractor, htmlparser2) run in the index workers under the same guard.
  const formats = path.join(__dirname, '..', 'fixtures', 'formats', 'corpus');
  for (const f of ['bao-cao-so-lieu.pdf', 'ke-hoach-du-lieu.docx', 'cong-van-du-an.doc', 'trang-tin-xac-thuc.html']) fs.copyFileSync(path.join(formats, f), path.join(corpus, f));
  const glossary = path.join(root, 'glossary.json');
  fs.writeFileSync(glossary, EVIL_GLOSSARY);
  return { root, corpus, glossary };
}

/** Every kind of request a session makes, on the brief. Returns the markdown strings shown to the writer. */
async function driveSession(server: RobustServer, uri: string): Promise<Array<[string, string]>> {
  const shown: Array<[string, string]> = [];
  const td = { uri };
  for (const [needle, delta] of [['UBĐB', 1], ['ZZQ', 1], ['Nghị quyết 99', 12], ['Ủy ban Đặc biệt', 3], ['chúng ta cần', 3]] as const) {
    const md = await hoverMd(server, uri, BRIEF, needle, delta);
    if (md) shown.push([`hover ${needle}`, md]);
  }
  const completion = await server.connection.sendRequest(CompletionRequest.type, { textDocument: td, position: positionOf(BRIEF, 'UB\n', 2) });
  for (const item of Array.isArray(completion) ? completion : (completion?.items ?? [])) {
    const doc = item.documentation;
    if (doc && typeof doc !== 'string') shown.push([`completion ${item.label}`, doc.value]);
  }
  await server.connection.sendRequest(DefinitionRequest.type, { textDocument: td, position: positionOf(BRIEF, 'UBĐB') });
  await server.connection.sendRequest(ReferencesRequest.type, { textDocument: td, position: positionOf(BRIEF, 'Nghị quyết 99', 12), context: { includeDeclaration: true } });
  await server.connection.sendRequest(InlayHintRequest.type, { textDocument: td, range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } } });
  await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: td });
  await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '99' });
  await server.connection.sendRequest(CodeActionRequest.type, { textDocument: td, range: { start: positionOf(BRIEF, 'ZZQ'), end: positionOf(BRIEF, 'ZZQ') }, context: { diagnostics: [] } });
  const search = await server.connection.sendRequest(SearchRequest, { query: 'Ủy ban Đặc biệt' });
  assert.ok(search.results.length > 0);
  await server.connection.sendRequest(GlossaryRequest, { scope: 'corpus' });
  await server.waitForDiagnostics(uri, undefined, 10_000);
  return shown;
}

describe('security', function () {
  afterEach(() => cleanupTempDirs());

  it('opens no network connection, resolves no name and starts no process but its own index workers during a whole session', async () => {
    const { root, corpus, glossary } = evilWorkspace();
    const log = path.join(tempDir(), 'net.log');
    const server = await startRobustServer({
      rootPath: root,
      nodeArgs: ['--require', path.join(__dirname, 'fixtures', 'netGuard.cjs')],
      // NODE_OPTIONS carries the guard into the worker threads and the index worker processes as well.
      env: { ...process.env, POLICY_LENS_NET_LOG: log, NODE_OPTIONS: `--require ${path.join(__dirname, 'fixtures', 'netGuard.cjs')}` },
      initializationOptions: { corpusPaths: [corpus], glossaryPaths: [glossary], includeBundledCorpus: true, cacheDir: path.join(root, 'cache') },
    });
    const uri = pathToFileURL(path.join(root, 'brief.md')).href;
    try {
      await server.ready();
      server.open(uri, BRIEF);
      await driveSession(server, uri);
      assert.deepEqual(server.errors(), []);
    } finally {
      await server.stop();
    }
    const entries = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; thread: string; pid: number }) : [];
    const loaded = entries.filter((e) => e.kind === 'loaded');
    assert.ok(loaded.some((e) => e.thread === 'main'), 'the guard was not loaded: the test proves nothing');
    const workers = entries.filter((e) => e.kind === 'own index worker');
    const processes = new Set(loaded.filter((e) => e.thread === 'main').map((e) => e.pid));
    // Each index worker process the server started loaded the guard too (its own main thread).
    assert.equal(processes.size, 1 + workers.length, `the guard ran in the server and in each of its ${workers.length} index workers`);
    console.log(`      guard active in: ${[...new Set(loaded.map((e) => e.thread))].join(', ')} of ${processes.size} processes (${loaded.length} loads; ${workers.length} index worker processes)`);
    assert.deepEqual(
      entries.filter((e) => e.kind !== 'loaded' && e.kind !== 'own index worker'),
      [],
      'network or process attempts',
    );
  });

  it('hovers and completion documentation keep corpus and glossary text inert (no command link, HTML or emphasis)', async () => {
    const { root, corpus, glossary } = evilWorkspace();
    const server = await startRobustServer({ rootPath: root, initializationOptions: { corpusPaths: [corpus], glossaryPaths: [glossary], includeBundledCorpus: false } });
    const uri = pathToFileURL(path.join(root, 'brief.md')).href;
    try {
      await server.ready();
      server.open(uri, BRIEF);
      const shown = await driveSession(server, uri);
      const where = shown.map(([w]) => w);
      // The hostile text must really be shown somewhere, or the test proves nothing.
      assert.ok(where.includes('hover UBĐB'), `no hover on UBĐB: ${where}`);
      assert.ok(where.includes('hover ZZQ'), `no hover on ZZQ: ${where}`);
      assert.ok(shown.some(([, md]) => md.includes('command\\:workbench')), `the hostile text is not shown at all: ${JSON.stringify(shown)}`);
      for (const [w, md] of shown) assertInert(md, w);
      console.log(`      checked ${shown.length} markdown strings: ${where.join(', ')}`);
    } finally {
      await server.stop();
    }
  });

  it('follows no symbolic link out of a corpus folder, to a file or a folder', async () => {
    const root = tempDir('plr-sec-');
    const outside = tempDir('plr-sec-out-');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'Mật\nBan Bí mật Ngoài (BBMN) họp kín.\n');
    fs.mkdirSync(path.join(outside, 'sub'));
    fs.writeFileSync(path.join(outside, 'sub', 'secret2.txt'), 'Mật\nHội đồng Kín Ngoài (HĐKN) họp kín.\n');
    const corpus = path.join(root, 'corpus');
    fs.mkdirSync(corpus);
    fs.writeFileSync(path.join(corpus, 'ok.txt'), 'Tài liệu\nỦy ban Công khai (UBCK) họp.\n');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(corpus, 'secret.txt'));
    fs.symlinkSync(path.join(outside, 'sub'), path.join(corpus, 'sub'));
    fs.symlinkSync('../../' + path.basename(outside), path.join(corpus, 'relative-out'));
    const server = await startRobustServer({ rootPath: root, watchedFilesClient: true, initializationOptions: { corpusPaths: [corpus], includeBundledCorpus: false } });
    try {
      const status = await server.ready();
      assert.equal(status.documents, 1, server.logs.join('\n'));
      await server.waitForLog(/Not following .*secret\.txt: it leads outside the corpus folder/, 5000);
      await server.waitForLog(/Not following .*sub: it leads outside the corpus folder/, 5000);
      const uri = 'untitled:sec-brief.md';
      const text = 'BBMN và HĐKN và UBCK.\n';
      server.open(uri, text);
      assert.equal(await hoverMd(server, uri, text, 'BBMN'), undefined);
      assert.equal(await hoverMd(server, uri, text, 'HĐKN'), undefined);
      assert.ok(await hoverMd(server, uri, text, 'UBCK'));
    } finally {
      await server.stop();
    }
  });

  it('in an untrusted workspace: relative paths out of it, glossaries outside and links out are not read', async () => {
    const outside = tempDir('plr-sec-out-');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'Mật\nBan Bí mật Ngoài (BBMN) họp kín.\n');
    fs.writeFileSync(path.join(outside, 'glossary.json'), JSON.stringify({ version: 1, entries: [{ acronym: 'QQX', vi: 'Ban Ngoài Không Tin' }] }));
    const root = tempDir('plr-sec-ws-');
    fs.mkdirSync(path.join(root, 'corpus'));
    fs.writeFileSync(path.join(root, 'corpus', 'inside.txt'), 'Trong\nỦy ban Bên trong (UBBT) họp.\n');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'corpus', 'link.txt'));
    const server = await startRobustServer({
      rootPath: root,
      watchedFilesClient: true,
      initializationOptions: {
        trusted: false,
        includeBundledCorpus: false,
        corpusPaths: ['corpus', path.relative(root, outside), path.join(root, 'corpus', '..', '..', path.basename(outside))],
        glossaryPaths: [path.join(outside, 'glossary.json')],
      },
    });
    try {
      const status = await server.ready();
      assert.equal(status.documents, 1, server.logs.join('\n'));
      await server.waitForLog(/Untrusted workspace: not reading .*glossary\.json/, 5000);
      const uri = 'untitled:untrusted.md';
      const text = 'BBMN, QQX và UBBT.\n';
      server.open(uri, text);
      assert.equal(await hoverMd(server, uri, text, 'BBMN'), undefined);
      assert.equal(await hoverMd(server, uri, text, 'QQX'), undefined);
      assert.ok(await hoverMd(server, uri, text, 'UBBT'));
    } finally {
      await server.stop();
    }
  });
});
