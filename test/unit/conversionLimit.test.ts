/**
 * Conversions within a time limit (host/formats/timeLimit.ts): a source that outlasts its
 * limit is stopped and refused with a reason that says so, and the files after it still
 * convert, on a fresh converter thread. Real files from real producers (pdfkit, the docx
 * package), real converters; the limit is made tiny so a normal file outlasts it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extract } from '../../server/src/host/formats';
import { conversionLimitMs, extractWithinLimit, stopConverterThread } from '../../server/src/host/formats/timeLimit';
import { unreadableReason } from '../../server/src/host/formats/types';

const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'formats', 'corpus');
const bytesOf = (name: string) => new Uint8Array(fs.readFileSync(path.join(CORPUS, name)));

describe('conversion time limit', function () {
  this.timeout(120_000);
  after(() => stopConverterThread());

  it('converts on the converter thread exactly as in this thread', async () => {
    for (const [name, format] of [['bao-cao-so-lieu.pdf', 'pdf'], ['ke-hoach-du-lieu.docx', 'docx']] as const) {
      assert.deepEqual(await extractWithinLimit(format, bytesOf(name)), await extract(format, bytesOf(name)), name);
    }
  });

  it('a file that outlasts its limit is refused as unreadable, saying why; the next file converts', async () => {
    const slow = extractWithinLimit('pdf', bytesOf('bao-cao-so-lieu.pdf'), 1);
    const next = extractWithinLimit('docx', bytesOf('ke-hoach-du-lieu.docx'));
    const e = await slow.then(() => undefined, (err: unknown) => err);
    assert.match(unreadableReason(e) ?? String(e), /conversion was stopped after 1 ms/);
    const blocks = (await next).blocks.map((b) => b.text).join('\n');
    assert.match(blocks, /Trung tâm Dữ liệu quốc gia \(TTDLQG\)/);
  });

  it('a converter refusal crosses the thread with its reason', async () => {
    const e = await extractWithinLimit('pdf', new TextEncoder().encode('%PDF-1.4 not really a pdf')).then(() => undefined, (err: unknown) => err);
    assert.ok(unreadableReason(e) ?? (e instanceof Error && e.message), String(e));
  });

  it('the limit grows with the file: a minute, and half a minute per MB', () => {
    assert.equal(conversionLimitMs(0), 60_000);
    assert.equal(conversionLimitMs(2 * 1024 * 1024), 120_000);
  });
});
