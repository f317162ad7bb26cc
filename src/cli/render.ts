/** Human output of `view` and `list`: counts with thousands separators, a table with a header. `--json` prints Batch's fields unchanged. */
const count = (value: number) => value.toLocaleString("en-US");

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return count(value);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function renderRecord(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([key, value]) => `${key}: ${cell(value)}`)
    .join("\n");
}

const COLUMNS = [
  { title: "NAME", key: "name", right: false },
  { title: "TYPE", key: "type", right: false },
  { title: "IDS", key: "nb_ids", right: true },
  { title: "UPDATED", key: "updated", right: false },
] as const;

/** One audience per row under a header; columns as wide as their widest cell. */
export function renderTable(audiences: ReadonlyArray<Record<string, unknown>>): string {
  const rows = [COLUMNS.map((c) => c.title), ...audiences.map((a) => COLUMNS.map((c) => cell(a[c.key])))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) =>
      row
        .map((text, i) => (COLUMNS[i]!.right ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
