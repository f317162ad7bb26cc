/**
 * The sync checkpoint: a small JSON file that says which rows Batch has acknowledged, so
 * `--resume` sends only the rest.
 *
 * Why the set of acknowledged lines is enough: the bulk API reports every chunk as it settles, with
 * its lane and input positions, and promises that an ID always goes to the same lane and that a
 * lane's chunks settle in input order. The sync records a lane's acknowledgements only until that
 * lane's first failure in the run (ack-tracker.ts), so for every ID the acknowledged lines are a
 * prefix of its lines in the file. A resumed run skips the acknowledged lines and sends the rest in
 * file order: no ID ever sees an older operation after a newer one. The set is stored as "every line
 * up to N" plus a bitmap of the few after it (ack-set.ts).
 *
 * Written atomically (temporary file + rename), so a crash leaves the previous or the new version.
 * A crash between the two leaves `<checkpoint>.<pid>.tmp` behind; the next run removes it.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../shared/usage-error.js";
import { fileProblem } from "../file-checks.js";
import type { ApiVersion } from "../keys.js";
import type { AckSetData } from "./ack-set.js";
import type { SyncMode } from "./row-ops.js";
import { type Shard, shardLabel } from "./shard.js";

export const CHECKPOINT_VERSION = 2;
const HEAD_BYTES = 64 * 1024;

export interface InputIdentity {
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 of the first 64 KiB. */
  headSha256: string;
}

export interface CheckpointData {
  version: number;
  input: InputIdentity;
  api: ApiVersion;
  audience: string;
  mode: SyncMode;
  /** `--shard K/N` of the run that wrote it; null (or absent, in older files) without --shard. */
  shard?: Shard | null;
  lanes: number;
  /** The lines Batch acknowledged (and those with nothing to send). */
  acknowledged: AckSetData;
  /** Last indexing token per lane (for --wait after a resume). */
  laneTokens: Array<string | null>;
  /** Replace mode: the single replace call, once Batch acknowledged it. */
  replace: { throughRow: number; token: string | null; indexed: boolean } | null;
  rowsAcknowledged: number;
  chunksAcknowledged: number;
  updatedAt: string;
}

/** What a checkpoint's file name ends with: the shard is in it, so N shards of one file never share one. */
export function checkpointSuffix(shard: Shard | undefined): string {
  return shard === undefined ? ".batch-sync.json" : `.shard-${shard.index}-of-${shard.count}.batch-sync.json`;
}

export function defaultCheckpointPath(file: string, shard?: Shard): string {
  return `${file}${checkpointSuffix(shard)}`;
}

/** "--shard 1/4", or "no --shard". */
export function describeShard(shard: Shard | null | undefined): string {
  return shard ? `--shard ${shardLabel(shard)}` : "no --shard";
}

/** True when the checkpoint was written by a run of another shard (or by an unsharded run, or the reverse). */
export function otherShard(data: CheckpointData, shard: Shard | undefined): boolean {
  const written = data.shard ?? undefined;
  return written?.index !== shard?.index || written?.count !== shard?.count;
}

export function identify(file: string): InputIdentity {
  const stat = statSync(file);
  const buffer = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  return {
    path: path.resolve(file),
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    headSha256: createHash("sha256").update(buffer).digest("hex"),
  };
}

export function readCheckpoint(file: string): CheckpointData | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fileProblem("checkpoint", file, error);
  }
  let data: CheckpointData;
  try {
    data = JSON.parse(text) as CheckpointData;
  } catch {
    throw new UsageError(`checkpoint ${file} is not valid JSON; delete it to start over`);
  }
  if (data.version !== CHECKPOINT_VERSION || typeof data.acknowledged?.through !== "number") {
    throw new UsageError(`checkpoint ${file} was written by another version; delete it to start over`);
  }
  return data;
}

/**
 * When the checkpoint belongs to another sync (another API, audience or mode), a description of
 * that sync; undefined when it is this one's.
 */
export function otherSync(
  data: CheckpointData,
  expected: { api: ApiVersion; audience: string; mode: SyncMode },
): string | undefined {
  if (data.api === expected.api && data.audience === expected.audience && data.mode === expected.mode) return undefined;
  return `audience "${data.audience}" (--api ${data.api}, --mode ${data.mode})`;
}

/** True when the input file is not the one the checkpoint was written for. */
export function inputChanged(data: CheckpointData, input: InputIdentity): boolean {
  const a = data.input;
  return a.size !== input.size || a.mtimeMs !== input.mtimeMs || a.headSha256 !== input.headSha256;
}

function temporaryOf(file: string, pid = process.pid): string {
  return `${file}.${pid}.tmp`;
}

export function writeCheckpoint(file: string, data: CheckpointData): void {
  const temporary = temporaryOf(file);
  writeFileSync(temporary, `${JSON.stringify({ ...data, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(temporary, file);
}

/** The same, off the main thread: the sender does not wait for the disk between chunks. */
export async function writeCheckpointAsync(file: string, data: CheckpointData): Promise<void> {
  const temporary = temporaryOf(file);
  await writeFile(temporary, `${JSON.stringify({ ...data, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  await rename(temporary, file);
}

export function removeCheckpoint(file: string): void {
  rmSync(file, { force: true });
  rmSync(temporaryOf(file), { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files of earlier runs killed between writing and renaming (SIGKILL, power
 * loss). A file whose process still runs is left alone: it may be a sync in progress.
 */
export function removeStaleTemporaries(file: string): string[] {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith(".tmp") ? Number(name.slice(prefix.length, -4)) : Number.NaN;
    if (!Number.isInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Proves the checkpoint can be written where it will be, before anything is sent to Batch: writes
 * this run's temporary file and removes it. Throws the file system's error.
 */
export function probeWritable(file: string): void {
  const temporary = temporaryOf(file);
  writeFileSync(temporary, "");
  rmSync(temporary, { force: true });
}
