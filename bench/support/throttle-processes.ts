/**
 * The processes of the throttling bench: scripts bundled with esbuild (so each starts in well under
 * a second), the rate-limited emulator alone in its own process, and what the bench asks of it
 * (counters, audience sizes). Keys are random per run and only travel through the environment.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { EmulatorOptions, EmulatorStats } from "../../src/emulator/index.js";
import { stopChild } from "./stop-child.js";
import type { BenchApi } from "./throttle-senders.js";

export const keys = {
  BENCH_REST_KEY: randomBytes(12).toString("hex"),
  BENCH_PROJECT_KEY: `project_${randomBytes(6).toString("hex")}`,
  BENCH_APP_KEY: randomBytes(8).toString("hex").toUpperCase(),
};
export const childEnv = { ...process.env, ...keys };

export { bundle } from "./bundle.js";

export interface EmulatorProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** The emulator in its own process (the bundled throttle-emulator.ts), with these options. */
export async function startEmulatorProcess(script: string, options: EmulatorOptions): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [script, JSON.stringify(options)], {
    stdio: ["pipe", "pipe", "inherit"],
    env: childEnv,
  });
  const [port] = (await Promise.race([
    once(createInterface({ input: child.stdout! }), "line"),
    new Promise((_, reject) => setTimeout(() => reject(new Error("emulator did not start within 20 s")), 20_000)),
  ])) as [string];
  return {
    baseUrl: `http://127.0.0.1:${port.trim()}`,
    stop: () => stopChild(child),
  };
}

export async function emulatorStats(baseUrl: string): Promise<EmulatorStats> {
  const response = await fetch(`${baseUrl}/_emulator/stats`, { signal: AbortSignal.timeout(30_000) });
  return (await response.json()) as EmulatorStats;
}

export async function audienceSize(baseUrl: string, api: BenchApi, name: string): Promise<number> {
  const key = api === "audience-2" ? keys.BENCH_PROJECT_KEY : keys.BENCH_APP_KEY;
  const response = await fetch(`${baseUrl}/_emulator/audiences?api=${api}&key=${encodeURIComponent(key)}`);
  const body = (await response.json()) as { audiences: Array<{ name: string; nb_ids: number }> };
  return body.audiences.find((a) => a.name === name)?.nb_ids ?? -1;
}

/** Emulator counters at the start, 5 s in and at the end, for "429s after the first 5 s". */
export function countRequests(baseUrl: string) {
  const atStart = emulatorStats(baseUrl);
  let atFive: Promise<EmulatorStats> | undefined;
  const timer = setTimeout(() => {
    atFive = emulatorStats(baseUrl);
  }, 5_000);
  return async () => {
    clearTimeout(timer);
    const [start, end] = await Promise.all([atStart, emulatorStats(baseUrl)]);
    const five = (await atFive) ?? end;
    return {
      requests: end.requests - start.requests,
      rateLimited: end.rateLimited - start.rateLimited,
      requestsAfter5s: end.requests - five.requests,
      rateLimitedAfter5s: end.rateLimited - five.rateLimited,
    };
  };
}
