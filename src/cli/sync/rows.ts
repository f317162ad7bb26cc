/**
 * Streams the input file as rows: CSV (csv-parse) or NDJSON (one JSON object or ID string per
 * line). Each row carries its line number in the file, so every report can point at it; a row
 * that cannot be read becomes an error row instead of stopping the stream.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { Attributes } from "../../validation.js";
import { RecordBuffer } from "./record-buffer.js";
import { LIST_SEPARATOR, planColumns, type ColumnOptions, type ColumnPlan } from "./columns.js";

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
function bareRow(id: unknown, row: number): InputRow {
  return { id, row, item: undefined };
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
  return file === "-" ? stdin : createReadStream(file, { highWaterMark: 256 * 1024 });
}

function countingBytes(stream: Readable): () => number {
  let bytes = 0;
  stream.on("data", (chunk: Buffer | string) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
  });
  return () => bytes;
}

function newlinesIn(record: readonly string[]): number {
  let count = 0;
  for (const field of record) {
    for (let at = field.indexOf("\n"); at >= 0; at = field.indexOf("\n", at + 1)) count++;
  }
  return count;
}

/** A typed cell; `undefined` when a number column holds something else. */
export function cellValue(raw: string, kind: "string" | "number" | "array"): unknown {
  if (kind === "number") {
    const value = Number(raw);
    return raw.trim() === "" || !Number.isFinite(value) ? undefined : value;
  }
  if (kind === "array") return raw.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s !== "");
  return raw;
}

function rowFromRecord(record: string[], row: number, plan: ColumnPlan): InputRow {
  if (record.length !== plan.width) {
    return { row, id: record[plan.idIndex], problem: `has ${record.length} column(s), the header has ${plan.width}` };
  }
  const id = record[plan.idIndex]!.trim();
  if (plan.attributes.length === 0 && plan.tagsIndex === undefined) return bareRow(id, row);
  const out: InputRow = { row, id };
  let attributes: Attributes | undefined;
  for (const column of plan.attributes) {
    const raw = record[column.index]!;
    if (raw === "") continue;
    const value = cellValue(raw, column.kind);
    if (value === undefined) return { row, id, problem: `column ${column.name}: ${JSON.stringify(raw)} is not a number` };
    attributes ??= {};
    attributes[column.name] = value as Attributes[string];
  }
  if (attributes) out.attributes = attributes;
  if (plan.tagsIndex !== undefined) {
    const tags = record[plan.tagsIndex]!.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s !== "");
    if (tags.length > 0) out.tags = tags;
  }
  return out;
}

/** Pulls rows a batch at a time; the first call reads the CSV header (a usage error when unusable). */
export interface RowBatches {
  next(): Promise<InputRow[] | undefined>;
}

function csvBatches(stream: Readable, columns: ColumnOptions): RowBatches {
  const parser = stream.pipe(parse({ relax_column_count: true, bom: true }));
  stream.on("error", (error) => parser.destroy(error));
  const records = new RecordBuffer<string[]>(parser, "data", "end");
  let plan: ColumnPlan | undefined;
  let line = 1;
  return {
    async next() {
      for (;;) {
        const batch = await records.take();
        if (batch === undefined) return undefined;
        const rows: InputRow[] = [];
        for (const record of batch) {
          const row = line;
          line += 1 + newlinesIn(record);
          if (plan === undefined) {
            plan = planColumns(record, columns);
            continue;
          }
          // A blank line reads as one empty field: not a row.
          if (record.length === 1 && record[0] === "") continue;
          rows.push(rowFromRecord(record, row, plan));
        }
        if (rows.length > 0) return rows;
      }
    },
  };
}

function rowFromJson(line: string, row: number): InputRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { row, id: undefined, problem: "is not valid JSON" };
  }
  if (typeof value === "string") return bareRow(value, row);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { row, id: undefined, problem: "must be a JSON object {\"id\": …} or an ID string" };
  }
  const { id, action, attributes, tags, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return { row, id, problem: `has unknown field(s) ${unknown.join(", ")} (allowed: id, action, attributes, tags)` };
  const out: InputRow = { row, id };
  if (action !== undefined) out.action = action;
  if (attributes !== undefined) out.attributes = attributes;
  if (tags !== undefined) out.tags = tags;
  return out;
}

function ndjsonBatches(stream: Readable): RowBatches {
  const lines = new RecordBuffer<string>(createInterface({ input: stream, crlfDelay: Infinity }), "line", "close");
  let row = 0;
  return {
    async next() {
      for (;;) {
        const batch = await lines.take();
        if (batch === undefined) return undefined;
        const rows: InputRow[] = [];
        for (const text of batch) {
          row++;
          if (text.trim() !== "") rows.push(rowFromJson(text, row));
        }
        if (rows.length > 0) return rows;
      }
    },
  };
}

export function readRows(stream: Readable, format: InputFormat, columns: ColumnOptions): RowSource {
  const bytesRead = countingBytes(stream);
  return { batches: format === "csv" ? csvBatches(stream, columns) : ndjsonBatches(stream), bytesRead };
}
