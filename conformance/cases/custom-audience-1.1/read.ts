/** Custom Audience API 1.1: list and view. */
import { ERRORS_1X as E, SKIP_REAL_DOCUMENTED_TOKEN, standardErrorCases } from "../common.js";
import type { ConformanceCase } from "../types.js";
import { api, created, LIST, named, ONE, req } from "./shared.js";

export const list: ConformanceCase[] = [
  {
    api,
    operationId: "listAudiences",
    status: 200,
    kind: "positive",
    scenario: "first page with defaults",
    request: () => req({ path: LIST, method: "get" }),
  },
  {
    api,
    operationId: "listAudiences",
    status: 200,
    kind: "positive",
    scenario: "from=10 limit=5 (documented example)",
    request: () => req({ path: LIST, method: "get", query: { from: 10, limit: 5 } }),
  },
  {
    api,
    operationId: "listAudiences",
    status: 400,
    kind: "negative",
    scenario: "limit=101",
    request: () => req({ path: LIST, method: "get", invalidQuery: { limit: 101 } }),
    error: E.malformedParameter,
    violation: "query.limit",
  },
  {
    api,
    operationId: "listAudiences",
    status: 400,
    kind: "negative",
    scenario: "from is negative",
    request: () => req({ path: LIST, method: "get", invalidQuery: { from: -1 } }),
    error: E.malformedParameter,
    violation: "query.from",
  },
  ...standardErrorCases({
    api,
    operationId: "listAudiences",
    request: () => req({ path: LIST, method: "get" }),
    statuses: [403, 429, 500, 503],
    errors: E,
  }),
];

export const get: ConformanceCase[] = [
  {
    api,
    operationId: "getAudience",
    status: 200,
    kind: "positive",
    scenario: "existing audience",
    setup: created,
    request: (ctx) => req({ path: ONE, method: "get", ...named(ctx.name) }),
  },
  {
    api,
    operationId: "getAudience",
    status: 200,
    kind: "positive",
    scenario: "with an indexing token",
    setup: created,
    skipOnReal: SKIP_REAL_DOCUMENTED_TOKEN,
    request: (ctx) =>
      req({
        path: ONE,
        method: "get",
        ...named(ctx.name),
        query: { indexing_token: "a0082dc6860938a26280bd3ba927303b" },
      }),
  },
  {
    api,
    operationId: "getAudience",
    status: 400,
    kind: "negative",
    scenario: "name has a space",
    request: () => req({ path: ONE, method: "get", ...named("my audience") }),
    error: E.malformedParameter,
    violation: "path.audiencename",
  },
  {
    api,
    operationId: "getAudience",
    status: 404,
    kind: "negative",
    scenario: "audience never created",
    request: (ctx) => req({ path: ONE, method: "get", ...named(ctx.unknownName) }),
    error: E.routeNotFound,
    forcedOnMock: true,
  },
  ...standardErrorCases({
    api,
    operationId: "getAudience",
    request: (ctx) => req({ path: ONE, method: "get", ...named(ctx.name) }),
    setup: created,
    statuses: [403, 429, 500, 503],
    errors: E,
  }),
];
