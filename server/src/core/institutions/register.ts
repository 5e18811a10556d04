/**
 * The dated register of institutions (server/data/institutions/institutions.json): bodies,
 * their names, when they existed and what took over. Plain data in, lookup tables out; a bad
 * entry is reported and skipped, never fatal. Dates are ISO `YYYY-MM-DD` strings, which
 * compare correctly as strings.
 */

export type MovedPart = 'whole' | 'part';

export interface Succession {
  /** The body that took over. */
  id: string;
  /** The first day of the successor. */
  date: string;
  moved: MovedPart;
  /** What happened, in a few words ("merged into the Ministry of Finance"). */
  what?: string;
}

export interface InstitutionNames {
  full: string;
  short: string[];
  acronyms: string[];
  en?: string;
}

export interface Institution {
  id: string;
  kind: string;
  names: InstitutionNames;
  parent?: string;
  validFrom?: string;
  /** The first day the body no longer exists under this name; absent while current. */
  validTo?: string;
  successors: Succession[];
  sources: string[];
  note?: string;
}

export interface SourceRef {
  title: string;
  url: string;
}

export interface RegisterReadResult {
  register: InstitutionRegister;
  problems: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads register data (the parsed JSON); bad bodies are skipped with a problem each. */
export function readRegister(data: unknown, origin = 'institutions.json'): RegisterReadResult {
  const problems: string[] = [];
  const root = data as { version?: unknown; sources?: unknown; bodies?: unknown } | null;
  if (!root || typeof root !== 'object' || !Array.isArray(root.bodies)) {
    return { register: new InstitutionRegister([], {}), problems: [`${origin}: expected {"version": 1, "bodies": [...]}`] };
  }
  if (root.version !== 1) problems.push(`${origin}: version ${JSON.stringify(root.version)} is not 1; reading it as version 1`);
  const sources: Record<string, SourceRef> = {};
  for (const [id, s] of Object.entries((root.sources ?? {}) as Record<string, unknown>)) {
    const r = s as Partial<SourceRef> | null;
    if (r && typeof r.title === 'string' && typeof r.url === 'string') sources[id] = { title: r.title, url: r.url };
    else problems.push(`${origin}: source "${id}" needs "title" and "url" strings`);
  }
  const bodies: Institution[] = [];
  root.bodies.forEach((raw, i) => {
    const b = readBody(raw);
    if (typeof b === 'string') problems.push(`${origin}: body ${i + 1}: ${b}`);
    else bodies.push(b);
  });
  const ids = new Set(bodies.map((b) => b.id));
  for (const b of bodies) {
    for (const s of b.successors) if (!ids.has(s.id)) problems.push(`${origin}: ${b.id}: successor "${s.id}" is not in the register`);
    for (const s of b.sources) if (!sources[s]) problems.push(`${origin}: ${b.id}: source "${s}" is not listed`);
  }
  return { register: new InstitutionRegister(bodies, sources), problems };
}

function readBody(raw: unknown): Institution | string {
  const e = raw as Record<string, unknown> | null;
  if (!e || typeof e !== 'object') return 'not an object';
  if (typeof e.id !== 'string' || !e.id) return 'needs an "id"';
  const names = e.names as Record<string, unknown> | undefined;
  if (!names || typeof names.full !== 'string' || !names.full.trim()) return `${e.id}: needs names.full`;
  for (const key of ['validFrom', 'validTo'] as const) {
    if (e[key] !== undefined && (typeof e[key] !== 'string' || !ISO_DATE.test(e[key] as string))) return `${e.id}: ${key} must be YYYY-MM-DD`;
  }
  const successors: Succession[] = [];
  for (const s of Array.isArray(e.successors) ? e.successors : []) {
    const r = s as Record<string, unknown>;
    if (typeof r?.id !== 'string' || typeof r.date !== 'string' || !ISO_DATE.test(r.date) || (r.moved !== 'whole' && r.moved !== 'part')) {
      return `${e.id}: a successor needs "id", "date" (YYYY-MM-DD) and "moved" ("whole" or "part")`;
    }
    successors.push({ id: r.id, date: r.date, moved: r.moved, what: typeof r.what === 'string' ? r.what : undefined });
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.normalize('NFC')) : []);
  return {
    id: e.id,
    kind: typeof e.kind === 'string' ? e.kind : 'body',
    names: {
      full: names.full.normalize('NFC'),
      short: strings(names.short),
      acronyms: strings(names.acronyms),
      en: typeof names.en === 'string' ? names.en : undefined,
    },
    parent: typeof e.parent === 'string' ? e.parent : undefined,
    validFrom: e.validFrom as string | undefined,
    validTo: e.validTo as string | undefined,
    successors,
    sources: strings(e.sources),
    note: typeof e.note === 'string' ? e.note : undefined,
  };
}

export class InstitutionRegister {
  private readonly ids = new Map<string, Institution>();
  private readonly predecessors = new Map<string, Array<{ body: Institution; succession: Succession }>>();

  constructor(
    readonly bodies: readonly Institution[],
    readonly sources: Readonly<Record<string, SourceRef>>,
  ) {
    for (const b of bodies) this.ids.set(b.id, b);
    for (const b of bodies) {
      for (const s of b.successors) {
        const list = this.predecessors.get(s.id);
        const item = { body: b, succession: s };
        if (list) list.push(item);
        else this.predecessors.set(s.id, [item]);
      }
    }
  }

  get(id: string): Institution | undefined {
    return this.ids.get(id);
  }

  /** Bodies that became (part of) this one, oldest change first. */
  predecessorsOf(id: string): ReadonlyArray<{ body: Institution; succession: Succession }> {
    return (this.predecessors.get(id) ?? []).slice().sort((a, b) => a.succession.date.localeCompare(b.succession.date));
  }

  /** Whether the body no longer exists under its name on `date` (ISO). */
  retiredOn(body: Institution, date: string): boolean {
    return body.validTo !== undefined && date >= body.validTo;
  }

  /**
   * The bodies that stand in for `id` on `date`: its successors, followed through later
   * changes (A → B → C gives C when B too has ended by then).
   */
  successorsAt(id: string, date: string): Array<{ body: Institution; moved: MovedPart }> {
    const out: Array<{ body: Institution; moved: MovedPart }> = [];
    const seen = new Set<string>([id]);
    const walk = (from: Institution, moved: MovedPart) => {
      for (const s of from.successors) {
        const next = this.ids.get(s.id);
        if (!next || seen.has(next.id)) continue;
        seen.add(next.id);
        const m: MovedPart = moved === 'part' || s.moved === 'part' ? 'part' : 'whole';
        if (this.retiredOn(next, date) && next.successors.length > 0) walk(next, m);
        else out.push({ body: next, moved: m });
      }
    };
    const start = this.ids.get(id);
    if (start) walk(start, 'whole');
    return out;
  }
}
