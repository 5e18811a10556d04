/**
 * `policyLens/document` over stdio (../shared/docs/architecture.md): `{ textDocument,
 * position }` or `{ key }` → null or the card. On the seeds plus a small corpus that says
 * which decree replaced which; and with no corpus at all.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentCardResult, DocumentRequest } from '../../shared/protocol';
import { withCursor } from '../helpers/markers';
import { startServer, TestServer } from '../helpers/lspClient';

function replacementCorpus(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-docs-'));
  fs.writeFileSync(path.join(dir, 'vanthu.txt'), 'Văn thư\nNghị định 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ về công tác văn thư có hiệu lực từ ngày 5/3/2020 và thay thế Nghị định 110/2004/NĐ-CP.\n');
  return dir;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function must(card: DocumentCardResult | null): DocumentCardResult {
  assert.ok(card, 'a card, not null');
  return card;
}
const CONTRACT_KEYS = ['key', 'type', 'number', 'symbol', 'issuer', 'signed', 'effective', 'subject', 'status', 'relations', 'sources'];

function checkShape(card: DocumentCardResult): void {
  assert.equal(typeof card.key, 'string');
  assert.equal(typeof card.type, 'string');
  assert.ok(['in-force', 'replaced', 'repealed', 'amended', 'unknown'].includes(card.status));
  for (const d of [card.signed, card.effective]) if (d !== undefined) assert.match(d, ISO);
  for (const r of card.relations) {
    assert.ok(['replaces', 'replacedBy', 'repeals', 'repealedBy', 'amends', 'amendedBy', 'guides', 'guidedBy'].includes(r.kind));
    assert.equal(typeof r.key, 'string');
    if (r.date !== undefined) assert.match(r.date, ISO);
    assert.equal(typeof r.source.uri, 'string');
    assert.equal(typeof r.source.range.start.line, 'number');
  }
  for (const s of card.sources) assert.equal(typeof s.range.end.character, 'number');
  if (card.status !== 'unknown') assert.ok(card.statusSource, 'a status other than unknown has a source');
}

describe('policyLens/document', function () {
  let server: TestServer;
  before(async () => {
    server = await startServer({ initializationOptions: { corpusPaths: [replacementCorpus()] } });
    await server.ready();
  });
  after(async () => server.stop());

  it('{ textDocument, position } on "Chỉ thị 12": issuer, date and subject from seed 002', async () => {
    const { text, position } = withCursor('Theo Chỉ |thị 12, đối ngoại nhân dân được đẩy mạnh.');
    server.open('untitled:doc-1.md', text);
    const card = must(await server.connection.sendRequest(DocumentRequest, { textDocument: { uri: 'untitled:doc-1.md' }, position }));
    checkShape(card);
    assert.equal(card.key, 'CT 12');
    assert.equal(card.issuer, 'Ban Bí thư');
    assert.equal(card.signed, '2022-01-05');
    assert.equal(card.subject, 'nâng cao hiệu đối ngoại nhân dân');
    assert.ok(card.sources.some((s) => s.uri.endsWith('seeds/002_a85f37c5d9189d9a.txt')));
  });

  it('{ key } of a replaced decree: status, relation with its date and source', async () => {
    const card = must(await server.connection.sendRequest(DocumentRequest, { key: '110/2004/NĐ-CP' }));
    checkShape(card);
    assert.equal(card.status, 'replaced');
    assert.deepEqual(card.relations.map((r) => [r.kind, r.key, r.date]), [['replacedBy', '30/2020/NĐ-CP', '2020-03-05']]);
    assert.match(card.relations[0].source.uri, /vanthu\.txt$/);
    for (const k of Object.keys(card)) assert.ok(CONTRACT_KEYS.includes(k) || ['typeName', 'citation', 'term', 'confidence', 'conflicts', 'statusSource', 'citedBy'].includes(k), `unexpected field ${k}`);
  });

  it('{ key } of the successor: in force from its effective date, replaces the old one', async () => {
    const card = must(await server.connection.sendRequest(DocumentRequest, { key: '30/2020/NĐ-CP' }));
    checkShape(card);
    assert.equal(card.issuer, 'Chính phủ');
    assert.equal(card.effective, '2020-03-05');
    assert.equal(card.status, 'in-force');
    assert.deepEqual(card.relations.map((r) => r.kind), ['replaces']);
  });

  it('null where there is no reference, or for a key that names nothing', async () => {
    server.open('untitled:doc-2.md', 'Không có văn bản nào.');
    assert.equal(await server.connection.sendRequest(DocumentRequest, { textDocument: { uri: 'untitled:doc-2.md' }, position: { line: 0, character: 3 } }), null);
    assert.equal(await server.connection.sendRequest(DocumentRequest, { key: 'không phải văn bản' }), null);
    assert.equal(await server.connection.sendRequest(DocumentRequest, { textDocument: { uri: 'untitled:never-opened.md' }, position: { line: 0, character: 0 } }), null);
  });
});

describe('policyLens/document with no corpus', function () {
  let server: TestServer;
  before(async () => {
    server = await startServer({ initializationOptions: { includeBundledCorpus: false } });
    await server.ready();
  });
  after(async () => server.stop());

  it('"Luật số 94/2015/QH13" says Quốc hội khóa XIII', async () => {
    const { text, position } = withCursor('Theo Luật số |94/2015/QH13.');
    server.open('untitled:law.md', text);
    const card = must(await server.connection.sendRequest(DocumentRequest, { textDocument: { uri: 'untitled:law.md' }, position }));
    checkShape(card);
    assert.equal(card.issuer, 'Quốc hội khóa XIII');
    assert.equal(card.symbol, '94/2015/QH13');
    const byKey = must(await server.connection.sendRequest(DocumentRequest, { key: '94/2015/QH13' }));
    assert.equal(byKey.issuer, 'Quốc hội khóa XIII');
  });
});
