/**
 * Custom Audience API 1.1: one case per inferred rule worth asking Batch about (see the 2.x file).
 */
import { pointId } from "../../../src/shared/inferred/pointer.js";
import { ERRORS_1X as E } from "../common.js";
import type { CaseContext, CaseRequest, ConformanceCase } from "../types.js";
import { api, created, LIST, named, ONE, req } from "./shared.js";

const STRING_LIMIT = pointId(api, "/components/schemas/Attributes/additionalProperties/oneOf/0", "maxLength");

const patch = (ctx: CaseContext, invalidBody: unknown) =>
  req({ path: ONE, method: "patch", ...named(ctx.name), invalidBody });
const add = (attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ids: [{ action: "add", id: "install-1", attributes, ...extra }],
});

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

export const inferredCases: ConformanceCase[] = [
  {
    api,
    operationId: "updateAudience",
    status: 202,
    kind: "positive",
    alsoAcceptOnReal: [201],
    scenario: "attribute string of 300 characters (the assumed limit)",
    setup: created,
    request: (ctx) =>
      req({
        path: ONE,
        method: "patch",
        ...named(ctx.name),
        body: { ids: [{ action: "add", id: "install-1", attributes: { bio: "b".repeat(300) } }] },
      }),
    inferredBasis: [STRING_LIMIT],
  },
  refused(
    "updateAudience",
    "attribute string of 301 characters",
    (ctx) => patch(ctx, add({ bio: "b".repeat(301) })),
    "body.ids",
  ),
  refused(
    "updateAudience",
    "attribute value is a boolean (not a kind the audience pages list)",
    (ctx) => patch(ctx, add({ optin: true })),
    "body.ids",
  ),
  refused("updateAudience", "empty tag", (ctx) => patch(ctx, add({}, { tags: [""] })), "body.ids"),
  refused("updateAudience", "ids empty", (ctx) => patch(ctx, { ids: [] }), "body.ids"),
  refused(
    "updateAudience",
    "unknown field in an add item",
    (ctx) => patch(ctx, { ids: [{ action: "add", id: "install-1", weight: 2 }] }),
    "body.ids",
  ),
  refused(
    "replaceAudience",
    "ids empty",
    (ctx) => req({ path: ONE, method: "put", ...named(ctx.name), invalidBody: { ids: [] } }),
    "body.ids",
  ),
  refused(
    "createAudience",
    "unknown field in the body",
    (ctx) => req({ path: ONE, method: "post", ...named(ctx.name), invalidBody: { type: "install_ids", owner: "crm" } }),
    "body",
    false,
  ),
  refused(
    "listAudiences",
    "limit=0",
    () => req({ path: LIST, method: "get", invalidQuery: { limit: 0 } }),
    "query.limit",
    false,
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
