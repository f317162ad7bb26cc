/**
 * Temporary folders for tests, removed after the test file whatever its outcome. Names carry the
 * run's tag (from temp-check.global.ts), so the run can prove at its end that no test left one
 * behind — even with other test runs sharing /tmp on the same machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";

const created = new Set<string>();
const cleanups: Array<() => void> = [];

/** Runs before the folders go (e.g. killing child processes that still write into them). */
export function beforeTempCleanup(cleanup: () => void): void {
  cleanups.push(cleanup);
}

afterAll(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
  created.clear();
});

export function tempDir(label = "batch-cli"): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${label}-${inject("tempTag")}-`));
  created.add(dir);
  return dir;
}
