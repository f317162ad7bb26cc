/**
 * Telling documented rules from inferred points: which points a request or a body breaks, when an
 * answer is a finding rather than a failure, and what the HAR recording keeps.
 */
import { describe, expect, test } from "vitest";
import { pointId } from "../../src/shared/inferred/pointer.js";
import type { ConformanceCase } from "../cases/types.js";
import { HarRecorder } from "../report/har.js";
import { getOperation, loadSpec } from "../support/spec.js";
import { FAKE_CREDENTIALS, type Target } from "../targets/types.js";
import { assessExchange } from "./assess.js";
import { breaksOf, requestBreaks } from "./attribution.js";
import { marksFor } from "./marks.js";
import { documentedOnly } from "./validators.js";

const v2 = loadSpec("audience-2");
const v10 = loadSpec("custom-audience-1.0");
const v11 = loadSpec("custom-audience-1.1");
const ONE_10 = "/1.0/{apiKey}/custom-audience/{audienceName}";

describe("which points a request breaks", () => {
  const update = getOperation(v2, "updateAudience");
  const body = (ids: unknown[], extra: object = {}) => ({
    method: "post" as const,
    path: "/audiences/update",
    body: { name: "fans", ids, ...extra },
  });

  test.each([
    [
      "an empty ids list",
      body([]),
      [pointId("audience-2", "/components/schemas/UpdateAudienceRequest/properties/ids", "minItems")],
    ],
    [
      "an unknown field in an add item (not the remove shape's refusal)",
      body([{ action: "add", id: "u", weight: 2 }]),
      [pointId("audience-2", "/components/schemas/AddIdAction", "additionalProperties")],
    ],
    [
      "a boolean attribute",
      body([{ action: "add", id: "u", attributes: { optin: true } }]),
      [pointId("audience-2", "/components/schemas/AttributeValue", "oneOf")],
    ],
    [
      "a 301-character string",
      body([{ action: "add", id: "u", attributes: { bio: "b".repeat(301) } }]),
      [pointId("audience-2", "/components/schemas/AttributeValue/oneOf/0", "maxLength")],
    ],
    [
      "an upper-case attribute name",
      body([{ action: "add", id: "u", attributes: { Plan: 1 } }]),
      [pointId("audience-2", "/components/schemas/Attributes", "propertyNames")],
    ],
  ])("inferred only: %s", (_, request, points) => {
    expect(requestBreaks(v2, update, request)).toEqual({ invalid: true, documented: false, points });
  });

  test.each([
    ["10,001 IDs", body(Array.from({ length: 10_001 }, (_, i) => ({ action: "add", id: `u${i}` })))],
    [
      "attributes on remove (documented: only accepted for add)",
      body([{ action: "remove", id: "u", attributes: { a: 1 } }]),
    ],
    [
      "16 attributes",
      body([
        { action: "add", id: "u", attributes: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`a${i}`, i])) },
      ]),
    ],
    ["malformed JSON", { method: "post" as const, path: "/audiences/update", rawBody: "{" }],
    ["no X-Batch-Project", { ...body([{ action: "add", id: "u" }]), omitHeaders: ["X-Batch-Project"] }],
  ])("documented: %s", (_, request) => {
    expect(requestBreaks(v2, update, request)).toMatchObject({ invalid: true, documented: true });
  });

  test("the name rule is documented on create, inferred on the other operations", () => {
    const view = getOperation(v2, "getAudience");
    expect(
      requestBreaks(v2, view, { method: "get", path: "/audiences/view", query: { name: "my fans" } }).points,
    ).toEqual([pointId("audience-2", "/components/schemas/ExistingAudienceName", "pattern")]);
    const create = getOperation(v2, "createAudience");
    const bad = { method: "post" as const, path: "/audiences/create", body: { name: "my fans", type: "custom_ids" } };
    expect(requestBreaks(v2, create, bad).documented).toBe(true);
  });

  test("query values are read as their schema's type: limit=0 breaks the inferred minimum, limit=101 the documented maximum", () => {
    const list = getOperation(v10, "listAudiences");
    const at = (limit: string) =>
      requestBreaks(v10, list, { method: "get", path: "/1.0/{apiKey}/custom-audience", query: { limit } });
    expect(at("0").points).toEqual([pointId("custom-audience-1.0", "/components/parameters/Limit/schema", "minimum")]);
    expect(at("101").documented).toBe(true);
    expect(at("10").invalid).toBe(false);
  });
});

describe("which points a body breaks", () => {
  const view10 = getOperation(v10, "getAudience");
  const ref10 = (status: string) => view10.responses.get(status)!.schemaRefs["application/json"]!;
  const ref2 = getOperation(v2, "getAudience").responses.get("200")!.schemaRefs["application/json"]!;
  const audience = {
    name: "a",
    type: "custom_ids",
    created: "2018-06-29T13:12:09",
    updated: "2018-06-29T13:12:09",
    nb_ids: 1,
    indexing_state: "APPLIED",
  };

  test("1.x: a { message } error breaks the inferred Error shape; a zoned date the inferred date pattern", () => {
    expect(breaksOf(v10, ref10("404"), { message: "not found" }).points).toEqual([
      pointId("custom-audience-1.0", "/components/schemas/Error"),
    ]);
    expect(breaksOf(v10, ref10("500"), { error_code: 0, error_message: "x" }).invalid).toBe(false);
    expect(breaksOf(v10, ref10("200"), { ...audience, created: "2018-06-29T13:12:09Z" }).points).toEqual([
      pointId("custom-audience-1.0", "/components/schemas/LocalDateTime", "pattern"),
    ]);
    expect(breaksOf(v10, ref10("200"), { ...audience, nb_ids: "many" }).documented).toBe(true);
  });

  test("2.x: a view without nb_ids breaks the inferred required list; an unknown type is read tolerantly", () => {
    const view = { name: "a", nb_ids: 1, indexing_state: "APPLIED" };
    expect(breaksOf(v2, ref2, { name: "a", indexing_state: "APPLIED" }).points).toEqual([
      pointId("audience-2", "/components/schemas/Audience", "required"),
    ]);
    expect(breaksOf(v2, ref2, { ...view, type: "EMAIL_ADDRESS" }).invalid).toBe(false);
    expect(breaksOf(v2, ref2, { ...view, indexing_state: "DONE" }).documented).toBe(true);
  });

  test("the documented view of a bundle drops inferred keywords and empties wholly inferred schemas", () => {
    const doc = documentedOnly(v11.document);
    expect(doc.components.schemas.Error).toEqual({
      description: v11.document.components.schemas.Error.description,
      "x-batch-source": "inferred",
    });
    expect(doc.components.schemas.Tags.items.pattern).toBeUndefined();
    expect(doc.components.schemas.Tags.items.type).toBe("string");
    expect(marksFor(v11).pointFor("/components/schemas/Tags/items", "pattern")).toBe(
      pointId("custom-audience-1.1", "/components/schemas/Tags/items", "pattern"),
    );
    expect(marksFor(v11).pointFor("/components/schemas/Tags/items", "type")).toBeUndefined();
  });
});

describe("finding or failure", () => {
  const target = {
    name: "t",
    kind: "real",
    credentials: FAKE_CREDENTIALS,
    violations: "none",
    secrets: [],
  } as unknown as Target;
  const observed = (status: number, json: unknown) => ({
    status,
    headers: new Headers({ "content-type": "application/json" }),
    text: JSON.stringify(json),
    json,
    durationMs: 1,
  });
  const assess = (
    api: "custom-audience-1.0" | "audience-2",
    kase: Partial<ConformanceCase>,
    status: number,
    json: unknown,
    failures: { check: string; message: string }[],
  ) => {
    const index = api === "audience-2" ? v2 : v10;
    const full = {
      api,
      kind: "negative",
      scenario: "s",
      request: () => ({ method: "get", path: "/" }),
      ...kase,
    } as ConformanceCase;
    return assessExchange(full, full.request({ name: "n", nameOfLength: () => "n", unknownName: "u" }), {
      kase: full,
      op: getOperation(index, full.operationId),
      index,
      target,
      observed: observed(status, json),
      failures,
    });
  };

  test("an unknown audience answered by another error refutes the inferred 400; answered 200, it is a failure", () => {
    const kase = {
      operationId: "updateAudience",
      status: 400,
      error: { code: "string" as const, example: "unknown_audience" },
      request: () => ({
        method: "post" as const,
        path: "/audiences/update",
        body: { name: "u", ids: [{ action: "add", id: "x" }] },
      }),
    };
    const refuted = assess("audience-2", kase, 404, { error_code: "NOT_FOUND", error_message: "no" }, [
      { check: "status", message: "expected 400" },
    ]);
    expect(refuted.failures).toEqual([]);
    expect(refuted.findings[0]!.points).toEqual([
      pointId("audience-2", "/components/responses/BadRequest/content/application~1json/examples/unknown_audience"),
    ]);
    const failed = assess("audience-2", kase, 202, { indexing_token: "t" }, [
      { check: "status", message: "expected 400" },
    ]);
    expect(failed.findings).toEqual([]);
    expect(failed.failures).toHaveLength(1);
  });

  test("a 1.x update answered with another success refutes the inferred success statuses; a held one is confirmed", () => {
    const kase = { operationId: "updateAudience", status: 202, kind: "positive" as const, alsoAcceptOnReal: [201] };
    const base = `/paths/${ONE_10.replaceAll("/", "~1")}/patch/responses`;
    const other = assess("custom-audience-1.0", kase, 200, {}, [{ check: "status", message: "expected 202 or 201" }]);
    expect(other.findings[0]!.points.sort()).toEqual([
      pointId("custom-audience-1.0", `${base}/201`),
      pointId("custom-audience-1.0", `${base}/202`),
    ]);
    const held = assess("custom-audience-1.0", kase, 201, { indexing_token: "t" }, []);
    expect(held.confirmed).toContain(pointId("custom-audience-1.0", `${base}/201`));
    expect(held.confirmed).not.toContain(pointId("custom-audience-1.0", `${base}/202`));
  });
});

describe("the HAR recorder", () => {
  test("keeps no key: credential headers, the 1.x path, bodies and answer headers are redacted", () => {
    const key = "APP-KEY-123456";
    const recorder = new HarRecorder([key, "rest-secret-987"]);
    recorder.record({
      title: "getAudience → 200",
      startedAt: new Date(0),
      ms: 3,
      prepared: {
        method: "PATCH",
        url: `http://127.0.0.1:1/1.1/${key}/custom-audience/a?x=${key}`,
        headers: { "x-authorization": "rest-secret-987", "content-type": "application/json" },
        body: JSON.stringify({ ids: [{ action: "add", id: key }], pad: "p".repeat(70_000) }),
      },
      observed: {
        status: 404,
        headers: new Headers({ "x-echo": key }),
        text: `{"message":"no ${key}"}`,
        json: undefined,
        durationMs: 3,
      },
    });
    const text = recorder.toJson({ name: "t", version: "0" });
    expect(text).not.toContain(key);
    expect(text).not.toContain("rest-secret-987");
    const entry = JSON.parse(text).log.entries[0];
    expect(entry.request.url).toContain("/1.1/%3Credacted%3E/custom-audience/a");
    expect(entry.request.headers).toContainEqual({ name: "x-authorization", value: "<redacted>" });
    expect(entry.request.postData.comment).toMatch(/^cut at 65536 of \d+ characters$/);
    expect(entry.response).toMatchObject({ status: 404, content: { text: '{"message":"no <redacted>"}' } });
  });
});
