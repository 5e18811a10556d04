/**
 * A cache section read with its CRC-32 (host/indexCache.ts `readWithCrc`): through a file
 * reader it goes in steps through one reused buffer; the bytes and the checksum must be
 * exactly those of one plain read, for every length around the step and every offset, and a
 * byte changed anywhere in a long section changes the checksum.
 */
import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { bufferReader, fileReader } from '../../server/src/host/analysisFile';
import { readWithCrc } from '../../server/src/host/indexCache';

const STEP = 1 << 18;

describe('cache sections read with their checksum', () => {
  const bytes = crypto.randomBytes(3 * STEP + 1000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-cache-read-'));
  const file = path.join(dir, 'sections.bin');
  fs.writeFileSync(file, bytes);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const ranges: [number, number][] = [
    [0, 0],
    [5, 1],
    [3, STEP - 1],
    [0, STEP],
    [7, STEP + 1],
    [STEP - 3, 2 * STEP + 6],
    [1, 3 * STEP + 999],
  ];
  for (const [offset, length] of ranges) {
    it(`${length} bytes at ${offset}: the bytes and CRC-32 of a plain read, from a file and from memory`, () => {
      const expected = bytes.subarray(offset, offset + length);
      const reader = fileReader(file);
      try {
        for (const r of [reader, bufferReader(bytes)]) {
          const got = readWithCrc(r, offset, length);
          assert.deepEqual(Buffer.from(got.bytes), Buffer.from(expected));
          assert.equal(got.crc, zlib.crc32(expected) >>> 0);
        }
      } finally {
        reader.close();
      }
    });
  }

  it('a byte changed in the last step of a long section changes its checksum', () => {
    const damaged = Buffer.from(bytes);
    damaged[3 * STEP + 10] ^= 1;
    const other = path.join(dir, 'damaged.bin');
    fs.writeFileSync(other, damaged);
    const a = fileReader(file);
    const b = fileReader(other);
    try {
      assert.notEqual(readWithCrc(b, 0, bytes.length).crc, readWithCrc(a, 0, bytes.length).crc);
    } finally {
      a.close();
      b.close();
    }
  });
});
