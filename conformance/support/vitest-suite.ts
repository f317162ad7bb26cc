/**
 * Registers one vitest test per case of an API against its own Prism mock (started once per file),
 * with the case's title, so `npm test` runs the conformance suite.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { casesFor } from "../cases/index.js";
import { type ConformanceCase, caseTitle } from "../cases/types.js";
import { newRunContext, type RunContext, runCase } from "../runner.js";
import { startMockTarget } from "../targets/mock.js";
import type { Target } from "../targets/types.js";
import { generatedCases } from "./generated.js";
import { type ApiId, loadSpec } from "./spec.js";

export function describeApiOnMock(api: ApiId): void {
  let target: Target | undefined;
  let run: RunContext;
  beforeAll(async () => {
    target = await startMockTarget({ apis: [api] });
    run = newRunContext(target);
  });
  afterAll(async () => {
    await target?.stop();
  });

  const all = [...casesFor(api), ...generatedCases(loadSpec(api))].filter((c) => !c.skipOnMock);
  const byOperation = new Map<string, ConformanceCase[]>();
  for (const c of all) byOperation.set(c.operationId, [...(byOperation.get(c.operationId) ?? []), c]);
  for (const [operationId, cases] of byOperation) {
    const op = loadSpec(api).operations.get(operationId);
    describe(`${api} ${operationId} ${op?.method.toUpperCase() ?? ""} ${op?.path ?? ""}`, () => {
      for (const kase of cases) registerCase(kase, () => run);
    });
  }
}

function registerCase(kase: ConformanceCase, run: () => RunContext): void {
  test(caseTitle(kase), async () => {
    const result = await runCase(kase, run());
    const detail = result.failures.map((f) => `${f.check}: ${f.message}`).join("\n");
    expect(result.outcome, `${detail}\n${result.curl ?? ""}`).toBe("pass");
  });
}
