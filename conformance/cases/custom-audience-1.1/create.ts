/** Custom Audience API 1.1: create (POST). */
import { ERRORS_1X as E, MALFORMED_JSON, SKIP_MOCK_MALFORMED_JSON, standardErrorCases } from "../common.js";
import type { ConformanceCase } from "../types.js";
import { api, create, created, named, ONE, req } from "./shared.js";

export const post: ConformanceCase[] = [
  {
    api,
    operationId: "createAudience",
    status: 201,
    kind: "positive",
    scenario: "install IDs with description (documented example)",
    docExample: "with_description",
    request: (ctx) =>
      req({
        path: ONE,
        method: "post",
        ...named(ctx.name),
        body: { type: "install_ids", description: "The audience description" },
      }),
  },
  {
    api,
    operationId: "createAudience",
    status: 201,
    kind: "positive",
    scenario: "type only",
    docExample: "minimal",
    request: (ctx) => req({ path: ONE, method: "post", ...named(ctx.name), body: { type: "install_ids" } }),
  },
  {
    api,
    operationId: "createAudience",
    status: 201,
    kind: "positive",
    scenario: "name of 255 characters",
    request: (ctx) =>
      req({ path: ONE, method: "post", ...named(ctx.nameOfLength(255)), body: { type: "install_ids" } }),
  },
  {
    api,
    operationId: "createAudience",
    status: 400,
    kind: "negative",
    scenario: "name has a space",
    request: () => req({ path: ONE, method: "post", ...named("my audience"), body: { type: "install_ids" } }),
    error: E.malformedParameter,
    violation: "path.audiencename",
  },
  {
    api,
    operationId: "createAudience",
    status: 400,
    kind: "negative",
    scenario: "type custom_ids (1.0 only)",
    request: (ctx) => req({ path: ONE, method: "post", ...named(ctx.name), invalidBody: { type: "custom_ids" } }),
    error: E.malformedParameter,
    violation: "body.type",
  },
  {
    api,
    operationId: "createAudience",
    status: 400,
    kind: "negative",
    scenario: "type missing",
    request: (ctx) => req({ path: ONE, method: "post", ...named(ctx.name), invalidBody: { description: "no type" } }),
    error: E.missingParameter,
    violation: "body",
  },
  {
    api,
    operationId: "createAudience",
    status: 400,
    kind: "negative",
    scenario: "malformed JSON",
    request: (ctx) => req({ path: ONE, method: "post", ...named(ctx.name), rawBody: MALFORMED_JSON }),
    error: E.malformedJson,
    skipOnMock: SKIP_MOCK_MALFORMED_JSON,
  },
  {
    api,
    operationId: "createAudience",
    status: 400,
    kind: "negative",
    scenario: "name already exists",
    setup: created,
    request: create,
    error: E.alreadyExists,
    forcedOnMock: true,
  },
  {
    api,
    operationId: "createAudience",
    status: 404,
    kind: "negative",
    scenario: "route not found",
    request: create,
    error: E.routeNotFound,
    forcedOnMock: true,
    skipOnReal:
      "Batch lists ROUTE_NOT_FOUND for create, but nothing sent to the create route is documented to provoke it",
  },
  ...standardErrorCases({ api, operationId: "createAudience", request: create, statuses: [429, 500, 503], errors: E }),
];
