/**
 * Sync progress: a cli-progress bar on a terminal, plain lines otherwise (logs, CI, pipes). Both
 * sample a snapshot on a timer instead of redrawing per chunk, so a fast upload costs nothing extra.
 */
import cliProgress from "cli-progress";

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
}

export type ProgressStyle = "bar" | "lines" | "off";

export interface ProgressHandle {
  stop(): void;
}

const count = (n: number) => n.toLocaleString("en-US");

function rate(s: ProgressSnapshot): number {
  return s.elapsedMs > 0 ? Math.round((s.accepted * 1000) / s.elapsedMs) : 0;
}

/**
 * Share of the file done: rows settled (accepted, failed, invalid, or skipped as already sent) over
 * the expected row count, which extrapolates rows read by bytes read until the file is fully read.
 */
function fractionDone(s: ProgressSnapshot): number | undefined {
  if (s.bytesTotal === undefined || s.bytesRead === 0 || s.rowsRead === 0) return undefined;
  const expectedRows = s.bytesRead >= s.bytesTotal ? s.rowsRead : (s.rowsRead * s.bytesTotal) / s.bytesRead;
  return Math.min(1, (s.accepted + s.failed + s.invalid + s.skipped) / expectedRows);
}

function etaSeconds(s: ProgressSnapshot): number | undefined {
  const fraction = fractionDone(s);
  if (fraction === undefined || fraction === 0 || s.elapsedMs < 500) return undefined;
  return Math.round((s.elapsedMs / 1000) * ((1 - fraction) / fraction));
}

const BAR_SCALE = 1000;
const barValue = (s: ProgressSnapshot) => Math.round((fractionDone(s) ?? 0) * BAR_SCALE);

function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return "--";
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

export function progressLine(s: ProgressSnapshot): string {
  const skipped = s.skipped > 0 ? `, skipped ${count(s.skipped)} (already sent)` : "";
  return (
    `sync: read ${count(s.rowsRead)} rows, sent ${count(s.sent)}, accepted ${count(s.accepted)}, ` +
    `failed ${count(s.failed)}, invalid ${count(s.invalid)}${skipped}, retries ${s.retries}, ` +
    `${count(rate(s))} IDs/s, ETA ${formatEta(etaSeconds(s))}`
  );
}

function payload(s: ProgressSnapshot): Record<string, string> {
  return {
    read: count(s.rowsRead),
    sent: count(s.sent),
    accepted: count(s.accepted),
    failed: count(s.failed + s.invalid),
    retries: String(s.retries),
    rate: count(rate(s)),
    etaText: formatEta(etaSeconds(s)),
  };
}

export function startProgress(
  stream: NodeJS.WritableStream,
  style: ProgressStyle,
  snapshot: () => ProgressSnapshot,
  intervalMs = 1000,
): ProgressHandle {
  if (style === "off") return { stop() {} };
  if (style === "lines") {
    const timer = setInterval(() => stream.write(`${progressLine(snapshot())}\n`), intervalMs);
    timer.unref();
    return {
      stop() {
        clearInterval(timer);
        stream.write(`${progressLine(snapshot())}\n`);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format:
        "{bar} {percentage}% | read {read} | sent {sent} | accepted {accepted} | failed {failed} | retries {retries} | {rate} IDs/s | ETA {etaText}",
      barsize: 24,
      hideCursor: true,
      fps: 10,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const first = snapshot();
  bar.start(BAR_SCALE, barValue(first), payload(first));
  const timer = setInterval(() => {
    const s = snapshot();
    bar.update(barValue(s), payload(s));
  }, 100);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const s = snapshot();
      bar.update(barValue(s), payload(s));
      bar.stop();
    },
  };
}
