/**
 * What `batch-audience sync` does: check everything that can be checked (options, input, keys,
 * checkpoint location, confirmation), then stream the file into the audience through the bulk
 * engine with progress and a checkpoint for --resume, and print a summary. Loaded only when sync
 * runs, so other commands start without the CSV parser and the progress bar.
 */
import { BatchAlreadyExistsError, BatchNotFoundError } from "../../index.js";
import type { AudienceApi } from "../api-adapter.js";
import { type Connected, connectWith } from "../common-options.js";
import { confirmDestructive } from "../confirm.js";
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from "../exit-codes.js";
import { type CliIo, emit } from "../io.js";
import { AckTracker } from "../sync/ack-tracker.js";
import type { CheckpointData } from "../sync/checkpoint.js";
import { removeCheckpoint } from "../sync/checkpoint.js";
import { type CheckpointPlan, planCheckpoint } from "../sync/checkpoint-plan.js";
import { SyncInterrupt } from "../sync/interrupt.js";
import { type OpenedRows, openSyncRows } from "../sync/open-rows.js";
import { type ProgressStyle, startProgress } from "../sync/progress.js";
import { isInvalid, toSyncOp } from "../sync/row-ops.js";
import { type SyncOptions, type SyncSettings, syncSettings } from "../sync/settings.js";
import type { SyncSummary } from "../sync/summary.js";
import { renderSummary } from "../sync/summary.js";
import { dryRunSummary, uploadSummary } from "../sync/sync-report.js";
import { newCounters, type RowCounters, recordInvalid, type UploadOutcome, upload } from "../sync/upload.js";

export type { SyncOptions } from "../sync/settings.js";

function progressStyle(options: SyncOptions, io: CliIo): ProgressStyle {
  if (options.quiet) return "off";
  // --verbose writes log lines to stderr as they come: a bar redrawn in place would garble them.
  if (options.progress === "auto") return io.stderr.isTTY && !options.verbose ? "bar" : "lines";
  return options.progress as ProgressStyle;
}

async function dryRun(
  input: OpenedRows,
  context: { options: SyncOptions; settings: SyncSettings; io: CliIo; started: number },
): Promise<number> {
  const { options, settings, io, started } = context;
  const rows = input.rows;
  const counters = newCounters();
  for (let batch = await rows.next(); batch !== undefined; batch = await rows.next()) {
    for (const row of batch) {
      counters.read++;
      const op = toSyncOp(row, options.mode, options.api);
      if (isInvalid(op)) recordInvalid(counters, op);
    }
  }
  const summary = dryRunSummary(options, counters, started, {
    shard: settings.shard,
    otherShards: input.otherShards(),
  });
  emit(io, options.json === true, summary, () => renderSummary(summary));
  return summary.ok ? EXIT_OK : EXIT_FAILURE;
}

async function ensureAudience(api: AudienceApi, options: SyncOptions, io: CliIo): Promise<void> {
  try {
    await api.get(options.name);
    return;
  } catch (error) {
    // 2.x writes answer 400 for an unknown audience but view answers 404; both APIs 404 on view.
    if (!(error instanceof BatchNotFoundError) || !options.create) throw error;
  }
  let indexingToken: string | undefined;
  try {
    ({ indexingToken } = await api.create(options.name, { type: options.type }));
  } catch (error) {
    // Another process (a shard of the same file) created it between our view and our create.
    if (error instanceof BatchAlreadyExistsError) return;
    throw error;
  }
  if (!options.json) io.stderr.write(`created audience ${options.name}\n`);
  if (indexingToken !== undefined) await api.waitForIndexing(options.name, indexingToken, { deadlineMs: 60_000 });
}

/** Replace and remove take IDs out of a production audience: ask first (confirm.ts). */
async function confirmIfDestructive(io: CliIo, target: Connected, options: SyncOptions): Promise<void> {
  if (options.mode === "add") return;
  const action =
    options.mode === "replace"
      ? `replace every ID of`
      : `remove the IDs of ${options.file === "-" ? "stdin" : options.file} from`;
  await confirmDestructive(io, target, {
    action,
    audience: options.name,
    api: options.api,
    apiVersion: options.apiVersion,
    yes: options.yes,
  });
}

interface Upload {
  outcome: UploadOutcome;
  tracker: AckTracker;
  counters: RowCounters;
  interrupted: boolean;
  aborted: boolean;
}

async function send(
  api: AudienceApi,
  input: OpenedRows,
  plan: CheckpointPlan,
  settings: SyncSettings,
  context: { options: SyncOptions; io: CliIo; started: number; retries: () => number },
): Promise<Upload> {
  const { options, io, started } = context;
  const tracker = new AckTracker(plan.data, plan.file);
  tracker.saveNow();
  const counters = newCounters();
  let progress: UploadOutcome["result"]["progress"] | undefined;
  const interrupt = new SyncInterrupt();
  const renderer = startProgress(io.stderr, progressStyle(options, io), () => ({
    bytesRead: input.bytesRead(),
    bytesTotal: settings.stdin ? undefined : plan.data.input.size,
    rowsRead: counters.read,
    invalid: counters.invalid,
    skipped: counters.skipped,
    sent: progress?.itemsSent ?? 0,
    accepted: progress?.itemsAccepted ?? 0,
    failed: progress?.itemsFailed ?? 0,
    retries: context.retries(),
    elapsedMs: performance.now() - started,
    throttle: progress?.throttle,
  }));
  const stopListening = interrupt.listen(io, (text) => renderer.note(text));
  let outcome: UploadOutcome;
  try {
    outcome = await upload({
      api,
      apiVersion: options.api,
      name: options.name,
      mode: options.mode,
      rows: input.rows,
      tracker,
      counters,
      chunkSize: settings.chunkSize,
      stopRequested: () => interrupt.stopRequested,
      signal: interrupt.signal,
      onProgress: (p) => {
        progress = p;
      },
      indexingDeadlineMs: settings.waitTimeoutMs,
    });
  } finally {
    stopListening();
    // After an abort the engine counts the cut-off rows as failed: the summary tells them apart.
    renderer.stop(!interrupt.signal.aborted);
    await tracker.flush();
  }
  const interrupted = outcome.interrupted || interrupt.stopRequested;
  return { outcome, tracker, counters, interrupted, aborted: interrupt.signal.aborted };
}

async function waitForIndexing(api: AudienceApi, data: CheckpointData, options: SyncOptions, timeoutMs: number) {
  const tokens = [...new Set([data.replace?.token ?? null, ...data.laneTokens].filter((t): t is string => t !== null))];
  const states: string[] = [];
  for (const token of tokens) {
    const outcome = await api.waitForIndexing(options.name, token, { deadlineMs: timeoutMs });
    states.push(String(outcome.state));
  }
  return { waited: true, states };
}

export async function runSync(options: SyncOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  const settings = syncSettings(options);
  if (options.dryRun) return dryRun(await openSyncRows(options, settings, io), { options, settings, io, started });

  // Everything that can fail without Batch fails here, before the first write to Batch.
  const plan = planCheckpoint(options, settings, io.env);
  for (const note of plan.notes) io.stderr.write(`${note}\n`);
  const input = await openSyncRows(options, settings, io);
  let retries = 0;
  const target = connectWith(options, io, {
    type10: options.type,
    logger: (entry) => {
      if (entry.event === "retry") retries++;
    },
  });
  await confirmIfDestructive(io, target, options);
  await ensureAudience(target.api, options, io);

  const run = await send(target.api, input, plan, settings, { options, io, started, retries: () => retries });
  const { result } = run.outcome;
  const complete = !run.interrupted && result.failedChunks.length === 0 && result.stoppedEarly === undefined;
  let indexing: SyncSummary["indexing"] = null;
  if (options.wait && complete)
    indexing = await waitForIndexing(target.api, plan.data, options, settings.waitTimeoutMs);
  if (plan.file !== undefined && complete) removeCheckpoint(plan.file);
  const sharding = { shard: settings.shard, otherShards: input.otherShards() };
  const summary = uploadSummary({
    ...run,
    options,
    started,
    retries,
    complete,
    indexing,
    checkpoint: plan.file,
    sharding,
  });
  emit(io, options.json === true, summary, () => renderSummary(summary));
  if (run.interrupted) return EXIT_INTERRUPTED;
  return summary.ok ? EXIT_OK : EXIT_FAILURE;
}
