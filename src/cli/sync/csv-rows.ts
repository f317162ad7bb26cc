/**
 * CSV input as rows with their line numbers (a header is line 1).
 *
 * Why two parsers: a line without a double quote cannot hold a quoted delimiter or line break
 * (RFC 4180), and most CRM exports have no quotes at all, so such lines are split directly. Parsing
 * a 1,000,000-ID file takes 0.2 s that way and 1.4-1.7 s with csv-parse (7-9 s with its `info`
 * option, which also counts a CRLF inside a quoted field as two lines); a whole 1M-row sync took
 * 1.7-1.95x the raw-fetch ceiling with the split and 2.15-2.3x with csv-parse alone
 * (bench/cli-sync.bench.ts, alternating runs). From the first line holding a quote on, the rest of
 * the file goes through csv-parse, which handles quoting, escaped quotes and multi-line fields. Line
 * numbers are counted here for the same reason: one per line, plus the line breaks inside fields.
 */
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { Attributes } from "../../index.js";
import { type ColumnOptions, type ColumnPlan, cellValue, LIST_SEPARATOR, planColumns } from "./columns.js";
import { RecordBuffer } from "./record-buffer.js";
import { bareRow, type InputRow, type RowBatches } from "./rows.js";

export interface CsvLayout {
  /** Field separator, one character (default ","). */
  delimiter: string;
  /** false: no header row; the first column is the ID and other columns are ignored. */
  header: boolean;
}

/** The plan of a file without a header: the ID is the first field, rows may have any width. */
const HEADERLESS: ColumnPlan = { idIndex: 0, tagsIndex: undefined, attributes: [], width: 0 };

function isIdsOnly(plan: ColumnPlan): boolean {
  return plan.attributes.length === 0 && plan.tagsIndex === undefined && (plan.width === 1 || plan === HEADERLESS);
}

function lineBreaksIn(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf("\n"); at >= 0; at = field.indexOf("\n", at + 1)) count++;
  }
  return count;
}

function rowFromRecord(record: string[], row: number, plan: ColumnPlan): InputRow {
  if (plan.width > 0 && record.length !== plan.width) {
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

class CsvRows implements RowBatches {
  private readonly chunks: RecordBuffer<string>;
  private carry = "";
  private atStart = true;
  private plan: ColumnPlan | undefined;
  /** Line number of the next record. */
  private line = 1;
  private parsed: RecordBuffer<string[]> | undefined;

  constructor(
    stream: Readable,
    private readonly columns: ColumnOptions,
    private readonly layout: CsvLayout,
  ) {
    stream.setEncoding("utf8");
    this.chunks = new RecordBuffer<string>(stream, "data", "end", 1);
    if (!layout.header) this.plan = HEADERLESS;
  }

  async next(): Promise<InputRow[] | undefined> {
    for (;;) {
      if (this.parsed) return this.fromParser();
      const batch = await this.chunks.take();
      if (batch === undefined) {
        if (this.carry === "") return undefined;
        // The last line had no line break.
        const last = this.carry;
        this.carry = "";
        const rows = this.plainLines(`${last}\n`);
        if (rows.length > 0) return rows;
        continue;
      }
      let text = this.carry + batch.join("");
      if (this.atStart) {
        this.atStart = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte order mark
      }
      const lastBreak = text.lastIndexOf("\n");
      this.carry = text.slice(lastBreak + 1);
      if (lastBreak < 0) continue;
      const rows = this.plainLines(text.slice(0, lastBreak + 1));
      if (rows.length > 0) return rows;
    }
  }

  /** Complete lines (each ends with "\n"); hands over to csv-parse at the first quote. */
  private plainLines(text: string): InputRow[] {
    const rows: InputRow[] = [];
    const { delimiter } = this.layout;
    for (let start = 0; start < text.length; ) {
      const end = text.indexOf("\n", start);
      const content = text.slice(start, end > 0 && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      if (content.includes('"')) {
        this.switchToParser(text.slice(start) + this.carry);
        this.carry = "";
        break;
      }
      const row = this.line++;
      if (content.includes(delimiter)) this.record(content.split(delimiter), row, rows);
      else if (this.plan !== undefined && content !== "" && isIdsOnly(this.plan)) {
        // One field and the row is just an ID (most files): no array needed.
        rows.push(bareRow(content.trim(), row));
      } else if (content !== "") this.record([content], row, rows);
      start = end + 1;
    }
    return rows;
  }

  private record(fields: string[], row: number, rows: InputRow[]): void {
    if (this.plan === undefined) {
      this.plan = planColumns(fields, this.columns);
      return;
    }
    // A blank line reads as one empty field: not a row.
    if (fields.length === 1 && fields[0] === "") return;
    rows.push(rowFromRecord(fields, row, this.plan));
  }

  private switchToParser(remaining: string): void {
    const chunks = this.chunks;
    async function* rest(): AsyncGenerator<string> {
      if (remaining !== "") yield remaining;
      for (let batch = await chunks.take(); batch !== undefined; batch = await chunks.take()) yield batch.join("");
    }
    const parser = parse({ delimiter: this.layout.delimiter, relax_column_count: true });
    const feed = async () => {
      for await (const text of rest()) if (!parser.write(text)) await new Promise((r) => parser.once("drain", r));
      parser.end();
    };
    feed().catch((error: Error) => parser.destroy(error));
    this.parsed = new RecordBuffer<string[]>(parser, "data", "end");
  }

  private async fromParser(): Promise<InputRow[] | undefined> {
    for (;;) {
      const batch = await this.parsed!.take();
      if (batch === undefined) return undefined;
      const rows: InputRow[] = [];
      for (const fields of batch) {
        const row = this.line;
        this.line += 1 + lineBreaksIn(fields);
        this.record(fields, row, rows);
      }
      if (rows.length > 0) return rows;
    }
  }
}

export function csvBatches(stream: Readable, columns: ColumnOptions, layout: CsvLayout): RowBatches {
  return new CsvRows(stream, columns, layout);
}
