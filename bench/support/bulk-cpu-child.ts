/**
 * Child process for the 1,000,000-ID measurement: streams IDs through the real client
 * (validation, chunking, openapi-fetch serialisation, retrying transport) with a fetch that reads the
 * body and answers at once, so the numbers are the client's own CPU and memory, not the network's.
 * Prints one JSON line.
 */
import { createAudienceClient } from "../../src/index.js";

const count = Number(process.argv[2] ?? 1_000_000);
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
let bodyCharsSent = 0;
const client = createAudienceClient({
  restKey: "bench-rest-key",
  projectKey: "bench-project",
  baseUrl: "http://bench.invalid/2.11",
  fetch: async (_input, init) => {
    const body = init?.body;
    bodyCharsSent += typeof body === "string" ? body.length : ((body as ArrayBuffer | undefined)?.byteLength ?? 0);
    return new Response('{"indexing_token":"t"}', { status: 202, headers: { "content-type": "application/json" } });
  },
});

function* ids(): Generator<string> {
  for (let i = 0; i < count; i++) yield `user-${i.toString(36)}-${(i * 2654435761) % 1_000_003}`;
}

const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await client.bulkUpdate("bench", ids(), { concurrency: 4 });
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({
    ids: count,
    ok: result.ok,
    requests: result.progress.chunksSent,
    bodyCharsSent,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds: wallMs / 1000,
    peakRssMb,
    baselineRssMb,
  })}\n`,
);
