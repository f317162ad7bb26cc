/** The end-of-sync report: counts, tokens, and every failure with its line numbers. */
import { BatchAbortedError, type BulkResult } from "../../index.js";
import { describeError } from "../errors-output.js";
import type { FailedRows } from "./ack-tracker.js";
import { throttleText } from "./progress-line.js";
import type { InvalidRow, SyncMode } from "./row-ops.js";

export interface SyncSummary {
  ok: boolean;
  command: "sync";
  dryRun: boolean;
  api: string;
  audience: string;
  mode: SyncMode;
  file: string;
  /** "K/N" with --shard, else null. */
  shard: string | null;
  rows: {
    read: number;
    valid: number;
    invalid: number;
    skipped: number;
    sent: number;
    accepted: number;
    /** Rejected by Batch or lost to errors after every retry. */
    failed: number;
    /** Cut off by a second Ctrl-C: not failed, sent again by --resume. */
    aborted: number;
    unsent: number;
    /** Rows of the file that belong to other shards (--shard), neither read as this shard's nor sent. */
    otherShards: number;
  };
  chunks: { sent: number; accepted: number; failed: number };
  retries: number;
  /** The adaptive throttle at the end (pace in requests/s, time waited, 429s); null when none ran. */
  throttle: { rate: number | null; throttledMs: number; refusals: number } | null;
  seconds: number;
  idsPerSecond: number;
  indexingTokens: string[];
  indexing: { waited: boolean; states: string[] } | null;
  invalidRows: InvalidRow[];
  invalidRowsTruncated: boolean;
  failures: Array<{ rows: number[]; error: string; errorName: string | null; errorCode: string | number | null }>;
  abortedRows: number[];
  unsentRows: number[];
  interrupted: boolean;
  stoppedEarly: string | null;
  checkpoint: string | null;
  checkpointKept: boolean;
}

/** A request cut off by the caller (second Ctrl-C): the engine's abort reason or the client's error. */
export function isAbort(error: unknown): boolean {
  return error instanceof BatchAbortedError || (error instanceof Error && error.name === "AbortError");
}

/** Rows of chunks that were aborted rather than failed, counted from the engine's result. */
export function abortedItems(result: BulkResult): number {
  return result.failedChunks.filter((c) => isAbort(c.error)).reduce((sum, c) => sum + c.itemCount, 0);
}

const byLine = (a: number, b: number) => a - b;

export function failuresOf(failures: readonly FailedRows[]): SyncSummary["failures"] {
  return failures
    .filter((f) => !isAbort(f.error))
    .map((f) => {
      const report = describeError(f.error);
      return {
        rows: [...f.rows].sort(byLine),
        error: report.line,
        errorName: (report.json.errorName as string | null | undefined) ?? null,
        errorCode: (report.json.errorCode as string | number | null | undefined) ?? null,
      };
    });
}

export function abortedRowsOf(failures: readonly FailedRows[]): number[] {
  return failures
    .filter((f) => isAbort(f.error))
    .flatMap((f) => f.rows)
    .sort(byLine);
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

function rowsLine(s: SyncSummary): string {
  const r = s.rows;
  const others = s.shard === null ? "" : `; ${n(r.otherShards)} more in other shards`;
  if (s.dryRun) return `  rows: ${n(r.read)} read, ${n(r.valid)} valid, ${n(r.invalid)} invalid${others}`;
  const aborted = r.aborted > 0 ? `, ${n(r.aborted)} aborted (sent again by --resume)` : "";
  const skipped = r.skipped > 0 ? `, ${n(r.skipped)} skipped (acknowledged by an earlier run)` : "";
  return `  rows: ${n(r.read)} read, ${n(r.accepted)} accepted, ${n(r.failed)} failed${aborted}, ${n(r.invalid)} invalid${skipped}${others}`;
}

function uploadLines(s: SyncSummary): string[] {
  const lines = [
    `  chunks: ${s.chunks.sent} sent, ${s.chunks.accepted} accepted, ${s.chunks.failed} failed; retries ${s.retries}; ${s.seconds.toFixed(1)} s, ${n(s.idsPerSecond)} IDs/s`,
  ];
  if (s.throttle && (s.throttle.refusals > 0 || s.throttle.rate !== null))
    lines.push(`  throttle: ${throttleText({ ...s.throttle, rate: s.throttle.rate ?? undefined })}`);
  const last = s.indexingTokens[s.indexingTokens.length - 1];
  lines.push(`  indexing tokens: ${s.indexingTokens.length}${last ? ` (last ${last})` : ""}`);
  if (s.indexing) {
    const states = [...new Set(s.indexing.states)].join(", ") || "none";
    lines.push(`  indexing: ${s.indexing.states.length} token(s) waited for: ${states}`);
  }
  return lines;
}

export function renderSummary(s: SyncSummary): string {
  const shard = s.shard === null ? "" : `, shard ${s.shard}`;
  const head = s.dryRun
    ? `dry run of ${s.file} (API ${s.api}, mode ${s.mode}${shard}): nothing sent`
    : `sync ${s.file} → ${s.audience} (API ${s.api}, mode ${s.mode}${shard})`;
  const lines = [head + (s.interrupted ? " — INTERRUPTED" : ""), rowsLine(s)];
  if (!s.dryRun) lines.push(...uploadLines(s));
  for (const invalid of s.invalidRows) lines.push(`  invalid row ${invalid.row}: ${invalid.message}`);
  if (s.invalidRowsTruncated)
    lines.push(`  … ${n(s.rows.invalid - s.invalidRows.length)} more invalid rows not listed`);
  for (const failure of s.failures) lines.push(`  failed rows ${formatRows(failure.rows)}: ${failure.error}`);
  if (s.abortedRows.length > 0) lines.push(`  aborted rows ${formatRows(s.abortedRows)} (Ctrl-C twice)`);
  if (s.unsentRows.length > 0) lines.push(`  not sent (upload stopped): rows ${formatRows(s.unsentRows)}`);
  if (s.stoppedEarly) lines.push(`  stopped early: ${s.stoppedEarly}`);
  if (s.checkpointKept && s.checkpoint)
    lines.push(`  checkpoint kept at ${s.checkpoint}: run the same command with --resume to send the rest`);
  return lines.join("\n");
}
