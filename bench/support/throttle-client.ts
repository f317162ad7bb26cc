/**
 * Client process of the throttling bench: creates an audience on the rate-limited emulator at argv[2]
 * and uploads argv[4] IDs to it on API argv[3] in mode argv[5] (throttle-senders.ts), argv[7] per
 * call. Reads the emulator's counters when the upload starts, 5 s later and at the end, so the bench
 * can tell the 429s after the first 5 s. Keys come from BENCH_* variables. Prints one JSON line.
 */
import type { EmulatorStats } from "../../src/emulator/index.js";
import { createAudienceClient, createCustomAudienceClient } from "../../src/index.js";
import { type BenchApi, type Mode, upload } from "./throttle-senders.js";

const [
  baseUrl = "",
  api = "audience-2",
  countArg = "0",
  mode = "baseline",
  name = "bench_throttle",
  chunkArg = "10000",
] = process.argv.slice(2);
const keys = {
  restKey: process.env.BENCH_REST_KEY ?? "",
  projectKey: process.env.BENCH_PROJECT_KEY ?? "",
  appKey: process.env.BENCH_APP_KEY ?? "",
};
const count = Number(countArg);

async function stats(): Promise<EmulatorStats> {
  const response = await fetch(`${baseUrl}/_emulator/stats`, { signal: AbortSignal.timeout(30_000) });
  return (await response.json()) as EmulatorStats;
}

if (api === "audience-2") {
  await createAudienceClient({ ...keys, baseUrl: `${baseUrl}/2.11` }).create(name);
} else {
  const client = createCustomAudienceClient({ version: "1.1", apiKey: keys.appKey, restKey: keys.restKey, baseUrl });
  await client.create(name);
}

const atStart = await stats();
const started = performance.now();
let atFiveSeconds: EmulatorStats | undefined;
const fiveSeconds = setTimeout(() => {
  void stats().then((s) => {
    atFiveSeconds = s;
  });
}, 5_000);
const outcome = await upload(
  mode as Mode,
  { api: api as BenchApi, baseUrl, name, keys, chunkSize: Number(chunkArg) },
  count,
);
const uploadSeconds = (performance.now() - started) / 1000;
clearTimeout(fiveSeconds);
const atEnd = await stats();
const after = atFiveSeconds ?? atEnd;
process.stdout.write(
  `${JSON.stringify({
    ...outcome,
    uploadSeconds,
    requests: atEnd.requests - atStart.requests,
    rateLimited: atEnd.rateLimited - atStart.rateLimited,
    requestsAfter5s: atEnd.requests - after.requests,
    rateLimitedAfter5s: atEnd.rateLimited - after.rateLimited,
  })}\n`,
);
