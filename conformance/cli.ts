/** `npm run conformance -- --help`: run the conformance suite against a target from the shell. */
import { UsageError } from "../src/shared/usage-error.js";
import { HELP, parseOptions } from "./options.js";
import { runSuite } from "./suite.js";
import { LiveRefusal } from "./targets/live.js";

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${HELP}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // Ctrl-C: stop starting cases, still delete what was created and stop every Prism.
  // The same Ctrl-C often arrives twice (terminal process group + tsx relaying it), so the handler
  // stays installed; only a repeat after a second forces the exit.
  const controller = new AbortController();
  let firstSignalAt = 0;
  const onSignal = () => {
    if (!controller.signal.aborted) {
      firstSignalAt = Date.now();
      process.stderr.write("\ninterrupted: finishing cases in flight, cleaning up…\n");
      controller.abort();
    } else if (Date.now() - firstSignalAt > 1_000) {
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const { exitCode } = await runSuite(options, { out: process.stdout, env: process.env, signal: controller.signal });
    return controller.signal.aborted ? 130 : exitCode;
  } catch (error) {
    if (error instanceof LiveRefusal) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
