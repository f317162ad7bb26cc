/**
 * Typed client for the Audience API 2.x (`https://api.batch.com/{version}/audiences/...`), the
 * project-level API: `Authorization: Bearer <REST key>` plus `X-Batch-Project: <project key>`.
 */
import type { Client } from "openapi-fetch";
import type { components, paths } from "../../generated/audience-2/schema.js";
import { DEFAULT_V2_VERSION, V2_VERSION_PATTERN } from "../../generated/constants.js";
import { audienceCalls, audienceRaw } from "./audience-calls.js";
import type { BulkReplaceOptions, BulkUpdateOptions } from "./bulk/client-bulk.js";
import type { BulkSource } from "./bulk/item-source.js";
import type { BulkResult } from "./bulk/types.js";
import { type BaseClientOptions, createClientCore, type RequestOptions } from "./client-core.js";
import { keyFrom } from "./client-keys.js";
import { sharedMethods } from "./client-methods.js";
import { BatchValidationError } from "./errors.js";
import type { IndexingOutcome, WaitForIndexingOptions } from "./indexing.js";
import { describeAudienceOperation } from "./operations.js";
import { type CursorPage, cursorPages, type PageOptions } from "./pagination.js";
import type { WithoutParameter } from "./raw-types.js";
import { checkAudienceName, checkListLimit } from "./validation.js";

/** The spec's `{version}` server variable default (generated/constants.ts). */
export const DEFAULT_AUDIENCE_API_VERSION = DEFAULT_V2_VERSION;

export type RawAudiencePaths = WithoutParameter<paths, "header", "X-Batch-Project">;
export type Audience = components["schemas"]["Audience"];
export type AudienceUpdateItem = components["schemas"]["AddIdAction"] | components["schemas"]["RemoveIdAction"];
export type AudienceReplaceItem = components["schemas"]["ReplaceId"];

export interface AudienceClientOptions extends BaseClientOptions {
  /** REST API key (sent as `Authorization: Bearer`); default: the BATCH_REST_KEY variable. */
  restKey?: string;
  /** Project key (sent as `X-Batch-Project`); default: the BATCH_PROJECT_KEY variable. */
  projectKey?: string;
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

export function createAudienceClient(options: AudienceClientOptions = {}): AudienceClient {
  const restKey = keyFrom(options, "restKey");
  const projectKey = keyFrom(options, "projectKey");
  const version = options.version ?? DEFAULT_AUDIENCE_API_VERSION;
  if (!V2_VERSION_PATTERN.test(version)) {
    const rule = `must match ${V2_VERSION_PATTERN.source} (x-batch-version-pattern), e.g. "${DEFAULT_V2_VERSION}"`;
    throw new BatchValidationError("version", JSON.stringify(version), rule);
  }
  const core = createClientCore("2.x", [restKey, projectKey], options, describeAudienceOperation, {});
  const raw = audienceRaw(core, options, options.baseUrl ?? `https://api.batch.com/${version}`, {
    restKey,
    projectKey,
  });
  const calls = audienceCalls(core, raw);
  const shared = sharedMethods(core, calls.family);
  const checkName = (name: string) => checkAudienceName(name, "name");

  function listPages(iterateOptions: AudienceIterateOptions = {}): AsyncGenerator<AudiencePage, void, undefined> {
    const { pageSize = 100, maxPages, startFrom, signal, ...request } = iterateOptions;
    checkListLimit(pageSize, "pageSize");
    const fetchPage = (page: { limit: number; from?: string | undefined }) =>
      calls.list({
        ...request,
        ...(signal ? { signal } : {}),
        limit: page.limit,
        ...(page.from === undefined ? {} : { from: page.from }),
      });
    const pages = {
      pageSize,
      ...(maxPages === undefined ? {} : { maxPages }),
      ...(startFrom === undefined ? {} : { startFrom }),
      ...(signal ? { signal } : {}),
    };
    return cursorPages(fetchPage, pages) as AsyncGenerator<AudiencePage, void, undefined>;
  }

  return Object.freeze({
    version,
    // The header the middleware sets is left out of the exposed types.
    raw: raw as unknown as Client<RawAudiencePaths, "application/json">,
    create: core.guard(async (name: string, createOptions: Parameters<AudienceClient["create"]>[1] = {}) => {
      checkName(name);
      const { displayName, type = "custom_ids", ...request } = createOptions;
      const body = { name, type, ...(displayName === undefined ? {} : { display_name: displayName }) };
      return calls.create(body, request);
    }),
    update: core.guard((name: string, ids: ReadonlyArray<AudienceUpdateItem>, request?: RequestOptions) =>
      shared.update(name, ids, request),
    ),
    replace: core.guard((name: string, ids: ReadonlyArray<AudienceReplaceItem>, request?: RequestOptions) =>
      shared.replace(name, ids, request),
    ),
    delete: core.guard(async (name: string, request: RequestOptions = {}) => {
      checkName(name);
      return calls.remove(name, request);
    }),
    get: core.guard(async (name: string, getOptions: AudienceGetOptions = {}) => {
      checkName(name);
      return calls.family.view(name, getOptions);
    }),
    list: core.guard(calls.list),
    listPages,
    iterate: async function* iterate(iterateOptions: AudienceIterateOptions = {}) {
      for await (const page of listPages(iterateOptions)) yield* page.items;
    },
    bulkUpdate: core.guard(
      (name: string, input: BulkSource<string | AudienceUpdateItem>, o?: AudienceBulkUpdateOptions) =>
        shared.bulkUpdate(name, input, o),
    ),
    bulkReplace: core.guard(
      (name: string, input: BulkSource<string | AudienceReplaceItem>, o?: AudienceBulkReplaceOptions) =>
        shared.bulkReplace(name, input, o),
    ),
    waitForIndexing: core.guard(shared.waitForIndexing),
  });
}
