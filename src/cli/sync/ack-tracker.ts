/**
 * Keeps the checkpoint in step with what Batch acknowledged (see checkpoint.ts for why per-lane
 * watermarks are exact), and remembers the line numbers of rows whose chunk failed.
 */
import { laneOf } from "../../bulk/lanes.js";
import { writeCheckpoint, writeCheckpointAsync, type CheckpointData } from "./checkpoint.js";
import type { SyncOp } from "./row-ops.js";

export interface FailedRows {
  rows: number[];
  error: unknown;
}

export class AckTracker {
  private readonly broken: boolean[];
  private dirty = false;
  private writing: Promise<void> | undefined;
  private writeError: unknown;
  readonly failures: FailedRows[] = [];
  /** Indexing tokens returned during this run, in order. */
  readonly tokens: string[] = [];

  constructor(
    readonly data: CheckpointData,
    /** Where to persist; undefined when there is no checkpoint (stdin input). */
    private readonly file: string | undefined,
  ) {
    this.broken = data.watermarks.map(() => false);
  }

  get lanes(): number {
    return this.data.lanes;
  }

  /** True when a previous run already had this row acknowledged. */
  alreadySent(op: SyncOp): boolean {
    const replace = this.data.replace;
    if (replace !== null && op.row <= replace.throughRow) return true;
    return op.row <= this.data.watermarks[laneOf(op.id, this.data.lanes)]!;
  }

  acknowledged(ops: readonly SyncOp[], token: string | undefined): void {
    if (token !== undefined) this.tokens.push(token);
    const lane = laneOf(ops[0]!.id, this.data.lanes);
    if (!this.broken[lane]) {
      // Lane chunks hold rows in input order, so the last op carries the lane's new watermark.
      this.data.watermarks[lane] = ops[ops.length - 1]!.row;
      if (token !== undefined) this.data.laneTokens[lane] = token;
    }
    this.data.rowsAcknowledged += ops.length;
    this.data.chunksAcknowledged++;
    this.save();
  }

  replaceAcknowledged(ops: readonly SyncOp[], token: string | undefined): void {
    if (token !== undefined) this.tokens.push(token);
    this.data.replace = { throughRow: ops[ops.length - 1]!.row, token: token ?? null, indexed: token === undefined };
    this.data.rowsAcknowledged += ops.length;
    this.data.chunksAcknowledged++;
    this.save();
  }

  replaceIndexed(): void {
    if (this.data.replace) this.data.replace.indexed = true;
    this.save();
  }

  failed(ops: readonly SyncOp[], error: unknown, replacePhase: boolean): void {
    if (!replacePhase) this.broken[laneOf(ops[0]!.id, this.data.lanes)] = true;
    this.failures.push({ rows: ops.map((op) => op.row), error });
  }

  /** Writes the checkpoint now (before the upload starts). */
  saveNow(): void {
    if (this.file !== undefined) writeCheckpoint(this.file, this.data);
  }

  /**
   * Schedules a write. Writes never overlap and coalesce while one is in progress, so the file can
   * lag an acknowledgement by one write; after a crash that only means re-sending those rows.
   */
  save(): void {
    if (this.file === undefined) return;
    this.dirty = true;
    this.writing ??= this.drain(this.file);
  }

  private async drain(file: string): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeCheckpointAsync(file, this.data);
      }
    } catch (error) {
      this.writeError ??= error;
    } finally {
      this.writing = undefined;
    }
  }

  /** Waits until the file holds every acknowledgement; throws if a write failed. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.writeError !== undefined) throw this.writeError;
  }
}
