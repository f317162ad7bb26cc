/**
 * The client's pre-send checks, which run the validators generated from the bundles: what the spec
 * accepts passes, what it refuses throws BatchValidationError naming the field path, the truncated
 * value and the rule (words, JSON Schema keyword and limit). test/spec/validation-differential.test.ts
 * compares the verdicts with Ajv on the bundles over generated samples.
 */
import { describe, expect, it } from "vitest";
import type { ApiId } from "../../generated/constants.js";
import { BatchValidationError } from "../../src/client/errors.js";
import {
  checkAudienceName,
  checkIdsCount,
  checkListLimit,
  checkReplaceItem,
  checkUpdateItem,
} from "../../src/client/validation.js";

function failure(fn: () => void): BatchValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BatchValidationError) return error;
    throw error;
  }
  throw new Error("expected a validation error");
}

describe("audience names", () => {
  it.each(["a", "A-z_09", "x".repeat(255)])("accepts %s", (name) => {
    expect(() => checkAudienceName(name)).not.toThrow();
  });
  it.each(["", "x".repeat(256), "has space", "dot.name", "é", "slash/", 42])("rejects %j", (name) => {
    const error = failure(() => checkAudienceName(name));
    expect(error.field).toBe("audienceName");
    expect(error.rule).toMatch(/\^\[A-Za-z0-9_-\]\{1,255\}\$|255|1 character|string/);
  });
  it("truncates long values in the error", () => {
    const error = failure(() => checkAudienceName("!".repeat(1000)));
    expect(error.value.length).toBeLessThanOrEqual(64);
    expect(error.value.endsWith("…")).toBe(true);
  });
});

const add = (attributes: unknown) => ({ action: "add", id: "u1", attributes });

describe("attributes", () => {
  const check =
    (attrs: unknown, api: ApiId = "audience-2") =>
    () =>
      checkUpdateItem(add(attrs), api, "ids[3]");
  it("accepts the documented value kinds", () => {
    expect(
      check({
        s: "x".repeat(300),
        n: 3.5,
        arr: Array.from({ length: 25 }, (_, i) => `v${i}`),
        "date(d)": "2023-08-12T22:30:05Z",
        "url(u)": "https://example.com/image.jpg",
        ["x".repeat(30)]: 1,
      }),
    ).not.toThrow();
    expect(check({ "date(d)": "2012-08-12T22:30:05" }, "custom-audience-1.1")).not.toThrow();
  });
  // What the spec accepts and the hand-written checks of 0.1 refused (issue 9).
  it.each<[string, unknown]>([
    ["a date without a zone (the spec: the zone may be omitted)", { "date(d)": "2023-08-12T22:30:05" }],
    ["a mailto: URL (format: uri)", { "url(u)": "mailto:a@example.com" }],
    ["300 emoji (300 code points, 600 UTF-16 units)", { s: "😀".repeat(300) }],
    ["a leap day", { "date(d)": "2024-02-29T12:00:00+01:00" }],
  ])("accepts %s", (_label, attrs) => {
    expect(check(attrs)).not.toThrow();
  });
  it.each<[unknown, ApiId, string, string]>([
    [
      Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`a${i}`, 1])),
      "audience-2",
      "ids[3].attributes",
      "maxProperties 15",
    ],
    [
      { Upper: 1 },
      "audience-2",
      "ids[3].attributes.Upper",
      "names must be 1-30 characters from a-z, 0-9 and _, optionally inside date(…) or url(…)",
    ],
    [
      { ["x".repeat(31)]: 1 },
      "audience-2",
      `ids[3].attributes.${"x".repeat(31)}`,
      "names must be 1-30 characters from a-z, 0-9 and _, optionally inside date(…) or url(…)",
    ],
    [{ "date(d)": "yesterday" }, "custom-audience-1.1", "ids[3].attributes.date(d)", "pattern"],
    [{ "date(d)": "2023-02-30T10:00:00" }, "audience-2", "ids[3].attributes.date(d)", "real date"],
    [{ "url(u)": "not a url" }, "audience-2", "ids[3].attributes.url(u)", "format"],
    [{ "url(u)": `https://x.io/${"p".repeat(2040)}` }, "audience-2", "ids[3].attributes.url(u)", "maxLength 2048"],
    [{ s: "x".repeat(301) }, "audience-2", "ids[3].attributes.s", "maxLength 300"],
    [{ s: "😀".repeat(301) }, "audience-2", "ids[3].attributes.s", "maxLength 300"],
    [{ arr: Array.from({ length: 26 }, () => "v") }, "audience-2", "ids[3].attributes.arr", "maxItems 25"],
    [{ arr: ["ok", 3] }, "audience-2", "ids[3].attributes.arr[1]", "must be a string"],
    [{ b: true }, "audience-2", "ids[3].attributes.b", "must be a string or a number or an array"],
    [{ a: 1 }, "custom-audience-1.0", "ids[3].attributes", "additionalProperties"],
  ])("rejects %j on %s", (attrs, api, field, rule) => {
    const error = failure(check(attrs, api));
    expect(error.field).toBe(field);
    expect(error.rule).toContain(rule);
  });
});

describe("tags, items and limits", () => {
  const tagged = (tags: unknown, api: ApiId) => () => checkUpdateItem({ action: "add", id: "x", tags }, api, "ids[0]");
  it("tags are 1.1-only, non-empty and without uppercase ASCII letters (accents are the spec's business)", () => {
    expect(tagged(["vip", "a-b", "ünï", "Élan"], "custom-audience-1.1")).not.toThrow();
    expect(failure(tagged(["VIP"], "custom-audience-1.1")).field).toBe("ids[0].tags[0]");
    expect(failure(tagged([""], "custom-audience-1.1")).field).toBe("ids[0].tags[0]");
    expect(failure(tagged(["a"], "audience-2")).field).toBe("ids[0].tags");
  });
  it("attributes only on add; unknown fields are refused (closed schemas)", () => {
    const onRemove = failure(() =>
      checkUpdateItem({ action: "remove", id: "x", attributes: { a: 1 } }, "audience-2", "ids[0]"),
    );
    expect(onRemove.field).toBe("ids[0].attributes");
    expect(onRemove.rule).toContain('only accepted with action "add"');
    const extra = failure(() => checkUpdateItem({ action: "add", id: "x", colour: "red" }, "audience-2", "ids[0]"));
    expect(extra.field).toBe("ids[0].colour");
    expect(failure(() => checkUpdateItem({ action: "drop", id: "x" }, "audience-2", "ids[0]")).rule).toContain(
      'must be one of "add", "remove"',
    );
    expect(failure(() => checkUpdateItem({ action: "add", id: 7 }, "audience-2", "ids[0]")).field).toBe("ids[0].id");
    expect(failure(() => checkUpdateItem({ action: "add" }, "audience-2", "ids[0]")).field).toBe("ids[0].id");
    expect(failure(() => checkReplaceItem({ id: "x" }, "custom-audience-1.0", "ids[0]")).rule).toContain("no replace");
  });
  it("list limit is 1..100, IDs per call 1..10,000", () => {
    expect(() => checkListLimit(100)).not.toThrow();
    expect(failure(() => checkListLimit(0)).field).toBe("limit");
    expect(failure(() => checkListLimit(101)).rule).toContain("<= 100");
    expect(failure(() => checkListLimit(1.5)).field).toBe("limit");
    expect(() => checkIdsCount(10_000)).not.toThrow();
    expect(failure(() => checkIdsCount(10_001)).rule).toContain("10000");
  });
});
