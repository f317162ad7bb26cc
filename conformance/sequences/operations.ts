/**
 * What a stateful sequence needs from each API, in one shape: typed requests (checked against
 * generated/<api>/schema.ts like the cases), the documented success statuses, and how to read a list
 * page (1.x offsets, 2.x cursors).
 */

import type { paths as Paths2 } from "../../generated/audience-2/schema.js";
import type { paths as Paths10 } from "../../generated/custom-audience-1.0/schema.js";
import type { paths as Paths11 } from "../../generated/custom-audience-1.1/schema.js";
import { pointId } from "../../src/shared/inferred/pointer.js";
import { customIds, ERRORS_1X, ERRORS_2X } from "../cases/common.js";
import { requestsFor } from "../cases/typed.js";
import type { CaseRequest, ExpectedError } from "../cases/types.js";
import type { ApiId } from "../support/spec.js";

/** One list page as the sequences need it: the names, and where the next page starts (if any). */
export interface Page {
  names: string[];
  /** The `from` of the next page; undefined when this page is the last. */
  next?: string | number;
}

export interface AudienceOperations {
  api: ApiId;
  create(name: string): CaseRequest;
  createStatus: number;
  /** 1.0 documents 200 and 201 for create; a real server answers one of them. */
  createAlsoAccept?: number[];
  view(name: string, indexingToken?: string): CaseRequest;
  /** Adds the given IDs. */
  update(name: string, ids: string[]): CaseRequest;
  updateStatus: number;
  /** 1.x documents 201 and 202 for update (both inferred); a real server answers one of them. */
  updateAlsoAccept?: number[];
  /** Replaces the members by the given IDs; absent on 1.0 (no replace operation). */
  replace?(name: string, ids: string[]): CaseRequest;
  replaceStatus?: number;
  remove(name: string): CaseRequest;
  removeStatus: number;
  /** The status and Batch error of a view of a name that does not exist. */
  notFound: { status: number; error: ExpectedError };
  alreadyExists: ExpectedError;
  list(limit: number, from?: string | number): CaseRequest;
  /** 1.x: the inferred point that `from` is a 0-based offset (ledger id), which the paging walk relies on. */
  offsetBase?: string;
  /** Reads one list page; `from` and `limit` are those the page was asked with. Throws when unreadable. */
  page(json: unknown, from: string | number | undefined, limit: number): Page;
}

function records(value: unknown, field: string): Record<string, unknown>[] {
  const list = (value as Record<string, unknown> | undefined)?.[field];
  if (!Array.isArray(list)) throw new Error(`the page has no "${field}" array`);
  return list as Record<string, unknown>[];
}

/** 1.x pages are offsets: a page shorter than `limit` is the last one. */
function offsetPage(json: unknown, from: string | number | undefined, limit: number): Page {
  const names = records(json, "custom_audiences").map((a) => String(a.name));
  const start = typeof from === "number" ? from : 0;
  return names.length < limit ? { names } : { names, next: start + names.length };
}

/** 2.x pages carry `has_more` and, while it is true, the `next_from` cursor. */
function cursorPage(json: unknown): Page {
  const names = records(json, "audiences").map((a) => String(a.name));
  const body = json as { has_more?: unknown; next_from?: unknown };
  if (body.has_more !== true) return { names };
  if (typeof body.next_from !== "string" || body.next_from.length === 0)
    throw new Error("has_more is true but next_from is missing");
  return { names, next: body.next_from };
}

/** The ledger id of "`from` is a 0-based offset" (same pointer in both 1.x bundles). */
const offsetBase = (api: ApiId) => pointId(api, "/components/parameters/From", "offset-base");
const req10 = requestsFor<Paths10>();
const ONE_10 = "/1.0/{apiKey}/custom-audience/{audienceName}" as const;
const v10: AudienceOperations = {
  api: "custom-audience-1.0",
  create: (name) =>
    req10({
      path: ONE_10,
      method: "post",
      pathParams: { audienceName: name },
      body: { type: "custom_ids", description: "Conformance sequence" },
    }),
  createStatus: 200,
  createAlsoAccept: [201],
  view: (name, token) =>
    req10({
      path: ONE_10,
      method: "get",
      pathParams: { audienceName: name },
      ...(token ? { query: { indexing_token: token } } : {}),
    }),
  update: (name, ids) =>
    req10({
      path: ONE_10,
      method: "patch",
      pathParams: { audienceName: name },
      body: { type: "custom_ids", ids: ids.map((id) => ({ action: "add" as const, id })) },
    }),
  updateStatus: 202,
  updateAlsoAccept: [201],
  remove: (name) => req10({ path: ONE_10, method: "delete", pathParams: { audienceName: name } }),
  removeStatus: 200,
  notFound: { status: 404, error: ERRORS_1X.routeNotFound },
  alreadyExists: ERRORS_1X.alreadyExists,
  list: (limit, from) =>
    req10({
      path: "/1.0/{apiKey}/custom-audience",
      method: "get",
      query: { limit, ...(typeof from === "number" ? { from } : {}) },
    }),
  page: offsetPage,
  offsetBase: offsetBase("custom-audience-1.0"),
};

const req11 = requestsFor<Paths11>();
const ONE_11 = "/1.1/{apiKey}/custom-audience/{audienceName}" as const;
const v11: AudienceOperations = {
  api: "custom-audience-1.1",
  create: (name) =>
    req11({
      path: ONE_11,
      method: "post",
      pathParams: { audienceName: name },
      body: { type: "install_ids", description: "Conformance sequence" },
    }),
  createStatus: 201,
  view: (name, token) =>
    req11({
      path: ONE_11,
      method: "get",
      pathParams: { audienceName: name },
      ...(token ? { query: { indexing_token: token } } : {}),
    }),
  update: (name, ids) =>
    req11({
      path: ONE_11,
      method: "patch",
      pathParams: { audienceName: name },
      body: { ids: ids.map((id) => ({ action: "add" as const, id, tags: ["conformance"] })) },
    }),
  updateStatus: 202,
  updateAlsoAccept: [201],
  replace: (name, ids) =>
    req11({
      path: ONE_11,
      method: "put",
      pathParams: { audienceName: name },
      body: { ids: ids.map((id) => ({ id, attributes: { plan: "gold" } })) },
    }),
  replaceStatus: 201,
  remove: (name) => req11({ path: ONE_11, method: "delete", pathParams: { audienceName: name } }),
  removeStatus: 200,
  notFound: { status: 404, error: ERRORS_1X.routeNotFound },
  alreadyExists: ERRORS_1X.alreadyExists,
  list: (limit, from) =>
    req11({
      path: "/1.1/{apiKey}/custom-audience",
      method: "get",
      query: { limit, ...(typeof from === "number" ? { from } : {}) },
    }),
  page: offsetPage,
  offsetBase: offsetBase("custom-audience-1.1"),
};

const req2 = requestsFor<Paths2>();
const v2: AudienceOperations = {
  api: "audience-2",
  create: (name) =>
    req2({
      path: "/audiences/create",
      method: "post",
      body: { name, display_name: "Conformance sequence", type: "custom_ids" },
    }),
  createStatus: 202,
  view: (name, token) =>
    req2({ path: "/audiences/view", method: "get", query: { name, ...(token ? { indexing_token: token } : {}) } }),
  update: (name, ids) =>
    req2({
      path: "/audiences/update",
      method: "post",
      body: { name, ids: ids.map((id) => ({ action: "add" as const, id, attributes: { plan: "gold" } })) },
    }),
  updateStatus: 202,
  replace: (name, ids) =>
    req2({ path: "/audiences/replace", method: "post", body: { name, ids: ids.map((id) => ({ id })) } }),
  replaceStatus: 202,
  remove: (name) => req2({ path: "/audiences/remove", method: "post", body: { name } }),
  removeStatus: 202,
  notFound: { status: 404, error: ERRORS_2X.unknownAudience },
  alreadyExists: ERRORS_2X.alreadyExists,
  list: (limit, from) =>
    req2({ path: "/audiences/list", method: "get", query: { limit, ...(typeof from === "string" ? { from } : {}) } }),
  page: (json) => cursorPage(json),
};

export const OPERATIONS: Record<ApiId, AudienceOperations> = {
  "custom-audience-1.0": v10,
  "custom-audience-1.1": v11,
  "audience-2": v2,
};

/** IDs of the kind each API stores (1.1 holds install IDs). */
export function memberIds(api: ApiId, n: number, prefix: string): string[] {
  return customIds(n, api === "custom-audience-1.1" ? `install-${prefix}` : prefix);
}
