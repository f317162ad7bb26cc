/** Custom Audience API 1.1: update (PATCH). */
import {
  attributes,
  ERRORS_1X as E,
  MALFORMED_JSON,
  SKIP_MOCK_MALFORMED_JSON,
  SKIP_REAL_OTHER_UPDATE_SUCCESS,
  standardErrorCases,
} from "../common.js";
import type { CaseContext, ConformanceCase } from "../types.js";
import { api, created, installIds, named, ONE, req } from "./shared.js";

const patchInvalid = (ctx: CaseContext, invalidBody: unknown) =>
  req({ path: ONE, method: "patch", ...named(ctx.name), invalidBody });
export const update: ConformanceCase[] = [
  {
    api,
    operationId: "updateAudience",
    status: 202,
    kind: "positive",
    alsoAcceptOnReal: [201],
    scenario: "add with attributes and tags, remove (documented example)",
    docExample: "add_with_attributes_and_remove",
    setup: created,
    request: (ctx) =>
      req({
        path: ONE,
        method: "patch",
        ...named(ctx.name),
        body: {
          ids: [
            {
              action: "add",
              id: "INSTALL-ID-1",
              attributes: {
                att1: 3,
                att2: "string",
                "date(att15)": "2012-08-12T22:30:05",
                "url(att20)": "https://example.com/image.jpg",
              },
              tags: ["value-1", "value-2"],
            },
            { action: "remove", id: "INSTALL-ID-2" },
          ],
        },
      }),
  },
  {
    api,
    operationId: "updateAudience",
    status: 202,
    kind: "positive",
    alsoAcceptOnReal: [201],
    scenario: "10,000 removals (the maximum)",
    setup: created,
    request: (ctx) =>
      req({
        path: ONE,
        method: "patch",
        ...named(ctx.name),
        body: { ids: installIds(10_000).map((id) => ({ action: "remove" as const, id })) },
      }),
  },
  {
    api,
    operationId: "updateAudience",
    status: 201,
    kind: "positive",
    scenario: "accepted with 201 (the other documented answer)",
    setup: created,
    request: (ctx) =>
      req({
        path: ONE,
        method: "patch",
        ...named(ctx.name),
        body: { ids: [{ action: "add" as const, id: "install-1" }] },
      }),
    forcedOnMock: true,
    divergeOnEmulator: "update-201",
    skipOnReal: SKIP_REAL_OTHER_UPDATE_SUCCESS,
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "10,001 IDs",
    setup: created,
    request: (ctx) => patchInvalid(ctx, { ids: installIds(10_001).map((id) => ({ action: "add", id })) }),
    error: E.malformedParameter,
    violation: "body.ids",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "16 attributes",
    setup: created,
    request: (ctx) => patchInvalid(ctx, { ids: [{ action: "add", id: "INSTALL-ID-1", attributes: attributes(16) }] }),
    error: E.malformedParameter,
    violation: "body.ids",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "attributes on remove",
    setup: created,
    request: (ctx) => patchInvalid(ctx, { ids: [{ action: "remove", id: "INSTALL-ID-1", attributes: { att1: 1 } }] }),
    error: E.malformedParameter,
    violation: "body.ids",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "action missing",
    setup: created,
    request: (ctx) => patchInvalid(ctx, { ids: [{ id: "INSTALL-ID-1" }] }),
    error: E.missingParameter,
    violation: "body.ids",
  },
  {
    api,
    operationId: "updateAudience",
    status: 400,
    kind: "negative",
    scenario: "malformed JSON",
    setup: created,
    request: (ctx) => req({ path: ONE, method: "patch", ...named(ctx.name), rawBody: MALFORMED_JSON }),
    error: E.malformedJson,
    skipOnMock: SKIP_MOCK_MALFORMED_JSON,
  },
  {
    api,
    operationId: "updateAudience",
    status: 404,
    kind: "negative",
    scenario: "audience never created",
    request: (ctx) =>
      req({
        path: ONE,
        method: "patch",
        ...named(ctx.unknownName),
        body: { ids: [{ action: "remove", id: "INSTALL-ID-1" }] },
      }),
    error: E.routeNotFound,
    forcedOnMock: true,
  },
  ...standardErrorCases({
    api,
    operationId: "updateAudience",
    request: (ctx) =>
      req({
        path: ONE,
        method: "patch",
        ...named(ctx.name),
        body: { ids: [{ action: "remove", id: "INSTALL-ID-1" }] },
      }),
    setup: created,
    statuses: [403, 429, 500, 503],
    errors: E,
  }),
];
