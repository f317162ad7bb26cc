/**
 * No data loss at scale: the client and the emulator in separate processes, 1,000,000 operations of
 * the no-loss stream (2.x update, adds with attributes, removes, re-adds) with 0% and 10% injected
 * faults of every kind, then 5,000,000 without faults to show the client's memory stays flat.
 * Reports end-to-end IDs/s, retries, peak RSS of each process, and whether the final audience is
 * exactly the intended one (IDs and attributes at 1M; the member count at 5M).
 *
 * Both children run esbuild bundles (plain JS), so their RSS is theirs and not the TypeScript loader's.
 * The 10% run uses the client's default backoff (500 ms base, full jitter) and the emulator's default
 * 250 ms slow answers, with `Retry-After: 1` on 429s: what a caller with default settings would see.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import {
  type EmulatorOptions,
  type EmulatorStats,
  FAULT_KINDS,
  type FaultKind,
  type MemberData,
} from "../src/emulator/index.js";
import { compareMembers } from "../test/no-loss/support/audit.js";
import { intendedAfterUpdates, stream } from "../test/no-loss/support/stream.js";
import type { BenchModule } from "./run.js";
import { bundle } from "./support/bundle.js";
import { stopChild } from "./support/stop-child.js";

const TEN_PERCENT = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0.1 / FAULT_KINDS.length])) as Record<
  FaultKind,
  number
>;
const AUDIENCE = "bench_no_loss";

/** Fresh keys per run, passed to both children through the environment and never printed. */
const keys = {
  BENCH_REST_KEY: randomBytes(12).toString("hex"),
  BENCH_PROJECT_KEY: `project_${randomBytes(6).toString("hex")}`,
};
const childEnv = { ...process.env, ...keys };

/** Peak resident set of a live process, from the kernel (Linux); undefined elsewhere. */
function peakRssMbOf(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface EmulatorProcess {
  baseUrl: string;
  child: ChildProcess;
  stats(): Promise<EmulatorStats>;
  members(): Promise<Map<string, MemberData>>;
  size(): Promise<number>;
  stop(): Promise<void>;
}

async function startEmulatorProcess(script: string, options: EmulatorOptions): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [script, JSON.stringify(options)], {
    stdio: ["pipe", "pipe", "inherit"],
    env: childEnv,
  });
  const lines = createInterface({ input: child.stdout! });
  const [port] = (await Promise.race([
    once(lines, "line"),
    new Promise((_, reject) => setTimeout(() => reject(new Error("emulator did not start within 20 s")), 20_000)),
  ])) as [string];
  const baseUrl = `http://127.0.0.1:${port.trim()}`;
  const control = async (path: string) => {
    const response = await fetch(`${baseUrl}/_emulator/${path}`, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`emulator control ${path}: HTTP ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const query = `api=audience-2&key=${encodeURIComponent(keys.BENCH_PROJECT_KEY)}`;
  return {
    baseUrl,
    child,
    stats: () => control("stats") as Promise<EmulatorStats>,
    async members() {
      const body = (await control(`members?${query}&name=${AUDIENCE}`)) as { members: Record<string, MemberData> };
      return new Map(Object.entries(body.members));
    },
    async size() {
      const body = (await control(`audiences?${query}`)) as { audiences: Array<{ name: string; nb_ids: number }> };
      return body.audiences.find((a) => a.name === AUDIENCE)?.nb_ids ?? 0;
    },
    stop: () => stopChild(child),
  };
}

async function runClient(
  script: string,
  baseUrl: string,
  ids: number,
  timeoutMs: number,
  nodeFlags: string[],
): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...nodeFlags, script, `${baseUrl}/2.11`, String(ids), AUDIENCE],
    {
      timeout: timeoutMs,
      env: childEnv,
      maxBuffer: 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

const round = (n: unknown, digits = 1) => (typeof n === "number" ? Number(n.toFixed(digits)) : n);

/** Intended member count of the stream at `ids` positions, without keeping attributes. */
function intendedSize(ids: number): number {
  const present = new Set<string>();
  for (const item of stream("2", ids)) {
    if (typeof item === "string") present.add(item);
    else if (item.action === "add") present.add(item.id);
    else present.delete(item.id);
  }
  return present.size;
}

async function scenario(
  scripts: { emulator: string; client: string },
  ids: number,
  faults: boolean,
  check: "exact" | "count",
  timeoutMs: number,
  clientNodeFlags: string[] = [],
): Promise<Record<string, unknown>> {
  // With faults: the random 10%, plus one of each kind queued first so every kind shows up even
  // though 1M IDs are only ~65 requests of 10,000.
  const options: EmulatorOptions = {
    seed: 11,
    faults: faults
      ? {
          rates: TEN_PERCENT,
          retryAfterSeconds: 1,
          rules: FAULT_KINDS.map((kind) => ({ kind, operation: "update" as const })),
        }
      : {},
  };
  const emulator = await startEmulatorProcess(scripts.emulator, options);
  try {
    const client = await runClient(scripts.client, emulator.baseUrl, ids, timeoutMs, clientNodeFlags);
    const stats = await emulator.stats();
    const emulatorPeakRssMb = peakRssMbOf(emulator.child.pid!);
    let final: Record<string, unknown>;
    if (check === "exact") {
      const diff = compareMembers(intendedAfterUpdates("2", ids), await emulator.members());
      final = { exact: diff.missing === 0 && diff.extra === 0 && diff.changed === 0, ...diff };
    } else {
      const intended = intendedSize(ids);
      const actual = await emulator.size();
      final = { exactCount: actual === intended, intended, actual };
    }
    return {
      ids,
      faultRate: faults ? 0.1 : 0,
      ...(clientNodeFlags.length > 0 ? { clientNodeFlags: clientNodeFlags.join(" ") } : {}),
      ok: client.ok,
      wallSeconds: round(client.wallSeconds, 2),
      idsPerSecond: Math.round(client.idsPerSecond as number),
      clientCpuSeconds: round(client.cpuSeconds, 2),
      requestsAccepted: client.requestsAccepted,
      tokens: client.tokens,
      retries: client.retries,
      retriesByCause: client.retriesByCause,
      chunksFailedThenResent: client.chunksFailedThenResent,
      faultsInjected: stats.faults,
      emulatorRequests: stats.requests,
      emulatorWritesApplied: stats.writesApplied,
      clientPeakRssMb: Math.round(client.peakRssMb as number),
      clientBaselineRssMb: Math.round(client.baselineRssMb as number),
      emulatorPeakRssMb: emulatorPeakRssMb === undefined ? undefined : Math.round(emulatorPeakRssMb),
      emulatorHeapUsedMb: Math.round(stats.memory.heapUsedBytes / 2 ** 20),
      final,
    };
  } finally {
    await emulator.stop();
  }
}

const noLossBench: BenchModule = {
  name: "noLoss",
  async run() {
    const dir = await mkdtemp(join(tmpdir(), "batch-no-loss-"));
    try {
      const scripts = {
        emulator: await bundle(dir, "no-loss-emulator.ts"),
        client: await bundle(dir, "no-loss-client.ts"),
      };
      const clean1M = await scenario(scripts, 1_000_000, false, "exact", 60_000);
      const faulty1M = await scenario(scripts, 1_000_000, true, "exact", 90_000);
      const clean5M = await scenario(scripts, 5_000_000, false, "count", 90_000);
      // The client's live heap is ~30 MB; most of its peak RSS is garbage V8 lets the old generation
      // collect lazily. The same upload with the old generation capped at 64 MB shows it.
      const capped1M = await scenario(scripts, 1_000_000, false, "count", 60_000, ["--max-old-space-size=64"]);
      const rss1M = clean1M.clientPeakRssMb as number;
      const rss5M = clean5M.clientPeakRssMb as number;
      return {
        clean1M,
        faulty1M,
        clean5M,
        oldSpaceCapped1M: capped1M,
        clientPeakRssGrowth1MTo5M: Number((rss5M / rss1M).toFixed(2)),
        targets:
          "idsPerSecond >= 100000 without faults; client peak RSS <= 200 MB and flat from 1M to 5M IDs; final audience exact",
        meetsThroughputTarget:
          (clean1M.idsPerSecond as number) >= 100_000 && (clean5M.idsPerSecond as number) >= 100_000,
        meetsFlatRssTarget: rss5M / rss1M <= 1.25,
        meetsRssTargetWithDefaultHeap: rss1M <= 200 && rss5M <= 200,
        meetsRssTargetWithOldSpaceCap: (capped1M.clientPeakRssMb as number) <= 200,
        allExact:
          (clean1M.final as { exact: boolean }).exact &&
          (faulty1M.final as { exact: boolean }).exact &&
          (clean5M.final as { exactCount: boolean }).exactCount &&
          (capped1M.final as { exactCount: boolean }).exactCount,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default noLossBench;
