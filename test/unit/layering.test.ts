/** Invariant 1 of ARCHITECTURE.md: the core is pure (no editor or LSP imports, no I/O). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const CORE = path.join(__dirname, '..', '..', 'server', 'src', 'core');
const FEATURES = path.join(__dirname, '..', '..', 'server', 'src', 'features');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('layering', () => {
  it('core imports neither vscode, LSP packages nor node I/O modules', () => {
    const forbidden = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads))$/;
    const offenders = sources(CORE).flatMap((f) => importsOf(f).filter((m) => forbidden.test(m)).map((m) => `${path.relative(CORE, f)} imports ${m}`));
    assert.deepEqual(offenders, []);
  });

  it('features do not import LSP packages or host code', () => {
    const forbidden = /^(vscode|vscode-languageserver.*|\.\.\/host\/.*|\.\.\/lsp\/.*)$/;
    const offenders = sources(FEATURES).flatMap((f) => importsOf(f).filter((m) => forbidden.test(m)).map((m) => `${path.relative(FEATURES, f)} imports ${m}`));
    assert.deepEqual(offenders, []);
  });
});
