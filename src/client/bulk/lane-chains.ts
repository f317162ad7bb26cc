/**
 * The lanes as promise chains: each lane's chunks are sent one after another (a chunk starts when
 * the previous one of its lane has settled), so two operations on one ID are sent in input order.
 * `push` resolves when the lane's previous chunk has settled: a reader that awaits it keeps at most
 * one chunk in flight and one queued per lane, and stops pulling input while a lane is full.
 */
import type { Chunk } from "./chunk-builder.js";

export class LaneChains<Op> {
  private readonly tails: Promise<unknown>[];

  constructor(
    count: number,
    /** Sends a chunk and records its outcome; must not throw. */
    private readonly send: (chunk: Chunk<Op>) => Promise<unknown>,
  ) {
    this.tails = Array.from({ length: count }, () => Promise.resolve());
  }

  push(chunk: Chunk<Op>): Promise<unknown> {
    const previous = this.tails[chunk.lane]!;
    this.tails[chunk.lane] = previous.then(() => this.send(chunk));
    return previous;
  }

  /** Resolves when every chunk pushed so far has settled. */
  async drain(): Promise<void> {
    await Promise.all(this.tails);
  }
}
