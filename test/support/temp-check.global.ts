/**
 * Vitest global setup: gives the run a tag for test/support/temp.ts's folder names, and at the end
 * fails the run if any such folder is still in the temporary directory (after removing it, so the
 * machine stays clean either way).
 */
import { readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    tempTag: string;
  }
}

export default function setup(project: TestProject): () => void {
  const tag = `t${process.pid}${Date.now().toString(36)}`;
  project.provide("tempTag", tag);
  return () => {
    const left = readdirSync(tmpdir()).filter((name) => name.includes(`-${tag}-`));
    for (const name of left) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the exit code too.
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} temporary folder(s) behind (${left.join(", ")}): every test must remove what it creates (test/support/temp.ts)`,
      );
    }
  };
}
