/** Progress while running: one rewritten status line on a TTY, plain lines otherwise. */
import type { CaseResult } from "../runner.js";

export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function progressReporter(out: ProgressSink) {
  let failed = 0;
  let findings = 0;
  return {
    onResult(result: CaseResult, done: number, total: number): void {
      if (result.outcome === "fail") failed++;
      if (result.outcome === "finding") findings++;
      if (out.isTTY) {
        const found = findings > 0 ? ` ${findings} findings` : "";
        const line = `[${done}/${total}] ${failed} failed${found}  ${result.api} ${result.title}`;
        out.write(`\r\x1b[2K${line.length > 120 ? `${line.slice(0, 119)}…` : line}`);
        if (done === total) out.write("\n");
      } else {
        out.write(
          `${result.outcome.padEnd(7)} ${result.api} ${result.title}${result.outcome === "skipped" ? "" : ` (${result.duration_ms.toFixed(0)} ms)`}\n`,
        );
      }
    },
  };
}
