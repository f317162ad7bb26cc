/** The bulk upload's public shapes: options, progress, per-chunk reports and the result. */

import type { BatchValidationError } from "../errors.js";
import type { ThrottleProgress } from "../http/throttle-option.js";

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
  /** The adaptive throttle's state (the client's `throttle` option); absent when it is off. */
  throttle?: ThrottleProgress;
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

/**
 * One chunk's outcome, reported once per chunk as soon as it is known (`onChunkSettled`).
 * Guarantees: every chunk is reported exactly once; an ID always goes to the same lane during an
 * upload; the chunks of one lane are reported in input order (a lane sends one chunk at a time);
 * a bulk replace's replace call (`operation: "replace"`, lane 0) is reported before any other chunk.
 * So "every chunk of lane L up to this one was accepted" is a safe resume point for lane L.
 */
export interface ChunkSettled {
  chunkIndex: number;
  lane: number;
  operation: BulkOperation;
  /** `accepted`; `failed` (sent, Batch or the network refused); `unsent` (the upload had stopped). */
  status: "accepted" | "failed" | "unsent";
  /** Input positions (0-based) of every item in the chunk, ascending. */
  positions: readonly number[];
  /** Batch's indexing token, when accepted. */
  indexingToken?: string | undefined;
  /** Why the chunk failed or was not sent. */
  error?: Error | undefined;
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
  /** Called after every chunk settles and on every retry. A throw stops the upload (and is rethrown). */
  onProgress?: (progress: Readonly<BulkProgress>) => void;
  /** Called once per chunk when it settles (see `ChunkSettled`). A throw stops the upload (and is rethrown). */
  onChunkSettled?: (chunk: Readonly<ChunkSettled>) => void;
  signal?: AbortSignal;
  /**
   * Stop reading input after a chunk fails with an error every later chunk would also get
   * (authentication, permission, not found). Default true.
   */
  stopOnFatalError?: boolean;
  /** Invalid items kept in the result (all are counted). Default 10,000. */
  maxInvalidItemsReported?: number;
}

/** What the clients add to the engine's options (not part of the public BulkOptions). */
export interface EngineOptions extends BulkOptions {
  /** The client's throttle state, reported in every progress. */
  readThrottle?: (() => ThrottleProgress) | undefined;
}

export interface SendContext {
  signal: AbortSignal;
  /** Call once per HTTP retry, for progress; a 429 (status) lets the lane queue more while it waits. */
  onRetry: (entry?: { status?: number | undefined }) => void;
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
