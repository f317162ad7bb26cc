/** `npm run conformance -- --help`: run the conformance suite against a target from the shell. */
import { runConformance } from "./main.js";

// Ctrl-C: the suite stops starting cases, still deletes what it created and stops every Prism.
// The same Ctrl-C often arrives twice (terminal process group + tsx relaying it), so the handler
// stays installed; only a repeat after a second forces the exit.
const listeners = new Set<() => void>();
let firstSignalAt = 0;
const onSignal = () => {
  if (firstSignalAt > 0 && Date.now() - firstSignalAt > 1_000) process.exit(130);
  firstSignalAt ||= Date.now();
  for (const listener of [...listeners]) listener();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

runConformance(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onInterrupt: (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
