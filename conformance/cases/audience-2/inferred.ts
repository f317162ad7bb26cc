/**
 * Audience API 2.x: one case per inferred rule worth asking Batch about. Each rests on a single
 * inferred point, so a run against Batch confirms it (the answer is the one expected) or refutes it
 * (a finding, with the spec change to make). `inferredBasis` names the point when the expectation is
 * a success that holds only if the point does.
 */
import { pointId } from "../../../src/shared/inferred/pointer.js";
import { ERRORS_2X as E } from "../common.js";
import type { CaseContext, CaseRequest, ConformanceCase } from "../types.js";
import { api, created, post, req } from "./shared.js";

const STRING_LIMIT = pointId(api, "/components/schemas/AttributeValue/oneOf/0", "maxLength");

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
    error: E.badRequest,
    violation,
  };
}

const add = (name: string, attributes: Record<string, unknown>, id = "user-1") => ({
  name,
  ids: [{ action: "add", id, attributes }],
});

export const inferredCases: ConformanceCase[] = [
  {
    api,
    operationId: "updateAudience",
    status: 202,
    kind: "positive",
    scenario: "attribute string of 300 characters (the assumed limit)",
    setup: created,
    request: (ctx) =>
      req({
        path: "/audiences/update",
        method: "post",
        body: { name: ctx.name, ids: [{ action: "add", id: "user-1", attributes: { bio: "b".repeat(300) } }] },
      }),
    inferredBasis: [STRING_LIMIT],
  },
  refused(
    "updateAudience",
    "attribute string of 301 characters",
    (ctx) => post("/audiences/update", add(ctx.name, { bio: "b".repeat(301) })),
    "body.ids",
  ),
  refused(
    "updateAudience",
    "attribute value is a boolean (not a kind the audience pages list)",
    (ctx) => post("/audiences/update", add(ctx.name, { optin: true })),
    "body.ids",
  ),
  refused(
    "updateAudience",
    "attribute array of 26 strings",
    (ctx) => post("/audiences/update", add(ctx.name, { tags: Array.from({ length: 26 }, (_, i) => `t${i}`) })),
    "body.ids",
  ),
  refused(
    "updateAudience",
    "date() attribute that is not a date",
    (ctx) => post("/audiences/update", add(ctx.name, { "date(signup)": "yesterday" })),
    "body.ids",
  ),
  refused(
    "updateAudience",
    "empty ID",
    (ctx) => post("/audiences/update", { name: ctx.name, ids: [{ action: "add", id: "" }] }),
    "body.ids",
  ),
  refused("updateAudience", "ids empty", (ctx) => post("/audiences/update", { name: ctx.name, ids: [] }), "body.ids"),
  refused(
    "updateAudience",
    "unknown field in the body",
    (ctx) => post("/audiences/update", { name: ctx.name, ids: [{ action: "add", id: "user-1" }], mode: "merge" }),
    "body",
  ),
  refused("replaceAudience", "ids empty", (ctx) => post("/audiences/replace", { name: ctx.name, ids: [] }), "body.ids"),
  refused(
    "createAudience",
    "unknown field in the body",
    (ctx) => post("/audiences/create", { name: ctx.name, type: "custom_ids", owner: "crm" }),
    "body",
    false,
  ),
  refused(
    "listAudiences",
    "limit=0",
    () => req({ path: "/audiences/list", method: "get", invalidQuery: { limit: 0 } }),
    "query.limit",
    false,
  ),
  {
    ...refused(
      "getAudience",
      "indexing_token empty",
      (ctx) =>
        req({
          path: "/audiences/view",
          method: "get",
          query: { name: ctx.name },
          invalidQuery: { indexing_token: "" },
        }),
      "query.indexing_token",
    ),
    skipOnMock: "Prism reads an empty query value as an absent one, so it sees nothing invalid; real targets run it",
  },
];
