/**
 * The shard scenario of the throttling bench: `batch-audience sync --shard K/4` of one CSV, four
 * processes of the built CLI at once, sharing one key (so one limit) on the rate-limited emulator.
 * Each process has its own throttle (throttles are shared within a process, not across), so this
 * measures whether independent throttles converge to fair shares of one limit.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BIN, ensureBuilt } from "../../test/cli/build.js";
import { countRequests, keys } from "./throttle-processes.js";
import { idAt } from "./throttle-senders.js";

export const SHARDS = 4;

interface ShardRun {
  accepted: number;
  /** The CLI's own duration (from its start to its summary), seconds. */
  seconds: number;
  /** When it exited, on this process's clock (ms). */
  endedAtMs: number;
  ok: boolean;
}

async function writeCsv(dir: string, count: number): Promise<string> {
  const file = join(dir, "shards.csv");
  const lines = ["id"];
  for (let i = 0; i < count; i++) lines.push(idAt(i));
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

async function runShard(k: number, file: string, baseUrl: string, name: string, chunkSize: number): Promise<ShardRun> {
  const args = ["sync", "--emulator", baseUrl, "--api", "2", "--name", name, "--file", file];
  args.push("--shard", `${k}/${SHARDS}`, "--chunk-size", String(chunkSize), "--json", "--quiet", "--no-create");
  const env = { ...process.env, BATCH_REST_KEY: keys.BENCH_REST_KEY, BATCH_PROJECT_KEY: keys.BENCH_PROJECT_KEY };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  const [code] = (await once(child, "exit")) as [number | null];
  const endedAtMs = performance.now();
  const summary = JSON.parse(stdout) as { ok: boolean; seconds: number; rows: { accepted: number } };
  return { accepted: summary.rows.accepted, seconds: summary.seconds, endedAtMs, ok: code === 0 && summary.ok };
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/** Runs the four shards against `baseUrl`, where the audience `name` already exists. */
export async function shardScenario(setup: {
  dir: string;
  baseUrl: string;
  name: string;
  count: number;
  chunkSize: number;
  limitIdsPerSecond: number;
}) {
  await ensureBuilt();
  const file = await writeCsv(setup.dir, setup.count);
  const counted = countRequests(setup.baseUrl);
  const runs = await Promise.all(
    Array.from({ length: SHARDS }, (_, k) => runShard(k, file, setup.baseUrl, setup.name, setup.chunkSize)),
  );
  const requests = await counted();
  // The span from the first shard's start to the last one's end (node's own start-up left out).
  const span =
    (Math.max(...runs.map((r) => r.endedAtMs)) - Math.min(...runs.map((r) => r.endedAtMs - r.seconds * 1000))) / 1000;
  const perShard = runs.map((r) => r.accepted / r.seconds);
  const mean = perShard.reduce((a, b) => a + b, 0) / SHARDS;
  return {
    ok: runs.every((r) => r.ok),
    accepted: runs.reduce((sum, r) => sum + r.accepted, 0),
    seconds: round(span, 2),
    goodputOverLimit: round(setup.count / span / setup.limitIdsPerSecond),
    shardIdsPerSecond: perShard.map((g) => Math.round(g)),
    worstShardDeviationFromMean: round(Math.max(...perShard.map((g) => Math.abs(g - mean) / mean))),
    requests: requests.requests,
    rateLimited: requests.rateLimited,
    share429After5s: requests.requestsAfter5s > 0 ? round(requests.rateLimitedAfter5s / requests.requestsAfter5s) : 0,
  };
}
