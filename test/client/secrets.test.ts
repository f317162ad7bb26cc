import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { BatchError, createAudienceClient, createCustomAudienceClient, type LogEntry } from "../../src/index.js";
import { useScriptedServer } from "../support/scripted-server.js";

// Distinctive keys, including characters that get URL-encoded in a path.
const API_KEY = "APPKEY+with/slash=1";
const REST_KEY = "RESTKEY_d41d8cd98f00b204";
const PROJECT_KEY = "project_SECRETPROJECT42";
const SECRETS = [API_KEY, encodeURIComponent(API_KEY), REST_KEY, PROJECT_KEY];

const server = useScriptedServer();

function renderings(error: unknown): string[] {
  const e = error as Error;
  return [e.message, String(e), e.toString(), JSON.stringify(e), inspect(e, { depth: 10 }), e.stack ?? ""];
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const oneX = (logs: LogEntry[], extra: Record<string, unknown> = {}) =>
  createCustomAudienceClient({
    version: "1.1",
    apiKey: API_KEY,
    restKey: REST_KEY,
    baseUrl: server.url,
    baseDelayMs: 1,
    maxDelayMs: 2,
    rateLimitFloorMs: 0,
    maxRetries: 1,
    logger: (e: LogEntry) => logs.push(e),
    ...extra,
  });
const twoX = (logs: LogEntry[], extra: Record<string, unknown> = {}) =>
  createAudienceClient({
    restKey: REST_KEY,
    projectKey: PROJECT_KEY,
    baseUrl: server.url,
    baseDelayMs: 1,
    maxDelayMs: 2,
    maxRetries: 1,
    logger: (e: LogEntry) => logs.push(e),
    ...extra,
  });

describe("keys never leak", () => {
  it("the app API key really is in the 1.x path (so redaction is tested, not vacuous)", async () => {
    server.setHandler(() => ({ json: { custom_audiences: [] } }));
    await oneX([]).list();
    expect(server.requests[0]!.path).toContain(encodeURIComponent(API_KEY));
  });

  const scenarios: Array<[string, () => Promise<unknown>, () => void]> = [];
  const logs: LogEntry[] = [];
  scenarios.push([
    "1.x 401 whose message echoes every key",
    () => oneX(logs).get("aud"),
    () =>
      server.setHandler(() => ({
        status: 401,
        headers: { "x-echo": `${REST_KEY}` },
        json: { error_code: 10, error_message: `bad key ${API_KEY} / ${REST_KEY}` },
      })),
  ]);
  scenarios.push([
    "1.x 500 retried then failing, HTML body echoing the URL",
    () => oneX(logs).update("aud", [{ action: "add", id: "x" }]),
    () =>
      server.setHandler((r) => ({
        status: 500,
        body: `<html>${r.url} ${REST_KEY}</html>`,
        headers: { "content-type": "text/html" },
      })),
  ]);
  scenarios.push([
    "1.x connection reset",
    () => oneX(logs).delete("aud"),
    () => server.setHandler(() => ({ reset: true })),
  ]);
  scenarios.push([
    "1.x timeout",
    () => oneX(logs, { timeoutMs: 50 }).get("aud"),
    () => server.setHandler(() => ({ delayMs: 300, json: {} })),
  ]);
  scenarios.push([
    "2.x 403 echoing the project key",
    () => twoX(logs).get("aud"),
    () =>
      server.setHandler(() => ({
        status: 403,
        json: { error_code: PROJECT_KEY, error_message: `project ${PROJECT_KEY}` },
      })),
  ]);
  scenarios.push([
    "2.x 429 then deadline",
    () => twoX(logs, { deadlineMs: 100 }).list(),
    () =>
      server.setHandler(() => ({
        status: 429,
        headers: { "retry-after": "60" },
        json: { error_code: "X", error_message: REST_KEY },
      })),
  ]);
  scenarios.push([
    "2.x connection refused",
    () => twoX(logs, { baseUrl: "http://127.0.0.1:9" }).get("aud"),
    () => undefined,
  ]);
  scenarios.push(["client-side validation", () => twoX(logs).create(`bad ${REST_KEY}`), () => undefined]);

  it.each(scenarios)("%s", async (_name, call, setup) => {
    setup();
    const error = await call().then(
      () => {
        throw new Error("expected a failure");
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BatchError);
    expectNoSecret(renderings(error));
    expectNoSecret(logs.map((l) => `${l.message} ${JSON.stringify(l)} ${inspect(l)}`));
  });

  it("log lines were produced (so the log check above is not vacuous)", () => {
    expect(logs.some((l) => l.event === "retry")).toBe(true);
    expect(logs.every((l) => l.url.includes("[REDACTED]") || !l.url.includes("/1."))).toBe(true);
  });

  it("clients do not expose keys through inspect or JSON", () => {
    for (const c of [oneX([]), twoX([])]) {
      expectNoSecret([inspect(c, { depth: 10, showHidden: true }), JSON.stringify(c)]);
    }
  });

  it("missing keys are reported without echoing other secrets", () => {
    const error = (() => {
      try {
        createCustomAudienceClient({ version: "1.1", apiKey: API_KEY, restKey: "  " });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ kind: "validation", field: "restKey" });
    expectNoSecret(renderings(error));
  });
});
