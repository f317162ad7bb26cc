/**
 * Vitest global setup: builds dist/ once, before any test file starts, for the CLI, package and docs
 * tests that run the built binary. Building inside a test hook would put the build under the hook's
 * timeout, which a loaded 2-core machine can exceed; here it has no timeout and no lock contention.
 */
import { ensureBuilt } from "../cli/build.js";

export default async function setup(): Promise<void> {
  await ensureBuilt();
}
