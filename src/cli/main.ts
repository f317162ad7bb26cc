#!/usr/bin/env node
/**
 * Entry point of the `batch-audience` binary, and the only place that touches process signals and
 * the exit code: commands hear Ctrl-C through `io.onInterrupt`, so they stay plain library code.
 */
import { processIo } from "./io.js";
import { runCli } from "./program.js";

const listeners = new Set<() => void>();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (listeners.size === 0) {
      // Nothing to finish (a view, a list, a question): end as the signal would by default, so a
      // calling shell sees "killed by SIGINT" and stops its script too.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    for (const listener of [...listeners]) listener();
  });
}

const io = processIo((listener) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
});
const code = await runCli(process.argv.slice(2), io);
// Let stdout drain (large --json output into a pipe) before leaving.
process.stdout.write("", () => process.exit(code));
