/**
 * The input lines a sync is done with: acknowledged by Batch, invalid (never sent, and invalid again
 * on every run), or holding no row (a blank line, the inside of a multi-line cell). Stored as "every
 * line up to `through`" plus a bitmap of the done lines after it, so the checkpoint stays small: the
 * lines after `through` are only those of chunks still in flight, or of a lane stopped by a failure.
 */

export interface AckSetData {
  /** Every line up to and including this one is done (0: none). */
  through: number;
  /** Base64 bitmap: bit i (least significant first) set when line through + 1 + i is done. */
  beyond: string;
}

export class AckSet {
  private through: number;
  /** Bit i stands for line `base + i`; base <= through + 1. */
  private base: number;
  private bits: Uint8Array;

  constructor(data: AckSetData = { through: 0, beyond: "" }) {
    this.through = data.through;
    this.base = data.through + 1;
    this.bits = Uint8Array.from(Buffer.from(data.beyond, "base64"));
  }

  has(line: number): boolean {
    if (line <= this.through) return true;
    const i = line - this.base;
    return i < this.bits.length * 8 && (this.bits[i >> 3]! & (1 << (i & 7))) !== 0;
  }

  /** Marks lines `from`..`to` (inclusive) done. */
  addRange(from: number, to: number): void {
    for (let line = Math.max(from, this.through + 1); line <= to; line++) this.set(line);
    this.advance();
  }

  add(line: number): void {
    this.addRange(line, line);
  }

  private set(line: number): void {
    const i = line - this.base;
    if (i >= this.bits.length * 8) {
      const grown = new Uint8Array(Math.max((i >> 3) + 1, this.bits.length * 2, 64));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[i >> 3]! |= 1 << (i & 7);
  }

  /** Moves `through` over the done lines that follow it, and drops whole bytes behind it. */
  private advance(): void {
    while (this.has(this.through + 1)) this.through++;
    const drop = (this.through + 1 - this.base) >> 3;
    if (drop > 4096) {
      this.bits = this.bits.slice(drop);
      this.base += drop * 8;
    }
  }

  toJSON(): AckSetData {
    const shift = this.through + 1 - this.base;
    const out = new Uint8Array(Math.max(0, Math.ceil((this.bits.length * 8 - shift) / 8)));
    let last = -1;
    for (let i = shift; i < this.bits.length * 8; i++) {
      if ((this.bits[i >> 3]! & (1 << (i & 7))) === 0) continue;
      const j = i - shift;
      out[j >> 3]! |= 1 << (j & 7);
      last = j >> 3;
    }
    return { through: this.through, beyond: Buffer.from(out.subarray(0, last + 1)).toString("base64") };
  }
}
