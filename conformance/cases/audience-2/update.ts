/** Audience API 2.x: POST /audiences/update. */
import { attributes, ERRORS_2X as E, MALFORMED_JSON, SKIP_MOCK_MALFORMED_JSON, standardErrorCases } from "../common.js";
import type { ConformanceCase } from "../types.js";
import { api, created, documentedUpdate, ids, post, req } from "./shared.js";

export const updateCases: ConformanceCase[] = [
  {
    api,
    operationId: "updateAudience",
    status: 202,
    kind: "positive",
    scenario: "two adds with attributes (documented example)",
    docExample: "documented_example",
    setup: created,
    request: (ctx) => req({ path: "/audiences/update", method: "post", body: documentedUpdate(ctx.name) }),
  },
  {
    api,
    operationId: "updateAudience",
    status: 202,
    kind: "positive",
    scenario: "add and remove",
    docExample: "add_and_remove",
    setup: created,
    request: (ctx) =>
      req({
        path: "/audiences/update",
        method: "post",
        body: {
          name: ctx.name,
          ids: [
            { action: "add", id: "CUSTOM-ID-1" },
            { action: "remove", id: "CUSTOM-ID-2" },
          ],
        },
      }),
  },
  {
    api,
    operationId: "updateAudience",
    status: 202,
    kind: "positive",
    scenario: "10,000 IDs with 15 attributes on the first (the maxima)",
    setup: created,
    request: (ctx) =>
      req({
        path: "/audiences/update",
        method: "post",
        body: { name: ctx.name, ids: [{ action: "add", id: "user-0", attributes: attributes(15) }, ...ids(9_999)] },
      }),
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "10,001 IDs",
    setup: created,
    request: (ctx) => post("/audiences/update", { name: ctx.name, ids: ids(10_001) }),
    error: E.tooManyIds,
    violation: "body.ids",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "16 attributes",
    setup: created,
    request: (ctx) =>
      post("/audiences/update", { name: ctx.name, ids: [{ action: "add", id: "user-1", attributes: attributes(16) }] }),
    error: E.badRequest,
    violation: "body.ids",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "attributes on remove",
    setup: created,
    request: (ctx) =>
      post("/audiences/update", { name: ctx.name, ids: [{ action: "remove", id: "user-1", attributes: { att1: 1 } }] }),
    error: E.attributesOnRemove,
    violation: "body.ids",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "attribute name in upper case",
    setup: created,
    request: (ctx) =>
      post("/audiences/update", {
        name: ctx.name,
        ids: [{ action: "add", id: "user-1", attributes: { Plan: "gold" } }],
      }),
    error: E.badRequest,
    violation: "body.ids",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "name missing",
    request: () => post("/audiences/update", { ids: ids(1) }),
    error: E.badRequest,
    violation: "body",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "malformed JSON",
    request: () => req({ path: "/audiences/update", method: "post", rawBody: MALFORMED_JSON }),
    error: E.malformedJson,
    skipOnMock: SKIP_MOCK_MALFORMED_JSON,
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "audience never created",
    request: (ctx) => req({ path: "/audiences/update", method: "post", body: { name: ctx.unknownName, ids: ids(1) } }),
    error: E.unknownAudience,
    forcedOnMock: true,
  },
  ...standardErrorCases({
    api,
    operationId: "updateAudience",
    request: (ctx) => req({ path: "/audiences/update", method: "post", body: { name: ctx.name, ids: ids(2) } }),
    setup: created,
    statuses: [429, 500, 503],
    errors: E,
  }),
];
