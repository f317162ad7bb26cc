/**
 * Which positions of failed chunks a later accepted chunk made obsolete. A lane carries on after a
 * failed chunk, so a later chunk may already have applied a newer operation on one of its IDs;
 * re-sending that failed position would undo it (resurrect a removed ID, restore old attributes).
 * Only the IDs of failed chunks are kept, so memory stays flat on a healthy upload.
 */
import type { Chunk } from "./chunk-builder.js";
import { type FailedChunk, idOf, type Keyed } from "./types.js";

export class SupersededTracker {
  /** IDs of sent-and-failed chunks no later accepted chunk has touched yet, with their positions. */
  private readonly unsettled = new Map<string, Array<{ failed: FailedChunk; positions: number | number[] }>>();
  private readonly superseded = new Map<FailedChunk, number[]>();

  /** A sent chunk failed: its IDs wait for a later acceptance. */
  failed(chunk: Chunk<unknown>, failed: FailedChunk): void {
    const ops = chunk.ops as Keyed[];
    for (let slot = 0; slot < ops.length; slot++) {
      const id = idOf(ops[slot]!);
      const entry = { failed, positions: chunk.positions[slot]! };
      const list = this.unsettled.get(id);
      if (list) list.push(entry);
      else this.unsettled.set(id, [entry]);
    }
  }

  /** A later chunk was accepted: its IDs' operations in earlier failed chunks no longer count. */
  accepted(chunk: Chunk<unknown>): void {
    if (this.unsettled.size === 0) return;
    for (const op of chunk.ops as Keyed[]) {
      const id = idOf(op);
      const list = this.unsettled.get(id);
      if (list === undefined) continue;
      this.unsettled.delete(id);
      for (const { failed, positions } of list) {
        let out = this.superseded.get(failed);
        if (!out) {
          out = [];
          this.superseded.set(failed, out);
        }
        if (typeof positions === "number") out.push(positions);
        else out.push(...positions);
      }
    }
  }

  /** Fills `supersededPositions` and `resendPositions` of every failed chunk. */
  apply(): void {
    for (const [failed, positions] of this.superseded) {
      const gone = new Set(positions);
      failed.supersededPositions = positions.sort((a, b) => a - b);
      failed.resendPositions = failed.positions.filter((p) => !gone.has(p));
    }
  }
}
