/**
 * The binary columns of the cache's documents table (host/columns.ts): what is written is
 * read back (numbers, ASCII and Vietnamese strings, JSON), also from a buffer where the
 * table does not start on an 8-byte boundary; a table that does not fit is refused with a
 * reason, never misread.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ColumnReader, ColumnWriter } from '../../server/src/host/columns';

interface Table {
  ids: number[];
  sizes: number[];
  flags: number[];
  paths: string[];
  rare: unknown;
}

function write(t: Table): Uint8Array {
  return new ColumnWriter().u32([t.ids.length]).u32(t.ids).f64(t.sizes).u8(t.flags).strings(t.paths).json(t.rare).finish();
}

function read(bytes: Uint8Array): Table {
  const c = new ColumnReader(bytes);
  const n = c.u32(1)[0];
  const t = { ids: [...c.u32(n)], sizes: [...c.f64(n)], flags: [...c.u8(n)], paths: c.strings(n), rare: c.json() };
  c.end();
  return t;
}

/** The same bytes at `shift` bytes into a larger buffer (a read from a shared pool). */
function shifted(bytes: Uint8Array, shift: number): Uint8Array {
  const b = new Uint8Array(bytes.length + shift);
  b.set(bytes, shift);
  return b.subarray(shift);
}

const TABLES: { name: string; table: Table }[] = [
  { name: 'empty', table: { ids: [], sizes: [], flags: [], paths: [], rare: {} } },
  { name: 'ASCII paths', table: { ids: [1, 2, 7], sizes: [10, 1.5e9, 0], flags: [0, 1, 3], paths: ['/c/a.txt', '/c/b.txt', '/c/sub/c.md'], rare: { uri: { 2: 'file:///x' } } } },
  { name: 'Vietnamese paths', table: { ids: [3, 4], sizes: [1, 2], flags: [2, 0], paths: ['/c/Nghị quyết.txt', '/c/a.txt'], rare: [] } },
  { name: 'an empty string among others', table: { ids: [1, 2, 3], sizes: [1746000000000.5, 2, 3], flags: [0, 0, 0], paths: ['', '/c/a', ''], rare: null } },
];

describe('binary columns (documents table)', () => {
  for (const { name, table } of TABLES) {
    it(`${name}: read back as written, aligned or not`, () => {
      const bytes = write(table);
      assert.equal(bytes.length % 8, 0);
      for (const shift of [0, 1, 4, 8]) assert.deepEqual(read(shifted(bytes, shift)), table, `shift ${shift}`);
    });
  }

  it('random tables are read back as written', () => {
    const row = fc.record({ id: fc.nat(), size: fc.double({ noNaN: true }), flag: fc.nat(255), path: fc.string({ unit: 'grapheme' }) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.nat(7), (rows, shift) => {
        const t: Table = { ids: rows.map((r) => r.id), sizes: rows.map((r) => r.size), flags: rows.map((r) => r.flag), paths: rows.map((r) => r.path), rare: { n: rows.length } };
        assert.deepEqual(read(shifted(write(t), shift)), t);
      }),
      { numRuns: 200 },
    );
  });

  const good = write(TABLES[1].table);
  const BAD: { name: string; bytes: () => Uint8Array; reason: RegExp }[] = [
    { name: 'cut short', bytes: () => good.subarray(0, good.length - 16), reason: /runs past the end/ },
    { name: 'cut inside the numbers', bytes: () => good.subarray(0, 20), reason: /runs past the end/ },
    { name: 'bytes after the last column', bytes: () => Uint8Array.from([...good, 0, 0, 0, 0, 0, 0, 0, 0]), reason: /after its last column/ },
    { name: 'a row count larger than the table', bytes: () => ((b) => (b[0] = 200, b))(good.slice()), reason: /runs past the end/ },
    {
      name: 'a string end past its run',
      bytes: () => ((b) => (new DataView(b.buffer).setUint32(b.length - 80, 0xffff, true), b))(good.slice()),
      reason: /./,
    },
  ];
  for (const { name, bytes, reason } of BAD) {
    it(`${name}: refused with a reason`, () => {
      assert.throws(() => read(bytes()), reason);
    });
  }

  it('a number that does not fit a 32-bit column is refused when written', () => {
    for (const bad of [-1, 2 ** 32, 1.5, NaN]) assert.throws(() => new ColumnWriter().u32([bad]), /does not fit/, String(bad));
  });
});
