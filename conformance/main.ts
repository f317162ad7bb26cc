/**
 * The conformance command line as a function: parse the options, run the suite, return the exit
 * code. `npm run conformance` (conformance/cli.ts) and `batch-audience conformance` (the package's
 * binary) both call it, so a checkout and an installed package print and write the same report.
 * Process signals stay with the caller: it passes `onInterrupt`.
 */
import { UsageError } from "../src/shared/usage-error.js";
import { HELP, parseOptions } from "./options.js";
import { runSuite } from "./suite.js";
import { PrismNotInstalled } from "./support/prism-bin.js";
import { LiveRefusal } from "./targets/live.js";

export interface ConformanceIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Register what Ctrl-C / SIGTERM does while the suite runs; returns the function that unregisters it. */
  onInterrupt(listener: () => void): () => void;
}

/** Exit codes, as the batch-audience CLI's table: 0 ok, 1 failures, 2 usage, 130 interrupted. */
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

export async function runConformance(argv: string[], io: ConformanceIo): Promise<number> {
  let options;
  try {
    options = parseOptions(argv, io.env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n\n${HELP}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (options.help) {
    io.stdout.write(HELP);
    return 0;
  }
  // Ctrl-C: stop starting cases, still delete what was created and stop every Prism.
  const controller = new AbortController();
  const stop = io.onInterrupt(() => {
    if (controller.signal.aborted) return;
    io.stderr.write("\ninterrupted: finishing cases in flight, cleaning up…\n");
    controller.abort();
  });
  try {
    const { exitCode } = await runSuite(options, { out: io.stdout, env: io.env, signal: controller.signal });
    return controller.signal.aborted ? EXIT_INTERRUPTED : exitCode;
  } catch (error) {
    // Refusals name what is missing and what to do; they are not crashes.
    if (error instanceof LiveRefusal || error instanceof PrismNotInstalled) {
      io.stderr.write(`conformance: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  } finally {
    stop();
  }
}
