/**
 * Every documented limit is in the schema: the value at the limit is accepted and the value just
 * past it is rejected, checked with Ajv (2020-12) against the bundled specs.
 */
import { describe, expect, test } from "vitest";
import {
  type ApiId,
  loadBundle,
  operation,
  parameterValidator,
  requestBodyValidator,
  resolve,
} from "../support/bundles.js";

const ids = (count: number, make: (i: number) => object) => Array.from({ length: count }, (_, i) => make(i));
const attributes = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`att${i}`, i]));

/** A valid body for each API's bulk operations, with the ID list and one item swapped in. */
const updateBody: Record<ApiId, (items: object[]) => object> = {
  "custom-audience-1.0": (items) => ({ type: "custom_ids", ids: items }),
  "custom-audience-1.1": (items) => ({ ids: items }),
  "audience-2": (items) => ({ name: "crm_segment", ids: items }),
};
const replaceBody: Partial<Record<ApiId, (items: object[]) => object>> = {
  "custom-audience-1.1": (items) => ({ ids: items }),
  "audience-2": (items) => ({ name: "crm_segment", ids: items }),
};
const ALL: ApiId[] = ["custom-audience-1.0", "custom-audience-1.1", "audience-2"];
const WITH_ATTRIBUTES: ApiId[] = ["custom-audience-1.1", "audience-2"];

function nameValidator(api: ApiId): (name: string) => boolean {
  if (api === "audience-2") {
    const validate = requestBodyValidator(api, "createAudience");
    return (name) => validate({ name, type: "custom_ids" });
  }
  const validate = parameterValidator(api, "getAudience", "audienceName");
  return (name) => validate(name);
}

describe.each(ALL)("%s limits", (api) => {
  test("audience name: 255 characters accepted, 256 rejected", () => {
    const valid = nameValidator(api);
    expect(valid("a".repeat(255))).toBe(true);
    expect(valid("a".repeat(256))).toBe(false);
  });

  test("audience name: letters, digits, _ and - accepted; a space, a dot or an empty name rejected", () => {
    const valid = nameValidator(api);
    expect(valid("Crm_segment-2024")).toBe(true);
    expect(valid("crm segment")).toBe(false);
    expect(valid("crm.segment")).toBe(false);
    expect(valid("")).toBe(false);
  });

  test("update: 10,000 IDs accepted, 10,001 rejected", () => {
    const validate = requestBodyValidator(api, "updateAudience");
    const add = (i: number) => ({ action: "add", id: `id-${i}` });
    expect(validate(updateBody[api](ids(10_000, add)))).toBe(true);
    expect(validate(updateBody[api](ids(10_001, add)))).toBe(false);
  });

  test("list: limit 100 accepted, 101 and 0 rejected, default 10", () => {
    const validate = parameterValidator(api, "listAudiences", "limit");
    expect(validate(100)).toBe(true);
    expect(validate(101)).toBe(false);
    expect(validate(0)).toBe(false);
    const { operation: op } = operation(api, "listAudiences");
    const limit = (op.parameters as Record<string, any>[]).map((p) => resolve(api, p)).find((p) => p.name === "limit");
    expect(limit?.schema.default).toBe(10);
    expect(limit?.schema.maximum).toBe(100);
  });
});

describe.each(WITH_ATTRIBUTES)("%s attribute limits", (api) => {
  const update = requestBodyValidator(api, "updateAudience");
  const replace = requestBodyValidator(api, "replaceAudience");

  test("replace: 10,000 IDs accepted, 10,001 rejected", () => {
    expect(replace(replaceBody[api]!(ids(10_000, (i) => ({ id: `id-${i}` }))))).toBe(true);
    expect(replace(replaceBody[api]!(ids(10_001, (i) => ({ id: `id-${i}` }))))).toBe(false);
  });

  test("15 attributes accepted, 16 rejected (update add and replace)", () => {
    expect(update(updateBody[api]([{ action: "add", id: "a", attributes: attributes(15) }]))).toBe(true);
    expect(update(updateBody[api]([{ action: "add", id: "a", attributes: attributes(16) }]))).toBe(false);
    expect(replace(replaceBody[api]!([{ id: "a", attributes: attributes(15) }]))).toBe(true);
    expect(replace(replaceBody[api]!([{ id: "a", attributes: attributes(16) }]))).toBe(false);
  });

  test("attributes are accepted on add and rejected on remove", () => {
    expect(update(updateBody[api]([{ action: "add", id: "a", attributes: { att1: 1 } }]))).toBe(true);
    expect(update(updateBody[api]([{ action: "remove", id: "a", attributes: { att1: 1 } }]))).toBe(false);
  });

  test("attribute names: lowercase, date() and url() wrappers accepted; upper case rejected", () => {
    const body = (attrs: object) => updateBody[api]([{ action: "add", id: "a", attributes: attrs }]);
    expect(
      update(body({ "date(signup)": "2023-08-12T22:30:05Z", "url(avatar)": "https://example.com/a.png", plan: "pro" })),
    ).toBe(true);
    expect(update(body({ Plan: "pro" }))).toBe(false);
    expect(update(body({ "date(signup)": "yesterday" }))).toBe(false);
  });
});

test("Audience API 2.x: an open {version} variable (any 2.N, as Batch's own), with the versions seen", () => {
  const [server] = loadBundle("audience-2").servers as {
    url: string;
    variables: {
      version: {
        enum?: string[];
        default: string;
        "x-batch-versions-seen": string[];
        "x-batch-version-pattern": string;
      };
    };
  }[];
  const version = server!.variables.version;
  expect(server?.url).toBe("https://api.batch.com/{version}");
  expect(version.enum).toBeUndefined();
  expect(version.default).toBe("2.11");
  const pattern = new RegExp(version["x-batch-version-pattern"]);
  expect(version["x-batch-versions-seen"]).toEqual(
    expect.arrayContaining(["2.3", "2.4", "2.5", "2.7", "2.11", "2.13"]),
  );
  for (const seen of version["x-batch-versions-seen"]) expect(seen).toMatch(pattern);
  for (const notTwoN of ["3.0", "2", "2.x", "v2.11", "2.11 "]) expect(notTwoN).not.toMatch(pattern);
});
