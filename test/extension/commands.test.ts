/**
 * The client's commands inside a real extension host (code-server), against the real
 * language server and the bundled corpus. Run with
 *   node tools/e2e/run-in-code-server.js --extension . --workspace test/e2e/workspace --tests test/extension
 * Every wait is a bounded wait for a condition, never a fixed sleep.
 */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../../client/src/extension';
import type { InsertedCitation } from '../../client/src/citation';
import type { SearchHit, SearchResult } from '../../shared/protocol';

const EXTENSION_ID = 'policy-lens.policy-lens';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (test/e2e/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

let untitledCount = 0;

/**
 * A new untitled Markdown editor holding `content`. Each has a name of its own: under load,
 * `openTextDocument({ content })` once handed back the untitled document the previous test
 * was still closing (same "Untitled-1"), so a citation landed in the old text.
 */
async function untitled(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(`untitled:policy-lens-test-${process.pid}-${++untitledCount}.md`));
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((b) => b.insert(new vscode.Position(0, 0), content));
  assert.strictEqual(doc.getText(), content, 'a fresh untitled document');
  if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  return vscode.window.activeTextEditor ?? editor;
}

describe('Policy Lens extension', function () {
  let api: PolicyLensApi;

  before(async function () {
    const ext = vscode.extensions.getExtension<PolicyLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    await waitFor('the index to be ready', async () => ((await api.status()).state === 'ready' ? true : undefined), 60000);
  });

  afterEach(closeAll);

  it('registers its commands and the glossary view', async function () {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of [
      'policyLens.searchCorpus',
      'policyLens.searchSelection',
      'policyLens.insertCitation',
      'policyLens.exportGlossary',
      'policyLens.refreshGlossary',
      'policyLens.openGlossaryItem',
      'policyLens.showOutput',
      'policyLens.glossary.focus',
    ]) {
      assert.ok(all.has(id), `command ${id} is not registered`);
    }
  });

  it('shows the index counts in the status bar once ready', async function () {
    const s = await api.status();
    assert.ok(s.documents >= 5, `expected the five bundled pages, got ${s.documents}`);
    const text = await waitFor('status bar counts', () => (/docs/.test(api.statusBarText()) ? api.statusBarText() : undefined));
    assert.match(text, new RegExp(`${s.documents} docs`));
  });

  describe('Search Corpus', function () {
    it('searches accent-insensitively by default, and exactly on request (no UI when given a query)', async function () {
      const folded = (await vscode.commands.executeCommand('policyLens.searchCorpus', 'doi ngoai nhan dan')) as SearchResult;
      assert.ok(folded.results.length > 0, 'no hit for "doi ngoai nhan dan"');
      const top = folded.results[0];
      assert.ok(top.uri.includes('/seeds/'), `hit outside the bundled corpus: ${top.uri}`);
      assert.ok(top.title.length > 0 && top.snippet.length > 0);
      assert.match(top.snippet.normalize('NFC').toLowerCase(), /đối ngoại/);

      const marked = (await vscode.commands.executeCommand('policyLens.searchCorpus', 'đối ngoại nhân dân')) as SearchResult;
      assert.ok(marked.results.length > 0);
      const exact = (await vscode.commands.executeCommand('policyLens.searchCorpus', 'doi ngoai nhan dan', { exact: true })) as SearchResult;
      assert.ok(exact.total < folded.total, `exact search should find fewer passages (${exact.total} vs ${folded.total})`);
    });

    it('opens the source file at the passage', async function () {
      const r = (await vscode.commands.executeCommand('policyLens.searchCorpus', 'Nghị quyết số 34-NQ/TW', { open: 0 })) as SearchResult;
      const hit = r.results[0];
      assert.ok(hit, 'no hit for 34-NQ/TW');
      const editor = await waitFor('the hit to open', () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.uri.toString() === vscode.Uri.parse(hit.uri).toString() ? e : undefined;
      });
      assert.deepStrictEqual(
        [editor.selection.start.line, editor.selection.start.character, editor.selection.end.line, editor.selection.end.character],
        [hit.range.start.line, hit.range.start.character, hit.range.end.line, hit.range.end.character],
      );
      assert.match(editor.document.getText(editor.selection), /34/);
    });

    it('Search Selection searches the selected text', async function () {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('brief.md'));
      const editor = await vscode.window.showTextDocument(doc);
      const at = doc.getText().indexOf('Nghị quyết 34');
      editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + 'Nghị quyết 34'.length));
      const r = (await vscode.commands.executeCommand('policyLens.searchSelection', {})) as SearchResult;
      assert.ok(r.results.length > 0, 'no hit for the selection "Nghị quyết 34"');
      assert.ok(r.results.some((h) => /34/.test(h.snippet)), 'no snippet mentions 34');
    });
  });

  describe('Insert Citation', function () {
    let hit: SearchHit;
    before(async function () {
      hit = (await api.search('Nghị quyết số 34-NQ/TW', { limit: 1 })).results[0];
      assert.ok(hit, 'no passage to cite');
    });

    it('inserts a footnote numbered after the existing ones, with one undo step', async function () {
      const original = 'Theo Nghị quyết 34, đối ngoại nhân dân[^1] là trụ cột.\n\n[^1]: Nguồn cũ.\n';
      const editor = await untitled(original);
      const cursor = editor.document.positionAt(original.indexOf(','));
      editor.selection = new vscode.Selection(cursor, cursor);
      const inserted = (await vscode.commands.executeCommand('policyLens.insertCitation', hit, { style: 'footnote' })) as InsertedCitation;
      assert.strictEqual(inserted.reference, '[^2]');
      const text = editor.document.getText();
      assert.ok(text.startsWith('Theo Nghị quyết 34[^2], đối ngoại'), text);
      const definition = text.split('\n').find((l) => l.startsWith('[^2]: '));
      assert.ok(definition, `no footnote definition in:\n${text}`);
      assert.ok(definition.includes(hit.title.replace(/\s+/g, ' ').trim()), definition);
      if (hit.date) assert.ok(definition.includes(hit.date), definition);
      if (hit.source) assert.ok(definition.includes(hit.source), definition);
      assert.ok(/\[\^1\]: Nguồn cũ\.\n\[\^2\]: /.test(text), `definition not appended to the footnote block:\n${text}`);

      // Citing the same source again reuses its footnote.
      const again = (await vscode.commands.executeCommand('policyLens.insertCitation', hit, { style: 'footnote' })) as InsertedCitation;
      assert.strictEqual(again.reference, '[^2]');
      assert.strictEqual(again.definition, undefined);
      assert.strictEqual(editor.document.getText().match(/^\[\^2\]: /gm)?.length, 1);

      await vscode.commands.executeCommand('undo');
      await vscode.commands.executeCommand('undo');
      await waitFor('undo to restore the text', () => (editor.document.getText() === original ? true : undefined), 5000);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('inserts inline after the selection, never replacing it', async function () {
      const original = 'Thực hiện Nghị quyết 34 trong năm tới.';
      const editor = await untitled(original);
      const start = original.indexOf('Nghị');
      editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + 'Nghị quyết 34'.length));
      const inserted = (await vscode.commands.executeCommand('policyLens.insertCitation', hit, { style: 'inline' })) as InsertedCitation;
      const text = editor.document.getText();
      assert.ok(inserted.reference.startsWith(' ('), inserted.reference);
      assert.ok(text.startsWith('Thực hiện Nghị quyết 34 ('), text);
      assert.ok(text.endsWith(') trong năm tới.'), text);
      assert.ok(text.includes(hit.title.replace(/\s+/g, ' ').trim()), text);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('never cites into a corpus passage it opened', async function () {
      const r = (await vscode.commands.executeCommand('policyLens.searchCorpus', 'đối ngoại nhân dân', { open: 0 })) as SearchResult;
      const passage = await waitFor('the passage', () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.uri.toString() === vscode.Uri.parse(r.results[0].uri).toString() ? e : undefined;
      });
      const before = passage.document.getText();
      const inserted = await vscode.commands.executeCommand('policyLens.insertCitation', hit, { style: 'inline' });
      assert.strictEqual(inserted, undefined);
      assert.strictEqual(passage.document.getText(), before);
      assert.strictEqual(passage.document.isDirty, false);
    });

    it('cites the best hit of a query without UI, per the citationStyle setting', async function () {
      const editor = await untitled('Đoạn văn.');
      editor.selection = new vscode.Selection(editor.document.positionAt(9), editor.document.positionAt(9));
      const inserted = (await vscode.commands.executeCommand('policyLens.insertCitation', 'đối ngoại nhân dân')) as InsertedCitation;
      const style = vscode.workspace.getConfiguration('policyLens').get('citationStyle');
      assert.strictEqual(inserted.style, style ?? 'footnote');
      assert.ok(editor.document.getText().includes(inserted.reference.trim()));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  describe('Glossary', function () {
    it('lists the brief\'s acronyms and references with expansions and sources', async function () {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('brief.md'));
      await vscode.window.showTextDocument(doc);
      const r = await waitFor('the document glossary', async () => {
        const g = await api.glossary({ scope: 'document', uri: doc.uri.toString() });
        return g.items.length ? g : undefined;
      });
      const vufo = r.items.find((i) => i.label === 'VUFO');
      assert.ok(vufo, `no VUFO in ${JSON.stringify(r.items.map((i) => i.label))}`);
      assert.match(vufo.detail, /Liên hiệp các tổ chức hữu nghị Việt Nam/);
      const nq = r.items.find((i) => i.kind === 'reference' && /Nghị quyết 34/.test(i.label));
      assert.ok(nq, 'no Nghị quyết 34');
      assert.match(nq.detail, /34-NQ\/TW/);
      assert.ok(nq.uri && nq.range, 'the reference has no source passage');

      // Clicking the item opens its source passage.
      await vscode.commands.executeCommand('policyLens.openGlossaryItem', nq.uri, nq.range);
      const opened = await waitFor('the source passage', () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.uri.toString() === vscode.Uri.parse(nq.uri!).toString() ? e : undefined;
      });
      assert.match(opened.document.getText(opened.selection), /34-NQ\/TW/);
    });

    it('groups the corpus by Vietnamese first letter (Đ after D) and loads one letter', async function () {
      const all = await api.glossary({ scope: 'corpus', limit: 0 });
      const keys = (all.groups ?? []).map((g) => g.key);
      assert.ok(keys.includes('D') && keys.includes('Đ'), JSON.stringify(keys));
      assert.strictEqual(keys.indexOf('Đ'), keys.indexOf('D') + 1);
      const d = await api.glossary({ scope: 'corpus', prefix: 'Đ' });
      assert.ok(d.items.some((i) => i.label === 'ĐCSVN'), 'ĐCSVN not under Đ');
      assert.ok(d.items.every((i) => i.label.startsWith('Đ')), 'an item under Đ does not start with Đ');
    });

    it('Export Glossary writes CSV and Markdown files', async function () {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('brief.md'));
      await vscode.window.showTextDocument(doc);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-export-'));
      try {
        const csvTarget = path.join(dir, 'brief-glossary.csv');
        const csvUri = (await vscode.commands.executeCommand('policyLens.exportGlossary', {
          scope: 'document',
          format: 'csv',
          target: csvTarget,
          uri: doc.uri.toString(),
        })) as vscode.Uri;
        assert.strictEqual(csvUri.fsPath, csvTarget);
        const csv = fs.readFileSync(csvTarget, 'utf8');
        assert.ok(csv.startsWith('\uFEFFkind,term,meaning,source,line\r\n'), csv.slice(0, 80));
        assert.match(csv, /\r\nacronym,VUFO,Liên hiệp các tổ chức hữu nghị Việt Nam/);
        assert.match(csv, /\r\nreference,Nghị quyết 34,/);

        const mdTarget = path.join(dir, 'corpus-glossary.md');
        await vscode.commands.executeCommand('policyLens.exportGlossary', { scope: 'corpus', format: 'markdown', target: mdTarget });
        const md = fs.readFileSync(mdTarget, 'utf8');
        assert.match(md, /^# Glossary: corpus and glossaries/);
        assert.match(md, /\| ĐCSVN \| Đảng Cộng sản Việt Nam/);
        assert.match(md, /## Văn bản được dẫn/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
