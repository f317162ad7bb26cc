import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort, type PrismHandle, startPrism } from "./prism.js";

const tinySpec = `openapi: 3.1.0
info: { title: tiny, version: "1" }
paths:
  /ping:
    get:
      operationId: ping
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { pong: { type: boolean } }, required: [pong] }
              example: { pong: true }
  /echo:
    post:
      operationId: echo
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, properties: { n: { type: integer } }, required: [n] }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { n: { type: integer } }, required: [n] }
              example: { n: 1 }
        "400":
          description: bad
          content:
            application/json:
              schema: { type: object, properties: { error: { type: string } } }
              example: { error: bad }
`;

let dir: string;
let specPath: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "prism-test-"));
  specPath = path.join(dir, "tiny.yaml");
  await writeFile(specPath, tinySpec);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function isListening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/ping`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

describe("freePort", () => {
  test("returns a port that can be bound on 127.0.0.1", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});

describe("startPrism mock", () => {
  let prism: PrismHandle;
  beforeAll(async () => {
    prism = await startPrism({ specPath, extraArgs: ["-v", "info"] });
  });
  afterAll(async () => {
    await prism?.stop();
  });

  test("serves the spec's example on a free 127.0.0.1 port", async () => {
    expect(prism.baseUrl).toBe(`http://127.0.0.1:${prism.port}`);
    const response = await fetch(`${prism.baseUrl}/ping`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ pong: true });
  });

  test("validates requests (documented 400 plus sl-violations)", async () => {
    const response = await fetch(`${prism.baseUrl}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ n: "x" }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("sl-violations")).toContain("n");
  });

  test("captures Prism's output", () => {
    expect(prism.output()).toMatch(/Prism is listening/);
  });

  test("stop() ends the process, frees the port and is idempotent", async () => {
    const other = await startPrism({ specPath, extraArgs: ["-v", "warn"] });
    expect(await isListening(other.port)).toBe(true);
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    expect(await isListening(other.port)).toBe(false);
  });
});

describe("startPrism failures", () => {
  test("rejects with Prism's output when Prism exits early", async () => {
    await expect(startPrism({ specPath: path.join(dir, "missing.yaml") })).rejects.toThrow(
      /exited before it was ready[\s\S]*prism output/,
    );
  });

  test("rejects proxy mode without an upstream", async () => {
    await expect(startPrism({ specPath, mode: "proxy" })).rejects.toThrow(/upstream/);
  });
});

describe("startPrism proxy", () => {
  let upstream: Server;
  let upstreamUrl: string;
  beforeAll(async () => {
    // A stub upstream whose /ping answer breaks the spec (pong is a string).
    upstream = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(req.url === "/base/ping" ? { pong: "yes" } : { n: 2 }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const address = upstream.address();
    if (address === null || typeof address === "string") throw new Error("no upstream port");
    upstreamUrl = `http://127.0.0.1:${address.port}/base`;
  });
  afterAll(async () => {
    await new Promise((resolve) => upstream.close(resolve));
  });

  test("forwards to the upstream (base path kept) and reports response violations", async () => {
    const prism = await startPrism({ specPath, mode: "proxy", upstream: upstreamUrl });
    try {
      const response = await fetch(`${prism.baseUrl}/ping`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ pong: "yes" });
      const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as { location: string[] }[];
      expect(violations.some((v) => v.location.join(".").startsWith("response.body"))).toBe(true);
    } finally {
      await prism.stop();
    }
  });
});

describe("exit hooks", () => {
  test("a process that started Prism kills it when it gets SIGTERM", async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const script = path.join(dir, "starter.mts");
    await writeFile(
      script,
      `import { startPrism } from ${JSON.stringify(path.join(here, "prism.ts"))};
const prism = await startPrism({ specPath: ${JSON.stringify(specPath)}, extraArgs: ["-v", "warn"] });
console.log("PORT " + prism.port);
setInterval(() => {}, 1000);
`,
    );
    const tsx = path.resolve(here, "../../node_modules/.bin/tsx");
    const child = spawn(tsx, [script], { stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      let err = "";
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /PORT (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once("exit", (code) => reject(new Error(`starter exited early (${code}): ${err}`)));
    });
    expect(await isListening(port)).toBe(true);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    // Prism needs a moment to release the socket after SIGKILL.
    let listening = true;
    for (let i = 0; i < 40 && listening; i++) {
      listening = await isListening(port);
      if (listening) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(listening).toBe(false);
  }, 20_000);
});
