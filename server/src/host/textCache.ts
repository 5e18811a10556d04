/**
 * Recently read corpus texts, for snippets and source passages (whole corpus texts are not
 * kept in memory: this holds a few hundred at most). Bounded by characters, not entries:
 * one search reads up to 20 texts twice (snippet, then its range), hovers and definitions
 * re-read the same few files.
 */
export class TextCache {
  private readonly map = new Map<number, string>();
  private chars = 0;

  /**
   * `maxChars`: 6M characters is about 12 MB of two-byte (Vietnamese) strings, enough for
   * the texts of the last ~80 searches of 20 hits (a writer refining a query sees the same
   * documents again); at 2M nearly every search re-read its 20 files from disk.
   */
  constructor(private readonly maxChars = 6_000_000) {}

  get(id: number): string | undefined {
    const text = this.map.get(id);
    if (text === undefined) return undefined;
    // Most recently used goes last.
    this.map.delete(id);
    this.map.set(id, text);
    return text;
  }

  set(id: number, text: string): void {
    this.delete(id);
    if (text.length > this.maxChars) return;
    this.map.set(id, text);
    this.chars += text.length;
    while (this.chars > this.maxChars) {
      const oldest = this.map.keys().next().value as number;
      this.delete(oldest);
    }
  }

  delete(id: number): void {
    const text = this.map.get(id);
    if (text === undefined) return;
    this.map.delete(id);
    this.chars -= text.length;
  }

  clear(): void {
    this.map.clear();
    this.chars = 0;
  }

  get size(): number {
    return this.map.size;
  }
}
