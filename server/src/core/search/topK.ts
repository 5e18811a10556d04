/** The k best entries of a stream of (id, score) pairs, as a heap (the scorer's top k, the pruning's pilot). */

/** Keeps the k best (score, id) pairs; ties go to the smaller id. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly idsArr: Int32Array;
  private n = 0;
  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.idsArr = new Int32Array(k);
  }

  /** The score a new entry must reach to enter (-Infinity while not full). */
  threshold(): number {
    return this.n < this.k ? -Infinity : this.scores[0];
  }

  push(id: number, score: number): void {
    if (this.n < this.k) {
      this.scores[this.n] = score;
      this.idsArr[this.n] = id;
      this.up(this.n++);
    } else if (score > this.scores[0] || (score === this.scores[0] && id < this.idsArr[0])) {
      this.scores[0] = score;
      this.idsArr[0] = id;
      this.down(0);
    }
  }

  ids(): number[] {
    return Array.from(this.idsArr.subarray(0, this.n));
  }

  sorted(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.idsArr[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** a ranks above b. */
  private better(a: number, b: number): boolean {
    const sa = this.scores[a];
    const sb = this.scores[b];
    return sa > sb || (sa === sb && this.idsArr[a] < this.idsArr[b]);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(p, i)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.better(m, l)) m = l;
      if (r < n && this.better(m, r)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = s;
    const id = this.idsArr[a];
    this.idsArr[a] = this.idsArr[b];
    this.idsArr[b] = id;
  }
}
