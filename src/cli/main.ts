#!/usr/bin/env node
/** Entry point of the `batch-audience` binary. */
import { processIo } from "./io.js";
import { runCli } from "./program.js";

const code = await runCli(process.argv.slice(2), processIo());
// Let stdout drain (large --json output into a pipe) before leaving.
process.stdout.write("", () => process.exit(code));
