/**
 * The client's per-request cost against what a user would write instead: plain openapi-fetch over
 * the same generated types (the target: wall ratio <= 1.15), and raw fetch, on the same local
 * server, in one run. `npx tsx bench/client-overhead.ts` runs this part alone.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import type { paths } from "../generated/audience-2/schema.js";
import { createAudienceClient } from "../src/index.js";
import { compare } from "./support/compare.js";
import { median } from "./support/median.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const REST_KEY = "bench-rest-key";
const PROJECT_KEY = "bench-project";
const TARGET = 1.15;

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [`${here}support/answer-server.mjs`], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const [port] = (await once(lines, "line")) as [string];
  return { url: `http://127.0.0.1:${port.trim()}`, stop: () => child.stdin!.end() };
}

/**
 * CPU per request of the client and of plain openapi-fetch with an in-process fetch (no network,
 * no other process): the client's own cost, far less disturbed by a loaded machine than wall time.
 */
async function cpuWithoutNetwork(): Promise<Record<string, number>> {
  const body = JSON.stringify({ name: "bench", nb_ids: 1, indexing_state: "APPLIED" });
  const fetch = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  const base = "http://127.0.0.1:9/2.11";
  const client = createAudienceClient({ restKey: REST_KEY, projectKey: PROJECT_KEY, baseUrl: base, fetch });
  const plain = createClient<paths>({ baseUrl: base, fetch });
  const header = { "X-Batch-Project": PROJECT_KEY };
  const cpuPer = async (call: () => Promise<unknown>, n = 3_000) => {
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) await call();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / n;
  };
  const viaClient = () => client.get("bench");
  const viaPlain = () => plain.GET("/audiences/view", { params: { header, query: { name: "bench" } } });
  await cpuPer(viaClient);
  await cpuPer(viaPlain);
  const rounds = { client: [] as number[], plain: [] as number[] };
  for (let r = 0; r < 9; r++) {
    rounds.client.push(await cpuPer(viaClient));
    rounds.plain.push(await cpuPer(viaPlain));
  }
  const clientUs = median(rounds.client);
  const plainUs = median(rounds.plain);
  const round1 = (n: number) => Number(n.toFixed(1));
  return { clientCpuUs: round1(clientUs), openapiFetchCpuUs: round1(plainUs), extraCpuUs: round1(clientUs - plainUs) };
}

export async function overhead(): Promise<Record<string, unknown>> {
  const server = await startServer();
  try {
    const base = `${server.url}/2.11`;
    const client = createAudienceClient({ restKey: REST_KEY, projectKey: PROJECT_KEY, baseUrl: base });
    const headers = {
      Authorization: `Bearer ${REST_KEY}`,
      "X-Batch-Project": PROJECT_KEY,
      "Content-Type": "application/json",
    };
    const plain = createClient<paths>({ baseUrl: base, headers });
    const viewPlain = async () => {
      const { data, response } = await plain.GET("/audiences/view", {
        params: { header: { "X-Batch-Project": PROJECT_KEY }, query: { name: "bench" } },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return data;
    };
    const small = await compare(11, 400, () => client.get("bench"), viewPlain);
    const smallRaw = await compare(
      7,
      400,
      () => client.get("bench"),
      async () => {
        const res = await fetch(`${base}/audiences/view?name=bench`, { headers });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json();
      },
    );
    const ops = Array.from({ length: 10_000 }, (_, i) => ({ action: "add" as const, id: `user-${i}` }));
    const large = await compare(
      5,
      15,
      () => client.update("bench", ops),
      async () => {
        const { data, response } = await plain.POST("/audiences/update", {
          params: { header: { "X-Batch-Project": PROJECT_KEY } },
          body: { name: "bench", ids: ops },
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return data;
      },
    );
    return {
      smallRequestVsOpenapiFetch: {
        ...small,
        target: `ratio <= ${TARGET}`,
        meetsTarget: small.ratio <= TARGET,
        loadAverage: loadavg()[0],
      },
      smallRequestVsRawFetch: smallRaw,
      update10kIdsVsOpenapiFetch: large,
      cpuWithoutNetwork: await cpuWithoutNetwork(),
    };
  } finally {
    server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await overhead(), null, 2)}\n`);
}
