/** Audience API 2.x: POST /audiences/remove. */
import { ERRORS_2X as E, MALFORMED_JSON, SKIP_MOCK_MALFORMED_JSON, standardErrorCases } from "../common.js";
import type { ConformanceCase } from "../types.js";
import { api, created, ids, post, req } from "./shared.js";

const removeReq = (name: string) => req({ path: "/audiences/remove", method: "post", body: { name } });
export const removeCases: ConformanceCase[] = [
  {
    api,
    operationId: "deleteAudience",
    status: 202,
    kind: "positive",
    scenario: "existing audience (documented example)",
    docExample: "documented_example",
    setup: created,
    request: (ctx) => removeReq(ctx.name),
  },
  {
    api,
    operationId: "deleteAudience",
    status: 400,
    kind: "negative",
    scenario: "name has a space",
    request: () => post("/audiences/remove", { name: "my audience" }),
    error: E.invalidName,
    violation: "body.name",
  },
  {
    api,
    operationId: "deleteAudience",
    status: 400,
    kind: "negative",
    scenario: "name missing",
    request: () => post("/audiences/remove", {}),
    error: E.badRequest,
    violation: "body",
  },
  {
    api,
    operationId: "deleteAudience",
    status: 400,
    kind: "negative",
    scenario: "ids sent to remove",
    request: (ctx) => post("/audiences/remove", { name: ctx.name, ids: ids(1) }),
    error: E.badRequest,
    violation: "body",
  },
  {
    api,
    operationId: "deleteAudience",
    status: 400,
    kind: "negative",
    scenario: "malformed JSON",
    request: () => req({ path: "/audiences/remove", method: "post", rawBody: MALFORMED_JSON }),
    error: E.malformedJson,
    skipOnMock: SKIP_MOCK_MALFORMED_JSON,
  },
  {
    api,
    operationId: "deleteAudience",
    status: 400,
    kind: "negative",
    scenario: "audience never created",
    request: (ctx) => removeReq(ctx.unknownName),
    error: E.unknownAudience,
    forcedOnMock: true,
  },
  ...standardErrorCases({
    api,
    operationId: "deleteAudience",
    request: (ctx) => removeReq(ctx.name),
    setup: created,
    statuses: [429, 500, 503],
    errors: E,
  }),
];
