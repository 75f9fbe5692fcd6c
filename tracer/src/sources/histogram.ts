// A small log-bucket histogram for request durations: a record is one Math.log2 and an array
// increment (Node's createHistogram validates its argument on every record, which showed up in
// profiles of a loaded server). Buckets are 1/8 of a power of two wide: percentiles within ~9%.

const SUB = 8;
const MAX_BUCKET = 40 * SUB; // up to 2^40 µs

export class LogHistogram {
  private readonly counts = new Uint32Array(MAX_BUCKET + 1);
  private total = 0;
  max = 0;

  record(value: number): void {
    const v = value < 1 ? 1 : value;
    const bucket = Math.min(MAX_BUCKET, Math.floor(Math.log2(v) * SUB));
    this.counts[bucket]!++;
    this.total++;
    if (v > this.max) this.max = v;
  }

  /** The upper edge of the bucket holding the p-th percentile (0 when empty). */
  percentile(p: number): number {
    if (!this.total) return 0;
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let i = 0; i <= MAX_BUCKET; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, 2 ** ((i + 1) / SUB));
    }
    return this.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.max = 0;
  }
}
