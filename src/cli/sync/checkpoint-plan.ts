/**
 * Where the sync checkpoint lives and what it starts from, decided before anything is sent:
 * `<file>.batch-sync.json` next to the input, or, when the input's folder is not writable, a file
 * in `$XDG_STATE_HOME/batch-audience/checkpoints/` (default `~/.local/state/…`) named after the
 * input's path; an existing checkpoint is resumed, refused or discarded as the flags say.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { UsageError } from "../../shared/usage-error.js";
import {
  CHECKPOINT_VERSION,
  type CheckpointData,
  checkpointSuffix,
  defaultCheckpointPath,
  describeShard,
  type InputIdentity,
  identify,
  inputChanged,
  otherShard,
  otherSync,
  probeWritable,
  readCheckpoint,
  removeStaleTemporaries,
} from "./checkpoint.js";
import type { SyncOptions, SyncSettings } from "./settings.js";
import type { Shard } from "./shard.js";

export interface CheckpointPlan {
  /** Undefined when reading stdin (nothing to resume from). */
  file: string | undefined;
  data: CheckpointData;
  /** Lines for stderr (where the checkpoint went, what was found). */
  notes: string[];
}

const STDIN_IDENTITY: InputIdentity = { path: "-", size: 0, mtimeMs: 0, headSha256: "" };

export function fallbackCheckpointPath(file: string, env: NodeJS.ProcessEnv, shard?: Shard): string {
  const stateHome =
    env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME)
      ? env.XDG_STATE_HOME
      : path.join(env.HOME || homedir(), ".local", "state");
  const digest = createHash("sha256").update(path.resolve(file)).digest("hex").slice(0, 16);
  return path.join(
    stateHome,
    "batch-audience",
    "checkpoints",
    `${path.basename(file)}.${digest}${checkpointSuffix(shard)}`,
  );
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

function writableAt(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  probeWritable(file);
}

function locate(
  options: SyncOptions,
  env: NodeJS.ProcessEnv,
  shard: Shard | undefined,
): { file: string; fallback: boolean } {
  if (options.checkpoint !== undefined) {
    try {
      writableAt(options.checkpoint);
    } catch (error) {
      throw new UsageError(
        `--checkpoint ${options.checkpoint}: cannot write there (${codeOf(error)}); choose a writable path`,
      );
    }
    return { file: options.checkpoint, fallback: false };
  }
  const primary = defaultCheckpointPath(options.file, shard);
  const fallback = fallbackCheckpointPath(options.file, env, shard);
  // A checkpoint left by an earlier run is used where it is.
  const candidates = existsSync(primary) ? [primary] : existsSync(fallback) ? [fallback] : [primary, fallback];
  const problems: string[] = [];
  for (const file of candidates) {
    try {
      writableAt(file);
      return { file, fallback: file === fallback };
    } catch (error) {
      problems.push(`${file}: ${codeOf(error)}`);
    }
  }
  throw new UsageError(`cannot write the sync checkpoint (${problems.join("; ")}); give a writable --checkpoint PATH`);
}

function freshCheckpoint(options: SyncOptions, settings: SyncSettings, input: InputIdentity): CheckpointData {
  const lanes = settings.concurrency;
  return {
    version: CHECKPOINT_VERSION,
    input,
    api: options.api,
    audience: options.name,
    mode: options.mode,
    shard: settings.shard ?? null,
    lanes,
    acknowledged: { through: 0, beyond: "" },
    laneTokens: Array.from({ length: lanes }, () => null),
    replace: null,
    rowsAcknowledged: 0,
    chunksAcknowledged: 0,
    updatedAt: new Date().toISOString(),
  };
}

/** Throws a UsageError when the existing checkpoint cannot be used by this run. */
function checkExisting(existing: CheckpointData, file: string, options: SyncOptions, settings: SyncSettings): void {
  if (otherShard(existing, settings.shard)) {
    throw new UsageError(
      `${file} is the checkpoint of a sync with ${describeShard(existing.shard)}, not ${describeShard(settings.shard)}: a shard resumes only its own checkpoint; run it with ${describeShard(existing.shard)}, or give this one its own --checkpoint PATH`,
    );
  }
  const other = otherSync(existing, { api: options.api, audience: options.name, mode: options.mode });
  if (other) {
    throw new UsageError(
      `${file} is the checkpoint of an unfinished sync of ${other}: give this sync its own with --checkpoint PATH (--restart would discard the other one)`,
    );
  }
  if (!options.resume) {
    throw new UsageError(
      `a checkpoint of an unfinished sync exists (${file}): add --resume to continue it or --restart to start over`,
    );
  }
  if (inputChanged(existing, identify(options.file))) {
    throw new UsageError(
      `cannot resume from ${file}: the input file changed since the checkpoint was written (--restart to start over)`,
    );
  }
  if (options.concurrencyExplicit && existing.lanes !== settings.concurrency)
    throw new UsageError(`--resume must use the checkpoint's --concurrency ${existing.lanes}`);
}

/**
 * Checkpoints next to `file` left by runs that split the input differently (another --shard N, or
 * with/without --shard): resuming under another split would start this one from the first row.
 */
function otherSplits(checkpoint: string, input: string, shard: Shard | undefined): string[] {
  const base = path.basename(input);
  const own = path.basename(checkpoint);
  const pattern = /^\.(shard-\d+-of-\d+\.)?batch-sync\.json$/;
  let names: string[];
  try {
    names = readdirSync(path.dirname(checkpoint));
  } catch {
    return [];
  }
  const count = shard?.count ?? 1;
  return names.filter((name) => {
    if (name === own || !name.startsWith(base) || !pattern.test(name.slice(base.length))) return false;
    const split = /shard-\d+-of-(\d+)/.exec(name);
    return Number(split?.[1] ?? 1) !== count;
  });
}

export function planCheckpoint(options: SyncOptions, settings: SyncSettings, env: NodeJS.ProcessEnv): CheckpointPlan {
  if (settings.stdin) return { file: undefined, data: freshCheckpoint(options, settings, STDIN_IDENTITY), notes: [] };
  const { file, fallback } = locate(options, env, settings.shard);
  const notes = fallback ? [`checkpoint: ${file} (the input's folder is not writable)`] : [];
  removeStaleTemporaries(file);
  const existing = options.restart ? undefined : readCheckpoint(file);
  if (existing === undefined) {
    const others =
      options.resume && options.checkpoint === undefined ? otherSplits(file, options.file, settings.shard) : [];
    if (others.length > 0)
      throw new UsageError(
        `--resume with ${describeShard(settings.shard)} found no checkpoint of its own, but ${others.join(", ")} exist: resume each with the --shard in its name (or none), or --restart to start this split over`,
      );
    if (options.resume) notes.push(`no checkpoint at ${file}: starting from the first row`);
    return { file, data: freshCheckpoint(options, settings, identify(options.file)), notes };
  }
  checkExisting(existing, file, options, settings);
  return { file, data: existing, notes };
}
