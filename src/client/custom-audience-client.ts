/**
 * Typed client for the Custom Audience API 1.0 / 1.1 (`https://api.batch.com/1.x/{apiKey}/custom-audience`).
 *
 * `raw` is the openapi-fetch client over the generated paths (auth added by middleware, the app API
 * key filled into the path); the methods next to it validate input, throw typed errors and add
 * pagination, bulk upload and indexing waits.
 */
import type { Client } from "openapi-fetch";
import type { components as C10, paths as Paths10 } from "../../generated/custom-audience-1.0/schema.js";
import type { components as C11, paths as Paths11 } from "../../generated/custom-audience-1.1/schema.js";
import type { BulkReplaceOptions, BulkUpdateOptions as SharedBulkUpdateOptions } from "./bulk/client-bulk.js";
import type { BulkSource } from "./bulk/item-source.js";
import type { BulkResult } from "./bulk/types.js";
import type { BaseClientOptions, RequestOptions } from "./client-core.js";
import type { IndexingOutcome, WaitForIndexingOptions } from "./indexing.js";
import type { PageOptions } from "./pagination.js";
import type { WithoutParameter } from "./raw-types.js";

export { createCustomAudienceClient } from "./custom-audience-factory.js";

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
  /** The app's Batch API key (goes in the URL path; redacted everywhere); default: BATCH_API_KEY. */
  apiKey?: string;
  /** The company REST API key (X-Authorization header); default: BATCH_REST_KEY. */
  restKey?: string;
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
