/**
 * A binary table written column by column (the cache's documents table, analysisFile.ts):
 * numbers as typed arrays aligned to 8 bytes, so that a reader takes each column as a view
 * of the bytes it read (no parse, no object per row), and strings as one UTF-8 run with the
 * end of each string, decoded in one call and sliced when the run is ASCII.
 *
 * A reader checks every length against the bytes it has and throws on a table that does not
 * fit (the caller reports the cache as unreadable and rebuilds).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ColumnWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  u8(values: ArrayLike<number>): this {
    return this.typed(Uint8Array.from(values));
  }

  u32(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(v >= 0 && v <= 0xffffffff && Number.isInteger(v))) throw new Error(`${v} does not fit a 32-bit column`);
    }
    return this.typed(Uint32Array.from(values));
  }

  f64(values: ArrayLike<number>): this {
    return this.typed(Float64Array.from(values));
  }

  /** Strings: their count, the end of each in the UTF-8 run, the run. */
  strings(values: readonly string[]): this {
    const bytes = values.map((s) => encoder.encode(s));
    const ends = new Uint32Array(values.length);
    let at = 0;
    bytes.forEach((b, i) => (ends[i] = at += b.length));
    const run = new Uint8Array(at);
    at = 0;
    for (const b of bytes) {
      run.set(b, at);
      at += b.length;
    }
    return this.u32([values.length]).typed(ends).blob(run);
  }

  /** A value as JSON (the table's rare fields). */
  json(value: unknown): this {
    return this.blob(encoder.encode(JSON.stringify(value)));
  }

  /** The table in one array. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private blob(bytes: Uint8Array): this {
    this.u32([bytes.length]);
    return this.typed(bytes);
  }

  private typed(a: Uint8Array | Uint32Array | Float64Array): this {
    this.parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    this.length += a.byteLength;
    const pad = (8 - (this.length % 8)) % 8;
    if (pad) {
      this.parts.push(new Uint8Array(pad));
      this.length += pad;
    }
    return this;
  }
}

export class ColumnReader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  u8(n: number): Uint8Array {
    return this.take(n, 1, (b, o, k) => new Uint8Array(b, o, k));
  }

  u32(n: number): Uint32Array {
    return this.take(n, 4, (b, o, k) => new Uint32Array(b, o, k));
  }

  f64(n: number): Float64Array {
    return this.take(n, 8, (b, o, k) => new Float64Array(b, o, k));
  }

  /** Strings written by `ColumnWriter.strings`; `expected` is the count the table says. */
  strings(expected: number): string[] {
    const n = this.u32(1)[0];
    if (n !== expected) throw new Error(`a string column holds ${n} strings, expected ${expected}`);
    const ends = this.u32(n);
    const run = this.blob();
    const out: string[] = new Array(n);
    let start = 0;
    for (let i = 0; i < n; i++) {
      if (ends[i] < start || ends[i] > run.length) throw new Error('a string column runs past its bytes');
      start = ends[i];
    }
    if (n > 0 && ends[n - 1] !== run.length) throw new Error('a string column does not end with its bytes');
    const all = decoder.decode(run);
    // All ASCII (every character one byte): byte offsets are string offsets, so each string is a slice of one.
    const ascii = all.length === run.length;
    start = 0;
    for (let i = 0; i < n; i++) {
      out[i] = ascii ? all.slice(start, ends[i]) : decoder.decode(run.subarray(start, ends[i]));
      start = ends[i];
    }
    return out;
  }

  json<T>(): T {
    return JSON.parse(decoder.decode(this.blob())) as T;
  }

  /** Throws unless every byte was read (a table longer than its columns is not one this code wrote). */
  end(): void {
    if (this.at !== this.bytes.length) throw new Error(`the table has ${this.bytes.length - this.at} bytes after its last column`);
  }

  private blob(): Uint8Array {
    return this.u8(this.u32(1)[0]);
  }

  private take<T>(n: number, width: number, view: (buffer: ArrayBufferLike, offset: number, n: number) => T): T {
    const bytes = n * width;
    if (!(n >= 0 && this.at + bytes <= this.bytes.length)) throw new Error('a column runs past the end of the table');
    let buffer = this.bytes.buffer;
    let offset = this.bytes.byteOffset + this.at;
    if (offset % width !== 0) {
      // Not aligned in the caller's buffer (a small read from a shared pool): copy this column.
      // (Not `slice`: on a Buffer it is a view, not a copy.)
      const copy = new Uint8Array(bytes);
      copy.set(this.bytes.subarray(this.at, this.at + bytes));
      buffer = copy.buffer;
      offset = 0;
    }
    this.at += bytes + ((8 - (bytes % 8)) % 8);
    this.at = Math.min(this.at, this.bytes.length);
    return view(buffer, offset, n);
  }
}
