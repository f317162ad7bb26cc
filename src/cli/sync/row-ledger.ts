/**
 * Line numbers of the rows handed to the bulk engine, per lane, in order. The engine fills each
 * lane's chunks with that lane's rows in input order and settles them one after another, so the
 * rows of the chunk that just settled are always the next ones in its lane's queue. (In replace
 * mode the first chunk, the replace call, takes the first rows regardless of lane.)
 */
import { laneOf } from "../../client/bulk/lanes.js";

class RowQueue {
  private rows: number[] = [];
  private head = 0;

  push(row: number): void {
    this.rows.push(row);
  }

  take(count: number): number[] {
    const taken = this.rows.slice(this.head, this.head + count);
    this.head += count;
    // Drop the consumed prefix now and then, so the array does not keep every row of the file.
    if (this.head > 65_536 && this.head * 2 > this.rows.length) {
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
    return taken;
  }
}

export class RowLedger {
  private readonly lanes: RowQueue[];
  private readonly first = new RowQueue();

  constructor(
    private readonly laneCount: number,
    /** Rows that go to the replace call before any lane (0 outside a first replace). */
    private firstCallRows: number,
  ) {
    this.lanes = Array.from({ length: laneCount }, () => new RowQueue());
  }

  record(id: string, row: number): void {
    if (this.firstCallRows > 0) {
      this.firstCallRows--;
      this.first.push(row);
    } else this.lanes[laneOf(id, this.laneCount)]!.push(row);
  }

  takeLane(lane: number, count: number): number[] {
    return this.lanes[lane]!.take(count);
  }

  takeFirstCall(count: number): number[] {
    return this.first.take(count);
  }
}
