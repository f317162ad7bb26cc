/** The end-of-sync report: counts, tokens, and every failure with its line numbers. */
import type { BulkResult } from "../../client/bulk/engine.js";
import { describeError } from "../errors-output.js";
import type { FailedRows } from "./ack-tracker.js";
import type { InvalidRow, SyncMode } from "./row-ops.js";

export interface SyncSummary {
  ok: boolean;
  command: "sync";
  dryRun: boolean;
  api: string;
  audience: string;
  mode: SyncMode;
  file: string;
  rows: {
    read: number;
    valid: number;
    invalid: number;
    skipped: number;
    sent: number;
    accepted: number;
    failed: number;
    unsent: number;
  };
  chunks: { sent: number; accepted: number; failed: number };
  retries: number;
  seconds: number;
  idsPerSecond: number;
  indexingTokens: string[];
  indexing: { waited: boolean; states: string[] } | null;
  invalidRows: InvalidRow[];
  invalidRowsTruncated: boolean;
  failures: Array<{ rows: number[]; error: string; errorName: string | null; errorCode: string | number | null }>;
  unsentRows: number[];
  interrupted: boolean;
  stoppedEarly: string | null;
  checkpoint: string | null;
  checkpointKept: boolean;
}

export function failuresOf(failures: readonly FailedRows[]): SyncSummary["failures"] {
  return failures.map((f) => {
    const report = describeError(f.error);
    return {
      rows: [...f.rows].sort((a, b) => a - b),
      error: report.line,
      errorName: (report.json.errorName as string | null | undefined) ?? null,
      errorCode: (report.json.errorCode as string | number | null | undefined) ?? null,
    };
  });
}

export function chunkCounts(result: BulkResult | undefined): SyncSummary["chunks"] {
  const p = result?.progress;
  return { sent: p?.chunksSent ?? 0, accepted: p?.chunksAccepted ?? 0, failed: p?.chunksFailed ?? 0 };
}

const n = (v: number) => v.toLocaleString("en-US");

/** "2, 5-9, 12 … (+N more)": line numbers, compressed into ranges. */
export function formatRows(rows: readonly number[], max = 20): string {
  const parts: string[] = [];
  let i = 0;
  while (i < rows.length && parts.length < max) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    parts.push(i === j ? String(rows[i]) : `${rows[i]}-${rows[j]}`);
    i = j + 1;
  }
  const rest = rows.length - i;
  return parts.join(", ") + (rest > 0 ? ` … (+${n(rest)} more)` : "");
}

export function renderSummary(s: SyncSummary): string {
  const lines: string[] = [];
  const head = s.dryRun
    ? `dry run of ${s.file} (API ${s.api}, mode ${s.mode}): nothing sent`
    : `sync ${s.file} → ${s.audience} (API ${s.api}, mode ${s.mode})`;
  lines.push(head + (s.interrupted ? " — INTERRUPTED" : ""));
  const r = s.rows;
  lines.push(
    s.dryRun
      ? `  rows: ${n(r.read)} read, ${n(r.valid)} valid, ${n(r.invalid)} invalid`
      : `  rows: ${n(r.read)} read, ${n(r.accepted)} accepted, ${n(r.failed)} failed, ${n(r.invalid)} invalid, ${n(r.skipped)} skipped (acknowledged by an earlier run)`,
  );
  if (!s.dryRun) {
    lines.push(
      `  chunks: ${s.chunks.sent} sent, ${s.chunks.accepted} accepted, ${s.chunks.failed} failed; retries ${s.retries}; ${s.seconds.toFixed(1)} s, ${n(s.idsPerSecond)} IDs/s`,
    );
    const last = s.indexingTokens[s.indexingTokens.length - 1];
    lines.push(`  indexing tokens: ${s.indexingTokens.length}${last ? ` (last ${last})` : ""}`);
    if (s.indexing)
      lines.push(
        `  indexing: ${s.indexing.states.length} token(s) waited for: ${[...new Set(s.indexing.states)].join(", ") || "none"}`,
      );
  }
  for (const invalid of s.invalidRows) lines.push(`  invalid row ${invalid.row}: ${invalid.message}`);
  if (s.invalidRowsTruncated) lines.push(`  … ${n(r.invalid - s.invalidRows.length)} more invalid rows not listed`);
  for (const failure of s.failures) lines.push(`  failed rows ${formatRows(failure.rows)}: ${failure.error}`);
  if (s.unsentRows.length > 0) lines.push(`  not sent (upload stopped): rows ${formatRows(s.unsentRows)}`);
  if (s.stoppedEarly) lines.push(`  stopped early: ${s.stoppedEarly}`);
  if (s.checkpointKept && s.checkpoint)
    lines.push(`  checkpoint kept at ${s.checkpoint}: run the same command with --resume to send the rest`);
  return lines.join("\n");
}
