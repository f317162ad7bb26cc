import { describe, expect, test } from "vitest";
import { FAKE_CREDENTIALS, type Target } from "../targets/types.js";
import { checkResponse, isPrismMadeError } from "./checks.js";
import { caseContext } from "./context.js";
import { type Observed, prepare, toCurl } from "./http.js";
import { redact } from "./redact.js";
import { getOperation, loadSpec } from "./spec.js";

const secrets = ["rest-SECRET-1234", "APP/KEY 99"];
const target: Target = {
  name: "live",
  kind: "real",
  violations: "proxy",
  runPrefix: "conf_x",
  baseUrls: {
    "custom-audience-1.0": "http://127.0.0.1:1",
    "custom-audience-1.1": "http://127.0.0.1:2",
    "audience-2": "http://127.0.0.1:3/",
  },
  credentials: { restKey: secrets[0]!, apiKey: secrets[1]!, projectKey: "project_abc" },
  secrets,
  stop: async () => {},
};

describe("requests and redaction", () => {
  test("1.x: API key in the path, REST key in X-Authorization; curl shows neither", () => {
    const prepared = prepare(
      "custom-audience-1.0",
      { method: "get", path: "/1.0/{apiKey}/custom-audience", query: { limit: 5 } },
      target,
    );
    expect(prepared.url).toBe("http://127.0.0.1:1/1.0/APP%2FKEY%2099/custom-audience?limit=5");
    expect(prepared.headers["x-authorization"]).toBe(secrets[0]);
    const curl = toCurl(prepared, secrets);
    for (const s of secrets) expect(curl).not.toContain(s);
    expect(curl).not.toContain(encodeURIComponent(secrets[1]!));
    expect(curl).toContain("x-authorization: <redacted>");
  });
  test("2.x: bearer + project header; wrong and missing credentials", () => {
    const valid = prepare(
      "audience-2",
      { method: "post", path: "/audiences/create", body: { name: "a" } },
      target,
      "code=400",
    );
    expect(valid.url).toBe("http://127.0.0.1:3/audiences/create");
    expect(valid.headers).toMatchObject({
      authorization: `Bearer ${secrets[0]}`,
      "x-batch-project": "project_abc",
      "content-type": "application/json",
      prefer: "code=400",
    });
    const wrong = prepare("audience-2", { method: "get", path: "/audiences/list", auth: "wrong" }, target);
    expect(wrong.headers.authorization).not.toContain(secrets[0]);
    const missing = prepare(
      "audience-2",
      { method: "get", path: "/audiences/list", auth: "missing", omitHeaders: ["X-Batch-Project"] },
      target,
    );
    expect(missing.headers.authorization).toBeUndefined();
    expect(missing.headers["x-batch-project"]).toBeUndefined();
    expect(toCurl(valid, secrets)).toContain("authorization: Bearer <redacted>");
  });
  test("long bodies are cut in the curl line", () => {
    const prepared = prepare(
      "audience-2",
      { method: "post", path: "/audiences/update", body: { ids: "x".repeat(5000) } },
      target,
    );
    expect(toCurl(prepared, secrets)).toMatch(/… \(5\d{3} bytes in all\)'$/);
  });
  test("redact replaces raw and URL-encoded secrets, ignores tiny ones", () => {
    expect(redact("a rest-SECRET-1234 b APP%2FKEY%2099", secrets)).toBe("a <redacted> b <redacted>");
    expect(redact("abc", ["ab"])).toBe("abc");
  });
  test("case names: prefixed, unique per case, exact lengths", () => {
    const a = caseContext("conf_run1", "case a");
    const b = caseContext("conf_run1", "case b");
    expect(a.name).toMatch(/^conf_run1_[0-9a-f]{10}$/);
    expect(a.name).not.toBe(b.name);
    expect(a.nameOfLength(255)).toHaveLength(255);
    expect(a.nameOfLength(255)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(() => a.nameOfLength(256)).toThrow();
  });
});

describe("checks", () => {
  const index = loadSpec("custom-audience-1.0");
  const op = getOperation(index, "listAudiences");
  const kase = {
    api: "custom-audience-1.0" as const,
    operationId: "listAudiences",
    status: 200,
    scenario: "x",
    kind: "positive" as const,
    request: () => ({ method: "get" as const, path: op.path }),
  };
  const observe = (
    status: number,
    body: unknown,
    headers: Record<string, string> = { "content-type": "application/json" },
  ): Observed => ({
    status,
    headers: new Headers(headers),
    text: JSON.stringify(body),
    json: body,
    durationMs: 1,
  });

  test("a valid documented answer passes", () => {
    expect(checkResponse({ kase, op, index, target, observed: observe(200, { custom_audiences: [] }) })).toEqual([]);
  });
  test("schema, content type, undocumented status and proxy violations each fail", () => {
    const checks = (o: Observed) => checkResponse({ kase, op, index, target, observed: o }).map((f) => f.check);
    expect(checks(observe(200, { custom_audiences: "no" }))).toEqual(["schema"]);
    expect(checks(observe(200, { custom_audiences: [] }, { "content-type": "text/html" }))).toEqual(["content-type"]);
    expect(checks(observe(418, {}))).toEqual(["status", "status-documented"]);
    const violated = observe(
      200,
      { custom_audiences: [] },
      {
        "content-type": "application/json",
        "sl-violations": JSON.stringify([{ location: ["response", "body"], message: "bad" }]),
      },
    );
    expect(checks(violated)).toEqual(["proxy-violation"]);
  });
  test("1.x error code is compared; Prism-made errors are recognised on the mock", () => {
    const errorCase = { ...kase, status: 400, error: { code: 31, example: "malformed_parameter" } };
    const failures = checkResponse({
      kase: errorCase,
      op,
      index,
      target,
      observed: observe(400, { error_code: 30, error_message: "m" }),
    });
    expect(failures.map((f) => f.check)).toEqual(["error-code"]);
    expect(
      isPrismMadeError(
        observe(
          422,
          { type: "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY" },
          { "content-type": "application/problem+json" },
        ),
      ),
    ).toBe(true);
    expect(isPrismMadeError(observe(400, { error: { code: "invalid_json" } }))).toBe(true);
    expect(isPrismMadeError(observe(400, { error_code: 31, error_message: "m" }))).toBe(false);
    const mockTarget = { ...target, kind: "mock" as const, violations: "mock" as const, credentials: FAKE_CREDENTIALS };
    const prismMade = checkResponse({
      kase: errorCase,
      op,
      index,
      target: mockTarget,
      observed: observe(400, { error: { code: "invalid_json" } }),
    });
    expect(prismMade.map((f) => f.check)).toContain("prism-error");
  });
});
