import { describe, expect, it } from "vitest";
import { BatchValidationError } from "../../src/client/errors.js";
import {
  type ApiVariant,
  checkAttributes,
  checkAudienceName,
  checkListLimit,
  checkReplaceItem,
  checkTags,
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
    expect(error.rule).toContain("^[A-Za-z0-9_-]{1,255}$");
  });
  it("truncates long values in the error", () => {
    const error = failure(() => checkAudienceName("!".repeat(1000)));
    expect(error.value.length).toBeLessThanOrEqual(64);
    expect(error.value.endsWith("…")).toBe(true);
  });
});

describe("attributes", () => {
  const ok =
    (attrs: unknown, variant: ApiVariant = "2") =>
    () =>
      checkAttributes(attrs, variant, "a");
  it("accepts the documented value kinds", () => {
    expect(
      ok({
        s: "x".repeat(300),
        n: 3.5,
        arr: Array.from({ length: 25 }, (_, i) => `v${i}`),
        "date(d)": "2023-08-12T22:30:05Z",
        "url(u)": "https://example.com/image.jpg",
        ["x".repeat(30)]: 1,
      }),
    ).not.toThrow();
    expect(ok({ "date(d)": "2012-08-12T22:30:05" }, "1.1")).not.toThrow();
  });
  it.each<[unknown, ApiVariant, string, string]>([
    [Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`a${i}`, 1])), "2", "a", "at most 15"],
    [{ Upper: 1 }, "2", "a.Upper", "lowercase"],
    [{ ["x".repeat(31)]: 1 }, "2", `a.${"x".repeat(31)}`, "lowercase"],
    [{ "date(d)": "2023-08-12T22:30:05" }, "2", "a.date(d)", "with a zone"],
    [{ "date(d)": "yesterday" }, "1.1", "a.date(d)", "ISO 8601"],
    [{ "url(u)": "not a url" }, "2", "a.url(u)", "URLs"],
    [{ "url(u)": `https://x.io/${"p".repeat(2040)}` }, "2", "a.url(u)", "2048"],
    [{ s: "x".repeat(301) }, "2", "a.s", "300"],
    [{ arr: Array.from({ length: 26 }, () => "v") }, "2", "a.arr", "25"],
    [{ arr: ["ok", 3] }, "2", "a.arr[1]", "strings only"],
    [{ b: true }, "2", "a.b", "strings, numbers or arrays"],
    [{ n: Number.NaN }, "2", "a.n", "finite"],
    [{ a: 1 }, "1.0", "a", "1.0 does not accept"],
  ])("rejects %j on %s", (attrs, variant, field, rule) => {
    const error = failure(ok(attrs, variant));
    expect(error.field).toBe(field);
    expect(error.rule).toContain(rule);
  });
});

describe("tags, items and limits", () => {
  it("tags are 1.1-only, non-empty and lowercase", () => {
    expect(() => checkTags(["vip", "a-b"], "1.1", "t")).not.toThrow();
    expect(failure(() => checkTags(["VIP"], "1.1", "t")).field).toBe("t[0]");
    expect(failure(() => checkTags([""], "1.1", "t")).field).toBe("t[0]");
    expect(failure(() => checkTags(["a"], "2", "t")).rule).toContain("only accepted by Custom Audience API 1.1");
  });
  it("attributes and tags only on add", () => {
    expect(
      failure(() => checkUpdateItem({ action: "remove", id: "x", attributes: { a: 1 } }, "2", "ids[0]")).field,
    ).toBe("ids[0].attributes");
    expect(failure(() => checkUpdateItem({ action: "drop", id: "x" }, "2", "ids[0]")).field).toBe("ids[0].action");
    expect(failure(() => checkUpdateItem({ action: "add", id: 7 }, "2", "ids[0]")).field).toBe("ids[0].id");
    expect(failure(() => checkReplaceItem({ id: "x" }, "1.0", "ids[0]")).rule).toContain("no replace");
  });
  it("list limit is 1..100", () => {
    expect(() => checkListLimit(100)).not.toThrow();
    expect(failure(() => checkListLimit(0)).field).toBe("limit");
    expect(failure(() => checkListLimit(101)).field).toBe("limit");
    expect(failure(() => checkListLimit(1.5)).field).toBe("limit");
  });
});
