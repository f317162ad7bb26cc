/**
 * Streaming bulk upload: validates every input item, groups items into chunks of at most 10,000
 * IDs, and sends them with bounded concurrency while keeping per-ID order.
 *
 * Order: IDs are hash-partitioned into one lane per concurrency slot; a lane sends its chunks one at
 * a time, so two operations on the same ID are always sent in input order.
 * Memory: each lane holds at most one chunk being built, one queued and one in flight; the reader
 * waits (and stops pulling from the input) while a lane's queue is full.
 * Accounting: every input item ends up accepted, failed (with its chunk's error), invalid (with the
 * validation error), or after `stoppedEarly.firstUnreadPosition`; nothing is dropped silently.
 * Re-sending: a lane carries on after a failed chunk, so a later chunk may already have applied a
 * newer operation on one of its IDs; re-sending that failed position would undo it (resurrect a
 * removed ID, restore old attributes). Each failed chunk therefore says which positions a later
 * accepted chunk superseded, and `resendPositions` holds the ones still worth sending.
 */
import { BatchAbortedError, BatchError, BatchValidationError } from "../errors.js";
import { MAX_IDS_PER_CALL } from "../validation.js";
import { type Chunk, ChunkBuilder, flattenPositions } from "./chunk-builder.js";
import { type BulkSource, ItemSource } from "./item-source.js";
import { laneOf } from "./lanes.js";

export type BulkOperation = "update" | "replace";

export interface BulkProgress {
  /** Input items read so far. */
  itemsRead: number;
  /** Items rejected by client-side validation (never sent). */
  itemsInvalid: number;
  /** Input items inside chunks that were sent. */
  itemsSent: number;
  /** Input items inside chunks Batch accepted. */
  itemsAccepted: number;
  /** Input items inside chunks that failed or were not sent after a stop. */
  itemsFailed: number;
  /** Distinct IDs sent (items minus in-chunk duplicates). */
  idsSent: number;
  chunksSent: number;
  chunksAccepted: number;
  chunksFailed: number;
  /** HTTP retries across all chunks. */
  retries: number;
}

export interface AcceptedChunk {
  chunkIndex: number;
  lane: number;
  operation: BulkOperation;
  indexingToken: string | undefined;
  itemCount: number;
  idCount: number;
}

export interface FailedChunk {
  chunkIndex: number;
  lane: number;
  operation: BulkOperation;
  itemCount: number;
  idCount: number;
  /** Input positions (0-based) of every item in the chunk, ascending. */
  positions: number[];
  /**
   * `positions` minus `supersededPositions`: re-send the items at these positions (ascending, after
   * the upload) and the audience ends as if the chunk had been accepted in its turn.
   */
  resendPositions: number[];
  /**
   * Positions whose ID got a newer operation in a later chunk that was accepted: that operation is
   * the one that counts, and re-sending these would undo it. Empty when the chunk was never sent.
   */
  supersededPositions: number[];
  error: Error;
  /** False when the chunk was never sent (the upload had stopped or was aborted). */
  sent: boolean;
}

export interface InvalidItem {
  position: number;
  error: BatchValidationError;
}

export interface BulkResult {
  /** True when every item was accepted. */
  ok: boolean;
  /** Every indexing token, in the order Batch returned them. */
  indexingTokens: string[];
  acceptedChunks: AcceptedChunk[];
  failedChunks: FailedChunk[];
  invalidItems: InvalidItem[];
  /** Invalid items beyond `maxInvalidItemsReported` are counted in progress.itemsInvalid only. */
  invalidItemsTruncated: boolean;
  progress: BulkProgress;
  /** Set when the upload stopped before the end of the input. */
  stoppedEarly: { reason: Error; firstUnreadPosition: number } | undefined;
}

export interface BulkOptions {
  /** IDs per request; at most (and by default) 10,000. */
  chunkSize?: number;
  /** Requests in flight at once (= number of lanes). Default 4. */
  concurrency?: number;
  /** Merge operations on the same ID within a chunk, last one wins (Batch's rule). Default true. */
  dedupe?: boolean;
  /** Called after every chunk settles and on every retry. Must not throw. */
  onProgress?: (progress: Readonly<BulkProgress>) => void;
  signal?: AbortSignal;
  /**
   * Stop reading input after a chunk fails with an error every later chunk would also get
   * (authentication, permission, not found). Default true.
   */
  stopOnFatalError?: boolean;
  /** Invalid items kept in the result (all are counted). Default 10,000. */
  maxInvalidItemsReported?: number;
}

export interface SendContext {
  signal: AbortSignal;
  /** Call once per HTTP retry, for progress. */
  onRetry: () => void;
}

export type ChunkSender<Op> = (ops: Op[], context: SendContext) => Promise<{ indexingToken: string | undefined }>;

/**
 * Per-ID items are either a bare ID string or an object with an `id`. Keeping bare strings as they
 * are until a chunk is sent (instead of wrapping each in `{action, id}` on arrival) matters at a
 * million IDs: the wrappers would live as long as their chunk and fill the old generation.
 */
export type Keyed = string | { id: string };

export function idOf(item: Keyed): string {
  return typeof item === "string" ? item : item.id;
}

export interface UploadSpec<In, Op extends Keyed> {
  operation: BulkOperation;
  /** Normalises and validates one input item; throws BatchValidationError when invalid. */
  prepare(item: In, position: number): Op;
  send: ChunkSender<Op>;
}

const FATAL_KINDS = new Set(["authentication", "permission", "not_found"]);
const MAX_QUEUED_PER_LANE = 1;

export function resolveChunkSize(chunkSize: number | undefined): number {
  if (chunkSize === undefined) return MAX_IDS_PER_CALL;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new BatchValidationError("chunkSize", String(chunkSize), `must be an integer from 1 to ${MAX_IDS_PER_CALL}`);
  }
  return Math.min(chunkSize, MAX_IDS_PER_CALL);
}

function resolveConcurrency(concurrency: number | undefined): number {
  if (concurrency === undefined) return 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new BatchValidationError("concurrency", String(concurrency), "must be an integer from 1 to 64");
  }
  return concurrency;
}

/** Shared bookkeeping of one upload (possibly across a replace phase and an add phase). */
export class UploadState {
  readonly progress: BulkProgress = {
    itemsRead: 0,
    itemsInvalid: 0,
    itemsSent: 0,
    itemsAccepted: 0,
    itemsFailed: 0,
    idsSent: 0,
    chunksSent: 0,
    chunksAccepted: 0,
    chunksFailed: 0,
    retries: 0,
  };
  readonly indexingTokens: string[] = [];
  readonly acceptedChunks: AcceptedChunk[] = [];
  readonly failedChunks: FailedChunk[] = [];
  readonly invalidItems: InvalidItem[] = [];
  invalidItemsTruncated = false;
  stoppedEarly: BulkResult["stoppedEarly"];
  stopReason: Error | undefined;
  nextChunkIndex = 0;
  readonly chunkSize: number;
  readonly concurrency: number;
  readonly dedupe: boolean;
  private readonly controller = new AbortController();
  private readonly maxInvalid: number;
  private progressError: unknown;
  /**
   * IDs of sent-and-failed chunks that no later accepted chunk has touched yet, with the failed
   * chunk and that ID's positions in it. Only failed IDs are kept, so memory stays flat.
   */
  private readonly unsettled = new Map<string, Array<{ failed: FailedChunk; positions: number | number[] }>>();
  private readonly superseded = new Map<FailedChunk, number[]>();

  constructor(private readonly options: BulkOptions) {
    this.chunkSize = resolveChunkSize(options.chunkSize);
    this.concurrency = resolveConcurrency(options.concurrency);
    this.dedupe = options.dedupe ?? true;
    this.maxInvalid = options.maxInvalidItemsReported ?? 10_000;
    const external = options.signal;
    if (external) {
      if (external.aborted) this.controller.abort(external.reason);
      else external.addEventListener("abort", () => this.controller.abort(external.reason), { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get halted(): boolean {
    return this.stopReason !== undefined || this.controller.signal.aborted;
  }

  report(): void {
    if (!this.options.onProgress || this.progressError !== undefined) return;
    try {
      this.options.onProgress({ ...this.progress });
    } catch (error) {
      // A throwing callback stops the upload; the error is rethrown once in-flight chunks settle.
      this.progressError = error;
      this.controller.abort(error);
    }
  }

  recordInvalid(position: number, error: BatchValidationError): void {
    this.progress.itemsInvalid++;
    if (this.invalidItems.length < this.maxInvalid) this.invalidItems.push({ position, error });
    else this.invalidItemsTruncated = true;
  }

  recordAccepted(chunk: Chunk<unknown>, operation: BulkOperation, token: string | undefined): void {
    this.progress.chunksAccepted++;
    this.progress.itemsAccepted += chunk.itemCount;
    if (token !== undefined) this.indexingTokens.push(token);
    if (this.unsettled.size > 0) this.supersede(chunk.ops as Keyed[]);
    this.acceptedChunks.push({
      chunkIndex: chunk.index,
      lane: chunk.lane,
      operation,
      indexingToken: token,
      itemCount: chunk.itemCount,
      idCount: chunk.ops.length,
    });
  }

  recordFailed(chunk: Chunk<unknown>, operation: BulkOperation, error: Error, sent: boolean): void {
    this.progress.chunksFailed++;
    this.progress.itemsFailed += chunk.itemCount;
    const positions = flattenPositions(chunk.positions);
    const failed: FailedChunk = {
      chunkIndex: chunk.index,
      lane: chunk.lane,
      operation,
      itemCount: chunk.itemCount,
      idCount: chunk.ops.length,
      positions,
      resendPositions: positions.slice(),
      supersededPositions: [],
      error,
      sent,
    };
    this.failedChunks.push(failed);
    // A chunk never sent has no later chunk in its lane that was sent either (the upload halted).
    if (!sent) return;
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
  private supersede(ops: readonly Keyed[]): void {
    for (const op of ops) {
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

  stop(reason: Error): void {
    if (this.stopReason === undefined) this.stopReason = reason;
  }

  abortError(): Error {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof Error ? reason : new BatchAbortedError("bulk upload aborted by the caller");
  }

  /** Builds the result, or throws when the caller aborted (with the partial result attached). */
  finish(): BulkResult {
    if (this.progressError !== undefined) throw this.progressError;
    for (const [failed, positions] of this.superseded) {
      const gone = new Set(positions);
      failed.supersededPositions = positions.sort((a, b) => a - b);
      failed.resendPositions = failed.positions.filter((p) => !gone.has(p));
    }
    this.failedChunks.sort((a, b) => a.chunkIndex - b.chunkIndex);
    this.acceptedChunks.sort((a, b) => a.chunkIndex - b.chunkIndex);
    const result: BulkResult = {
      ok:
        this.failedChunks.length === 0 &&
        this.progress.itemsInvalid === 0 &&
        this.stoppedEarly === undefined &&
        !this.controller.signal.aborted,
      indexingTokens: this.indexingTokens,
      acceptedChunks: this.acceptedChunks,
      failedChunks: this.failedChunks,
      invalidItems: this.invalidItems,
      invalidItemsTruncated: this.invalidItemsTruncated,
      progress: { ...this.progress },
      stoppedEarly: this.stoppedEarly,
    };
    if (this.controller.signal.aborted) {
      const error = new BatchAbortedError(
        `bulk upload aborted after ${this.progress.itemsAccepted} accepted item(s); see partialResult`,
      );
      error.partialResult = result;
      throw error;
    }
    return result;
  }
}

/** A lane: a FIFO of ready chunks drained by one sender, with a bounded queue for backpressure. */
class Lane<Op> {
  private readonly queue: Chunk<Op>[] = [];
  private closed = false;
  private wakeSender: (() => void) | undefined;
  private spaceWaiters: Array<() => void> = [];

  /** Queues a chunk; returns a promise when the reader must wait for room. */
  push(chunk: Chunk<Op>): Promise<void> | undefined {
    this.queue.push(chunk);
    this.wakeSender?.();
    this.wakeSender = undefined;
    if (this.queue.length <= MAX_QUEUED_PER_LANE) return undefined;
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.wakeSender?.();
    this.wakeSender = undefined;
  }

  async take(): Promise<Chunk<Op> | undefined> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk) {
        if (this.queue.length <= MAX_QUEUED_PER_LANE) {
          const waiters = this.spaceWaiters;
          this.spaceWaiters = [];
          for (const w of waiters) w();
        }
        return chunk;
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => {
        this.wakeSender = resolve;
      });
    }
  }
}

function isFatal(error: unknown): boolean {
  return error instanceof BatchError && FATAL_KINDS.has(error.kind);
}

/** Sends one chunk and records the outcome; never throws. */
export async function sendChunk<Op>(
  state: UploadState,
  chunk: Chunk<Op>,
  operation: BulkOperation,
  send: ChunkSender<Op>,
  stopOnFatal: boolean,
): Promise<{ indexingToken: string | undefined } | undefined> {
  if (state.halted) {
    state.recordFailed(chunk, operation, state.stopReason ?? state.abortError(), false);
    state.report();
    return undefined;
  }
  state.progress.chunksSent++;
  state.progress.itemsSent += chunk.itemCount;
  state.progress.idsSent += chunk.ops.length;
  try {
    const outcome = await send(chunk.ops, {
      signal: state.signal,
      onRetry: () => {
        state.progress.retries++;
        state.report();
      },
    });
    state.recordAccepted(chunk, operation, outcome.indexingToken);
    state.report();
    return outcome;
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    state.recordFailed(chunk, operation, error, true);
    if (stopOnFatal && isFatal(error)) state.stop(error);
    state.report();
    return undefined;
  }
}

/**
 * Reads `source` to the end (or until stopped) and sends everything through lanes. Used alone for
 * update uploads and as the second phase of a replace upload.
 */
export async function uploadThroughLanes<In, Op extends Keyed>(
  source: ItemSource<In>,
  spec: UploadSpec<In, Op>,
  state: UploadState,
  stopOnFatal: boolean,
): Promise<void> {
  const laneCount = state.concurrency;
  const lanes = Array.from({ length: laneCount }, () => new Lane<Op>());
  const builders = Array.from({ length: laneCount }, (_, i) => new ChunkBuilder<Op>(i, state.dedupe));
  const senders = lanes.map(async (lane) => {
    for (let chunk = await lane.take(); chunk; chunk = await lane.take()) {
      await sendChunk(state, chunk, spec.operation, spec.send, stopOnFatal);
    }
  });

  const { chunkSize, progress } = state;
  try {
    while (!state.halted) {
      let step = source.next();
      if (step instanceof Promise) {
        try {
          step = await step;
        } catch (caught) {
          // A failing input (a broken file or stream) ends the upload; what was read is still sent.
          const reason = caught instanceof Error ? caught : new Error(String(caught));
          state.stoppedEarly ??= { reason, firstUnreadPosition: source.position };
          break;
        }
      }
      if (step === ItemSource.END) break;
      const position = source.position - 1;
      progress.itemsRead++;
      let op: Op;
      try {
        op = spec.prepare(step as In, position);
      } catch (error) {
        if (error instanceof BatchValidationError) {
          state.recordInvalid(position, error);
          continue;
        }
        throw error;
      }
      const id = idOf(op);
      const lane = laneOf(id, laneCount);
      const builder = builders[lane]!;
      if (builder.size >= chunkSize && builder.grows(id)) {
        const wait = lanes[lane]!.push(builder.take(state.nextChunkIndex++));
        if (wait) await wait;
      }
      builder.add(id, op, position);
    }
  } finally {
    for (let i = 0; i < laneCount; i++) {
      const builder = builders[i]!;
      if (!builder.isEmpty) void lanes[i]!.push(builder.take(state.nextChunkIndex++));
      lanes[i]!.close();
    }
    await Promise.all(senders);
    if (state.stopReason !== undefined && !source.done) {
      state.stoppedEarly ??= { reason: state.stopReason, firstUnreadPosition: source.position };
    }
    if (!source.done) await source.close();
  }
}

export async function runBulkUpdate<In, Op extends Keyed>(
  input: BulkSource<In>,
  spec: UploadSpec<In, Op>,
  options: BulkOptions = {},
): Promise<BulkResult> {
  const state = new UploadState(options);
  await uploadThroughLanes(new ItemSource(input), spec, state, options.stopOnFatalError ?? true);
  return state.finish();
}

export interface ReplaceSpec<In, RepOp extends Keyed, AddOp extends Keyed> {
  prepare(item: In, position: number): RepOp;
  sendReplace: ChunkSender<RepOp>;
  /** Turns a replace entry into the `add` operation used after the first chunk. */
  toAdd(op: RepOp): AddOp;
  sendAdd: ChunkSender<AddOp>;
  /** Waits until the replace is indexed before adding the rest (see runBulkReplace). */
  awaitIndexing?: ((token: string, signal: AbortSignal) => Promise<void>) | undefined;
}

/**
 * Replace with any number of IDs. Batch caps a call at 10,000 IDs and has no multi-call replace, so:
 * the first chunk (the first 10,000 distinct IDs) goes in one replace call, which empties the
 * audience and sets them; every later item is then sent as an `add`, through the ordered lanes.
 * If the replace fails, nothing else is sent. When `awaitIndexing` is given, the adds wait until
 * the replace is indexed, so Batch cannot apply an add before the replace that must precede it.
 */
export async function runBulkReplace<In, RepOp extends Keyed, AddOp extends Keyed>(
  input: BulkSource<In>,
  spec: ReplaceSpec<In, RepOp, AddOp>,
  options: BulkOptions = {},
): Promise<BulkResult> {
  const state = new UploadState(options);
  const source = new ItemSource(input);
  const builder = new ChunkBuilder<RepOp>(0, state.dedupe);
  const stopOnFatal = options.stopOnFatalError ?? true;

  while (!state.halted) {
    let step = source.next();
    if (step instanceof Promise) {
      try {
        step = await step;
      } catch (caught) {
        // The input broke before the first chunk was complete: a partial replace would leave the
        // audience with an arbitrary subset, so nothing is sent and what was read is reported.
        const reason = caught instanceof Error ? caught : new Error(String(caught));
        state.stoppedEarly = { reason, firstUnreadPosition: source.position };
        if (!builder.isEmpty) state.recordFailed(builder.take(state.nextChunkIndex++), "replace", reason, false);
        return state.finish();
      }
    }
    if (step === ItemSource.END) break;
    const position = source.position - 1;
    let op: RepOp;
    try {
      op = spec.prepare(step as In, position);
    } catch (error) {
      if (error instanceof BatchValidationError) {
        state.progress.itemsRead++;
        state.recordInvalid(position, error);
        continue;
      }
      throw error;
    }
    const id = idOf(op);
    if (builder.size >= state.chunkSize && builder.grows(id)) {
      source.pushBack(step as In);
      break;
    }
    state.progress.itemsRead++;
    builder.add(id, op, position);
  }

  if (builder.isEmpty) {
    if (!state.halted && state.progress.itemsInvalid === 0) {
      throw new BatchValidationError(
        "ids",
        "[]",
        "a replace needs 1 to 10,000 IDs per call (Batch rejects an empty ids array); to empty an audience, delete and re-create it",
      );
    }
    await source.close();
    return state.finish();
  }

  const first = builder.take(state.nextChunkIndex++);
  const outcome = await sendChunk(state, first, "replace", spec.sendReplace, stopOnFatal);
  if (!outcome) {
    // Adding the rest without the replace would merge into the old content: stop here.
    if (!source.done) {
      state.stoppedEarly = {
        reason: state.failedChunks[0]?.error ?? state.abortError(),
        firstUnreadPosition: source.position,
      };
      await source.close();
    }
    return state.finish();
  }

  if (!source.done && spec.awaitIndexing && outcome.indexingToken !== undefined && !state.halted) {
    // Peek: only wait when there really is more input.
    let peek = source.next();
    if (peek instanceof Promise) peek = await peek;
    if (peek !== ItemSource.END) {
      source.pushBack(peek as In);
      try {
        await spec.awaitIndexing(outcome.indexingToken, state.signal);
      } catch (caught) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        if (!state.signal.aborted) {
          state.stoppedEarly = { reason: error, firstUnreadPosition: source.position };
          await source.close();
          return state.finish();
        }
      }
    }
  }

  await uploadThroughLanes(
    source,
    {
      operation: "update",
      prepare: (item, position) => spec.toAdd(spec.prepare(item, position)),
      send: spec.sendAdd,
    },
    state,
    stopOnFatal,
  );
  return state.finish();
}
