/**
 * The live target's safety rules and its proxy chain, exercised against a local stand-in for
 * api.batch.com on 127.0.0.1 (the network is not reachable here, and must never be from tests).
 */

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseOptions } from "./options.js";
import { runSuite, type SuiteResult } from "./suite.js";
import { runningPrismCount } from "./support/prism.js";
import { LIVE_CONFIRM_FLAG, LiveRefusal, liveCredentials, liveUpstreams } from "./targets/live.js";

const KEYS = {
  BATCH_REST_KEY: "rest-SECRET-7f3a9c",
  BATCH_API_KEY: "APP-SECRET-51be02",
  BATCH_PROJECT_KEY: "project_SECRET_c0ffee",
};

describe("live target refuses to start unsafely", () => {
  test("without keys it names the missing variables", () => {
    expect(() => liveCredentials({}, true)).toThrow(/BATCH_REST_KEY, BATCH_API_KEY, BATCH_PROJECT_KEY/);
  });
  test("with keys but without the confirmation flag", () => {
    expect(() => liveCredentials(KEYS, false)).toThrow(LIVE_CONFIRM_FLAG);
  });
  test("the refusal never contains a key", () => {
    try {
      liveCredentials({ ...KEYS, BATCH_PROJECT_KEY: "" }, false);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LiveRefusal);
      for (const key of Object.values(KEYS)) expect(String(error)).not.toContain(key);
    }
  });
  test("runSuite refuses before starting any Prism", async () => {
    const options = parseOptions(["--target", "live"], {});
    const before = runningPrismCount();
    await expect(runSuite(options, { out: { write: () => true }, env: KEYS })).rejects.toThrow(LIVE_CONFIRM_FLAG);
    expect(runningPrismCount()).toBe(before);
  });
  test("upstreams: 1.x is the host, 2.x carries the version", () => {
    expect(liveUpstreams()).toEqual({
      "custom-audience-1.0": "https://api.batch.com",
      "custom-audience-1.1": "https://api.batch.com",
      "audience-2": "https://api.batch.com/2.11",
    });
  });
});

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
}

/** A small stand-in for Batch 1.1: creates and deletes for real, breaks the list schema on purpose. */
function stubBatch(seen: Seen[], audiences: Set<string>, createdEver: Set<string>): Server {
  return createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        auth: req.headers["x-authorization"] as string | undefined,
      });
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (req.headers["x-authorization"] !== KEYS.BATCH_REST_KEY)
        return reply(401, { error_code: 10, error_message: "Authentication invalid" });
      const match = /^\/1\.1\/([^/]+)\/custom-audience(?:\/([^/?]+))?/.exec(req.url ?? "");
      const name = match?.[2] ? decodeURIComponent(match[2]) : undefined;
      if (!match) return reply(404, { error_code: 20, error_message: "Route not found" });
      if (!name) return reply(200, { custom_audiences: "this should be an array" });
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
        return reply(400, { error_code: 31, error_message: "Malformed parameter" });
      if (req.method === "POST") {
        if (audiences.has(name)) return reply(400, { error_code: 33, error_message: "exists" });
        audiences.add(name);
        createdEver.add(name);
        return reply(201, { indexing_token: "a0082dc6860938a26280bd3ba927303b" });
      }
      if (!audiences.has(name)) return reply(404, { error_code: 20, error_message: "Route not found" });
      if (req.method === "DELETE") {
        audiences.delete(name);
        return reply(200, {});
      }
      return reply(400, { error_code: 31, error_message: "the stub accepts nothing else" });
    });
  });
}

describe("live chain against a local stand-in through a real prism proxy", () => {
  const seen: Seen[] = [];
  const audiences = new Set<string>();
  const createdEver = new Set<string>();
  let stub: Server;
  let output = "";
  let result: SuiteResult;
  let reportDir: string;

  beforeAll(async () => {
    stub = stubBatch(seen, audiences, createdEver);
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    const address = stub.address();
    if (address === null || typeof address === "string") throw new Error("no stub port");
    reportDir = await mkdtemp(path.join(tmpdir(), "conformance-live-"));
    const options = parseOptions(
      [
        "--target",
        "live",
        LIVE_CONFIRM_FLAG,
        "--api",
        "custom-audience-1.1",
        "--live-host",
        `http://127.0.0.1:${address.port}`,
        "--generated",
        "2",
        "--report",
        reportDir,
      ],
      {},
    );
    result = await runSuite(options, { out: { write: (t: string) => (output += t) }, env: KEYS });
  });
  afterAll(async () => {
    await new Promise((resolve) => stub.close(resolve));
    await rm(reportDir, { recursive: true, force: true });
  });

  test("requests reach the upstream with the real keys", () => {
    expect(seen.length).toBeGreaterThan(10);
    expect(
      seen.some(
        (s) => s.url.startsWith(`/1.1/${KEYS.BATCH_API_KEY}/custom-audience`) && s.auth === KEYS.BATCH_REST_KEY,
      ),
    ).toBe(true);
  });

  test("a response the spec forbids fails with the proxy's sl-violations message", () => {
    const list = result.results.find((r) => r.operationId === "listAudiences" && r.status === 200);
    expect(list?.outcome).toBe("fail");
    const violation = list?.failures.find((f) => f.check === "proxy-violation");
    expect(violation?.message).toMatch(/response\.body.*custom_audiences/);
    expect(result.exitCode).toBe(1);
  });

  test("cases the stub answers correctly pass (201 create, 404 unknown audience, 401 missing key)", () => {
    const passed = result.results.filter((r) => r.outcome === "pass").map((r) => r.title);
    expect(passed).toContain("createAudience → 201 type only");
    expect(passed).toContain("getAudience → 404 audience never created");
    expect(passed).toContain("getAudience → 401 REST key missing");
  });

  test("the stateful sequences run on live too, and their failures are reported per step", () => {
    const steps = result.results.filter((r) => r.kind === "sequence");
    expect(steps.length).toBe(16);
    expect(steps.find((r) => r.title.endsWith("[1/9] createAudience → 201 create"))?.outcome).toBe("pass");
    // The stand-in lists a body the spec forbids: the walk reports the proxy's violation.
    const walk = steps.find((r) => r.title.includes("walk every page"));
    expect(walk?.outcome).toBe("fail");
    expect(walk?.failures.some((f) => f.check === "proxy-violation")).toBe(true);
  });

  test("mock-only states are skipped with their reason", () => {
    const rateLimited = result.results.find((r) => r.title === "getAudience → 429 rate limited");
    expect(rateLimited?.outcome).toBe("skipped");
    expect(rateLimited?.reason).toMatch(/rate-limit/);
  });

  test("the run creates only run-prefixed audiences and deletes every one of them", () => {
    expect(createdEver.size).toBeGreaterThan(5);
    for (const name of createdEver) expect(name).toMatch(/^conf_[a-z0-9]+_[0-9a-f]{10}/);
    expect(audiences.size).toBe(0);
    expect(result.cleanup?.attempted).toBeGreaterThan(0);
    expect(result.cleanup?.leftovers).toEqual([]);
  });

  test("no key appears in the console output or the reports", async () => {
    const files = await Promise.all(result.reportFiles.map((f) => readFile(f, "utf8")));
    expect(files).toHaveLength(3);
    for (const text of [output, ...files]) {
      for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
    }
    expect(output).toContain("<redacted>");
  });

  test("every Prism the run started is stopped", () => {
    expect(runningPrismCount()).toBe(0);
  });
});

describe("live chain without Prism (--proxy none, what an install without Prism runs)", () => {
  const seen: Seen[] = [];
  const audiences = new Set<string>();
  const createdEver = new Set<string>();
  let stub: Server;
  let output = "";
  let result: SuiteResult;
  let prismsDuringRun = -1;

  beforeAll(async () => {
    stub = stubBatch(seen, audiences, createdEver);
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    const { port } = stub.address() as { port: number };
    const options = parseOptions(
      ["--target", "live", LIVE_CONFIRM_FLAG, "--api", "custom-audience-1.1", "--proxy", "none"],
      {},
    );
    options.liveHost = `http://127.0.0.1:${port}`;
    options.generatedPerOperation = 0;
    const onTarget = () => {
      prismsDuringRun = runningPrismCount();
    };
    result = await runSuite(options, { out: { write: (t: string) => (output += t) }, env: KEYS, onTarget });
  });
  afterAll(async () => {
    await new Promise((resolve) => stub.close(resolve));
  });

  test("requests go straight to the upstream, no Prism is started, and the output says so", () => {
    expect(prismsDuringRun).toBe(0);
    expect(seen.some((s) => s.url.startsWith(`/1.1/${KEYS.BATCH_API_KEY}/custom-audience`))).toBe(true);
    expect(output).toMatch(/requests go straight to the server, answers checked against the bundles with Ajv/);
  });

  test("the suite's own Ajv check catches the response the spec forbids, as the proxy did", () => {
    const list = result.results.find((r) => r.operationId === "listAudiences" && r.status === 200);
    expect(list?.outcome).toBe("fail");
    expect(list?.failures.some((f) => f.check === "schema" && /custom_audiences/.test(f.message))).toBe(true);
    expect(list?.failures.some((f) => f.check === "proxy-violation")).toBe(false);
    const passed = result.results.filter((r) => r.outcome === "pass").map((r) => r.title);
    expect(passed).toEqual(
      expect.arrayContaining(["createAudience → 201 type only", "getAudience → 401 REST key missing"]),
    );
  });

  test("cleanup and redaction hold without the proxy", () => {
    expect(audiences.size).toBe(0);
    expect(result.cleanup?.leftovers).toEqual([]);
    for (const key of Object.values(KEYS)) expect(output).not.toContain(key);
  });
});
