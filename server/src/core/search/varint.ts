/** LEB128 varints over Uint8Array, with a module-level read cursor (no allocation). */

export function writeVarint(buf: Uint8Array, p: number, v: number): number {
  while (v > 127) {
    buf[p++] = (v & 127) | 128;
    v >>>= 7;
  }
  buf[p++] = v;
  return p;
}

/** Read position of `readVarint`; set it before reading. */
export const cursor = { p: 0 };

export function readVarint(buf: Uint8Array): number {
  let p = cursor.p;
  let b = buf[p++];
  if (b < 128) {
    cursor.p = p;
    return b;
  }
  let v = b & 127;
  let shift = 7;
  do {
    b = buf[p++];
    v += (b & 127) * 2 ** shift;
    shift += 7;
  } while (b >= 128);
  cursor.p = p;
  return v;
}

export function growBytes(a: Uint8Array, min: number, used: number): Uint8Array {
  let size = Math.max(16, a.length * 2);
  while (size < min) size *= 2;
  const b = new Uint8Array(size);
  b.set(a.subarray(0, used));
  return b;
}

export function growI32<T extends Int32Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  let size = Math.max(16, a.length * 2);
  while (size < min) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b as unknown as T;
}
