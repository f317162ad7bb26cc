/** Cases for the Audience API 2.x (project API: POST /audiences/<action>, GET view and list). */
import type { paths } from "../../generated/audience-2/schema.js";
import { attributes, customIds, ERRORS_2X as E, MALFORMED_JSON, SKIP_MOCK_MALFORMED_JSON, MISSING_PROJECT_ALSO_ON_REAL, SKIP_REAL_DOCUMENTED_CURSOR, SKIP_REAL_DOCUMENTED_TOKEN, standardErrorCases } from "./common.js";
import { requestsFor } from "./typed.js";
import type { CaseContext, ConformanceCase } from "./types.js";

const api = "audience-2" as const;
const req = requestsFor<paths>();
const ids = (n: number) => customIds(n).map((id) => ({ action: "add" as const, id }));

const create = (ctx: CaseContext) => req({ path: "/audiences/create", method: "post", body: { name: ctx.name, display_name: "Conformance suite audience", type: "custom_ids" } });
const created = (ctx: CaseContext) => [create(ctx)];
const post = (path: "/audiences/create" | "/audiences/update" | "/audiences/replace" | "/audiences/remove", invalidBody: unknown) =>
  req({ path, method: "post", invalidBody });

/** The documented update payload (2.3 update page), attributes with date() and url() wrappers. */
const documentedUpdate = (name: string) => ({
  name,
  ids: [
    { action: "add" as const, id: "CUSTOM-ID-1", attributes: { att1: 3, att2: "string", "date(att15)": "2023-08-12T22:30:05Z", "url(att20)": "https://example.com/image.jpg" } },
    { action: "add" as const, id: "CUSTOM-ID-2", attributes: { att1: 2, att2: "string", "date(att15)": "2023-08-12T22:30:05Z", "url(att20)": "https://example.com/image.jpg" } },
  ],
});

const createCases: ConformanceCase[] = [
  { api, operationId: "createAudience", status: 202, kind: "positive", scenario: "name, display name and type (documented example)", docExample: "documented_example", request: create },
  { api, operationId: "createAudience", status: 202, kind: "positive", scenario: "name and type only", docExample: "minimal", request: (ctx) => req({ path: "/audiences/create", method: "post", body: { name: ctx.name, type: "custom_ids" } }) },
  { api, operationId: "createAudience", status: 202, kind: "positive", scenario: "name of 255 characters", request: (ctx) => req({ path: "/audiences/create", method: "post", body: { name: ctx.nameOfLength(255), type: "custom_ids" } }) },
  { api, operationId: "createAudience", status: 400, kind: "negative", scenario: "name has a space", request: () => post("/audiences/create", { name: "my audience", type: "custom_ids" }), error: E.invalidName, violation: "body.name" },
  { api, operationId: "createAudience", status: 400, kind: "negative", scenario: "name of 256 characters", request: (ctx) => post("/audiences/create", { name: ctx.nameOfLength(255) + "x", type: "custom_ids" }), error: E.invalidName, violation: "body.name" },
  { api, operationId: "createAudience", status: 400, kind: "negative", scenario: "type missing", request: (ctx) => post("/audiences/create", { name: ctx.name }), error: E.badRequest, violation: "body" },
  { api, operationId: "createAudience", status: 400, kind: "negative", scenario: "type install_ids", request: (ctx) => post("/audiences/create", { name: ctx.name, type: "install_ids" }), error: E.badRequest, violation: "body.type" },
  { api, operationId: "createAudience", status: 400, kind: "negative", scenario: "display name is a number", request: (ctx) => post("/audiences/create", { name: ctx.name, type: "custom_ids", display_name: 7 }), error: E.badRequest, violation: "body.display_name" },
  { api, operationId: "createAudience", status: 400, kind: "negative", scenario: "X-Batch-Project header missing", alsoAcceptOnReal: MISSING_PROJECT_ALSO_ON_REAL, request: (ctx) => ({ ...create(ctx), omitHeaders: ["X-Batch-Project"] }), error: E.badRequest, violation: "x-batch-project" },
  { api, operationId: "createAudience", status: 400, kind: "negative", scenario: "malformed JSON", request: () => req({ path: "/audiences/create", method: "post", rawBody: MALFORMED_JSON }), error: E.malformedJson, skipOnMock: SKIP_MOCK_MALFORMED_JSON },
  { api, operationId: "createAudience", status: 400, kind: "negative", scenario: "name already exists", setup: created, request: create, error: E.alreadyExists, forcedOnMock: true },
  ...standardErrorCases({ api, operationId: "createAudience", request: create, statuses: [429, 500, 503], errors: E }),
];

const updateCases: ConformanceCase[] = [
  { api, operationId: "updateAudience", status: 202, kind: "positive", scenario: "two adds with attributes (documented example)", docExample: "documented_example", setup: created, request: (ctx) => req({ path: "/audiences/update", method: "post", body: documentedUpdate(ctx.name) }) },
  { api, operationId: "updateAudience", status: 202, kind: "positive", scenario: "add and remove", docExample: "add_and_remove", setup: created, request: (ctx) => req({ path: "/audiences/update", method: "post", body: { name: ctx.name, ids: [{ action: "add", id: "CUSTOM-ID-1" }, { action: "remove", id: "CUSTOM-ID-2" }] } }) },
  { api, operationId: "updateAudience", status: 202, kind: "positive", scenario: "10,000 IDs with 15 attributes on the first (the maxima)", setup: created, request: (ctx) => req({ path: "/audiences/update", method: "post", body: { name: ctx.name, ids: [{ action: "add", id: "user-0", attributes: attributes(15) }, ...ids(9_999)] } }) },
  { api, operationId: "updateAudience", status: 400, kind: "negative", scenario: "10,001 IDs", setup: created, request: (ctx) => post("/audiences/update", { name: ctx.name, ids: ids(10_001) }), error: E.tooManyIds, violation: "body.ids" },
  { api, operationId: "updateAudience", status: 400, kind: "negative", scenario: "16 attributes", setup: created, request: (ctx) => post("/audiences/update", { name: ctx.name, ids: [{ action: "add", id: "user-1", attributes: attributes(16) }] }), error: E.badRequest, violation: "body.ids" },
  { api, operationId: "updateAudience", status: 400, kind: "negative", scenario: "attributes on remove", setup: created, request: (ctx) => post("/audiences/update", { name: ctx.name, ids: [{ action: "remove", id: "user-1", attributes: { att1: 1 } }] }), error: E.attributesOnRemove, violation: "body.ids" },
  { api, operationId: "updateAudience", status: 400, kind: "negative", scenario: "attribute name in upper case", setup: created, request: (ctx) => post("/audiences/update", { name: ctx.name, ids: [{ action: "add", id: "user-1", attributes: { Plan: "gold" } }] }), error: E.badRequest, violation: "body.ids" },
  { api, operationId: "updateAudience", status: 400, kind: "negative", scenario: "name missing", request: () => post("/audiences/update", { ids: ids(1) }), error: E.badRequest, violation: "body" },
  { api, operationId: "updateAudience", status: 400, kind: "negative", scenario: "malformed JSON", request: () => req({ path: "/audiences/update", method: "post", rawBody: MALFORMED_JSON }), error: E.malformedJson, skipOnMock: SKIP_MOCK_MALFORMED_JSON },
  { api, operationId: "updateAudience", status: 400, kind: "negative", scenario: "audience never created", request: (ctx) => req({ path: "/audiences/update", method: "post", body: { name: ctx.unknownName, ids: ids(1) } }), error: E.unknownAudience, forcedOnMock: true },
  ...standardErrorCases({ api, operationId: "updateAudience", request: (ctx) => req({ path: "/audiences/update", method: "post", body: { name: ctx.name, ids: ids(2) } }), setup: created, statuses: [429, 500, 503], errors: E }),
];

const replaceBody = (name: string, n = 1) => ({ name, ids: customIds(n).map((id) => ({ id })) });
const replaceCases: ConformanceCase[] = [
  {
    api, operationId: "replaceAudience", status: 202, kind: "positive", scenario: "IDs with attributes (documented example)", docExample: "documented_example", setup: created,
    request: (ctx) => req({ path: "/audiences/replace", method: "post", body: { name: ctx.name, ids: documentedUpdate(ctx.name).ids.map(({ id, attributes: a }) => ({ id, attributes: a })) } }),
  },
  { api, operationId: "replaceAudience", status: 202, kind: "positive", scenario: "IDs only", docExample: "ids_only", setup: created, request: (ctx) => req({ path: "/audiences/replace", method: "post", body: replaceBody(ctx.name, 3) }) },
  { api, operationId: "replaceAudience", status: 400, kind: "negative", scenario: "10,001 IDs", setup: created, request: (ctx) => post("/audiences/replace", replaceBody(ctx.name, 10_001)), error: E.tooManyIds, violation: "body.ids" },
  { api, operationId: "replaceAudience", status: 400, kind: "negative", scenario: "16 attributes", setup: created, request: (ctx) => post("/audiences/replace", { name: ctx.name, ids: [{ id: "user-1", attributes: attributes(16) }] }), error: E.badRequest, violation: "body.ids" },
  { api, operationId: "replaceAudience", status: 400, kind: "negative", scenario: "an action on a replace item", setup: created, request: (ctx) => post("/audiences/replace", { name: ctx.name, ids: [{ action: "add", id: "user-1" }] }), error: E.badRequest, violation: "body.ids" },
  { api, operationId: "replaceAudience", status: 400, kind: "negative", scenario: "ids missing", setup: created, request: (ctx) => post("/audiences/replace", { name: ctx.name }), error: E.badRequest, violation: "body" },
  { api, operationId: "replaceAudience", status: 400, kind: "negative", scenario: "malformed JSON", request: () => req({ path: "/audiences/replace", method: "post", rawBody: MALFORMED_JSON }), error: E.malformedJson, skipOnMock: SKIP_MOCK_MALFORMED_JSON },
  { api, operationId: "replaceAudience", status: 400, kind: "negative", scenario: "audience never created", request: (ctx) => req({ path: "/audiences/replace", method: "post", body: replaceBody(ctx.unknownName) }), error: E.unknownAudience, forcedOnMock: true },
  ...standardErrorCases({ api, operationId: "replaceAudience", request: (ctx) => req({ path: "/audiences/replace", method: "post", body: replaceBody(ctx.name) }), setup: created, statuses: [429, 500, 503], errors: E }),
];

const removeReq = (name: string) => req({ path: "/audiences/remove", method: "post", body: { name } });
const removeCases: ConformanceCase[] = [
  { api, operationId: "deleteAudience", status: 202, kind: "positive", scenario: "existing audience (documented example)", docExample: "documented_example", setup: created, request: (ctx) => removeReq(ctx.name) },
  { api, operationId: "deleteAudience", status: 400, kind: "negative", scenario: "name has a space", request: () => post("/audiences/remove", { name: "my audience" }), error: E.invalidName, violation: "body.name" },
  { api, operationId: "deleteAudience", status: 400, kind: "negative", scenario: "name missing", request: () => post("/audiences/remove", {}), error: E.badRequest, violation: "body" },
  { api, operationId: "deleteAudience", status: 400, kind: "negative", scenario: "ids sent to remove", request: (ctx) => post("/audiences/remove", { name: ctx.name, ids: ids(1) }), error: E.badRequest, violation: "body" },
  { api, operationId: "deleteAudience", status: 400, kind: "negative", scenario: "malformed JSON", request: () => req({ path: "/audiences/remove", method: "post", rawBody: MALFORMED_JSON }), error: E.malformedJson, skipOnMock: SKIP_MOCK_MALFORMED_JSON },
  { api, operationId: "deleteAudience", status: 400, kind: "negative", scenario: "audience never created", request: (ctx) => removeReq(ctx.unknownName), error: E.unknownAudience, forcedOnMock: true },
  ...standardErrorCases({ api, operationId: "deleteAudience", request: (ctx) => removeReq(ctx.name), setup: created, statuses: [429, 500, 503], errors: E }),
];

const view = (name: string) => req({ path: "/audiences/view", method: "get", query: { name } });
const viewCases: ConformanceCase[] = [
  { api, operationId: "getAudience", status: 200, kind: "positive", scenario: "existing audience", setup: created, request: (ctx) => view(ctx.name) },
  { api, operationId: "getAudience", status: 200, kind: "positive", scenario: "with an indexing token", setup: created, skipOnReal: SKIP_REAL_DOCUMENTED_TOKEN, request: (ctx) => req({ path: "/audiences/view", method: "get", query: { name: ctx.name, indexing_token: "a0082dc6860938a26280bd3ba927303b" } }) },
  { api, operationId: "getAudience", status: 400, kind: "negative", scenario: "name missing", request: () => req({ path: "/audiences/view", method: "get", invalidQuery: {} }), error: E.badRequest, violation: "query" },
  { api, operationId: "getAudience", status: 400, kind: "negative", scenario: "name has a space", request: () => req({ path: "/audiences/view", method: "get", invalidQuery: { name: "my audience" } }), error: E.invalidName, violation: "query.name" },
  { api, operationId: "getAudience", status: 400, kind: "negative", scenario: "name of 256 characters", request: (ctx) => req({ path: "/audiences/view", method: "get", invalidQuery: { name: ctx.nameOfLength(255) + "x" } }), error: E.invalidName, violation: "query.name" },
  { api, operationId: "getAudience", status: 404, kind: "negative", scenario: "audience never created", request: (ctx) => view(ctx.unknownName), error: E.unknownAudience, forcedOnMock: true },
  ...standardErrorCases({ api, operationId: "getAudience", request: (ctx) => view(ctx.name), setup: created, statuses: [429, 500, 503], errors: E }),
];

const listCases: ConformanceCase[] = [
  { api, operationId: "listAudiences", status: 200, kind: "positive", scenario: "first page with defaults", request: () => req({ path: "/audiences/list", method: "get" }) },
  { api, operationId: "listAudiences", status: 200, kind: "positive", scenario: "limit=20 (documented example)", request: () => req({ path: "/audiences/list", method: "get", query: { limit: 20 } }) },
  { api, operationId: "listAudiences", status: 200, kind: "positive", scenario: "next page from a cursor", skipOnReal: SKIP_REAL_DOCUMENTED_CURSOR, request: () => req({ path: "/audiences/list", method: "get", query: { from: "676DEZREZ", limit: 100 } }) },
  { api, operationId: "listAudiences", status: 400, kind: "negative", scenario: "limit=101", request: () => req({ path: "/audiences/list", method: "get", invalidQuery: { limit: 101 } }), error: E.badRequest, violation: "query.limit" },
  { api, operationId: "listAudiences", status: 400, kind: "negative", scenario: "limit is not a number", request: () => req({ path: "/audiences/list", method: "get", invalidQuery: { limit: "twenty" } }), error: E.badRequest, violation: "query.limit" },
  { api, operationId: "listAudiences", status: 400, kind: "negative", scenario: "X-Batch-Project header missing", alsoAcceptOnReal: MISSING_PROJECT_ALSO_ON_REAL, request: () => ({ ...req({ path: "/audiences/list", method: "get" }), omitHeaders: ["X-Batch-Project"] }), error: E.badRequest, violation: "x-batch-project" },
  ...standardErrorCases({ api, operationId: "listAudiences", request: () => req({ path: "/audiences/list", method: "get" }), statuses: [429, 500, 503], errors: E }),
];

export const cases: ConformanceCase[] = [...createCases, ...updateCases, ...replaceCases, ...removeCases, ...viewCases, ...listCases];
