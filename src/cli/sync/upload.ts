/**
 * Sends the rows through the client's public bulk API (lanes, chunking, backpressure, accounting)
 * and records every chunk it reports settled (`onChunkSettled`) in the checkpoint as it happens.
 */
import { BatchAbortedError, type BulkProgress, type BulkResult, type ChunkSettled, inBatches } from "../../index.js";
import type { AudienceApi, SyncItem } from "../api-adapter.js";
import type { ApiVersion } from "../keys.js";
import type { AckTracker } from "./ack-tracker.js";
import { PositionMap } from "./position-map.js";
import { addItemOf, type InvalidRow, isInvalid, type SyncMode, type SyncOp, toSyncOp } from "./row-ops.js";
import type { RowBatches } from "./rows.js";

export const MAX_INVALID_ROWS_KEPT = 1_000;

export interface RowCounters {
  read: number;
  invalid: number;
  /** Acknowledged by an earlier run (resume). */
  skipped: number;
  invalidRows: InvalidRow[];
}

export function newCounters(): RowCounters {
  return { read: 0, invalid: 0, skipped: 0, invalidRows: [] };
}

export function recordInvalid(counters: RowCounters, invalid: InvalidRow): void {
  counters.invalid++;
  if (counters.invalidRows.length < MAX_INVALID_ROWS_KEPT) counters.invalidRows.push(invalid);
}

export interface UploadRequest {
  api: AudienceApi;
  apiVersion: ApiVersion;
  name: string;
  mode: SyncMode;
  rows: RowBatches;
  tracker: AckTracker;
  counters: RowCounters;
  chunkSize: number;
  /** Set to stop reading (Ctrl-C): chunks already built are still sent and acknowledged. */
  stopRequested: () => boolean;
  /** Aborts requests in flight (a second Ctrl-C). */
  signal: AbortSignal;
  onProgress: (progress: Readonly<BulkProgress>) => void;
  indexingDeadlineMs: number;
}

export interface UploadOutcome {
  result: BulkResult;
  /** Lines of rows never sent because the upload stopped (fatal error or abort). */
  unsentRows: number[];
  interrupted: boolean;
}

/**
 * The bulk API's input: valid rows not acknowledged before, in batches as the reader delivers them
 * (given with `inBatches`, so it awaits once per batch, not once per row). Lines holding no row and
 * invalid rows are marked as having nothing to send, so the checkpoint's "done up to" moves on.
 */
class Operations implements AsyncIterableIterator<SyncItem[]> {
  private finished = false;
  private lastRow = 0;
  interrupted = false;

  constructor(
    private readonly request: UploadRequest,
    private readonly map: PositionMap,
    private readonly toItem: (op: SyncOp) => SyncItem,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<SyncItem[]>> {
    return this.refill();
  }

  async return(): Promise<IteratorResult<SyncItem[]>> {
    this.finished = true;
    return { value: undefined, done: true };
  }

  private async refill(): Promise<IteratorResult<SyncItem[]>> {
    const { counters, tracker, mode, apiVersion } = this.request;
    for (;;) {
      if (this.finished) return { value: undefined, done: true };
      if (this.request.stopRequested()) {
        this.interrupted = true;
        this.finished = true;
        return { value: undefined, done: true };
      }
      const rows = await this.request.rows.next();
      if (rows === undefined) {
        this.finished = true;
        return { value: undefined, done: true };
      }
      const items: SyncItem[] = [];
      for (const input of rows) {
        counters.read++;
        tracker.nothingToSend(this.lastRow + 1, input.row - 1);
        this.lastRow = input.row;
        const op = toSyncOp(input, mode, apiVersion);
        if (isInvalid(op)) {
          recordInvalid(counters, op);
          tracker.nothingToSend(input.row, input.row);
        } else if (tracker.alreadySent(input.row)) {
          counters.skipped++;
        } else {
          this.map.record(input.row);
          items.push(this.toItem(op));
        }
      }
      if (items.length > 0) return { value: items, done: false };
    }
  }
}

const asItem = (op: SyncOp): SyncItem => op;

export async function upload(request: UploadRequest): Promise<UploadOutcome> {
  const { api, name, mode, tracker } = request;
  const replaceFirst = mode === "replace" && tracker.data.replace === null;
  const map = new PositionMap();
  // After the replace call (a resumed replace), the remaining rows are adds.
  const operations = new Operations(request, map, mode === "replace" && !replaceFirst ? addItemOf : asItem);
  const input = inBatches(operations);
  const options = {
    chunkSize: request.chunkSize,
    concurrency: tracker.lanes,
    // Every row is its own operation, so the checkpoint and the failure report can name each line.
    dedupe: false,
    onProgress: request.onProgress,
    onChunkSettled: (chunk: Readonly<ChunkSettled>) =>
      tracker.settled(
        chunk,
        chunk.positions.map((p) => map.rowOf(p)),
      ),
    signal: request.signal,
    maxInvalidItemsReported: 0,
  };
  const indexing = {
    deadlineMs: request.indexingDeadlineMs,
    onPoll: (state: string | undefined) => {
      if (state === "APPLIED" || state === "REPLACED") tracker.replaceIndexed();
    },
  };

  async function run(): Promise<BulkResult> {
    if (replaceFirst) return api.bulkReplace(name, input, { ...options, awaitReplaceIndexing: true, indexing });
    const replaced = tracker.data.replace;
    if (replaced !== null && !replaced.indexed && replaced.token !== null) {
      await api.waitForIndexing(name, replaced.token, { ...indexing, signal: request.signal });
    }
    return api.bulkUpdate(name, input, { ...options, defaultAction: mode === "remove" ? "remove" : "add" });
  }

  let result: BulkResult;
  try {
    result = await run();
  } catch (error) {
    // A second Ctrl-C aborts requests in flight; the bulk API still reports what was settled.
    if (error instanceof BatchAbortedError && error.partialResult) {
      return { result: error.partialResult as BulkResult, unsentRows: [], interrupted: true };
    }
    throw error;
  }
  const unsentRows = result.failedChunks.filter((c) => !c.sent).flatMap((c) => c.positions.map((p) => map.rowOf(p)));
  return { result, unsentRows, interrupted: operations.interrupted };
}
