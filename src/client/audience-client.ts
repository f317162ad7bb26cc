/**
 * Typed client for the Audience API 2.x (`https://api.batch.com/{version}/audiences/...`), the
 * project-level API: `Authorization: Bearer <REST key>` plus `X-Batch-Project: <project key>`.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "../../generated/audience-2/schema.js";
import { DEFAULT_V2_VERSION, V2_VERSION_PATTERN } from "../../generated/constants.js";
import { REDACTED } from "../shared/redact.js";
import {
  type BulkInput,
  type BulkReplaceOptions,
  type BulkTarget,
  type BulkUpdateOptions,
  bulkReplaceWith,
  bulkUpdateWith,
} from "./bulk/client-bulk.js";
import type { BulkSource } from "./bulk/item-source.js";
import type { BulkResult } from "./bulk/types.js";
import { type BaseClientOptions, type BulkCallExtras, createClientCore, type RequestOptions } from "./client-core.js";
import { BatchValidationError } from "./errors.js";
import { type IndexingOutcome, pollIndexing, type WaitForIndexingOptions } from "./indexing.js";
import { describeAudienceOperation } from "./operations.js";
import { type CursorPage, cursorPages, type PageOptions } from "./pagination.js";
import type { WithoutParameter } from "./raw-types.js";
import {
  checkAudienceName,
  checkIdsCount,
  checkListLimit,
  checkReplaceItem,
  checkUpdateItem,
  type IdOperation,
  type ReplaceEntry,
} from "./validation.js";

/** The spec's `{version}` server variable default (generated/constants.ts). */
export const DEFAULT_AUDIENCE_API_VERSION = DEFAULT_V2_VERSION;

export type RawAudiencePaths = WithoutParameter<paths, "header", "X-Batch-Project">;
export type Audience = components["schemas"]["Audience"];
export type AudienceUpdateItem = components["schemas"]["AddIdAction"] | components["schemas"]["RemoveIdAction"];
export type AudienceReplaceItem = components["schemas"]["ReplaceId"];

export interface AudienceClientOptions extends BaseClientOptions {
  /** REST API key (sent as `Authorization: Bearer`). */
  restKey: string;
  /** Project key (sent as `X-Batch-Project`). */
  projectKey: string;
  /** API version, e.g. "2.11" (default). Ignored when `baseUrl` is given: put it in the base URL. */
  version?: string;
}

export interface AudiencePage extends CursorPage<Audience> {
  /** Total number of audiences; Batch sends it on the first page only. */
  count: number | undefined;
}

export interface AudienceListOptions extends RequestOptions {
  /** Cursor: the `nextFrom` of the previous page. */
  from?: string;
  limit?: number;
}

export interface AudienceIterateOptions extends PageOptions, Omit<RequestOptions, "signal"> {
  startFrom?: string;
}

export interface AudienceGetOptions extends RequestOptions {
  indexingToken?: string;
}

export type AudienceBulkUpdateOptions = BulkUpdateOptions;
export type AudienceBulkReplaceOptions = BulkReplaceOptions;

export interface AudienceClient {
  readonly version: string;
  /** openapi-fetch client over the generated paths; auth headers are added for you. */
  readonly raw: Client<RawAudiencePaths, "application/json">;
  create(
    name: string,
    options?: RequestOptions & { displayName?: string; type?: "custom_ids" },
  ): Promise<{ indexingToken: string }>;
  update(
    name: string,
    ids: ReadonlyArray<AudienceUpdateItem>,
    options?: RequestOptions,
  ): Promise<{ indexingToken: string }>;
  replace(
    name: string,
    ids: ReadonlyArray<AudienceReplaceItem>,
    options?: RequestOptions,
  ): Promise<{ indexingToken: string }>;
  /** `POST /audiences/remove`. */
  delete(name: string, options?: RequestOptions): Promise<{ indexingToken: string | undefined }>;
  get(name: string, options?: AudienceGetOptions): Promise<Audience>;
  list(options?: AudienceListOptions): Promise<AudiencePage>;
  listPages(options?: AudienceIterateOptions): AsyncGenerator<AudiencePage, void, undefined>;
  iterate(options?: AudienceIterateOptions): AsyncGenerator<Audience, void, undefined>;
  bulkUpdate(
    name: string,
    input: BulkSource<string | AudienceUpdateItem>,
    options?: AudienceBulkUpdateOptions,
  ): Promise<BulkResult>;
  /**
   * Replace with any number of IDs: one replace call with the first 10,000 distinct IDs, then `add`
   * calls for the rest (the API caps a call at 10,000 IDs and has no multi-call replace).
   */
  bulkReplace(
    name: string,
    input: BulkSource<string | AudienceReplaceItem>,
    options?: AudienceBulkReplaceOptions,
  ): Promise<BulkResult>;
  /** Polls view until APPLIED, or REPLACED (reported as `replaced: true`). */
  waitForIndexing(
    name: string,
    indexingToken: string,
    options?: WaitForIndexingOptions,
  ): Promise<IndexingOutcome<Audience>>;
}

function checkSecret(value: unknown, field: string): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new BatchValidationError(
      field,
      typeof value === "string" ? REDACTED : String(value),
      "must be a non-empty string",
    );
  }
}

const VARIANT = "audience-2" as const;

export function createAudienceClient(options: AudienceClientOptions): AudienceClient {
  const { restKey, projectKey } = options;
  const version = options.version ?? DEFAULT_AUDIENCE_API_VERSION;
  checkSecret(restKey, "restKey");
  checkSecret(projectKey, "projectKey");
  if (!V2_VERSION_PATTERN.test(version)) {
    throw new BatchValidationError(
      "version",
      JSON.stringify(version),
      `must match ${V2_VERSION_PATTERN.source} (x-batch-version-pattern), e.g. "${DEFAULT_V2_VERSION}"`,
    );
  }
  const core = createClientCore("2.x", [restKey, projectKey], options, describeAudienceOperation, {});

  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${restKey}`);
      request.headers.set("X-Batch-Project", projectKey);
      return undefined;
    },
  };
  const raw = createClient<paths>({
    baseUrl: options.baseUrl ?? `https://api.batch.com/${version}`,
    fetch: core.transport.fetch,
    headers: options.headers,
  });
  raw.use(auth);
  // The header is required by the generated types; the middleware overwrites this placeholder.
  const header = { "X-Batch-Project": REDACTED };

  const tokenOf = (data: unknown): string => (data as { indexing_token: string } | undefined)?.indexing_token as string;

  async function create(
    name: string,
    createOptions: RequestOptions & { displayName?: string; type?: "custom_ids" } = {},
  ): Promise<{ indexingToken: string }> {
    checkAudienceName(name, "name");
    const { displayName, type = "custom_ids", ...request } = createOptions;
    const body = { name, type, ...(displayName === undefined ? {} : { display_name: displayName }) };
    const { data } = await core.invoke(
      "createAudience",
      request,
      (fetch) => raw.POST("/audiences/create", { params: { header }, body, fetch }),
      { isCreate: true },
    );
    return { indexingToken: tokenOf(data) };
  }

  async function sendUpdate(
    name: string,
    ids: ReadonlyArray<IdOperation>,
    request: RequestOptions & BulkCallExtras,
  ): Promise<{ indexingToken: string }> {
    const body = { name, ids: ids as AudienceUpdateItem[] };
    const { data } = await core.invoke("updateAudience", request, (fetch) =>
      raw.POST("/audiences/update", { params: { header }, body, fetch }),
    );
    return { indexingToken: tokenOf(data) };
  }

  async function update(
    name: string,
    ids: ReadonlyArray<IdOperation>,
    request: RequestOptions = {},
  ): Promise<{ indexingToken: string }> {
    checkAudienceName(name, "name");
    checkIdsCount(ids.length);
    for (let i = 0; i < ids.length; i++) checkUpdateItem(ids[i], VARIANT, `ids[${i}]`);
    return sendUpdate(name, ids, request);
  }

  async function sendReplace(
    name: string,
    ids: ReadonlyArray<ReplaceEntry>,
    request: RequestOptions & BulkCallExtras,
  ): Promise<{ indexingToken: string }> {
    const body = { name, ids: ids as AudienceReplaceItem[] };
    const { data } = await core.invoke("replaceAudience", request, (fetch) =>
      raw.POST("/audiences/replace", { params: { header }, body, fetch }),
    );
    return { indexingToken: tokenOf(data) };
  }

  async function replace(
    name: string,
    ids: ReadonlyArray<ReplaceEntry>,
    request: RequestOptions = {},
  ): Promise<{ indexingToken: string }> {
    checkAudienceName(name, "name");
    checkIdsCount(ids.length);
    for (let i = 0; i < ids.length; i++) checkReplaceItem(ids[i], VARIANT, `ids[${i}]`);
    return sendReplace(name, ids, request);
  }

  async function remove(name: string, request: RequestOptions = {}): Promise<{ indexingToken: string | undefined }> {
    checkAudienceName(name, "name");
    const { data } = await core.invoke("deleteAudience", request, (fetch) =>
      raw.POST("/audiences/remove", { params: { header }, body: { name }, fetch }),
    );
    const token = (data as { indexing_token?: unknown } | undefined)?.indexing_token;
    return { indexingToken: typeof token === "string" ? token : undefined };
  }

  async function get(name: string, getOptions: AudienceGetOptions = {}): Promise<Audience> {
    checkAudienceName(name, "name");
    const { indexingToken, ...request } = getOptions;
    const query = indexingToken === undefined ? { name } : { name, indexing_token: indexingToken };
    const { data } = await core.invoke("getAudience", request, (fetch) =>
      raw.GET("/audiences/view", { params: { header, query }, fetch }),
    );
    return data as Audience;
  }

  async function list(listOptions: AudienceListOptions = {}): Promise<AudiencePage> {
    const { from, limit, ...request } = listOptions;
    const query: { from?: string; limit?: number } = {};
    if (from !== undefined) query.from = from;
    if (limit !== undefined) {
      checkListLimit(limit);
      query.limit = limit;
    }
    const { data } = await core.invoke("listAudiences", request, (fetch) =>
      raw.GET("/audiences/list", { params: { header, query }, fetch }),
    );
    const body = (data ?? {}) as Partial<components["schemas"]["AudienceList"]>;
    return {
      items: Array.isArray(body.audiences) ? body.audiences : [],
      hasMore: body.has_more === true,
      nextFrom: typeof body.next_from === "string" ? body.next_from : undefined,
      count: typeof body.count === "number" ? body.count : undefined,
    };
  }

  function listPages(iterateOptions: AudienceIterateOptions = {}): AsyncGenerator<AudiencePage, void, undefined> {
    const { pageSize = 100, maxPages, startFrom, signal, ...request } = iterateOptions;
    checkListLimit(pageSize, "pageSize");
    return cursorPages(
      (page) =>
        list({
          ...request,
          ...(signal ? { signal } : {}),
          limit: page.limit,
          ...(page.from === undefined ? {} : { from: page.from }),
        }),
      {
        pageSize,
        ...(maxPages === undefined ? {} : { maxPages }),
        ...(startFrom === undefined ? {} : { startFrom }),
        ...(signal ? { signal } : {}),
      },
    ) as AsyncGenerator<AudiencePage, void, undefined>;
  }

  async function* iterate(iterateOptions: AudienceIterateOptions = {}): AsyncGenerator<Audience, void, undefined> {
    for await (const page of listPages(iterateOptions)) yield* page.items;
  }

  const bulkTarget = (name: string): BulkTarget => ({
    variant: VARIANT,
    redactError: core.redactError,
    throttle: core.throttle,
    sendUpdate: (ids, request) => sendUpdate(name, ids, request),
    sendReplace: (ids, request) => sendReplace(name, ids, request),
    waitForIndexing: (token, options) => waitForIndexing(name, token, options),
  });

  async function bulkUpdate(
    name: string,
    input: BulkInput,
    bulkOptions: AudienceBulkUpdateOptions = {},
  ): Promise<BulkResult> {
    checkAudienceName(name, "name");
    return bulkUpdateWith(bulkTarget(name), input, bulkOptions);
  }

  async function bulkReplace(
    name: string,
    input: BulkInput,
    bulkOptions: AudienceBulkReplaceOptions = {},
  ): Promise<BulkResult> {
    checkAudienceName(name, "name");
    return bulkReplaceWith(bulkTarget(name), input, bulkOptions);
  }

  function waitForIndexing(
    name: string,
    indexingToken: string,
    waitOptions: WaitForIndexingOptions = {},
  ): Promise<IndexingOutcome<Audience>> {
    checkAudienceName(name, "name");
    return pollIndexing(
      (signal, remainingMs) => get(name, { indexingToken, deadlineMs: remainingMs, ...(signal ? { signal } : {}) }),
      name,
      waitOptions,
      core.policy,
    );
  }

  return Object.freeze({
    version,
    raw: raw as unknown as Client<RawAudiencePaths, "application/json">,
    create: core.guard(create),
    update: core.guard(update),
    replace: core.guard(replace),
    delete: core.guard(remove),
    get: core.guard(get),
    list: core.guard(list),
    listPages,
    iterate,
    bulkUpdate: core.guard(bulkUpdate),
    bulkReplace: core.guard(bulkReplace),
    waitForIndexing: core.guard(waitForIndexing),
  });
}
