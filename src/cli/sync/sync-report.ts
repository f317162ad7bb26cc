/** Builds `sync`'s summary from what the run counted (rows, the engine's result, the checkpoint). */
import type { BulkProgress } from "../../index.js";
import type { AckTracker } from "./ack-tracker.js";
import type { SyncOptions } from "./settings.js";
import { type Shard, shardLabel } from "./shard.js";
import { abortedItems, abortedRowsOf, chunkCounts, failuresOf, type SyncSummary } from "./summary.js";
import { MAX_INVALID_ROWS_KEPT, type RowCounters, type UploadOutcome } from "./upload.js";

function base(options: SyncOptions, shard: Shard | undefined) {
  const { api, name: audience, mode, file } = options;
  return { command: "sync" as const, api, audience, mode, file, shard: shard ? shardLabel(shard) : null };
}

const secondsSince = (started: number) => (performance.now() - started) / 1000;

/** Where the rows of other shards were counted (--shard). */
export interface ShardFacts {
  shard: Shard | undefined;
  otherShards: number;
}

export function dryRunSummary(
  options: SyncOptions,
  counters: RowCounters,
  started: number,
  sharding: ShardFacts,
): SyncSummary {
  return {
    ...base(options, sharding.shard),
    ok: counters.invalid === 0,
    dryRun: true,
    rows: {
      read: counters.read,
      valid: counters.read - counters.invalid,
      invalid: counters.invalid,
      skipped: 0,
      sent: 0,
      accepted: 0,
      failed: 0,
      aborted: 0,
      unsent: 0,
      otherShards: sharding.otherShards,
    },
    chunks: chunkCounts(undefined),
    retries: 0,
    seconds: secondsSince(started),
    throttle: null,
    idsPerSecond: 0,
    indexingTokens: [],
    indexing: null,
    invalidRows: counters.invalidRows,
    invalidRowsTruncated: counters.invalid > MAX_INVALID_ROWS_KEPT,
    failures: [],
    abortedRows: [],
    unsentRows: [],
    interrupted: false,
    stoppedEarly: null,
    checkpoint: null,
    checkpointKept: false,
  };
}

export interface UploadFacts {
  options: SyncOptions;
  started: number;
  counters: RowCounters;
  outcome: UploadOutcome;
  tracker: AckTracker;
  retries: number;
  interrupted: boolean;
  /** A second Ctrl-C aborted the requests in flight. */
  aborted: boolean;
  /** Every row acknowledged: nothing to resume. */
  complete: boolean;
  indexing: SyncSummary["indexing"];
  checkpoint: string | undefined;
  sharding: ShardFacts;
}

function throttleOf(throttle: BulkProgress["throttle"]): SyncSummary["throttle"] {
  if (!throttle) return null;
  return { rate: throttle.rate ?? null, throttledMs: Math.round(throttle.throttledMs), refusals: throttle.refusals };
}

export function uploadSummary(facts: UploadFacts): SyncSummary {
  const { counters, outcome, tracker } = facts;
  const { result } = outcome;
  const seconds = secondsSince(facts.started);
  const cutOff = abortedItems(result);
  const failed = result.progress.itemsFailed - cutOff;
  const accepted = result.progress.itemsAccepted;
  // After an abort, every row read and not settled was cut off: in flight, queued in a lane, or
  // still in a chunk being filled. All of them are sent again by --resume.
  const aborted = facts.aborted
    ? Math.max(cutOff, counters.read - counters.invalid - counters.skipped - accepted - failed)
    : cutOff;
  return {
    ...base(facts.options, facts.sharding.shard),
    ok: facts.complete && counters.invalid === 0,
    dryRun: false,
    rows: {
      read: counters.read,
      valid: counters.read - counters.invalid,
      invalid: counters.invalid,
      skipped: counters.skipped,
      sent: result.progress.itemsSent,
      accepted,
      failed,
      aborted,
      unsent: outcome.unsentRows.length,
      otherShards: facts.sharding.otherShards,
    },
    chunks: chunkCounts(result),
    retries: facts.retries,
    throttle: throttleOf(result.progress.throttle),
    seconds,
    idsPerSecond: Math.round(accepted / seconds),
    indexingTokens: tracker.tokens,
    indexing: facts.indexing,
    invalidRows: counters.invalidRows,
    invalidRowsTruncated: counters.invalid > MAX_INVALID_ROWS_KEPT,
    failures: failuresOf(tracker.failures),
    abortedRows: abortedRowsOf(tracker.failures),
    unsentRows: outcome.unsentRows,
    interrupted: facts.interrupted,
    stoppedEarly: result.stoppedEarly ? result.stoppedEarly.reason.message : null,
    checkpoint: facts.checkpoint ?? null,
    checkpointKept: facts.checkpoint !== undefined && !facts.complete,
  };
}
