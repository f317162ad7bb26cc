/**
 * The progress bar's text, fitted to the terminal: every field when there is room, and in a narrow
 * terminal the least useful ones dropped first (the throttle's pace, rows sent and read, a zero
 * retry count, then the bar shrinks, the rate goes, the bar goes), so accepted, failed and ETA
 * always show.
 */
import type { ThrottleProgress } from "../../index.js";

export interface ProgressSnapshot {
  bytesRead: number;
  /** Undefined when the size is unknown (stdin). */
  bytesTotal: number | undefined;
  rowsRead: number;
  invalid: number;
  skipped: number;
  sent: number;
  accepted: number;
  failed: number;
  retries: number;
  elapsedMs: number;
  throttle?: ThrottleProgress | undefined;
}

const count = (n: number) => n.toLocaleString("en-US");

export function rate(s: ProgressSnapshot): number {
  return s.elapsedMs > 0 ? Math.round((s.accepted * 1000) / s.elapsedMs) : 0;
}

/**
 * Share of the file done: rows settled (accepted, failed, invalid, or skipped as already sent) over
 * the expected row count, which extrapolates rows read by bytes read until the file is fully read.
 */
export function fractionDone(s: ProgressSnapshot): number | undefined {
  if (s.bytesTotal === undefined || s.bytesRead === 0 || s.rowsRead === 0) return undefined;
  const expectedRows = s.bytesRead >= s.bytesTotal ? s.rowsRead : (s.rowsRead * s.bytesTotal) / s.bytesRead;
  return Math.min(1, (s.accepted + s.failed + s.invalid + s.skipped) / expectedRows);
}

function etaSeconds(s: ProgressSnapshot): number | undefined {
  const fraction = fractionDone(s);
  if (fraction === undefined || fraction === 0 || s.elapsedMs < 500) return undefined;
  return Math.round((s.elapsedMs / 1000) * ((1 - fraction) / fraction));
}

export function formatEta(s: ProgressSnapshot): string {
  const seconds = etaSeconds(s);
  if (seconds === undefined) return "--";
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** "paced 9.8 req/s, waited 12.3 s, 3 × 429" (the pace only once there is one). */
export function throttleText(t: ThrottleProgress): string {
  const pace = t.rate === undefined ? "unpaced" : `paced ${t.rate < 10 ? t.rate.toFixed(1) : Math.round(t.rate)} req/s`;
  return `${pace}, waited ${(t.throttledMs / 1000).toFixed(1)} s, ${t.refusals} × 429`;
}

/** The plain line printed once a second when stderr is not a terminal (logs, CI, pipes). */
export function progressLine(s: ProgressSnapshot): string {
  const skipped = s.skipped > 0 ? `, skipped ${count(s.skipped)} (already sent)` : "";
  return (
    `sync: read ${count(s.rowsRead)} rows, sent ${count(s.sent)}, accepted ${count(s.accepted)}, ` +
    `failed ${count(s.failed)}, invalid ${count(s.invalid)}${skipped}, retries ${s.retries}, ` +
    `${count(rate(s))} IDs/s, ETA ${formatEta(s)}` +
    (s.throttle ? `; ${throttleText(s.throttle)}` : "")
  );
}

const FULL_BAR = 24;
const SHORT_BAR = 10;

function bar(fraction: number, width: number): string {
  const filled = Math.round(fraction * width);
  return "█".repeat(filled) + "░".repeat(width - filled);
}

/** The bar line for a terminal `columns` wide (one column is left free so the line never wraps). */
export function barLine(s: ProgressSnapshot, columns: number): string {
  const fraction = fractionDone(s) ?? 0;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const fields = {
    read: `read ${count(s.rowsRead)}`,
    sent: `sent ${count(s.sent)}`,
    accepted: `accepted ${count(s.accepted)}`,
    failed: `failed ${count(s.failed + s.invalid)}`,
    retries: `retries ${s.retries}`,
    rate: `${count(rate(s))} IDs/s`,
    eta: `ETA ${formatEta(s)}`,
    throttle: s.throttle ? throttleText(s.throttle) : "",
  };
  type Field = keyof typeof fields;
  const shown = new Set<Field>((Object.keys(fields) as Field[]).filter((field) => fields[field] !== ""));
  let barWidth = FULL_BAR;
  const render = () => {
    const text = [...shown].map((field) => fields[field]).join(" | ");
    return barWidth > 0 ? `${bar(fraction, barWidth)} ${percent} | ${text}` : `${percent} | ${text}`;
  };
  const steps: Array<() => void> = [
    () => shown.delete("throttle"),
    () => s.retries === 0 && shown.delete("retries"),
    () => shown.delete("sent"),
    () => shown.delete("read"),
    () => {
      barWidth = SHORT_BAR;
    },
    () => shown.delete("rate"),
    () => shown.delete("retries"),
    () => {
      barWidth = 0;
    },
  ];
  let line = render();
  for (const step of steps) {
    if (line.length < columns) return line;
    step();
    line = render();
  }
  return line.length < columns ? line : line.slice(0, Math.max(0, columns - 1));
}
