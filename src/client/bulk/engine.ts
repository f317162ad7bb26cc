/**
 * Streaming bulk upload: one read loop validates every input item and places it (placement.ts)
 * into chunks of at most 10,000 IDs, sent with bounded concurrency while keeping per-ID order.
 *
 * Order: IDs are hash-partitioned into one lane per concurrency slot; a lane sends its chunks one
 * at a time (lane-chains.ts), so two operations on the same ID are always sent in input order.
 * Memory: each lane holds at most one chunk being built, one queued and one in flight; the reader
 * waits (and stops pulling from the input) while a lane is full.
 * Accounting (upload-state.ts): every input item ends up accepted, failed (with its chunk's
 * error), invalid (with the validation error), or at or after `stoppedEarly.firstUnreadPosition`;
 * nothing is dropped silently, and every chunk is reported once to `onChunkSettled`.
 */
import { BatchValidationError } from "../errors.js";
import { type BulkSource, ItemSource } from "./item-source.js";
import { Placement, type UploadSpec } from "./placement.js";
import { toError } from "./send-chunk.js";
import type { BulkResult, EngineOptions, Keyed } from "./types.js";
import { UploadState } from "./upload-state.js";

export type { ReplaceStep, UploadSpec } from "./placement.js";
export * from "./types.js";

const INVALID = Symbol("invalid item");

function prepare<In, Op extends Keyed, LaneOp extends Keyed>(
  spec: UploadSpec<In, Op, LaneOp>,
  state: UploadState,
  item: In,
  position: number,
): Op | typeof INVALID {
  try {
    return spec.prepare(item, position);
  } catch (error) {
    if (!(error instanceof BatchValidationError)) throw error;
    state.recordInvalid(position, error);
    return INVALID;
  }
}

/** The one read loop. Returns the input's error when the input broke. */
async function readAll<In, Op extends Keyed, LaneOp extends Keyed>(
  source: ItemSource<In>,
  spec: UploadSpec<In, Op, LaneOp>,
  state: UploadState,
  placement: Placement<In, Op, LaneOp>,
): Promise<Error | undefined> {
  while (!state.halted) {
    let item = source.next();
    if (item instanceof Promise) {
      try {
        item = await item;
      } catch (caught) {
        const reason = toError(caught);
        state.stoppedEarly ??= { reason, firstUnreadPosition: source.position };
        return reason;
      }
    }
    if (item === ItemSource.END) return undefined;
    const position = source.position - 1;
    const op = prepare(spec, state, item, position);
    if (op !== INVALID && !(await placement.place(op, position))) {
      source.pushBack(item);
      const reason = placement.stopBefore;
      if (reason) state.stoppedEarly ??= { reason, firstUnreadPosition: source.position };
      return undefined;
    }
    state.progress.itemsRead++;
  }
  return undefined;
}

/** Uploads `input` as `spec` says; see the module comment for the guarantees. */
export async function runUpload<In, Op extends Keyed, LaneOp extends Keyed>(
  input: BulkSource<In>,
  spec: UploadSpec<In, Op, LaneOp>,
  options: EngineOptions = {},
): Promise<BulkResult> {
  const state = new UploadState(options);
  const source = new ItemSource(input);
  const placement = new Placement(spec, state, options.stopOnFatalError ?? true);
  let inputError: Error | undefined;
  try {
    inputError = await readAll(source, spec, state, placement);
  } finally {
    await placement.finish(inputError);
    if (state.stopReason !== undefined && !source.done) {
      state.stoppedEarly ??= { reason: state.stopReason, firstUnreadPosition: source.position };
    }
    if (!source.done) await source.close();
  }
  if (placement.emptyReplace && !state.halted && state.progress.itemsInvalid === 0 && !inputError) {
    throw new BatchValidationError(
      "ids",
      "[]",
      "a replace needs 1 to 10,000 IDs per call (Batch rejects an empty ids array); to empty an audience, delete and re-create it",
    );
  }
  return state.finish();
}
