/**
 * Keeps the checkpoint in step with what Batch acknowledged, from the bulk API's public per-chunk
 * reports (`onChunkSettled`), and remembers the line numbers of rows whose chunk failed.
 *
 * Why this is exact (see checkpoint.ts): an ID always goes to the same lane, and the chunks of a
 * lane settle in input order. After a chunk of lane L fails, no later chunk of lane L is recorded as
 * acknowledged for the rest of the run: the failed rows and every later row of that lane are sent
 * again on resume, in file order, so no ID ever sees an older operation after a newer one.
 */
import type { ChunkSettled } from "../../index.js";
import { AckSet } from "./ack-set.js";
import { type CheckpointData, writeCheckpoint, writeCheckpointAsync } from "./checkpoint.js";

export interface FailedRows {
  rows: number[];
  error: unknown;
}

export class AckTracker {
  private readonly broken = new Set<number>();
  private readonly done: AckSet;
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
    this.done = new AckSet(data.acknowledged);
  }

  get lanes(): number {
    return this.data.lanes;
  }

  /** True when a previous run (or this one) is done with this line. */
  alreadySent(row: number): boolean {
    return this.done.has(row);
  }

  /** Lines with nothing to send (invalid rows, lines holding no row): done on every run. */
  nothingToSend(from: number, to: number): void {
    if (from <= to) this.done.addRange(from, to);
  }

  /** One chunk settled; `rows` are its lines, ascending. */
  settled(chunk: Readonly<ChunkSettled>, rows: readonly number[]): void {
    if (chunk.status !== "accepted") {
      if (chunk.operation !== "replace") this.broken.add(chunk.lane);
      if (chunk.status === "failed") this.failures.push({ rows: [...rows], error: chunk.error });
      return;
    }
    const token = chunk.indexingToken;
    if (token !== undefined) this.tokens.push(token);
    if (chunk.operation === "replace") {
      this.data.replace = { throughRow: rows[rows.length - 1]!, token: token ?? null, indexed: token === undefined };
      for (const row of rows) this.done.add(row);
    } else if (!this.broken.has(chunk.lane)) {
      for (const row of rows) this.done.add(row);
      if (token !== undefined) this.data.laneTokens[chunk.lane] = token;
    }
    this.data.rowsAcknowledged += rows.length;
    this.data.chunksAcknowledged++;
    this.save();
  }

  replaceIndexed(): void {
    if (this.data.replace) this.data.replace.indexed = true;
    this.save();
  }

  /** Writes the checkpoint now (before the upload starts). */
  saveNow(): void {
    this.data.acknowledged = this.done.toJSON();
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
        this.data.acknowledged = this.done.toJSON();
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
