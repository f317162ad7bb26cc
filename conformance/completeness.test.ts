import { describe, expect, test } from "vitest";
import { casesFor } from "./cases/index.js";
import type { ConformanceCase } from "./cases/types.js";
import { UNCOVERED } from "./cases/uncovered.js";
import { completeness } from "./completeness.js";
import { sequenceStepPairs } from "./sequences/index.js";
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
    test(`${api}: every pair a target cannot run says why, per target (mock, real, emulator)`, () => {
      for (const cell of completeness(loadSpec(api), casesFor(api), UNCOVERED, sequenceStepPairs(api)).cells) {
        for (const [target, runs] of Object.entries(cell.runs)) {
          if (runs === 0)
            expect(
              cell.reasons.filter((r) => r.startsWith(`${target}: `)),
              `${target} ${cell.operationId} ${cell.status}`,
            ).not.toEqual([]);
        }
      }
    });
    test(`${api}: the emulator reaches every documented operation × status`, () => {
      const cells = completeness(loadSpec(api), casesFor(api), UNCOVERED, sequenceStepPairs(api)).cells;
      // 403 API_MISUSE and 1.x create's ROUTE_NOT_FOUND come from its refusal faults, the alternative
      // successes (1.0 create's 201, 1.x update's 201) from its diverging profiles.
      expect(cells.filter((c) => c.onEmulator === 0).map((c) => `${c.operationId} ${c.status}`)).toEqual([]);
      expect(
        cells.filter((c) => [403, 429, 500, 503].includes(c.status)).every((c) => c.onEmulator > 0 && c.onReal === 0),
      ).toBe(true);
    });
    test(`${api}: sequence steps name only documented pairs`, () => {
      expect(completeness(loadSpec(api), [], [], sequenceStepPairs(api)).undocumented).toEqual([]);
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
    api: "custom-audience-1.0",
    operationId: "getX",
    status: 200,
    scenario: "ok",
    kind: "positive",
    request: () => ({ method: "get", path: "/x" }),
  };

  test("reports a documented status without a case", () => {
    expect(completeness(spec, [case200]).missing).toEqual(["custom-audience-1.0 getX 404"]);
  });
  test("accepts a listed pair only with a written reason", () => {
    const listed = [
      { api: "custom-audience-1.0" as const, operationId: "getX", status: 404, reason: "cannot happen here" },
    ];
    expect(completeness(spec, [case200], listed).missing).toEqual([]);
    expect(completeness(spec, [case200], [{ ...listed[0]!, reason: " " }]).missing).toHaveLength(1);
  });
  test("a pair the emulator reaches only through a fault is covered there, not on live", () => {
    const rateLimited: ConformanceCase = {
      ...case200,
      status: 404,
      forcedOnMock: true,
      reachableByFault: true,
      skipOnReal: "cannot provoke",
    };
    const spec418 = indexDocument("custom-audience-1.0", {
      paths: {
        "/x": {
          get: { operationId: "getX", responses: { "200": { description: "ok" }, "418": { description: "tea" } } },
        },
      },
    });
    const teapot = completeness(spec418, [case200, { ...rateLimited, status: 418 }]).cells.find(
      (c) => c.status === 418,
    )!;
    // 418 is not a status the emulator injects, so it stays skipped there too, with the reason.
    expect(teapot.runs).toEqual({ mock: 1, real: 0, emulator: 0 });
    expect(teapot.reasons).toEqual(["real: cannot provoke", "emulator: cannot provoke"]);
    const spec429 = indexDocument("custom-audience-1.0", {
      paths: {
        "/x": {
          get: {
            operationId: "getX",
            responses: { "200": { description: "ok" }, "429": { description: "slow down" } },
          },
        },
      },
    });
    const cell = completeness(spec429, [case200, { ...rateLimited, status: 429 }]).cells.find((c) => c.status === 429)!;
    expect(cell.runs).toEqual({ mock: 1, real: 0, emulator: 1 });
    expect(cell.reasons).toEqual(["real: cannot provoke"]);
  });
  test("sequence steps count on stateful targets only", () => {
    const cell = completeness(
      spec,
      [case200],
      [],
      [{ api: "custom-audience-1.0", operationId: "getX", status: 404 }],
    ).cells.find((c) => c.status === 404)!;
    expect(cell.runs).toEqual({ mock: 0, real: 1, emulator: 1 });
    expect(
      completeness(spec, [case200], [], [{ api: "custom-audience-1.0", operationId: "getX", status: 404 }]).missing,
    ).toEqual([]);
  });
  test("reports cases naming an undocumented status or operation", () => {
    const result = completeness(spec, [case200, { ...case200, status: 418 }, { ...case200, operationId: "nope" }]);
    expect(result.undocumented).toEqual(["custom-audience-1.0 getX 418 (ok)", "custom-audience-1.0 nope 200 (ok)"]);
  });
});
