/**
 * Streams the input file as rows: CSV (csv-parse) or NDJSON (one JSON object or ID string per
 * line). Each row carries its line number in the file, so every report can point at it; a row
 * that cannot be read becomes an error row instead of stopping the stream.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { Attributes } from "../../client/validation.js";
import { type ColumnOptions, type ColumnPlan, cellValue, LIST_SEPARATOR, planColumns } from "./columns.js";
import { RecordBuffer } from "./record-buffer.js";

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
  return file === "-" ? stdin : createReadStream(file, { highWaterMark: 64 * 1024 });
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
    if (value === undefined)
      return { row, id, problem: `column ${column.name}: ${JSON.stringify(raw)} is not a number` };
    attributes ??= {};
    attributes[column.name] = value as Attributes[string];
  }
  if (attributes) out.attributes = attributes;
  if (plan.tagsIndex !== undefined) {
    const tags = record[plan.tagsIndex]!.split(LIST_SEPARATOR)
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (tags.length > 0) out.tags = tags;
  }
  return out;
}

/** Pulls rows a batch at a time; the first call reads the CSV header (a usage error when unusable). */
export interface RowBatches {
  next(): Promise<InputRow[] | undefined>;
}

/**
 * CSV rows. Lines without a double quote cannot hold quoted commas or line breaks (RFC 4180), so
 * they are split directly, which is several times faster than a general parser on the usual
 * CRM export of plain IDs. From the first line with a quote on, the rest of the file goes through
 * csv-parse, which handles quoting, escaped quotes and multi-line fields.
 */
function csvBatches(stream: Readable, columns: ColumnOptions): RowBatches {
  stream.setEncoding("utf8");
  const chunks = new RecordBuffer<string>(stream, "data", "end", 1);
  let carry = "";
  let atStart = true;
  let plan: ColumnPlan | undefined;
  /** Line number of the next record. */
  let line = 1;
  let parsed: RecordBuffer<string[]> | undefined;

  function record(fields: string[], row: number, rows: InputRow[]): void {
    if (plan === undefined) {
      plan = planColumns(fields, columns);
      return;
    }
    // A blank line reads as one empty field: not a row.
    if (fields.length === 1 && fields[0] === "") return;
    rows.push(rowFromRecord(fields, row, plan));
  }

  function plainLine(text: string, rows: InputRow[]): void {
    const row = line++;
    const end = text.endsWith("\r") ? text.length - 1 : text.length;
    const content = end === text.length ? text : text.slice(0, end);
    if (
      plan !== undefined &&
      plan.width === 1 &&
      plan.attributes.length === 0 &&
      plan.tagsIndex === undefined &&
      !content.includes(",")
    ) {
      if (content !== "") rows.push(bareRow(content.trim(), row));
      return;
    }
    record(content.split(","), row, rows);
  }

  async function* rest(first: string): AsyncGenerator<string> {
    if (first !== "") yield first;
    for (let batch = await chunks.take(); batch !== undefined; batch = await chunks.take()) yield batch.join("");
  }

  function switchToParser(remaining: string): void {
    const source = Readable.from(rest(remaining), { objectMode: false });
    const parser = source.pipe(parse({ relax_column_count: true }));
    source.on("error", (error) => parser.destroy(error));
    stream.on("error", (error) => parser.destroy(error));
    parsed = new RecordBuffer<string[]>(parser, "data", "end");
  }

  async function fromParser(): Promise<InputRow[] | undefined> {
    for (;;) {
      const batch = await parsed!.take();
      if (batch === undefined) return undefined;
      const rows: InputRow[] = [];
      for (const fields of batch) {
        const row = line;
        line += 1 + newlinesIn(fields);
        record(fields, row, rows);
      }
      if (rows.length > 0) return rows;
    }
  }

  return {
    async next() {
      for (;;) {
        if (parsed) return fromParser();
        const batch = await chunks.take();
        if (batch === undefined) {
          if (carry === "") return undefined;
          const rows: InputRow[] = [];
          const last = carry;
          carry = "";
          if (last.includes('"')) {
            switchToParser(last);
            continue;
          }
          plainLine(last, rows);
          if (rows.length > 0) return rows;
          continue;
        }
        let text = carry + batch.join("");
        if (atStart) {
          atStart = false;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        const lastBreak = text.lastIndexOf("\n");
        if (lastBreak < 0) {
          carry = text;
          continue;
        }
        carry = text.slice(lastBreak + 1);
        const rows: InputRow[] = [];
        for (let start = 0; start <= lastBreak; ) {
          const end = text.indexOf("\n", start);
          const content = text.slice(start, end);
          if (content.includes('"')) {
            // The rest of the file, from this line, needs a real CSV parser.
            switchToParser(text.slice(start));
            carry = "";
            break;
          }
          plainLine(content, rows);
          start = end + 1;
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
    return { row, id: undefined, problem: 'must be a JSON object {"id": …} or an ID string' };
  }
  const { id, action, attributes, tags, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    return { row, id, problem: `has unknown field(s) ${unknown.join(", ")} (allowed: id, action, attributes, tags)` };
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
