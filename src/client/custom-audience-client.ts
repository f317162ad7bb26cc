/**
 * Typed client for the Custom Audience API 1.0 / 1.1 (`https://api.batch.com/1.x/{apiKey}/custom-audience`).
 *
 * `raw` is the openapi-fetch client over the generated paths (auth added by middleware, the app API
 * key filled into the path); the methods next to it validate input, throw typed errors and add
 * pagination, bulk upload and indexing waits.
 */
import createClient, { type Client, defaultPathSerializer, type Middleware } from "openapi-fetch";
import type { components as C10, paths as Paths10 } from "../../generated/custom-audience-1.0/schema.js";
import type { components as C11, paths as Paths11 } from "../../generated/custom-audience-1.1/schema.js";
import { REDACTED } from "../shared/redact.js";
import {
  type BulkInput,
  type BulkReplaceOptions,
  type BulkTarget,
  bulkReplaceWith,
  bulkUpdateWith,
  type BulkUpdateOptions as SharedBulkUpdateOptions,
} from "./bulk/client-bulk.js";
import type { BulkSource } from "./bulk/item-source.js";
import type { BulkResult } from "./bulk/types.js";
import { type BaseClientOptions, type BulkCallExtras, createClientCore, type RequestOptions } from "./client-core.js";
import { BatchValidationError } from "./errors.js";
import { ONE_X_RATE_LIMIT_FLOOR_MS } from "./http/retry-policy.js";
import { type IndexingOutcome, pollIndexing, type WaitForIndexingOptions } from "./indexing.js";
import { describeCustomAudienceOperation } from "./operations.js";
import { offsetPages, type PageOptions } from "./pagination.js";
import type { WithoutParameter } from "./raw-types.js";
import {
  checkAudienceName,
  checkAudienceType,
  checkIdsCount,
  checkListLimit,
  checkOffset,
  checkReplaceItem,
  checkRequestBody,
  checkUpdateItem,
  type IdOperation,
  type ReplaceEntry,
} from "./validation.js";

export type CustomAudienceVersion = "1.0" | "1.1";

export const DEFAULT_CUSTOM_AUDIENCE_BASE_URL = "https://api.batch.com";

export type RawPaths10 = WithoutParameter<Paths10, "path", "apiKey">;
export type RawPaths11 = WithoutParameter<Paths11, "path", "apiKey">;

type Schemas<V extends CustomAudienceVersion> = V extends "1.0" ? C10["schemas"] : C11["schemas"];

/** Audience as returned by view. */
export type CustomAudience<V extends CustomAudienceVersion = "1.1"> = Schemas<V>["Audience"];
/** Audience as returned in list pages. */
export type CustomAudienceSummary<V extends CustomAudienceVersion = "1.1"> = Schemas<V>["AudienceSummary"];
export type CustomAudienceType<V extends CustomAudienceVersion = "1.1"> = Schemas<V>["AudienceType"];
/** One add/remove operation as accepted by update on version V. */
export type CustomAudienceUpdateItem<V extends CustomAudienceVersion = "1.1"> = V extends "1.0"
  ? C10["schemas"]["IdOperation"]
  : C11["schemas"]["AddIdOperation"] | C11["schemas"]["RemoveIdOperation"];
export type CustomAudienceReplaceItem = C11["schemas"]["ReplaceIdEntry"];

export interface CustomAudienceClientOptions<V extends CustomAudienceVersion> extends BaseClientOptions {
  version: V;
  /** The app's Batch API key (goes in the URL path; redacted everywhere). */
  apiKey: string;
  /** The company REST API key (X-Authorization header). */
  restKey: string;
}

export interface ListOptions extends RequestOptions {
  /** Offset of the first audience (default 0). */
  from?: number;
  /** 1..100 (Batch's default is 10). */
  limit?: number;
}

export interface IterateOptions extends PageOptions, Omit<RequestOptions, "signal"> {
  startFrom?: number;
}

export interface GetOptions extends RequestOptions {
  indexingToken?: string;
}

export type CreateOptions<V extends CustomAudienceVersion> = RequestOptions &
  (V extends "1.0"
    ? { type: C10["schemas"]["AudienceType"]; description?: string }
    : { type?: C11["schemas"]["AudienceType"]; description?: string });

/** 1.0 update bodies carry the audience type. */
export type UpdateOptions<V extends CustomAudienceVersion> = RequestOptions &
  (V extends "1.0" ? { type: C10["schemas"]["AudienceType"] } : { type?: never });

export type BulkUpdateOptions<V extends CustomAudienceVersion> = SharedBulkUpdateOptions &
  (V extends "1.0" ? { type: C10["schemas"]["AudienceType"] } : { type?: never });

/** 1.0 calls must say the audience type, so their options are required; 1.1 options are optional. */
type OptionsArg<V extends CustomAudienceVersion, O> = V extends "1.0" ? [options: O] : [options?: O];

export interface CustomAudienceClient<V extends CustomAudienceVersion> {
  readonly version: V;
  /** openapi-fetch client over the generated paths; `apiKey` is filled in for you. */
  readonly raw: Client<V extends "1.0" ? RawPaths10 : RawPaths11, "application/json">;
  /** 1.0 needs `{ type }`; on 1.1 the options are optional (type defaults to install_ids). */
  create(name: string, ...options: OptionsArg<V, CreateOptions<V>>): Promise<{ indexingToken: string | undefined }>;
  update(
    name: string,
    ids: ReadonlyArray<CustomAudienceUpdateItem<V>>,
    ...options: OptionsArg<V, UpdateOptions<V>>
  ): Promise<{ indexingToken: string }>;
  delete(name: string, options?: RequestOptions): Promise<void>;
  get(name: string, options?: GetOptions): Promise<CustomAudience<V>>;
  /** One page of audiences (newest first). */
  list(options?: ListOptions): Promise<CustomAudienceSummary<V>[]>;
  listPages(options?: IterateOptions): AsyncGenerator<CustomAudienceSummary<V>[], void, undefined>;
  iterate(options?: IterateOptions): AsyncGenerator<CustomAudienceSummary<V>, void, undefined>;
  /** Streams any number of IDs or operations to update, 10,000 per call. */
  bulkUpdate(
    name: string,
    input: BulkSource<string | CustomAudienceUpdateItem<V>>,
    ...options: OptionsArg<V, BulkUpdateOptions<V>>
  ): Promise<BulkResult>;
  /** Polls view with the token until Batch reports APPLIED. */
  waitForIndexing(
    name: string,
    indexingToken: string,
    options?: WaitForIndexingOptions,
  ): Promise<IndexingOutcome<CustomAudience<V>>>;
}

export interface CustomAudienceClient11 extends CustomAudienceClient<"1.1"> {
  replace(
    name: string,
    ids: ReadonlyArray<CustomAudienceReplaceItem>,
    options?: RequestOptions,
  ): Promise<{ indexingToken: string }>;
  /**
   * Replace with any number of IDs: one replace call with the first 10,000 distinct IDs, then `add`
   * calls for the rest (the API caps a call at 10,000 IDs and has no multi-call replace).
   */
  bulkReplace(
    name: string,
    input: BulkSource<string | CustomAudienceReplaceItem>,
    options?: BulkReplaceOptions,
  ): Promise<BulkResult>;
}

export type CustomAudienceClient10 = CustomAudienceClient<"1.0">;

function checkSecret(value: unknown, field: string): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new BatchValidationError(
      field,
      typeof value === "string" ? REDACTED : String(value),
      "must be a non-empty string",
    );
  }
}

const API_KEY_PLACEHOLDER = /\{apiKey\}|%7BapiKey%7D/;
const PATH_PREFIX_1_0 = "/1.0/{apiKey}/custom-audience";
const PATH_PREFIX_1_1 = "/1.1/{apiKey}/custom-audience";

export function createCustomAudienceClient(options: CustomAudienceClientOptions<"1.0">): CustomAudienceClient10;
export function createCustomAudienceClient(options: CustomAudienceClientOptions<"1.1">): CustomAudienceClient11;
export function createCustomAudienceClient(
  options: CustomAudienceClientOptions<CustomAudienceVersion>,
): CustomAudienceClient10 | CustomAudienceClient11 {
  const { version, apiKey, restKey } = options;
  if (version !== "1.0" && version !== "1.1") {
    throw new BatchValidationError("version", JSON.stringify(version), 'must be "1.0" or "1.1"');
  }
  checkSecret(apiKey, "apiKey");
  checkSecret(restKey, "restKey");
  const core = createClientCore("1.x", [apiKey, restKey], options, describeCustomAudienceOperation, {
    rateLimitFloorMs: ONE_X_RATE_LIMIT_FLOOR_MS,
  });
  const encodedKey = encodeURIComponent(apiKey);

  const auth: Middleware = {
    async onRequest({ request }) {
      request.headers.set("X-Authorization", restKey);
      // Raw calls without path params never reach the path serializer; fill the key in here.
      const url = request.url.replace(API_KEY_PLACEHOLDER, encodedKey);
      if (url === request.url) return undefined;
      return new Request(url, {
        method: request.method,
        headers: request.headers,
        body: request.body === null ? null : await request.arrayBuffer(),
        signal: request.signal,
        redirect: request.redirect,
      });
    },
  };

  // One untyped openapi-fetch client serves both versions; `raw` is exposed with the version's types.
  const raw = createClient<Paths11>({
    baseUrl: options.baseUrl ?? DEFAULT_CUSTOM_AUDIENCE_BASE_URL,
    fetch: core.transport.fetch,
    headers: options.headers,
    pathSerializer: (pathname, params) => defaultPathSerializer(pathname, { ...params, apiKey }),
  });
  raw.use(auth);
  const prefix = version === "1.0" ? PATH_PREFIX_1_0 : PATH_PREFIX_1_1;
  const itemPath = `${prefix}/{audienceName}` as "/1.1/{apiKey}/custom-audience/{audienceName}";
  const listPath = prefix as "/1.1/{apiKey}/custom-audience";
  const variant = version === "1.0" ? "custom-audience-1.0" : "custom-audience-1.1";
  // Path params as the generated type wants them; the serializer swaps in the real key.
  const pathFor = (audienceName: string) => ({ apiKey: REDACTED, audienceName });

  async function create(
    name: string,
    createOptions?: { type?: string; description?: string } & RequestOptions,
  ): Promise<{ indexingToken: string | undefined }> {
    checkAudienceName(name, "audienceName", variant);
    const { type, description, ...request } = createOptions ?? {};
    const body = {
      type: (type ?? (version === "1.1" ? "install_ids" : undefined)) as "install_ids",
      ...(description === undefined ? {} : { description }),
    };
    checkRequestBody(body, "createAudience", variant);
    const { data } = await core.invoke(
      "createAudience",
      request,
      (fetch) => raw.POST(itemPath, { params: { path: pathFor(name) }, body, fetch }),
      { isCreate: true },
    );
    const token = (data as { indexing_token?: unknown } | undefined)?.indexing_token;
    return { indexingToken: typeof token === "string" ? token : undefined };
  }

  async function sendUpdate(
    name: string,
    ids: ReadonlyArray<IdOperation>,
    type: string | undefined,
    request: RequestOptions & BulkCallExtras,
  ): Promise<{ indexingToken: string }> {
    const body = (version === "1.0" ? { type, ids } : { ids }) as C11["schemas"]["UpdateAudienceRequest"];
    const { data } = await core.invoke("updateAudience", request, (fetch) =>
      raw.PATCH(itemPath, { params: { path: pathFor(name) }, body, fetch }),
    );
    return { indexingToken: (data as { indexing_token: string } | undefined)?.indexing_token as string };
  }

  function checkType10(type: unknown): void {
    // The 1.0 update body repeats the audience's type (the spec's AudienceType enum).
    if (version === "1.0") checkAudienceType(type, "type", variant);
  }

  async function update(
    name: string,
    ids: ReadonlyArray<IdOperation>,
    updateOptions?: { type?: string } & RequestOptions,
  ): Promise<{ indexingToken: string }> {
    checkAudienceName(name, "audienceName", variant);
    const { type, ...request } = updateOptions ?? {};
    checkType10(type);
    checkIdsCount(ids.length, "ids", variant);
    for (let i = 0; i < ids.length; i++) checkUpdateItem(ids[i], variant, `ids[${i}]`);
    return sendUpdate(name, ids, type, request);
  }

  async function sendReplace(
    name: string,
    ids: ReadonlyArray<ReplaceEntry>,
    request: RequestOptions & BulkCallExtras,
  ): Promise<{ indexingToken: string }> {
    const { data } = await core.invoke("replaceAudience", request, (fetch) =>
      raw.PUT(itemPath, { params: { path: pathFor(name) }, body: { ids: ids as ReplaceEntry[] }, fetch }),
    );
    return { indexingToken: (data as { indexing_token: string } | undefined)?.indexing_token as string };
  }

  async function replace(
    name: string,
    ids: ReadonlyArray<ReplaceEntry>,
    request?: RequestOptions,
  ): Promise<{ indexingToken: string }> {
    checkAudienceName(name, "audienceName", variant);
    checkIdsCount(ids.length, "ids", variant);
    for (let i = 0; i < ids.length; i++) checkReplaceItem(ids[i], variant, `ids[${i}]`);
    return sendReplace(name, ids, request ?? {});
  }

  async function remove(name: string, request?: RequestOptions): Promise<void> {
    checkAudienceName(name, "audienceName", variant);
    await core.invoke("deleteAudience", request, (fetch) =>
      raw.DELETE(itemPath, { params: { path: pathFor(name) }, fetch }),
    );
  }

  async function get(name: string, getOptions?: GetOptions): Promise<CustomAudience<"1.1">> {
    checkAudienceName(name, "audienceName", variant);
    const { indexingToken, ...request } = getOptions ?? {};
    const { data } = await core.invoke("getAudience", request, (fetch) =>
      raw.GET(itemPath, {
        params: { path: pathFor(name), query: indexingToken === undefined ? {} : { indexing_token: indexingToken } },
        fetch,
      }),
    );
    return data as CustomAudience<"1.1">;
  }

  async function list(listOptions?: ListOptions): Promise<CustomAudienceSummary<"1.1">[]> {
    const { from, limit, ...request } = listOptions ?? {};
    const query: { from?: number; limit?: number } = {};
    if (from !== undefined) {
      checkOffset(from, "from", variant);
      query.from = from;
    }
    if (limit !== undefined) {
      checkListLimit(limit, "limit", variant);
      query.limit = limit;
    }
    const { data } = await core.invoke("listAudiences", request, (fetch) =>
      raw.GET(listPath, { params: { path: { apiKey: REDACTED }, query }, fetch }),
    );
    const audiences = (data as { custom_audiences?: unknown } | undefined)?.custom_audiences;
    return Array.isArray(audiences) ? (audiences as CustomAudienceSummary<"1.1">[]) : [];
  }

  function listPages(
    iterateOptions: IterateOptions = {},
  ): AsyncGenerator<CustomAudienceSummary<"1.1">[], void, undefined> {
    const { pageSize = 100, maxPages, startFrom, signal, ...request } = iterateOptions;
    checkListLimit(pageSize, "pageSize", variant);
    return offsetPages(
      (page) => list({ ...request, ...(signal ? { signal } : {}), from: page.from, limit: page.limit }),
      {
        pageSize,
        ...(maxPages === undefined ? {} : { maxPages }),
        ...(startFrom === undefined ? {} : { startFrom }),
        ...(signal ? { signal } : {}),
      },
    );
  }

  async function* iterate(
    iterateOptions: IterateOptions = {},
  ): AsyncGenerator<CustomAudienceSummary<"1.1">, void, undefined> {
    for await (const page of listPages(iterateOptions)) yield* page;
  }

  const bulkTarget = (name: string, type?: string): BulkTarget => ({
    variant,
    redactError: core.redactError,
    throttle: core.throttle,
    sendUpdate: (ids, request) => sendUpdate(name, ids, type, request),
    sendReplace: (ids, request) => sendReplace(name, ids, request),
    waitForIndexing: (token, options) => waitForIndexing(name, token, options),
  });

  async function bulkUpdate(
    name: string,
    input: BulkInput,
    bulkOptions: SharedBulkUpdateOptions & { type?: string } = {},
  ): Promise<BulkResult> {
    checkAudienceName(name, "audienceName", variant);
    const { type, ...options } = bulkOptions;
    checkType10(type);
    return bulkUpdateWith(bulkTarget(name, type), input, options);
  }

  async function bulkReplace(
    name: string,
    input: BulkInput,
    bulkOptions: BulkReplaceOptions = {},
  ): Promise<BulkResult> {
    checkAudienceName(name, "audienceName", variant);
    return bulkReplaceWith(bulkTarget(name), input, bulkOptions);
  }

  function waitForIndexing(
    name: string,
    indexingToken: string,
    waitOptions: WaitForIndexingOptions = {},
  ): Promise<IndexingOutcome<CustomAudience<"1.1">>> {
    checkAudienceName(name, "audienceName", variant);
    return pollIndexing(
      (signal, remainingMs) => get(name, { indexingToken, deadlineMs: remainingMs, ...(signal ? { signal } : {}) }),
      name,
      waitOptions,
      core.policy,
    );
  }

  const client = {
    version,
    raw,
    create: core.guard(create),
    update: core.guard(update),
    delete: core.guard(remove),
    get: core.guard(get),
    list: core.guard(list),
    listPages,
    iterate,
    bulkUpdate: core.guard(bulkUpdate),
    waitForIndexing: core.guard(waitForIndexing),
    ...(version === "1.1" ? { replace: core.guard(replace), bulkReplace: core.guard(bulkReplace) } : {}),
  };
  return Object.freeze(client) as unknown as CustomAudienceClient10 | CustomAudienceClient11;
}
