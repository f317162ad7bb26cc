/**
 * Custom Audience API 1.0: one case per inferred rule worth asking Batch about (see the 2.x file).
 */
import { ERRORS_1X as E } from "../common.js";
import type { CaseContext, CaseRequest, ConformanceCase } from "../types.js";
import { api, created, named, ONE, req } from "./shared.js";

function refused(
  operationId: string,
  scenario: string,
  request: (ctx: CaseContext) => CaseRequest,
  violation: string,
  withAudience = true,
): ConformanceCase {
  return {
    api,
    operationId,
    status: 400,
    kind: "negative",
    scenario,
    ...(withAudience ? { setup: created } : {}),
    request,
    error: E.malformedParameter,
    violation,
  };
}

const patch = (ctx: CaseContext, invalidBody: unknown) =>
  req({ path: ONE, method: "patch", ...named(ctx.name), invalidBody });

export const inferredCases: ConformanceCase[] = [
  refused(
    "createAudience",
    "unknown field in the body",
    (ctx) => req({ path: ONE, method: "post", ...named(ctx.name), invalidBody: { type: "custom_ids", owner: "crm" } }),
    "body",
    false,
  ),
  refused(
    "updateAudience",
    "unknown field in an operation",
    (ctx) => patch(ctx, { type: "custom_ids", ids: [{ action: "add", id: "user-1", weight: 2 }] }),
    "body.ids",
  ),
  refused(
    "updateAudience",
    "empty ID",
    (ctx) => patch(ctx, { type: "custom_ids", ids: [{ action: "add", id: "" }] }),
    "body.ids",
  ),
  refused(
    "updateAudience",
    "unknown field in the body",
    (ctx) => patch(ctx, { type: "custom_ids", ids: [{ action: "add", id: "user-1" }], mode: "merge" }),
    "body",
  ),
  {
    api,
    operationId: "getAudience",
    status: 500,
    kind: "negative",
    scenario: "server error with code 0 (as on Batch's other 1.x pages)",
    setup: created,
    request: (ctx) => req({ path: ONE, method: "get", ...named(ctx.name) }),
    error: { code: 0, example: "server_error_code_0" },
    forcedOnMock: true,
    reachableByFault: true,
    divergeOnEmulator: "server-error-code-0",
    skipOnReal:
      "an unexpected server error cannot be provoked on purpose; the emulator answers one with code 0 on request",
  },
];
