/**
 * Maps the bulk engine's input positions back to file lines. Rows skipped (invalid, or already
 * sent before a resume) never reach the engine, so position and line drift apart; only the points
 * where the drift changes are stored.
 */
export class PositionMap {
  private readonly positions: number[] = [];
  private readonly offsets: number[] = [];
  private next = 0;

  /** Call for every item handed to the engine, in order. */
  record(row: number): void {
    const offset = row - this.next;
    if (this.offsets.length === 0 || this.offsets[this.offsets.length - 1] !== offset) {
      this.positions.push(this.next);
      this.offsets.push(offset);
    }
    this.next++;
  }

  rowOf(position: number): number {
    let low = 0;
    let high = this.positions.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.positions[mid]! <= position) low = mid;
      else high = mid - 1;
    }
    return position + (this.offsets[low] ?? 0);
  }
}
