/**
 * Streams the input file as rows: CSV (csv-rows.ts) or NDJSON (ndjson-rows.ts). Each row carries
 * its line number in the file, so every report can point at it; a row that cannot be read becomes
 * an error row instead of stopping the stream.
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { fileProblem } from "../file-checks.js";
import type { ColumnOptions } from "./columns.js";
import { type CsvLayout, csvBatches } from "./csv-rows.js";
import { ndjsonBatches } from "./ndjson-rows.js";

export type InputFormat = "csv" | "ndjson";

/** One input row, not yet validated. `attributes`/`tags`/`action` are absent for a bare ID. */
export interface InputRow {
  /** Line of the file where the row starts (1-based; a CSV header is line 1). */
  row: number;
  id: unknown;
  action?: unknown;
  attributes?: unknown;
  tags?: unknown;
  /** Set when the row could not be read at all. */
  problem?: string;
  /** Present (undefined) on bare-ID rows, so a valid one can be sent as is (see toSyncOp). */
  item?: undefined;
}

/** A row holding only an ID, shaped like the SyncOp it becomes. */
export function bareRow(id: unknown, row: number): InputRow {
  return { id, row, item: undefined };
}

/** Pulls rows a batch at a time; the first call reads the CSV header (a usage error when unusable). */
export interface RowBatches {
  next(): Promise<InputRow[] | undefined>;
}

export interface RowSource {
  batches: RowBatches;
  /** Bytes read from the input so far (for progress). */
  bytesRead(): number;
}

export function formatOf(file: string, explicit: string | undefined): InputFormat {
  if (explicit === "csv" || explicit === "ndjson") return explicit;
  return /\.(nd)?jsonl?$/i.test(file) || /\.ndjson$/i.test(file) ? "ndjson" : "csv";
}

export function openInput(file: string, stdin: Readable): Readable {
  return file === "-" ? stdin : createReadStream(file, { highWaterMark: 64 * 1024 });
}

function countingBytes(stream: Readable): () => number {
  let bytes = 0;
  stream.on("data", (chunk: Buffer | string) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
  });
  return () => bytes;
}

/** A read error half-way (a disk error, a file replaced by a folder) is a file problem, not a crash. */
function withFileErrors(batches: RowBatches, file: string): RowBatches {
  return {
    async next() {
      try {
        return await batches.next();
      } catch (error) {
        if (typeof (error as NodeJS.ErrnoException).code === "string" && (error as NodeJS.ErrnoException).syscall)
          throw fileProblem("--file", file, error);
        throw error;
      }
    },
  };
}

export interface ReadOptions extends ColumnOptions, CsvLayout {
  format: InputFormat;
  /** For error messages ("-" for stdin). */
  file: string;
}

export function readRows(stream: Readable, options: ReadOptions): RowSource {
  const bytesRead = countingBytes(stream);
  const batches = options.format === "csv" ? csvBatches(stream, options, options) : ndjsonBatches(stream);
  return { batches: withFileErrors(batches, options.file), bytesRead };
}
