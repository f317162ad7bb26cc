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
    };
  } finally {
    server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await overhead(), null, 2)}\n`);
}
