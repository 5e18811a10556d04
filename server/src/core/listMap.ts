/**
 * Maps of lists, the shape of the core's lookup tables (a key → every entry filed under it),
 * kept per file: entries are added as a file is indexed and pulled out when it goes.
 */

/** Files `value` under `key`. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Drops the entries under `key` that `gone` picks; the key goes with its last entry. */
export function pullFrom<K, V>(map: Map<K, V[]>, key: K, gone: (value: V) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter((v) => !gone(v));
  if (kept.length) map.set(key, kept);
  else map.delete(key);
}
