import { describe, expect, test } from "vitest";
import { casesFor } from "./cases/index.js";
import type { ConformanceCase } from "./cases/types.js";
import { UNCOVERED } from "./cases/uncovered.js";
import { completeness } from "./completeness.js";
import { generatedCases } from "./support/generated.js";
import { API_IDS, indexDocument, loadSpec } from "./support/spec.js";

describe("completeness: every documented operation × status has a case", () => {
  for (const api of API_IDS) {
    test(`${api}: no documented pair without a case or a written reason`, () => {
      const result = completeness(loadSpec(api), casesFor(api), UNCOVERED);
      expect(result.missing).toEqual([]);
      expect(result.cells.length).toBeGreaterThan(0);
    });
    test(`${api}: no case names an undocumented operation or status`, () => {
      const all = [...casesFor(api), ...generatedCases(loadSpec(api))];
      expect(completeness(loadSpec(api), all).undocumented).toEqual([]);
    });
    test(`${api}: every pair a target cannot run says why`, () => {
      for (const cell of completeness(loadSpec(api), casesFor(api), UNCOVERED).cells) {
        if (cell.onMock === 0 || cell.onReal === 0) expect(cell.reasons.length, `${cell.operationId} ${cell.status}`).toBeGreaterThan(0);
      }
    });
  }
});

describe("completeness guard itself", () => {
  const spec = indexDocument("custom-audience-1.0", {
    paths: {
      "/x": { get: { operationId: "getX", responses: { "200": { description: "ok" }, "404": { description: "nf" } } } },
    },
  });
  const case200: ConformanceCase = {
    api: "custom-audience-1.0", operationId: "getX", status: 200, scenario: "ok", kind: "positive",
    request: () => ({ method: "get", path: "/x" }),
  };

  test("reports a documented status without a case", () => {
    expect(completeness(spec, [case200]).missing).toEqual(["custom-audience-1.0 getX 404"]);
  });
  test("accepts a listed pair only with a written reason", () => {
    const listed = [{ api: "custom-audience-1.0" as const, operationId: "getX", status: 404, reason: "cannot happen here" }];
    expect(completeness(spec, [case200], listed).missing).toEqual([]);
    expect(completeness(spec, [case200], [{ ...listed[0]!, reason: " " }]).missing).toHaveLength(1);
  });
  test("reports cases naming an undocumented status or operation", () => {
    const result = completeness(spec, [case200, { ...case200, status: 418 }, { ...case200, operationId: "nope" }]);
    expect(result.undocumented).toEqual(["custom-audience-1.0 getX 418 (ok)", "custom-audience-1.0 nope 200 (ok)"]);
  });
});
