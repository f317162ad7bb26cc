/**
 * One shape over the three clients, so every command is written once. The typed per-version
 * clients stay the source of behaviour (validation, retries, typed errors); this only smooths over
 * their differences (1.0 needs a `type`, 1.0 has no replace, 2.x lists with cursors).
 */
import {
  type AudienceClient,
  type AudienceReplaceItem,
  type AudienceUpdateItem,
  createAudienceClient,
} from "../client/audience-client.js";
import type { RequestOptions } from "../client/client-core.js";
import {
  type CustomAudienceClient10,
  type CustomAudienceClient11,
  type CustomAudienceReplaceItem,
  createCustomAudienceClient,
} from "../client/custom-audience-client.js";
import { BatchValidationError } from "../client/errors.js";
import type { Logger } from "../client/http/transport.js";
import type { IndexingOutcome, WaitForIndexingOptions } from "../client/indexing.js";
import type { IdOperation, ReplaceEntry } from "../client/validation.js";
import type { BulkReplaceOptions, BulkResult, BulkSource, BulkUpdateOptionsBase } from "../index.js";
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

async function* limited<T>(source: AsyncIterable<T>, limit: number | undefined): AsyncGenerator<T, void, undefined> {
  if (limit === 0) return;
  let count = 0;
  for await (const item of source) {
    yield item;
    if (limit !== undefined && ++count >= limit) return;
  }
}

function pageSizeFor(limit: number | undefined, pageSize: number): number {
  return limit === undefined ? pageSize : Math.max(1, Math.min(pageSize, limit));
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
      (await client.get(name, indexingToken === undefined ? {} : { indexingToken })) as unknown as Record<
        string,
        unknown
      >,
    list: (limit, pageSize) =>
      limited(client.iterate({ pageSize: pageSizeFor(limit, pageSize) }), limit) as AsyncGenerator<
        Record<string, unknown>,
        void,
        undefined
      >,
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

const noReplaceOn10 = () =>
  new BatchValidationError("api", "1.0", "Custom Audience API 1.0 has no replace (use --api 1.1 or 2)");

function fromV1(client: CustomAudienceClient10 | CustomAudienceClient11, connection: ApiConnection): AudienceApi {
  const is10 = client.version === "1.0";
  // The overloads differ per version (1.0 requires `type`); one loose view serves both.
  const loose = client as unknown as {
    create(name: string, options: Record<string, unknown>): Promise<{ indexingToken: string | undefined }>;
    update(name: string, ids: IdOperation[], options: Record<string, unknown>): Promise<{ indexingToken: string }>;
    get(name: string, options: Record<string, unknown>): Promise<Record<string, unknown>>;
    iterate(options: Record<string, unknown>): AsyncGenerator<Record<string, unknown>, void, undefined>;
    bulkUpdate(name: string, input: BulkSource<SyncItem>, options: Record<string, unknown>): Promise<BulkResult>;
  };
  let type10 = connection.type10;
  async function typeFor(name: string): Promise<string | undefined> {
    if (!is10) return undefined;
    // 1.0 update bodies must repeat the audience's type; ask Batch once when --type was not given.
    type10 ??= String((await loose.get(name, {})).type);
    return type10;
  }
  return {
    api: client.version,
    create: (name, fields) =>
      loose.create(name, {
        ...(fields.type === undefined ? (is10 ? { type: "custom_ids" } : {}) : { type: fields.type }),
        ...(fields.description === undefined ? {} : { description: fields.description }),
      }),
    get: (name, indexingToken) => loose.get(name, indexingToken === undefined ? {} : { indexingToken }),
    list: (limit, pageSize) => limited(loose.iterate({ pageSize: pageSizeFor(limit, pageSize) }), limit),
    update: async (name, ids, request) => {
      const type = await typeFor(name);
      return loose.update(name, ids, { ...request, ...(type === undefined ? {} : { type }) });
    },
    replace: (name, ids, request) => {
      if (is10) return Promise.reject(noReplaceOn10());
      return (client as CustomAudienceClient11).replace(
        name,
        ids as Parameters<CustomAudienceClient11["replace"]>[1],
        request,
      );
    },
    delete: async (name) => {
      await client.delete(name);
      return { indexingToken: undefined };
    },
    bulkUpdate: async (name, input, options) => {
      const type = await typeFor(name);
      return loose.bulkUpdate(name, input, { ...options, ...(type === undefined ? {} : { type }) });
    },
    bulkReplace: (name, input, options) => {
      if (is10) return Promise.reject(noReplaceOn10());
      return (client as CustomAudienceClient11).bulkReplace(
        name,
        input as BulkSource<string | CustomAudienceReplaceItem>,
        options,
      );
    },
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
  return fromV1(
    api === "1.0"
      ? createCustomAudienceClient({ version: "1.0", ...options })
      : createCustomAudienceClient({ version: "1.1", ...options }),
    connection,
  );
}
