/**
 * Sync progress: a cli-progress bar on a terminal, plain lines otherwise (logs, CI, pipes). Both
 * sample a snapshot on a timer instead of redrawing per chunk, so a fast upload costs nothing extra.
 * Messages during the upload (Ctrl-C) go through `note`, which clears the bar line first and draws
 * the bar again below, so the two never overwrite each other.
 */
import cliProgress from "cli-progress";
import { barLine, fractionDone, type ProgressSnapshot, progressLine } from "./progress-line.js";

export type { ProgressSnapshot } from "./progress-line.js";

export type ProgressStyle = "bar" | "lines" | "off";

export interface ProgressHandle {
  /** A line for the user, printed above the bar. */
  note(text: string): void;
  /** Stops drawing; `finalFrame: false` leaves no bar behind (the summary says everything). */
  stop(finalFrame?: boolean): void;
}

type Stream = NodeJS.WritableStream & { columns?: number };

const BAR_SCALE = 1000;
const barValue = (s: ProgressSnapshot) => Math.round((fractionDone(s) ?? 0) * BAR_SCALE);

function lines(stream: Stream, snapshot: () => ProgressSnapshot, intervalMs: number): ProgressHandle {
  const timer = setInterval(() => stream.write(`${progressLine(snapshot())}\n`), intervalMs);
  timer.unref();
  return {
    note: (text) => stream.write(`${text}\n`),
    stop() {
      clearInterval(timer);
      stream.write(`${progressLine(snapshot())}\n`);
    },
  };
}

function terminalBar(stream: Stream, snapshot: () => ProgressSnapshot): ProgressHandle {
  const bar = new cliProgress.SingleBar({
    stream: stream as NodeJS.WriteStream,
    // The text is fitted to the terminal's current width on every redraw (it may be resized).
    format: (_options, params) => barLine(snapshot(), params.maxWidth),
    hideCursor: true,
    // stop() clears the bar's line and leaves the cursor there, so what follows starts clean.
    clearOnComplete: true,
    gracefulExit: false,
    fps: 10,
  });
  const start = () => bar.start(BAR_SCALE, barValue(snapshot()));
  start();
  const timer = setInterval(() => bar.update(barValue(snapshot())), 100);
  timer.unref();
  return {
    note(text) {
      bar.stop();
      stream.write(`${text}\n`);
      start();
    },
    stop(finalFrame = true) {
      clearInterval(timer);
      bar.stop();
      if (finalFrame) stream.write(`${barLine(snapshot(), stream.columns || 80)}\n`);
    },
  };
}

export function startProgress(
  stream: Stream,
  style: ProgressStyle,
  snapshot: () => ProgressSnapshot,
  intervalMs = 1000,
): ProgressHandle {
  // Quiet still says what a Ctrl-C does: that is not progress.
  if (style === "off") return { note: (text) => stream.write(`${text}\n`), stop() {} };
  if (style === "lines") return lines(stream, snapshot, intervalMs);
  return terminalBar(stream, snapshot);
}
