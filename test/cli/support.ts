/**
 * Runs the built `batch-audience` binary (or the README's `npm run cli`) as a child process and
 * collects its output. Children still running when a test file ends are killed before its
 * temporary folders are removed.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeTempCleanup } from "../support/temp.js";
import { BIN, ROOT } from "./build.js";

export { tempDir } from "../support/temp.js";

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  /** Run as this user and group (to make a folder unwritable when the tests run as root). */
  uid?: number;
  gid?: number;
  /** Node options before the script (e.g. `--import` of a test double). */
  nodeArgs?: string[];
  /** A command that runs node, e.g. a namespace with a read-only mount (see `unwritable`). */
  wrapper?: string[];
  /** Called once the child is running (to interrupt it, for example). */
  onStart?: (child: ChildProcess) => void;
}

const running = new Set<ChildProcess>();
beforeTempCleanup(() => {
  for (const child of running) child.kill("SIGKILL");
});

/** Remembers a child until it exits, so a failed test cannot leave it running. */
export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.on("exit", () => running.delete(child));
  return child;
}

/** Environment without any BATCH_* variable of the developer's shell. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("BATCH_")) env[key] = value;
  return { ...env, ...extra };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const command = [...(options.wrapper ?? []), process.execPath, ...(options.nodeArgs ?? []), BIN, ...args];
    const child = track(
      spawn(command[0]!, command.slice(1), {
        cwd: options.cwd ?? ROOT,
        env: cleanEnv(options.env),
        stdio: ["pipe", "pipe", "pipe"],
        ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
      }),
    );
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
    options.onStart?.(child);
  });
}

export function idOf(i: number): string {
  return `user-${String(i).padStart(7, "0")}`;
}

/** A CSV with an `id` header and `count` IDs; returns its path. */
export function writeIdsCsv(dir: string, count: number, name = "ids.csv"): string {
  const lines = ["id"];
  for (let i = 0; i < count; i++) lines.push(idOf(i));
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/**
 * Resolves once `ready()` holds, checking every few milliseconds; rejects if `ended` settles first.
 * For waiting on an observable state (emulator stats, a file) before acting, never for timing.
 */
export async function until(ready: () => boolean, ended?: Promise<unknown>): Promise<void> {
  let over = false;
  void ended?.then(
    () => (over = true),
    () => (over = true),
  );
  while (!ready()) {
    if (over) throw new Error("the command ended before the awaited state");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The conventional unprivileged user and group. */
export const NOBODY = 65534;

/** Whether the unprivileged user can load the CLI from this checkout (a clone under /root cannot). */
function nobodyCanRunCli(): boolean {
  const probe = spawnSync(process.execPath, ["-e", `require("node:fs").accessSync(${JSON.stringify(BIN)})`], {
    uid: NOBODY,
    gid: NOBODY,
  });
  return probe.status === 0;
}

/**
 * Runs the CLI without the power to ignore `target`'s permissions, so that it meets them as any
 * user would: `mode` says what it may do (e.g. 0o755: read a folder, not write it; 0o600: not
 * read a file). As root (who reads and writes anything), the CLI runs as another user, or, when
 * that user cannot reach this checkout (a clone under /root), in a user namespace where `target`
 * belongs to an unmapped user. Otherwise the owner's own permission bits are taken away. Returns
 * the spawn options and a function that restores `target` (call it before removing it).
 */
export function restricted(
  target: string,
  mode: number,
): { as: Pick<CliOptions, "uid" | "gid" | "wrapper">; restore: () => void } {
  const others = mode & 0o7;
  if (process.getuid?.() !== 0) {
    chmodSync(target, (others << 6) | (others << 3) | others);
    return { as: {}, restore: () => chmodSync(target, mode | 0o700) };
  }
  chmodSync(target, mode);
  if (nobodyCanRunCli()) return { as: { uid: NOBODY, gid: NOBODY }, restore: () => {} };
  chownSync(target, NOBODY, NOBODY);
  return {
    as: { wrapper: ["unshare", "--user", "--map-root-user"] },
    restore: () => chownSync(target, 0, 0),
  };
}
