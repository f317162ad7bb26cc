/**
 * Sends the rows through the client's bulk engine (lanes, chunking, backpressure, accounting),
 * with senders that record every acknowledgement in the checkpoint as it happens.
 */
import { runBulkReplace, runBulkUpdate, type BulkProgress, type BulkResult } from "../../bulk/engine.js";
import { BatchAbortedError } from "../../errors.js";
import type { AudienceApi } from "../api-adapter.js";
import type { AckTracker } from "./ack-tracker.js";
import { PositionMap } from "./position-map.js";
import { isInvalid, replaceEntryOf, toSyncOp, updateItemOf, type InvalidRow, type SyncMode, type SyncOp } from "./row-ops.js";
import type { InputRow } from "./rows.js";
import type { ApiVersion } from "../keys.js";

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
  rows: AsyncIterable<InputRow>;
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

async function* operations(request: UploadRequest, map: PositionMap, state: { interrupted: boolean }): AsyncGenerator<SyncOp> {
  const { counters, tracker, mode, apiVersion } = request;
  for await (const row of request.rows) {
    if (request.stopRequested()) {
      state.interrupted = true;
      return;
    }
    counters.read++;
    const op = toSyncOp(row, mode, apiVersion);
    if (isInvalid(op)) {
      recordInvalid(counters, op);
      continue;
    }
    if (tracker.alreadySent(op)) {
      counters.skipped++;
      continue;
    }
    map.record(op.row);
    yield op;
  }
}

export async function upload(request: UploadRequest): Promise<UploadOutcome> {
  const { api, name, mode, tracker } = request;
  const map = new PositionMap();
  const state = { interrupted: false };
  const input = operations(request, map, state);
  const bulkOptions = {
    chunkSize: request.chunkSize,
    concurrency: tracker.lanes,
    // Every row is its own operation, so the checkpoint and the failure report can name each line.
    dedupe: false,
    onProgress: request.onProgress,
    signal: request.signal,
    maxInvalidItemsReported: 0,
  };
  const identity = (op: SyncOp) => op;

  const sendUpdate = (action: "add" | "remove", fromReplace: boolean) => async (ops: SyncOp[], ctx: { signal: AbortSignal }) => {
    const items = fromReplace ? ops.map((op) => ({ action: "add" as const, ...replaceEntryOf(op) })) : ops.map((op) => updateItemOf(op, action));
    try {
      const outcome = await api.update(name, items, { signal: ctx.signal });
      tracker.acknowledged(ops, outcome.indexingToken);
      return outcome;
    } catch (error) {
      tracker.failed(ops, error, false);
      throw error;
    }
  };

  const waitReplace = async (token: string, signal: AbortSignal) => {
    await api.waitForIndexing(name, token, { signal, deadlineMs: request.indexingDeadlineMs });
    tracker.replaceIndexed();
  };

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
  return { result, unsentRows, interrupted: state.interrupted };

  async function run(): Promise<BulkResult> {
  const replaceDone = tracker.data.replace;
  if (mode !== "replace" || replaceDone !== null) {
    if (replaceDone !== null && !replaceDone.indexed && replaceDone.token !== null) {
      await waitReplace(replaceDone.token, request.signal);
    }
    return runBulkUpdate(input, { operation: "update", prepare: identity, send: sendUpdate(mode === "remove" ? "remove" : "add", mode === "replace") }, bulkOptions);
  } else {
    return runBulkReplace<SyncOp, SyncOp, SyncOp>(
      input,
      {
        prepare: identity,
        sendReplace: async (ops, ctx) => {
          try {
            const outcome = await api.replace(name, ops.map(replaceEntryOf), { signal: ctx.signal });
            tracker.replaceAcknowledged(ops, outcome.indexingToken);
            return outcome;
          } catch (error) {
            tracker.failed(ops, error, true);
            throw error;
          }
        },
        toAdd: identity,
        sendAdd: sendUpdate("add", true),
        awaitIndexing: waitReplace,
      },
      bulkOptions,
    );
  }
  }
}
