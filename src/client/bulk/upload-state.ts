/**
 * The bookkeeping of one upload: progress counters, accepted/failed/invalid records, the stop and
 * abort state, and the callbacks. Every chunk outcome goes through `settle`, so each chunk is
 * counted and reported exactly once.
 */
import { BatchAbortedError, type BatchValidationError } from "../errors.js";
import { type Chunk, flattenPositions } from "./chunk-builder.js";
import { SupersededTracker } from "./superseded.js";
import type {
  AcceptedChunk,
  BulkOperation,
  BulkProgress,
  BulkResult,
  ChunkSettled,
  EngineOptions,
  FailedChunk,
  InvalidItem,
} from "./types.js";
import { resolveChunkSize, resolveConcurrency } from "./upload-options.js";

export type ChunkOutcome = { token: string | undefined; error?: undefined } | { error: Error; sent: boolean };

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
  /** Why the upload stopped reading (a fatal error); undefined while it goes on. */
  stopReason: Error | undefined;
  nextChunkIndex = 0;
  readonly chunkSize: number;
  readonly concurrency: number;
  readonly dedupe: boolean;
  private readonly controller = new AbortController();
  private readonly maxInvalid: number;
  private callbackError: unknown;
  private readonly superseded = new SupersededTracker();

  constructor(private readonly options: EngineOptions) {
    this.chunkSize = resolveChunkSize(options.chunkSize);
    this.concurrency = resolveConcurrency(options.concurrency);
    this.dedupe = options.dedupe ?? true;
    this.maxInvalid = options.maxInvalidItemsReported ?? 10_000;
    const external = options.signal;
    if (external?.aborted) this.controller.abort(external.reason);
    else external?.addEventListener("abort", () => this.controller.abort(external.reason), { once: true });
  }

  /** Aborts every request of the upload (the caller's signal, or a throwing callback). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get halted(): boolean {
    return this.stopReason !== undefined || this.controller.signal.aborted;
  }

  /** Calls a user callback; a throw stops the upload and is rethrown once in-flight chunks settle. */
  private notify<T>(callback: ((value: T) => void) | undefined, value: () => T): void {
    if (!callback || this.callbackError !== undefined) return;
    try {
      callback(value());
    } catch (error) {
      this.callbackError = error;
      this.controller.abort(error);
    }
  }

  report(): void {
    if (this.options.readThrottle) this.progress.throttle = this.options.readThrottle();
    this.notify(this.options.onProgress, () => ({ ...this.progress }));
  }

  recordInvalid(position: number, error: BatchValidationError): void {
    this.progress.itemsInvalid++;
    if (this.invalidItems.length < this.maxInvalid) this.invalidItems.push({ position, error });
    else this.invalidItemsTruncated = true;
  }

  recordSent(chunk: Chunk<unknown>): void {
    this.progress.chunksSent++;
    this.progress.itemsSent += chunk.itemCount;
    this.progress.idsSent += chunk.ops.length;
  }

  /** Records a chunk's outcome and reports it (progress, then `onChunkSettled`). */
  settle(chunk: Chunk<unknown>, operation: BulkOperation, outcome: ChunkOutcome): void {
    const { index: chunkIndex, lane, itemCount } = chunk;
    const idCount = chunk.ops.length;
    let positions: number[] | undefined;
    if (outcome.error === undefined) {
      const { token } = outcome;
      this.progress.chunksAccepted++;
      this.progress.itemsAccepted += itemCount;
      if (token !== undefined) this.indexingTokens.push(token);
      this.superseded.accepted(chunk);
      this.acceptedChunks.push({ chunkIndex, lane, operation, indexingToken: token, itemCount, idCount });
    } else {
      const { error, sent } = outcome;
      this.progress.chunksFailed++;
      this.progress.itemsFailed += itemCount;
      positions = flattenPositions(chunk.positions);
      const resendPositions = positions.slice();
      const failed: FailedChunk = {
        chunkIndex,
        lane,
        operation,
        itemCount,
        idCount,
        positions,
        resendPositions,
        supersededPositions: [],
        error,
        sent,
      };
      this.failedChunks.push(failed);
      // A chunk never sent has no later chunk in its lane that was sent either (the upload halted).
      if (sent) this.superseded.failed(chunk, failed);
    }
    this.report();
    this.notify(this.options.onChunkSettled, () => settled(chunk, operation, outcome, positions));
  }

  stop(reason: Error): void {
    this.stopReason ??= reason;
  }

  abortError(): Error {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof Error ? reason : new BatchAbortedError("bulk upload aborted by the caller");
  }

  /** Builds the result, or throws when the caller aborted (with the partial result attached). */
  finish(): BulkResult {
    if (this.callbackError !== undefined) throw this.callbackError;
    this.superseded.apply();
    this.failedChunks.sort((a, b) => a.chunkIndex - b.chunkIndex);
    this.acceptedChunks.sort((a, b) => a.chunkIndex - b.chunkIndex);
    const aborted = this.controller.signal.aborted;
    if (this.options.readThrottle) this.progress.throttle = this.options.readThrottle();
    const { failedChunks, progress, stoppedEarly } = this;
    const result: BulkResult = {
      ok: failedChunks.length === 0 && progress.itemsInvalid === 0 && stoppedEarly === undefined && !aborted,
      indexingTokens: this.indexingTokens,
      acceptedChunks: this.acceptedChunks,
      failedChunks,
      invalidItems: this.invalidItems,
      invalidItemsTruncated: this.invalidItemsTruncated,
      progress: { ...progress },
      stoppedEarly,
    };
    if (aborted) {
      const accepted = progress.itemsAccepted;
      const error = new BatchAbortedError(`bulk upload aborted after ${accepted} accepted item(s); see partialResult`);
      error.partialResult = result;
      throw error;
    }
    return result;
  }
}

function settled(
  chunk: Chunk<unknown>,
  operation: BulkOperation,
  outcome: ChunkOutcome,
  positions: number[] | undefined,
): ChunkSettled {
  const base = { chunkIndex: chunk.index, lane: chunk.lane, operation };
  const all = positions ?? flattenPositions(chunk.positions);
  if (outcome.error === undefined) {
    return { ...base, status: "accepted", positions: all, indexingToken: outcome.token };
  }
  return { ...base, status: outcome.sent ? "failed" : "unsent", positions: all, error: outcome.error };
}
