/**
 * The converted formats: which file names they cover, and the converters, each loaded the
 * first time its format is met (index workers load them; the server's main thread never
 * does unless workers cannot start). The bundles are dist/formats/<name>.js, beside
 * dist/indexWorker.js (esbuild.js), so dist/server.js carries none of mammoth, pdf.js,
 * htmlparser2 or word-extractor; from source the .ts modules beside this file are loaded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Converter, Extracted } from './types';

export type FormatName = 'docx' | 'doc' | 'pdf' | 'html';

export const CONVERTED_EXTENSIONS: Readonly<Record<string, FormatName>> = {
  '.docx': 'docx',
  '.doc': 'doc',
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
};

/** Sources larger than this are skipped before reading (a PDF with photos is large; 64 MB of it is a book). */
export const MAX_CONVERTED_BYTES = 64 * 1024 * 1024;

export function formatOf(file: string): FormatName | undefined {
  return CONVERTED_EXTENSIONS[path.extname(file).toLowerCase()];
}

const loaded = new Map<FormatName, Converter>();

export function converterFor(format: FormatName): Converter {
  let c = loaded.get(format);
  if (!c) {
    c = (loadModule(format) as { convert: Converter }).convert;
    loaded.set(format, c);
  }
  return c;
}

export async function extract(format: FormatName, bytes: Uint8Array): Promise<Extracted> {
  return converterFor(format)(bytes);
}

/**
 * dist/formats/<name>.js when bundled (seen from dist/ by the server and index workers, or
 * from dist/formats/ by the converter thread); ./<name>.ts from source (tsx).
 */
function loadModule(name: string): unknown {
  const candidates = [path.join(__dirname, 'formats', `${name}.js`), path.join(__dirname, `${name}.js`)];
  const file = candidates.find((f) => fs.existsSync(f)) ?? path.join(__dirname, `${name}.ts`);
  // A run-time require, on purpose: the bundler must not pull the converters into this bundle.
  const load = module.require.bind(module) as (id: string) => unknown;
  return load(file);
}
