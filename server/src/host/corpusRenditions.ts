/**
 * The text renditions of a corpus's Word, PDF and HTML sources (formats/rendition.ts), as
 * the corpus service sees them: where they live (beside the cache file of the same corpus
 * folders, or in the temporary folder when there is no cache), which URI a source's
 * document has, which file holds its text, and removal when the source goes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CorpusDocument } from '../core/corpusIndex';
import { formatOf } from './formats';
import { renditionPathFor } from './formats/rendition';
import { cacheFileFor } from './indexCache';
import { fileUri } from './indexFile';

export class Renditions {
  constructor(readonly dir: string) {}

  /** Renditions of a configuration with no cache folder. */
  static inTemp(roots: readonly string[] = []): Renditions {
    return new Renditions(Renditions.dirFor(undefined, roots));
  }

  /**
   * `<cacheDir>/corpus-<key>.renditions/`, one folder per set of corpus folders like the
   * cache file; in the temporary folder when there is no cache folder or it is not writable
   * (the index is then kept in memory, and the renditions must still be written somewhere).
   */
  static dirFor(cacheDir: string | undefined, roots: readonly string[]): string {
    const temp = cacheFileFor(path.join(os.tmpdir(), `policy-lens-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`), roots).replace(/\.plic$/, '.renditions');
    if (!cacheDir) return temp;
    const dir = cacheFileFor(cacheDir, roots).replace(/\.plic$/, '.renditions');
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
      return dir;
    } catch {
      return temp;
    }
  }

  /** The URI of a corpus file's document: its rendition's for a converted source, else its own. */
  uriOf(file: string): string {
    return formatOf(file) ? fileUri(renditionPathFor(this.dir, file)) : fileUri(file);
  }

  /** The file holding a document's text (the rendition of a converted source). */
  textPathOf(doc: CorpusDocument): string {
    return doc.summary.origin ? fileURLToPath(doc.uri) : doc.path;
  }

  /** True when `file` is a converted source whose rendition is not on disk (deleted with the cache folder, say). */
  missing(file: string): boolean {
    return !!formatOf(file) && !fs.existsSync(renditionPathFor(this.dir, file));
  }

  remove(file: string): void {
    if (!formatOf(file)) return;
    fs.rm(renditionPathFor(this.dir, file), { force: true }, () => undefined);
  }

  /** Deletes renditions no live document uses (their sources went while the server was not running). */
  sweep(docs: Iterable<CorpusDocument>): void {
    const live = new Set<string>();
    for (const d of docs) if (d.summary.origin) live.add(path.basename(fileURLToPath(d.uri)));
    fs.readdir(this.dir, (err, names) => {
      if (err) return;
      for (const n of names) if (!live.has(n)) fs.rm(path.join(this.dir, n), { force: true }, () => undefined);
    });
  }
}
