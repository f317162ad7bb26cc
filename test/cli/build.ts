/**
 * Builds dist/ once for the CLI and package tests (both may start at the same time in two vitest
 * workers, so a lock directory serialises them); an up-to-date build is reused.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * The checkout whose CLI the tests run: this one, or CLI_UNDER_TEST=<another checkout, built> to
 * show that a test fails on an older version (how each CLI test was checked to fail before its fix).
 */
export const CLI_ROOT = process.env.CLI_UNDER_TEST ? path.resolve(process.env.CLI_UNDER_TEST) : ROOT;
export const BIN = path.join(CLI_ROOT, "dist/src/cli/main.js");
const LOCK = path.join(ROOT, "test-output", ".build-lock");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  // The package build also writes types, require shims and specs: a dist/ from an older build lacks them.
  if (!existsSync(BIN) || !existsSync(path.join(ROOT, "dist/types/index.d.ts"))) return false;
  const built = statSync(BIN).mtimeMs;
  const inputs = ["package.json", "tsconfig.build.json", "scripts/build-package.ts"].map(
    (file) => statSync(path.join(ROOT, file)).mtimeMs,
  );
  return (
    newestMtime(path.join(ROOT, "src")) <= built &&
    newestMtime(path.join(ROOT, "generated")) <= built &&
    // The package ships the conformance runner and cases (dist/conformance/).
    newestMtime(path.join(ROOT, "conformance")) <= built &&
    Math.max(...inputs) <= built
  );
}

export async function ensureBuilt(): Promise<void> {
  if (CLI_ROOT !== ROOT) return;
  const deadline = Date.now() + 120_000;
  mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another worker holds the lock; a lock older than the deadline is stale.
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (!isFresh()) execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "pipe" });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
