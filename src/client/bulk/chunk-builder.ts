/**
 * Collects operations for one request body, applying Batch's "if multiple actions are given for the
 * same ID, only the last one will be taken into account" locally: a later operation on an ID already
 * in the chunk replaces it in place, and its input position is remembered with the earlier ones so a
 * failure still reports every input item.
 */

export interface Chunk<Op> {
  /** 0-based order of creation across the whole upload. */
  index: number;
  lane: number;
  ops: Op[];
  /** Input positions per op; a number, or several when duplicates were merged. */
  positions: Array<number | number[]>;
  /** Input items folded into this chunk (>= ops.length when duplicates were merged). */
  itemCount: number;
}

export class ChunkBuilder<Op> {
  private ops: Op[] = [];
  private positions: Array<number | number[]> = [];
  private slots = new Map<string, number>();
  private items = 0;

  constructor(
    readonly lane: number,
    private readonly dedupe: boolean,
  ) {}

  get size(): number {
    return this.ops.length;
  }

  get isEmpty(): boolean {
    return this.items === 0;
  }

  /** Would adding `id` grow the chunk (rather than replace an op already in it)? */
  grows(id: string): boolean {
    return !this.dedupe || !this.slots.has(id);
  }

  add(id: string, op: Op, position: number): void {
    this.items++;
    if (this.dedupe) {
      const slot = this.slots.get(id);
      if (slot !== undefined) {
        this.ops[slot] = op;
        const previous = this.positions[slot]!;
        if (typeof previous === "number") this.positions[slot] = [previous, position];
        else previous.push(position);
        return;
      }
      this.slots.set(id, this.ops.length);
    }
    this.ops.push(op);
    this.positions.push(position);
  }

  take(index: number): Chunk<Op> {
    const chunk: Chunk<Op> = {
      index,
      lane: this.lane,
      ops: this.ops,
      positions: this.positions,
      itemCount: this.items,
    };
    this.ops = [];
    this.positions = [];
    this.slots = new Map();
    this.items = 0;
    return chunk;
  }
}

/** Every input position of a chunk, ascending. */
export function flattenPositions(positions: ReadonlyArray<number | number[]>): number[] {
  const out: number[] = [];
  for (const p of positions) {
    if (typeof p === "number") out.push(p);
    else out.push(...p);
  }
  return out.sort((a, b) => a - b);
}
