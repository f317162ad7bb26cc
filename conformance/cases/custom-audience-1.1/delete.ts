/** Custom Audience API 1.1: delete. */
import { ERRORS_1X as E, standardErrorCases } from "../common.js";
import type { CaseContext, ConformanceCase } from "../types.js";
import { api, created, named, ONE, req } from "./shared.js";

const del = (ctx: CaseContext) => req({ path: ONE, method: "delete", ...named(ctx.name) });
export const remove: ConformanceCase[] = [
  {
    api,
    operationId: "deleteAudience",
    status: 200,
    kind: "positive",
    scenario: "existing audience",
    setup: created,
    request: del,
  },
  {
    api,
    operationId: "deleteAudience",
    status: 400,
    kind: "negative",
    scenario: "name has a space",
    request: () => req({ path: ONE, method: "delete", ...named("my audience") }),
    error: E.malformedParameter,
    violation: "path.audiencename",
  },
  {
    api,
    operationId: "deleteAudience",
    status: 404,
    kind: "negative",
    scenario: "audience never created",
    request: (ctx) => req({ path: ONE, method: "delete", ...named(ctx.unknownName) }),
    error: E.routeNotFound,
    forcedOnMock: true,
  },
  ...standardErrorCases({
    api,
    operationId: "deleteAudience",
    request: del,
    setup: created,
    statuses: [403, 429, 500, 503],
    errors: E,
  }),
];
