/** Cases for the Custom Audience API 1.1 (install IDs, attributes and tags, PUT replace). */
import type { paths } from "../../generated/custom-audience-1.1/schema.js";
import {
  attributes,
  customIds,
  ERRORS_1X as E,
  MALFORMED_JSON,
  SKIP_MOCK_MALFORMED_JSON,
  SKIP_REAL_DOCUMENTED_TOKEN,
  standardErrorCases,
} from "./common.js";
import { requestsFor } from "./typed.js";
import type { CaseContext, ConformanceCase } from "./types.js";

const api = "custom-audience-1.1" as const;
const req = requestsFor<paths>();
const LIST = "/1.1/{apiKey}/custom-audience" as const;
const ONE = "/1.1/{apiKey}/custom-audience/{audienceName}" as const;
const named = (audienceName: string) => ({ pathParams: { audienceName } });
const installIds = (n: number) => customIds(n, "install");

const create = (ctx: CaseContext) =>
  req({
    path: ONE,
    method: "post",
    ...named(ctx.name),
    body: { type: "install_ids", description: "Conformance suite audience" },
  });
const created = (ctx: CaseContext) => [create(ctx)];

/** The documented replace payload: two install IDs with attributes (date(...) included) and tags. */
const documentedReplace = {
  ids: [
    {
      id: "INSTALL-ID-1",
      attributes: { att1: 3, att2: "string", "date(att15)": "2012-08-12T22:30:05" },
      tags: ["value-1", "value-2"],
    },
    {
      id: "INSTALL-ID-2",
      attributes: { att1: 2, att2: "string", "date(att15)": "2013-08-12T22:30:05" },
      tags: ["value-1"],
    },
  ],
};

const list: ConformanceCase[] = [
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

const get: ConformanceCase[] = [
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

const post: ConformanceCase[] = [
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

const put = (ctx: CaseContext, body: NonNullable<Parameters<typeof req<typeof ONE, "put">>[0]["body"]>) =>
  req({ path: ONE, method: "put", ...named(ctx.name), body });
const putInvalid = (ctx: CaseContext, invalidBody: unknown) =>
  req({ path: ONE, method: "put", ...named(ctx.name), invalidBody });
const replace: ConformanceCase[] = [
  {
    api,
    operationId: "replaceAudience",
    status: 201,
    kind: "positive",
    scenario: "IDs with attributes and tags (documented example)",
    docExample: "two_ids_with_attributes",
    setup: created,
    request: (ctx) => put(ctx, documentedReplace),
  },
  {
    api,
    operationId: "replaceAudience",
    status: 201,
    kind: "positive",
    scenario: "10,000 IDs (the maximum)",
    setup: created,
    request: (ctx) => put(ctx, { ids: installIds(10_000).map((id) => ({ id })) }),
  },
  {
    api,
    operationId: "replaceAudience",
    status: 201,
    kind: "positive",
    scenario: "15 attributes (the maximum)",
    setup: created,
    request: (ctx) => put(ctx, { ids: [{ id: "INSTALL-ID-1", attributes: attributes(15) }] }),
  },
  {
    api,
    operationId: "replaceAudience",
    status: 400,
    kind: "negative",
    scenario: "10,001 IDs",
    setup: created,
    request: (ctx) => putInvalid(ctx, { ids: installIds(10_001).map((id) => ({ id })) }),
    error: E.malformedParameter,
    violation: "body.ids",
  },
  {
    api,
    operationId: "replaceAudience",
    status: 400,
    kind: "negative",
    scenario: "16 attributes",
    setup: created,
    request: (ctx) => putInvalid(ctx, { ids: [{ id: "INSTALL-ID-1", attributes: attributes(16) }] }),
    error: E.malformedParameter,
    violation: "attributes",
  },
  {
    api,
    operationId: "replaceAudience",
    status: 400,
    kind: "negative",
    scenario: "attribute name in upper case",
    setup: created,
    request: (ctx) => putInvalid(ctx, { ids: [{ id: "INSTALL-ID-1", attributes: { Att1: 3 } }] }),
    error: E.malformedParameter,
    violation: "attributes",
  },
  {
    api,
    operationId: "replaceAudience",
    status: 400,
    kind: "negative",
    scenario: "tag in upper case",
    setup: created,
    request: (ctx) => putInvalid(ctx, { ids: [{ id: "INSTALL-ID-1", tags: ["VIP"] }] }),
    error: E.malformedParameter,
    violation: "tags",
  },
  {
    api,
    operationId: "replaceAudience",
    status: 400,
    kind: "negative",
    scenario: "ids missing",
    setup: created,
    request: (ctx) => putInvalid(ctx, {}),
    error: E.missingParameter,
    violation: "body",
  },
  {
    api,
    operationId: "replaceAudience",
    status: 400,
    kind: "negative",
    scenario: "malformed JSON",
    setup: created,
    request: (ctx) => req({ path: ONE, method: "put", ...named(ctx.name), rawBody: MALFORMED_JSON }),
    error: E.malformedJson,
    skipOnMock: SKIP_MOCK_MALFORMED_JSON,
  },
  {
    api,
    operationId: "replaceAudience",
    status: 404,
    kind: "negative",
    scenario: "audience never created",
    request: (ctx) =>
      req({ path: ONE, method: "put", ...named(ctx.unknownName), body: { ids: [{ id: "INSTALL-ID-1" }] } }),
    error: E.routeNotFound,
    forcedOnMock: true,
  },
  ...standardErrorCases({
    api,
    operationId: "replaceAudience",
    request: (ctx) => put(ctx, { ids: [{ id: "INSTALL-ID-1" }] }),
    setup: created,
    statuses: [403, 429, 500, 503],
    errors: E,
  }),
];

const patchInvalid = (ctx: CaseContext, invalidBody: unknown) =>
  req({ path: ONE, method: "patch", ...named(ctx.name), invalidBody });
const update: ConformanceCase[] = [
  {
    api,
    operationId: "updateAudience",
    status: 202,
    kind: "positive",
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

const del = (ctx: CaseContext) => req({ path: ONE, method: "delete", ...named(ctx.name) });
const remove: ConformanceCase[] = [
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

export const cases: ConformanceCase[] = [...list, ...get, ...post, ...replace, ...update, ...remove];
