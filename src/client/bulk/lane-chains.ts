/**
 * The lanes as promise chains: each lane's chunks are sent one after another (a chunk starts when
 * the previous one of its lane has settled), so two operations on one ID are sent in input order.
 * `push` resolves when the lane has room: normally once the pushed chunk has started (the previous
 * one settled), so a reader that awaits it keeps at most one chunk in flight and one queued per
 * lane, and stops pulling input while a lane is full.
 *
 * A lane whose chunk was refused with a 429 waits before re-sending it (on 1.x at least 5 s). Were
 * the reader to wait for that lane, every other lane would run dry behind it; so while it waits, a
 * refused lane may queue up to MAX_QUEUED_WHILE_REFUSED chunks, and the reader keeps feeding the
 * others. It is back to normal once it has caught up (nothing queued when a chunk starts).
 */
import type { Chunk } from "./chunk-builder.js";

/** Chunks a refused lane may queue: about 5 s of its share at 25 requests/s over 4 lanes. */
export const MAX_QUEUED_WHILE_REFUSED = 32;

export class LaneChains<Op> {
  private readonly tails: Promise<unknown>[];
  /** Chunks pushed and not yet started, per lane. */
  private readonly queued: number[];
  private readonly refused: boolean[];
  /** The reader waiting for room in a lane, if any. */
  private readonly waiting: Array<(() => void) | undefined>;

  constructor(
    count: number,
    /** Sends a chunk and records its outcome; must not throw. */
    private readonly send: (chunk: Chunk<Op>) => Promise<unknown>,
  ) {
    this.tails = Array.from({ length: count }, () => Promise.resolve());
    this.queued = Array.from({ length: count }, () => 0);
    this.refused = Array.from({ length: count }, () => false);
    this.waiting = Array.from({ length: count }, () => undefined);
  }

  push(chunk: Chunk<Op>): Promise<void> {
    const { lane } = chunk;
    this.queued[lane]!++;
    this.tails[lane] = this.tails[lane]!.then(() => {
      this.queued[lane]!--;
      if (this.queued[lane] === 0) this.refused[lane] = false;
      this.wake(lane);
      return this.send(chunk);
    });
    if (this.hasRoom(lane)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting[lane] = resolve;
    });
  }

  /** The lane's chunk was refused (429) and waits: let the reader go on with the other lanes. */
  markRefused(lane: number): void {
    this.refused[lane] = true;
    this.wake(lane);
  }

  /** Resolves when every chunk pushed so far has settled. */
  async drain(): Promise<void> {
    await Promise.all(this.tails);
  }

  private hasRoom(lane: number): boolean {
    return this.queued[lane]! <= (this.refused[lane] ? MAX_QUEUED_WHILE_REFUSED : 0);
  }

  private wake(lane: number): void {
    const resolve = this.waiting[lane];
    if (resolve === undefined || !this.hasRoom(lane)) return;
    this.waiting[lane] = undefined;
    resolve();
  }
}
