/**
 * Keeps the checkpoint in step with what Batch acknowledged (see checkpoint.ts for why per-lane
 * watermarks are exact), and remembers the line numbers of rows whose chunk failed.
 */
import { laneOf } from "../../client/bulk/lanes.js";
import { type CheckpointData, writeCheckpoint, writeCheckpointAsync } from "./checkpoint.js";

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
  alreadySent(id: string, row: number): boolean {
    const replace = this.data.replace;
    if (replace !== null && row <= replace.throughRow) return true;
    return row <= this.data.watermarks[laneOf(id, this.data.lanes)]!;
  }

  /** A lane chunk was accepted; `rows` are its lines, ascending. */
  acknowledged(lane: number, rows: readonly number[], token: string | undefined): void {
    if (token !== undefined) this.tokens.push(token);
    if (!this.broken[lane]) {
      // Lane chunks hold rows in input order, so the last row is the lane's new watermark.
      this.data.watermarks[lane] = rows[rows.length - 1]!;
      if (token !== undefined) this.data.laneTokens[lane] = token;
    }
    this.data.rowsAcknowledged += rows.length;
    this.data.chunksAcknowledged++;
    this.save();
  }

  replaceAcknowledged(rows: readonly number[], token: string | undefined): void {
    if (token !== undefined) this.tokens.push(token);
    this.data.replace = { throughRow: rows[rows.length - 1]!, token: token ?? null, indexed: token === undefined };
    this.data.rowsAcknowledged += rows.length;
    this.data.chunksAcknowledged++;
    this.save();
  }

  replaceIndexed(): void {
    if (this.data.replace) this.data.replace.indexed = true;
    this.save();
  }

  /** `lane` undefined for the replace call. */
  failed(lane: number | undefined, rows: number[], error: unknown): void {
    if (lane !== undefined) this.broken[lane] = true;
    this.failures.push({ rows, error });
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
