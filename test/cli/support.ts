/** Runs the built `batch-audience` binary as a child process and collects its output. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BIN, ROOT } from "./build.js";

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
  /** Called once the child is running (to interrupt it, for example). */
  onStart?: (child: ChildProcess) => void;
}

/** Environment without any BATCH_* variable of the developer's shell. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("BATCH_")) env[key] = value;
  return { ...env, ...extra };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: cleanEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    options.onStart?.(child);
  });
}

export function tempDir(prefix = "batch-cli-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
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
