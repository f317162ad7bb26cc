/**
 * What `batch-audience sync` does: stream a CSV / NDJSON file into an audience through the bulk
 * engine, with validation, progress, a checkpoint for --resume, and a summary. Loaded only when
 * sync runs, so other commands start without the CSV parser and the progress bar.
 */
import { existsSync } from "node:fs";
import type { BulkProgress } from "../../client/bulk/engine.js";
import { BatchNotFoundError } from "../../client/errors.js";
import { MAX_IDS_PER_CALL } from "../../client/validation.js";
import type { AudienceApi } from "../api-adapter.js";
import { type CommonOptions, connectWith } from "../common-options.js";
import { type CliIo, emit } from "../io.js";
import { AckTracker } from "../sync/ack-tracker.js";
import {
  CHECKPOINT_VERSION,
  type CheckpointData,
  defaultCheckpointPath,
  identify,
  mismatch,
  readCheckpoint,
  removeCheckpoint,
} from "../sync/checkpoint.js";
import { type ProgressStyle, startProgress } from "../sync/progress.js";
import { isInvalid, SYNC_MODES, type SyncMode, toSyncOp } from "../sync/row-ops.js";
import { formatOf, type InputRow, openInput, type RowBatches, readRows } from "../sync/rows.js";
import { chunkCounts, failuresOf, renderSummary, type SyncSummary } from "../sync/summary.js";
import { MAX_INVALID_ROWS_KEPT, newCounters, type RowCounters, recordInvalid, upload } from "../sync/upload.js";
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, UsageError } from "../usage-error.js";

export interface SyncOptions extends CommonOptions {
  name: string;
  file: string;
  mode: SyncMode;
  format?: string;
  idColumn?: string;
  ignoreColumn: string[];
  type?: string;
  dryRun?: boolean;
  resume?: boolean;
  restart?: boolean;
  checkpoint?: string;
  wait?: boolean;
  waitTimeout: string;
  concurrency: string;
  chunkSize: string;
  create: boolean;
  progress: string;
  quiet?: boolean;
  /** --concurrency given on the command line (a resume must keep the checkpoint's lane count). */
  concurrencyExplicit?: boolean;
}

function positiveInteger(raw: string, flag: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new UsageError(`${flag} must be an integer from 1 to ${max}, got "${raw}"`);
  return value;
}

function progressStyle(options: SyncOptions, io: CliIo): ProgressStyle {
  if (options.quiet) return "off";
  const wanted = options.progress;
  if (wanted === "auto") return io.stderr.isTTY ? "bar" : "lines";
  return wanted as ProgressStyle;
}

/** Reads the first batch now, so header problems are usage errors before anything is sent. */
async function primed(batches: RowBatches): Promise<RowBatches> {
  let first: InputRow[] | undefined = await batches.next();
  let replayed = false;
  return {
    next() {
      if (!replayed) {
        replayed = true;
        const batch = first;
        first = undefined;
        return Promise.resolve(batch);
      }
      return batches.next();
    },
  };
}

async function dryRun(rows: RowBatches, options: SyncOptions, counters: RowCounters): Promise<void> {
  for (let batch = await rows.next(); batch !== undefined; batch = await rows.next()) {
    for (const row of batch) {
      counters.read++;
      const op = toSyncOp(row, options.mode, options.api);
      if (isInvalid(op)) recordInvalid(counters, op);
    }
  }
}

async function ensureAudience(api: AudienceApi, options: SyncOptions, io: CliIo): Promise<void> {
  try {
    await api.get(options.name);
    return;
  } catch (error) {
    // 2.x writes answer 400 for an unknown audience but view answers 404; both APIs 404 on view.
    if (!(error instanceof BatchNotFoundError) || !options.create) throw error;
  }
  const { indexingToken } = await api.create(options.name, { type: options.type });
  if (!options.json) io.stderr.write(`created audience ${options.name}\n`);
  if (indexingToken !== undefined) await api.waitForIndexing(options.name, indexingToken, { deadlineMs: 60_000 });
}

function freshCheckpoint(options: SyncOptions, lanes: number, input: CheckpointData["input"]): CheckpointData {
  return {
    version: CHECKPOINT_VERSION,
    input,
    api: options.api,
    audience: options.name,
    mode: options.mode,
    lanes,
    watermarks: Array.from({ length: lanes }, () => 0),
    laneTokens: Array.from({ length: lanes }, () => null),
    replace: null,
    rowsAcknowledged: 0,
    chunksAcknowledged: 0,
    updatedAt: new Date().toISOString(),
  };
}

export async function runSync(options: SyncOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  if (!(SYNC_MODES as readonly string[]).includes(options.mode))
    throw new UsageError(`--mode must be add, remove or replace`);
  if (options.mode === "replace" && options.api === "1.0")
    throw new UsageError("Custom Audience API 1.0 has no replace; use --api 1.1 or 2");
  const stdin = options.file === "-";
  if (!stdin && !existsSync(options.file)) throw new UsageError(`--file ${options.file}: no such file`);
  if (stdin && options.resume) throw new UsageError("--resume needs a file (stdin cannot be read twice)");
  const concurrency = positiveInteger(options.concurrency, "--concurrency", 64);
  const chunkSize = positiveInteger(options.chunkSize, "--chunk-size", MAX_IDS_PER_CALL);
  const waitTimeoutMs = positiveInteger(options.waitTimeout, "--wait-timeout", 86_400) * 1000;
  const format = formatOf(options.file, options.format);

  // Checkpoint: decided before anything is read or sent.
  const checkpointFile = stdin ? undefined : (options.checkpoint ?? defaultCheckpointPath(options.file));
  let data: CheckpointData | undefined;
  if (checkpointFile !== undefined && !options.dryRun) {
    const input = identify(options.file);
    const existing = options.restart ? undefined : readCheckpoint(checkpointFile);
    if (existing && !options.resume) {
      throw new UsageError(
        `a checkpoint of an unfinished sync exists (${checkpointFile}): add --resume to continue it or --restart to start over`,
      );
    }
    if (existing) {
      const why = mismatch(existing, { input, api: options.api, audience: options.name, mode: options.mode });
      if (why) throw new UsageError(`cannot resume from ${checkpointFile}: ${why} (use --restart to start over)`);
      if (options.concurrencyExplicit && existing.lanes !== concurrency) {
        throw new UsageError(`--resume must use the checkpoint's --concurrency ${existing.lanes}`);
      }
    }
    data = existing ?? freshCheckpoint(options, concurrency, input);
  }
  data ??= freshCheckpoint(options, concurrency, { path: "-", size: 0, mtimeMs: 0, headSha256: "" });

  const stream = openInput(options.file, io.stdin);
  const source = readRows(stream, format, {
    idColumn: options.idColumn,
    ignore: options.ignoreColumn,
    api: options.api,
    idsOnly: options.mode === "remove",
  });
  const rows = await primed(source.batches);
  const counters = newCounters();

  const base = {
    command: "sync" as const,
    api: options.api,
    audience: options.name,
    mode: options.mode,
    file: options.file,
  };

  if (options.dryRun) {
    await dryRun(rows, options, counters);
    const summary: SyncSummary = {
      ...base,
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
        unsent: 0,
      },
      chunks: chunkCounts(undefined),
      retries: 0,
      seconds: (performance.now() - started) / 1000,
      idsPerSecond: 0,
      indexingTokens: [],
      indexing: null,
      invalidRows: counters.invalidRows,
      invalidRowsTruncated: counters.invalid > MAX_INVALID_ROWS_KEPT,
      failures: [],
      unsentRows: [],
      interrupted: false,
      stoppedEarly: null,
      checkpoint: null,
      checkpointKept: false,
    };
    emit(io, options.json === true, summary, () => renderSummary(summary));
    return summary.ok ? EXIT_OK : EXIT_FAILURE;
  }

  let retries = 0;
  const { api } = connectWith(options, io, {
    type10: options.type,
    logger: (entry) => {
      if (entry.event === "retry") retries++;
    },
  });
  await ensureAudience(api, options, io);

  const tracker = new AckTracker(data, checkpointFile);
  tracker.saveNow();
  let progress: Readonly<BulkProgress> | undefined;
  const total = stdin ? undefined : data.input.size;
  const renderer = startProgress(io.stderr, progressStyle(options, io), () => ({
    bytesRead: source.bytesRead(),
    bytesTotal: total,
    rowsRead: counters.read,
    invalid: counters.invalid,
    skipped: counters.skipped,
    sent: progress?.itemsSent ?? 0,
    accepted: progress?.itemsAccepted ?? 0,
    failed: progress?.itemsFailed ?? 0,
    retries,
    elapsedMs: performance.now() - started,
  }));

  // First Ctrl-C: stop reading and let chunks in flight be acknowledged; second: abort them.
  let stopRequested = false;
  const controller = new AbortController();
  const onSignal = () => {
    if (!stopRequested) {
      stopRequested = true;
      io.stderr.write(
        "\ninterrupted: finishing the chunks in flight and saving the checkpoint (Ctrl-C again to abort them)\n",
      );
    } else controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let outcome;
  try {
    outcome = await upload({
      api,
      apiVersion: options.api,
      name: options.name,
      mode: options.mode,
      rows,
      tracker,
      counters,
      chunkSize,
      stopRequested: () => stopRequested,
      signal: controller.signal,
      onProgress: (p) => {
        progress = p;
      },
      indexingDeadlineMs: waitTimeoutMs,
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    renderer.stop();
    await tracker.flush();
  }
  const { result } = outcome;
  const interrupted = outcome.interrupted || stopRequested;

  let indexing: SyncSummary["indexing"] = null;
  if (options.wait && !interrupted && result.failedChunks.length === 0) {
    const tokens = [
      ...new Set([data.replace?.token ?? null, ...data.laneTokens].filter((t): t is string => t !== null)),
    ];
    const states: string[] = [];
    for (const token of tokens) {
      const outcome = await api.waitForIndexing(options.name, token, { deadlineMs: waitTimeoutMs });
      states.push(String(outcome.state));
    }
    indexing = { waited: true, states };
  }

  const accepted = result.progress.itemsAccepted;
  const failed = result.progress.itemsFailed;
  const everythingAcknowledged = !interrupted && result.failedChunks.length === 0 && result.stoppedEarly === undefined;
  if (checkpointFile !== undefined && everythingAcknowledged) removeCheckpoint(checkpointFile);
  const seconds = (performance.now() - started) / 1000;
  const summary: SyncSummary = {
    ...base,
    ok: everythingAcknowledged && counters.invalid === 0,
    dryRun: false,
    rows: {
      read: counters.read,
      valid: counters.read - counters.invalid,
      invalid: counters.invalid,
      skipped: counters.skipped,
      sent: result.progress.itemsSent,
      accepted,
      failed,
      unsent: outcome.unsentRows.length,
    },
    chunks: chunkCounts(result),
    retries,
    seconds,
    idsPerSecond: Math.round(accepted / seconds),
    indexingTokens: tracker.tokens,
    indexing,
    invalidRows: counters.invalidRows,
    invalidRowsTruncated: counters.invalid > MAX_INVALID_ROWS_KEPT,
    failures: failuresOf(tracker.failures),
    unsentRows: outcome.unsentRows,
    interrupted,
    stoppedEarly: result.stoppedEarly ? result.stoppedEarly.reason.message : null,
    checkpoint: checkpointFile ?? null,
    checkpointKept: checkpointFile !== undefined && !everythingAcknowledged,
  };
  emit(io, options.json === true, summary, () => renderSummary(summary));
  if (interrupted) return EXIT_INTERRUPTED;
  return summary.ok ? EXIT_OK : EXIT_FAILURE;
}
