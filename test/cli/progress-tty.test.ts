/** The progress display: a bar under a pseudo-terminal (util-linux `script`), plain lines in a pipe. */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { BIN, ensureBuilt, ROOT } from "./build.js";
import { cleanEnv, runCli, tempDir, writeIdsCsv } from "./support.js";

let emulator: EmulatorHandle;
const dir = tempDir();

beforeAll(async () => {
  await ensureBuilt();
  emulator = await startEmulator({ port: 0, faults: { rates: { slow: 1 }, slowMs: 150, operations: ["update"] } });
});
afterAll(async () => emulator?.stop());

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** Runs the CLI inside a pseudo-terminal; returns everything the terminal received. */
function underTty(args: string[]): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, BIN, ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
      cwd: ROOT,
      env: cleanEnv({ COLUMNS: "160", LINES: "40", TERM: "xterm" }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (screen += text));
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, screen }));
    child.stdin.end();
  });
}

/** The successive frames the terminal drew, escapes removed. */
function frames(raw: string): string[] {
  return (
    raw
      // cli-progress redraws in place by moving the cursor to column 1.
      .replace(/\x1b\[1G/g, "\n")
      .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, "")
      .split(/\r\n|\n|\r/)
      .filter((line) => line.trim() !== "")
  );
}

describe("progress", () => {
  it("draws a progress bar with rows, rates and ETA under a terminal", async () => {
    const file = writeIdsCsv(dir, 120_000, "tty.csv");
    const { code, screen } = await underTty([
      "sync",
      "--emulator",
      emulator.baseUrl,
      "--api",
      "2",
      "--name",
      "tty",
      "--file",
      file,
      "--chunk-size",
      "5000",
    ]);
    expect(code).toBe(0);
    const lines = frames(screen);
    const bars = lines.filter((line) => /[█░]{10,}/.test(line));
    expect(bars.length).toBeGreaterThan(1);
    const last = bars[bars.length - 1]!;
    expect(last).toMatch(
      /100% \| read 120,000 \| sent 120,000 \| accepted 120,000 \| failed 0 \| retries 0 \| [\d,]+ IDs\/s \| ETA/,
    );
    const middle = bars.find((line) => /\| accepted [1-9][\d,]* \|.*ETA \d+s/.test(line) && !line.includes("100%"));
    expect(middle).toBeDefined();
    mkdirSync(path.join(ROOT, "test-output/cli"), { recursive: true });
    writeFileSync(
      path.join(ROOT, "test-output/cli/progress-screen.txt"),
      `# batch-audience sync under a pseudo-terminal (script -q -c …), 120,000 rows, emulator answering in 150 ms\n# a frame during the upload:\n${middle}\n# the terminal at the end:\n${lines.slice(lines.indexOf(last)).join("\n")}\n`,
    );
  });

  it("prints plain progress lines when stderr is not a terminal", async () => {
    const file = writeIdsCsv(dir, 60_000, "pipe.csv");
    const run = await runCli([
      "sync",
      "--emulator",
      emulator.baseUrl,
      "--api",
      "2",
      "--name",
      "piped",
      "--file",
      file,
      "--chunk-size",
      "2000",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/[█░]/);
    expect(run.stderr).toMatch(
      /^sync: read 60,000 rows, sent 60,000, accepted 60,000, failed 0, invalid 0, retries 0, [\d,]+ IDs\/s, ETA/m,
    );
  });
});
