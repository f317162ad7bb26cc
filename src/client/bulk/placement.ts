/**
 * Where each valid input item goes. A bulk replace first fills one chunk (the first 10,000 distinct
 * IDs) for the single replace call; the item that does not fit sends it, waits until Batch has
 * indexed it (so no add is applied before it), and from then on, like every item of a bulk update,
 * items go to their ID's lane. If the replace fails, nothing else is sent.
 */
import { ChunkBuilder } from "./chunk-builder.js";
import { LaneChains } from "./lane-chains.js";
import { laneOf } from "./lanes.js";
import { sendChunk, toError } from "./send-chunk.js";
import { type ChunkSender, idOf, type Keyed } from "./types.js";
import type { UploadState } from "./upload-state.js";

export interface ReplaceStep<Op> {
  send: ChunkSender<Op>;
  /** Waits until the replace call is indexed, before anything is added after it. */
  awaitIndexing?: ((token: string, signal: AbortSignal) => Promise<void>) | undefined;
}

export interface UploadSpec<In, Op extends Keyed, LaneOp extends Keyed> {
  /** Normalises and validates one input item; throws BatchValidationError when invalid. */
  prepare(item: In, position: number): Op;
  /** What a lane sends for an item (an `add` after a replace call; the item itself for updates). */
  toLaneOp(op: Op): LaneOp;
  sendLane: ChunkSender<LaneOp>;
  /** Set for a bulk replace: the first chunk goes in this one call, before any lane. */
  replace?: ReplaceStep<Op> | undefined;
}

export class Placement<In, Op extends Keyed, LaneOp extends Keyed> {
  /** The replace call being filled; undefined once sent (or for an update). */
  private replacing: ChunkBuilder<Op> | undefined;
  private readonly builders: ChunkBuilder<LaneOp>[];
  private readonly lanes: LaneChains<LaneOp>;
  /** Why the upload stopped before the item `place` refused. */
  stopBefore: Error | undefined;

  constructor(
    private readonly spec: UploadSpec<In, Op, LaneOp>,
    private readonly state: UploadState,
    private readonly stopOnFatal: boolean,
  ) {
    if (spec.replace) this.replacing = new ChunkBuilder<Op>(0, state.dedupe);
    this.builders = Array.from({ length: state.concurrency }, (_, i) => new ChunkBuilder<LaneOp>(i, state.dedupe));
    this.lanes = new LaneChains(state.concurrency, (chunk) =>
      sendChunk(state, chunk, "update", spec.sendLane, stopOnFatal, () => this.lanes.markRefused(chunk.lane)),
    );
  }

  /** A bulk replace that ended with nothing to replace with. */
  get emptyReplace(): boolean {
    return this.replacing?.isEmpty === true;
  }

  /** Places one item; false when the upload must stop before it (see `stopBefore`). */
  async place(op: Op, position: number): Promise<boolean> {
    const replacing = this.replacing;
    if (replacing) {
      const id = idOf(op);
      if (replacing.size < this.state.chunkSize || !replacing.grows(id)) {
        replacing.add(id, op, position);
        return true;
      }
      if (!(await this.sendReplace(true))) return false;
    }
    const laneOp = this.spec.toLaneOp(op);
    const id = idOf(laneOp);
    const builder = this.builders[laneOf(id, this.builders.length)]!;
    if (builder.size >= this.state.chunkSize && builder.grows(id)) {
      await this.lanes.push(builder.take(this.state.nextChunkIndex++));
    }
    builder.add(id, laneOp, position);
    return true;
  }

  /** Sends the replace call; with more input to come, waits until it is indexed. */
  private async sendReplace(moreInput: boolean): Promise<boolean> {
    const { state, spec } = this;
    const chunk = this.replacing!.take(state.nextChunkIndex++);
    this.replacing = undefined;
    const outcome = await sendChunk(state, chunk, "replace", spec.replace!.send, this.stopOnFatal);
    if (!outcome) {
      // Adding the rest without the replace would merge into the old content: stop here.
      if (!state.signal.aborted) this.stopBefore = state.failedChunks[0]?.error;
      return false;
    }
    const awaitIndexing = spec.replace!.awaitIndexing;
    if (!moreInput || !awaitIndexing || outcome.indexingToken === undefined || state.halted) return true;
    try {
      await awaitIndexing(outcome.indexingToken, state.signal);
      return true;
    } catch (caught) {
      if (!state.signal.aborted) this.stopBefore = toError(caught);
      return false;
    }
  }

  /**
   * Sends what is left and waits for every chunk to settle. `inputError`: the input broke; in a
   * replace that is still filling, a partial replace would leave an arbitrary subset, so its chunk
   * is reported unsent; in the lanes, what was read is still sent.
   */
  async finish(inputError: Error | undefined): Promise<void> {
    const { state } = this;
    if (this.replacing && !this.replacing.isEmpty) {
      if (inputError)
        state.settle(this.replacing.take(state.nextChunkIndex++), "replace", { error: inputError, sent: false });
      else await this.sendReplace(false);
    }
    for (const builder of this.builders) {
      if (!builder.isEmpty) void this.lanes.push(builder.take(state.nextChunkIndex++));
    }
    await this.lanes.drain();
  }
}
