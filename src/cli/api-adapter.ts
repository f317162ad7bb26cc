/**
 * One shape over the three clients, so every command is written once. The typed per-version
 * clients stay the source of behaviour (validation, retries, typed errors); this only smooths over
 * their differences (1.0 needs a `type`, 1.0 has no replace, 2.x lists with cursors). 1.x is in
 * api-adapter-v1.ts.
 */

import {
  type AudienceClient,
  type AudienceReplaceItem,
  type AudienceUpdateItem,
  type BulkReplaceOptions,
  type BulkResult,
  type BulkSource,
  type BulkUpdateOptionsBase,
  createAudienceClient,
  createCustomAudienceClient,
  type IdOperation,
  type IndexingOutcome,
  type Logger,
  type ReplaceEntry,
  type RequestOptions,
  type WaitForIndexingOptions,
} from "../index.js";
import { fromV10, fromV11, limited, pageSizeFor, toRecord } from "./api-adapter-v1.js";
import type { ApiVersion, Credentials } from "./keys.js";

/** What a bulk upload carries per row: a bare ID, or the request item. */
export type SyncItem = string | IdOperation | ReplaceEntry;

export interface CreateFields {
  /** 1.x: custom_ids / advertising_ids (1.0), install_ids (1.1); 2.x: custom_ids. */
  type?: string | undefined;
  /** 1.x only. */
  description?: string | undefined;
  /** 2.x only. */
  displayName?: string | undefined;
}

export interface AudienceApi {
  readonly api: ApiVersion;
  create(name: string, fields: CreateFields): Promise<{ indexingToken: string | undefined }>;
  get(name: string, indexingToken?: string): Promise<Record<string, unknown>>;
  /** Every audience, newest first, stopping after `limit` when given. */
  list(limit: number | undefined, pageSize: number): AsyncGenerator<Record<string, unknown>, void, undefined>;
  update(name: string, ids: IdOperation[], request?: RequestOptions): Promise<{ indexingToken: string }>;
  replace(name: string, ids: ReplaceEntry[], request?: RequestOptions): Promise<{ indexingToken: string }>;
  delete(name: string): Promise<{ indexingToken: string | undefined }>;
  bulkUpdate(name: string, input: BulkSource<SyncItem>, options: BulkUpdateOptionsBase): Promise<BulkResult>;
  bulkReplace(name: string, input: BulkSource<SyncItem>, options: BulkReplaceOptions): Promise<BulkResult>;
  waitForIndexing(name: string, token: string, options?: WaitForIndexingOptions): Promise<IndexingOutcome<unknown>>;
}

export interface ApiConnection {
  api: ApiVersion;
  credentials: Credentials;
  /** Host root, e.g. https://api.batch.com; 2.x gets `/<apiVersion>` appended. */
  baseUrl: string;
  /** 2.x version, e.g. 2.11. */
  apiVersion: string;
  /** 1.0 updates carry the audience type; taken from --type or from a view of the audience. */
  type10?: string | undefined;
  logger?: Logger | undefined;
}

function fromV2(client: AudienceClient): AudienceApi {
  return {
    api: "2",
    create: (name, fields) =>
      client.create(name, {
        ...(fields.displayName === undefined ? {} : { displayName: fields.displayName }),
        ...(fields.type === undefined ? {} : { type: fields.type as "custom_ids" }),
      }),
    get: async (name, indexingToken) =>
      toRecord(await client.get(name, indexingToken === undefined ? {} : { indexingToken })),
    list: (limit, pageSize) => limited(client.iterate({ pageSize: pageSizeFor(limit, pageSize) }), limit),
    update: (name, ids, request) => client.update(name, ids as Parameters<AudienceClient["update"]>[1], request),
    replace: (name, ids, request) => client.replace(name, ids as Parameters<AudienceClient["replace"]>[1], request),
    delete: (name) => client.delete(name),
    bulkUpdate: (name, input, options) =>
      client.bulkUpdate(name, input as BulkSource<string | AudienceUpdateItem>, options),
    bulkReplace: (name, input, options) =>
      client.bulkReplace(name, input as BulkSource<string | AudienceReplaceItem>, options),
    waitForIndexing: (name, token, options) => client.waitForIndexing(name, token, options),
  };
}

export function connect(connection: ApiConnection): AudienceApi {
  const { api, credentials, logger } = connection;
  const base = connection.baseUrl.replace(/\/+$/, "");
  const common = { ...(logger ? { logger } : {}), headers: { "User-Agent": "batch-audience-cli" } };
  if (api === "2") {
    return fromV2(
      createAudienceClient({
        restKey: credentials.restKey,
        projectKey: credentials.projectKey ?? "",
        version: connection.apiVersion,
        baseUrl: `${base}/${connection.apiVersion}`,
        ...common,
      }),
    );
  }
  const options = { apiKey: credentials.apiKey ?? "", restKey: credentials.restKey, baseUrl: base, ...common };
  if (api === "1.0") return fromV10(createCustomAudienceClient({ version: "1.0", ...options }), connection.type10);
  return fromV11(createCustomAudienceClient({ version: "1.1", ...options }));
}
