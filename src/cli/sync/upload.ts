/**
 * Sends the rows through the client's bulk engine (lanes, chunking, backpressure, accounting),
 * with senders that record every acknowledgement in the checkpoint as it happens.
 */
import { type BulkProgress, type BulkResult, runBulkReplace, runBulkUpdate } from "../../client/bulk/engine.js";
import { inBatches } from "../../client/bulk/item-source.js";
import { laneOf } from "../../client/bulk/lanes.js";
import { BatchAbortedError } from "../../client/errors.js";
import type { IdOperation } from "../../client/validation.js";
import type { AudienceApi } from "../api-adapter.js";
import type { ApiVersion } from "../keys.js";
import type { AckTracker } from "./ack-tracker.js";
import { PositionMap } from "./position-map.js";
import { RowLedger } from "./row-ledger.js";
import {
  addItemOf,
  type InvalidRow,
  idOfOp,
  isInvalid,
  replaceEntryOf,
  type SyncMode,
  type SyncOp,
  toSyncOp,
  updateItemOf,
} from "./row-ops.js";
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
 * The engine's input: valid rows not acknowledged before, in batches as the reader delivers them
 * (given to the engine with `inBatches`, so it awaits once per batch, not once per row).
 */
class Operations implements AsyncIterableIterator<SyncOp[]> {
  private finished = false;
  interrupted = false;
  private readonly resuming: boolean;

  constructor(
    private readonly request: UploadRequest,
    private readonly map: PositionMap,
    private readonly ledger: RowLedger,
  ) {
    const data = request.tracker.data;
    this.resuming = data.replace !== null || data.watermarks.some((w) => w > 0);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<SyncOp[]>> {
    return this.refill();
  }

  async return(): Promise<IteratorResult<SyncOp[]>> {
    this.finished = true;
    return { value: undefined, done: true };
  }

  private async refill(): Promise<IteratorResult<SyncOp[]>> {
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
      const ops: SyncOp[] = [];
      for (const input of rows) {
        counters.read++;
        const op = toSyncOp(input, mode, apiVersion);
        if (isInvalid(op)) {
          recordInvalid(counters, op);
          continue;
        }
        const id = idOfOp(op);
        if (this.resuming && tracker.alreadySent(id, input.row)) {
          counters.skipped++;
          continue;
        }
        this.map.record(input.row);
        this.ledger.record(id, input.row);
        ops.push(op);
      }
      if (ops.length > 0) return { value: ops, done: false };
    }
  }
}

export async function upload(request: UploadRequest): Promise<UploadOutcome> {
  const { api, name, mode, tracker } = request;
  const replaceFirst = mode === "replace" && tracker.data.replace === null;
  const lanes = tracker.lanes;
  const map = new PositionMap();
  const ledger = new RowLedger(lanes, replaceFirst ? request.chunkSize : 0);
  const operations = new Operations(request, map, ledger);
  const input = inBatches(operations);
  const bulkOptions = {
    chunkSize: request.chunkSize,
    concurrency: lanes,
    // Every row is its own operation, so the checkpoint and the failure report can name each line.
    dedupe: false,
    onProgress: request.onProgress,
    signal: request.signal,
    maxInvalidItemsReported: 0,
  };
  const identity = (op: SyncOp) => op;

  const sendUpdate = (toItem: (op: SyncOp) => IdOperation) => async (ops: SyncOp[], ctx: { signal: AbortSignal }) => {
    const lane = laneOf(idOfOp(ops[0]!), lanes);
    let outcome;
    try {
      outcome = await api.update(name, ops.map(toItem), { signal: ctx.signal });
    } catch (error) {
      tracker.failed(lane, ledger.takeLane(lane, ops.length), error);
      throw error;
    }
    tracker.acknowledged(lane, ledger.takeLane(lane, ops.length), outcome.indexingToken);
    return outcome;
  };

  const sendReplace = async (ops: SyncOp[], ctx: { signal: AbortSignal }) => {
    let outcome;
    try {
      outcome = await api.replace(name, ops.map(replaceEntryOf), { signal: ctx.signal });
    } catch (error) {
      tracker.failed(undefined, ledger.takeFirstCall(ops.length), error);
      throw error;
    }
    tracker.replaceAcknowledged(ledger.takeFirstCall(ops.length), outcome.indexingToken);
    return outcome;
  };

  const waitReplace = async (token: string, signal: AbortSignal) => {
    await api.waitForIndexing(name, token, { signal, deadlineMs: request.indexingDeadlineMs });
    tracker.replaceIndexed();
  };

  async function run(): Promise<BulkResult> {
    if (!replaceFirst) {
      const replaced = tracker.data.replace;
      if (replaced !== null && !replaced.indexed && replaced.token !== null)
        await waitReplace(replaced.token, request.signal);
      const toItem =
        mode === "replace"
          ? addItemOf
          : mode === "remove"
            ? (op: SyncOp) => updateItemOf(op, "remove")
            : (op: SyncOp) => updateItemOf(op, "add");
      return runBulkUpdate(input, { operation: "update", prepare: identity, send: sendUpdate(toItem) }, bulkOptions);
    }
    return runBulkReplace<SyncOp, SyncOp, SyncOp>(
      input,
      { prepare: identity, sendReplace, toAdd: identity, sendAdd: sendUpdate(addItemOf), awaitIndexing: waitReplace },
      bulkOptions,
    );
  }

  let result: BulkResult;
  try {
    result = await run();
  } catch (error) {
    // A second Ctrl-C aborts requests in flight; the engine still reports what was settled.
    if (error instanceof BatchAbortedError && error.partialResult) {
      return { result: error.partialResult as BulkResult, unsentRows: [], interrupted: true };
    }
    throw error;
  }
  const unsentRows = result.failedChunks.filter((c) => !c.sent).flatMap((c) => c.positions.map((p) => map.rowOf(p)));
  return { result, unsentRows, interrupted: operations.interrupted };
}
