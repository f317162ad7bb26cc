/**
 * The Custom Audience 1.0 and 1.1 clients behind the CLI's one shape (api-adapter.ts): 1.0 update
 * bodies repeat the audience's type, and 1.0 has no replace.
 */

import {
  BatchValidationError,
  type BulkSource,
  type CustomAudienceClient,
  type CustomAudienceClient10,
  type CustomAudienceClient11,
  type CustomAudienceReplaceItem,
  type CustomAudienceType,
  type CustomAudienceUpdateItem,
  type CustomAudienceVersion,
} from "../index.js";
import type { AudienceApi, CreateFields } from "./api-adapter.js";

/** A view or list entry as the commands print it. */
export function toRecord(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value));
}

export async function* limited(
  source: AsyncIterable<object>,
  limit: number | undefined,
): AsyncGenerator<Record<string, unknown>, void, undefined> {
  if (limit === 0) return;
  let count = 0;
  for await (const item of source) {
    yield toRecord(item);
    if (limit !== undefined && ++count >= limit) return;
  }
}

export function pageSizeFor(limit: number | undefined, pageSize: number): number {
  return limit === undefined ? pageSize : Math.max(1, Math.min(pageSize, limit));
}

const noReplaceOn10 = () =>
  new BatchValidationError("api", "1.0", "Custom Audience API 1.0 has no replace (use --api 1.1 or 2)");

function type10Of(value: unknown): CustomAudienceType<"1.0"> {
  if (value === "custom_ids" || value === "advertising_ids") return value;
  throw new BatchValidationError("type", String(value), "1.0 audiences are custom_ids or advertising_ids (--type)");
}

/** What both 1.x versions do the same way. */
function common<V extends CustomAudienceVersion>(client: CustomAudienceClient<V>) {
  return {
    get: async (name: string, indexingToken?: string) =>
      toRecord(await client.get(name, indexingToken === undefined ? {} : { indexingToken })),
    list: (limit: number | undefined, pageSize: number) =>
      limited(client.iterate({ pageSize: pageSizeFor(limit, pageSize) }), limit),
    delete: async (name: string) => {
      await client.delete(name);
      return { indexingToken: undefined };
    },
    waitForIndexing: client.waitForIndexing,
  } satisfies Partial<AudienceApi>;
}

function type11Of(value: string | undefined): { type?: CustomAudienceType<"1.1"> } {
  if (value === undefined) return {};
  if (value === "install_ids") return { type: value };
  throw new BatchValidationError("type", value, "1.1 audiences are install_ids");
}

const describe1x = (fields: CreateFields) =>
  fields.description === undefined ? {} : { description: fields.description };

export function fromV10(client: CustomAudienceClient10, givenType: string | undefined): AudienceApi {
  let known: CustomAudienceType<"1.0"> | undefined = givenType === undefined ? undefined : type10Of(givenType);
  // 1.0 update bodies must repeat the audience's type; ask Batch once when --type was not given.
  const typeFor = async (name: string) => {
    known ??= type10Of((await client.get(name)).type);
    return known;
  };
  type Items = CustomAudienceUpdateItem<"1.0">[];
  return {
    api: "1.0",
    ...common(client),
    create: (name, fields) =>
      client.create(name, { type: type10Of(fields.type ?? "custom_ids"), ...describe1x(fields) }),
    update: async (name, ids, request) => client.update(name, ids as Items, { ...request, type: await typeFor(name) }),
    replace: () => Promise.reject(noReplaceOn10()),
    bulkUpdate: async (name, input, options) =>
      client.bulkUpdate(name, input as BulkSource<string | Items[number]>, { ...options, type: await typeFor(name) }),
    bulkReplace: () => Promise.reject(noReplaceOn10()),
  };
}

export function fromV11(client: CustomAudienceClient11): AudienceApi {
  type Items = CustomAudienceUpdateItem<"1.1">[];
  type Entries = CustomAudienceReplaceItem[];
  return {
    api: "1.1",
    ...common(client),
    create: (name, fields) => client.create(name, { ...type11Of(fields.type), ...describe1x(fields) }),
    update: (name, ids, request) => client.update(name, ids as Items, request),
    replace: (name, ids, request) => client.replace(name, ids as Entries, request),
    bulkUpdate: (name, input, options) => client.bulkUpdate(name, input as BulkSource<string | Items[number]>, options),
    bulkReplace: (name, input, options) =>
      client.bulkReplace(name, input as BulkSource<string | Entries[number]>, options),
  };
}
