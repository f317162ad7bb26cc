/** NDJSON input: one `{"id", "attributes", "tags", "action"}` object or `"ID"` string per line. */
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { RecordBuffer } from "./record-buffer.js";
import { bareRow, type InputRow, type RowBatches } from "./rows.js";

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

export function ndjsonBatches(stream: Readable): RowBatches {
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
