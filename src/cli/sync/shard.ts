/**
 * `sync --shard K/N`: N processes each send the rows of one shard of the same file. A row belongs
 * to shard `shardOf(id, N)`, a pure function of the ID, so every operation on one ID (an add and a
 * later remove) lands in the same process and keeps its file order there.
 *
 * K is 0-based (0 ≤ K < N) so that job runners' indexes map directly: a Kubernetes Indexed Job's
 * `$JOB_COMPLETION_INDEX` and a CI matrix `[0, 1, 2, 3]` both count from 0.
 *
 * The hash is FNV-1a over UTF-16 code units (shared/fnv1a.ts, as the lanes) passed through MurmurHash3's 32-bit
 * finaliser, reduced with the high bits (`floor(h · N / 2³²)`). The lanes inside a process use the
 * low bits of plain FNV-1a (`h mod lanes`); taking the shard from the mixed high bits keeps the two
 * independent, so each shard still spreads its rows over every lane.
 */

import { hashId } from "../../shared/fnv1a.js";
import { UsageError } from "../../shared/usage-error.js";
import type { InputRow, RowBatches } from "./rows.js";

export const MAX_SHARDS = 1024;

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

/** MurmurHash3's fmix32: every input bit reaches every output bit. */
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The shard (0-based) an ID belongs to, out of `count`. Stable across runs, machines and versions. */
export function shardOf(id: string, count: number): number {
  if (count === 1) return 0;
  return Math.floor((mix(hashId(id)) * count) / 2 ** 32);
}

/** Parses `--shard K/N` (0-based K). */
export function parseShard(raw: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const fix = `write it as K/N with 0 ≤ K < N ≤ ${MAX_SHARDS} (K is 0-based, e.g. --shard 0/4 … --shard 3/4)`;
  if (!match) throw new UsageError(`--shard must be K/N, got "${raw}": ${fix}`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard ${raw}: N must be from 1 to ${MAX_SHARDS}`);
  if (index >= count) throw new UsageError(`--shard ${raw}: K must be below N (K counts from 0): ${fix}`);
  return { index, count };
}

export const shardLabel = (shard: Shard) => `${shard.index}/${shard.count}`;

/**
 * Which shard a row goes to. A row without a usable ID (unreadable, or an ID that is not a string)
 * is still invalid in exactly one shard, chosen by its line, so N shards report it once, not N times.
 */
function rowShard(row: InputRow, count: number): number {
  return typeof row.id === "string" && row.id !== "" ? shardOf(row.id, count) : row.row % count;
}

export interface ShardedRows {
  rows: RowBatches;
  /** Rows read so far that belong to other shards. */
  otherShards(): number;
}

/** Keeps the rows of `shard` (in file order) and counts the others. */
export function onlyShard(rows: RowBatches, shard: Shard | undefined): ShardedRows {
  if (shard === undefined || shard.count === 1) return { rows, otherShards: () => 0 };
  let others = 0;
  return {
    otherShards: () => others,
    rows: {
      async next() {
        for (;;) {
          const batch = await rows.next();
          if (batch === undefined) return undefined;
          const kept = batch.filter((row) => rowShard(row, shard.count) === shard.index);
          others += batch.length - kept.length;
          if (kept.length > 0) return kept;
        }
      },
    },
  };
}
