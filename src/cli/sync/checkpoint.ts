/**
 * The sync checkpoint: a small JSON file that says which rows Batch has acknowledged, so
 * `--resume` sends only the rest.
 *
 * Why per-lane watermarks are enough: the bulk engine hash-partitions IDs into lanes and each lane
 * sends its chunks one after another, in input order. So within a lane, the acknowledged rows are
 * always a prefix of that lane's rows, and "the last line acknowledged in lane L" describes them
 * exactly. A resumed run uses the same number of lanes (so every ID lands in the same lane) and
 * skips a row when its line is at or below its lane's watermark. After a chunk fails, its lane's
 * watermark stops moving for the rest of the run: the failed rows and every later row of that lane
 * are sent again on resume, in order, so no ID ever sees an older operation after a newer one.
 *
 * Written atomically (temporary file + rename), so a crash leaves the previous or the new version.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ApiVersion } from "../keys.js";
import { UsageError } from "../usage-error.js";
import type { SyncMode } from "./row-ops.js";

export const CHECKPOINT_VERSION = 1;
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
  lanes: number;
  /** Highest acknowledged line per lane; 0 = none. */
  watermarks: number[];
  /** Last indexing token per lane (for --wait after a resume). */
  laneTokens: Array<string | null>;
  /** Replace mode: the single replace call, once Batch acknowledged it. */
  replace: { throughRow: number; token: string | null; indexed: boolean } | null;
  rowsAcknowledged: number;
  chunksAcknowledged: number;
  updatedAt: string;
}

export function defaultCheckpointPath(file: string): string {
  return `${file}.batch-sync.json`;
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
    throw error;
  }
  let data: CheckpointData;
  try {
    data = JSON.parse(text) as CheckpointData;
  } catch {
    throw new UsageError(`checkpoint ${file} is not valid JSON; delete it to start over`);
  }
  if (data.version !== CHECKPOINT_VERSION || !Array.isArray(data.watermarks)) {
    throw new UsageError(`checkpoint ${file} was written by another version; delete it to start over`);
  }
  return data;
}

/** Why the checkpoint does not belong to this run, or undefined when it does. */
export function mismatch(
  data: CheckpointData,
  expected: { input: InputIdentity; api: ApiVersion; audience: string; mode: SyncMode },
): string | undefined {
  const a = data.input;
  const b = expected.input;
  if (a.size !== b.size || a.mtimeMs !== b.mtimeMs || a.headSha256 !== b.headSha256) {
    return "the input file changed since the checkpoint was written";
  }
  if (data.api !== expected.api) return `it is for --api ${data.api}`;
  if (data.audience !== expected.audience) return `it is for audience ${data.audience}`;
  if (data.mode !== expected.mode) return `it is for --mode ${data.mode}`;
  return undefined;
}

export function writeCheckpoint(file: string, data: CheckpointData): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ ...data, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(temporary, file);
}

/** The same, off the main thread: the sender does not wait for the disk between chunks. */
export async function writeCheckpointAsync(file: string, data: CheckpointData): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ ...data, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  await rename(temporary, file);
}

export function removeCheckpoint(file: string): void {
  rmSync(file, { force: true });
}
