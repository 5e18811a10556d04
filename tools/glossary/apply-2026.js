#!/usr/bin/env node
/**
 * Merges tools/glossary/additions-2026.json into server/data/glossary.json: marks retired
 * bodies (validTo, successor, source), fixes entries, adds new ones, keeps the file sorted
 * with Intl.Collator('vi') and one entry per line. Run once; running it again changes nothing.
 */
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..', '..');
const file = path.join(root, 'server', 'data', 'glossary.json');
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
const changes = JSON.parse(fs.readFileSync(path.join(__dirname, 'additions-2026.json'), 'utf8'));
const find = (acronym, vi) => {
  const e = data.entries.find((x) => x.acronym === acronym && x.vi === vi);
  if (!e) throw new Error(`no entry ${acronym} = ${vi}`);
  return e;
};
for (const r of changes.replace) {
  const e = data.entries.find((x) => x.acronym === r.acronym && (x.vi === r.vi || x.vi === r.set.vi));
  if (!e) throw new Error(`no entry ${r.acronym} = ${r.vi}`);
  Object.assign(e, r.set);
}
for (const a of changes.add) {
  if (data.entries.some((x) => x.acronym === a.acronym && x.vi === a.vi)) continue;
  data.entries.push(a);
}
for (const r of [...changes.retire, ...changes.successorOnly]) {
  const e = find(r.acronym, r.vi);
  if (r.validTo) e.validTo = r.validTo;
  e.successor = r.successor;
  if (r.note) e.note = r.note;
  e.source = r.source;
}
const order = ['acronym', 'vi', 'en', 'category', 'note', 'validTo', 'successor', 'source'];
const collator = new Intl.Collator('vi');
data.entries.sort((a, b) => collator.compare(a.acronym, b.acronym));
const line = (e) => JSON.stringify(Object.fromEntries(order.filter((k) => e[k] !== undefined).map((k) => [k, e[k].normalize('NFC')])));
fs.writeFileSync(file, `{\n  "version": 1,\n  "entries": [\n${data.entries.map((e) => '    ' + line(e)).join(',\n')}\n  ]\n}\n`);
console.log(`${data.entries.length} entries`);
