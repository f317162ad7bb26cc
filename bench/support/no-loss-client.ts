/**
 * Client process of the no-loss bench: creates an audience on the emulator at argv[2] and streams
 * argv[3] operations of the no-loss stream (2.x update, adds with attributes and removes) through
 * bulkUpdate, re-sending failed chunks' `resendPositions` as a caller would. Keys come from
 * BENCH_REST_KEY / BENCH_PROJECT_KEY. Prints one JSON line of figures; its own peak RSS included.
 */
import { BatchAlreadyExistsError, type BulkResult, createAudienceClient } from "../../src/index.js";
import { positionsToResend, RetryLedger } from "../../test/no-loss/support/audit.js";
import { opAt, stream } from "../../test/no-loss/support/stream.js";

const baselineRssMb = process.memoryUsage.rss() / 2 ** 20;
const [baseUrl, countArg, name = "bench"] = process.argv.slice(2);
const count = Number(countArg);
const ledger = new RetryLedger();
const client = createAudienceClient({
  restKey: process.env.BENCH_REST_KEY ?? "",
  projectKey: process.env.BENCH_PROJECT_KEY ?? "",
  baseUrl: baseUrl!,
  logger: ledger.logger,
});

const cpuBefore = process.cpuUsage();
const started = performance.now();
try {
  await client.create(name);
} catch (error) {
  // A create whose first answer was lost meets its own audience on the retry.
  if (!(error instanceof BatchAlreadyExistsError && error.mayBeOwnEarlierAttempt)) throw error;
}
const first = await client.bulkUpdate(name, stream("2", count), { concurrency: 4 });
const results: BulkResult[] = [first];
let positions = positionsToResend(first);
for (let round = 0; positions.length > 0 && round < 3; round++) {
  const again = await client.bulkUpdate(
    name,
    positions.map((p) => opAt(p, "2")),
    { concurrency: 4 },
  );
  results.push(again);
  positions = positionsToResend(again).map((p) => positions[p]!);
}
const wallSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({
    ids: count,
    ok: results.at(-1)!.ok,
    wallSeconds,
    idsPerSecond: count / wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    requestsAccepted: results.reduce((n, r) => n + r.progress.chunksAccepted, 0),
    chunksFailedThenResent: results.slice(0, -1).reduce((n, r) => n + r.failedChunks.length, 0),
    resendRounds: results.length - 1,
    tokens: results.reduce((n, r) => n + r.indexingTokens.length, 0),
    bulkRetries: results.reduce((n, r) => n + r.progress.retries, 0),
    retries: ledger.retries,
    retriesByCause: ledger.byCause,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baselineRssMb,
  })}\n`,
);
