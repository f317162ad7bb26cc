/**
 * `createCustomAudienceClient`: the 1.x calls (custom-audience-calls.ts) and the shared methods
 * (client-methods.ts) behind the typed client of custom-audience-client.ts. What 1.x adds: the
 * audience type (required on 1.0 creates and updates), offset paging, replace on 1.1 only.
 */
import type { BulkInput, BulkReplaceOptions, BulkUpdateOptions } from "./bulk/client-bulk.js";
import { createClientCore, type RequestOptions } from "./client-core.js";
import { keyFrom } from "./client-keys.js";
import { sharedMethods } from "./client-methods.js";
import { customAudienceCalls, customAudienceRaw } from "./custom-audience-calls.js";
import {
  type CustomAudienceClient10,
  type CustomAudienceClient11,
  type CustomAudienceClientOptions,
  type CustomAudienceVersion,
  DEFAULT_CUSTOM_AUDIENCE_BASE_URL,
  type IterateOptions,
} from "./custom-audience-client.js";
import { BatchValidationError } from "./errors.js";
import { ONE_X_RATE_LIMIT_FLOOR_MS } from "./http/retry-policy.js";
import { describeCustomAudienceOperation } from "./operations.js";
import { offsetPages } from "./pagination.js";
import {
  type ApiId,
  checkAudienceName,
  checkAudienceType,
  checkListLimit,
  checkRequestBody,
  type IdOperation,
  type ReplaceEntry,
} from "./validation.js";

type WithType = RequestOptions & { type?: string };

function checkVersion(version: unknown): asserts version is CustomAudienceVersion {
  if (version !== "1.0" && version !== "1.1") {
    throw new BatchValidationError("version", JSON.stringify(version), 'must be "1.0" or "1.1"');
  }
}

type Calls = ReturnType<typeof customAudienceCalls>;

/** 1.1 creates default to install_ids; 1.0 creates must say their type. */
function creator(calls: Calls, version: CustomAudienceVersion, variant: ApiId) {
  return async (name: string, createOptions: WithType & { description?: string } = {}) => {
    checkAudienceName(name, "audienceName", variant);
    const { type = version === "1.1" ? "install_ids" : undefined, description, ...request } = createOptions;
    const body = { type: type as "install_ids", ...(description === undefined ? {} : { description }) };
    checkRequestBody(body, "createAudience", variant);
    return calls.create(name, body, request);
  };
}

/** Offset paging over list. */
function pager(calls: Calls, variant: ApiId) {
  return (iterateOptions: IterateOptions = {}) => {
    const { pageSize = 100, maxPages, startFrom, signal, ...request } = iterateOptions;
    checkListLimit(pageSize, "pageSize", variant);
    const fetchPage = (page: { from: number; limit: number }) =>
      calls.list({ ...request, ...(signal ? { signal } : {}), ...page });
    const pages = {
      pageSize,
      ...(maxPages === undefined ? {} : { maxPages }),
      ...(startFrom === undefined ? {} : { startFrom }),
      ...(signal ? { signal } : {}),
    };
    return offsetPages(fetchPage, pages);
  };
}

export function createCustomAudienceClient(options: CustomAudienceClientOptions<"1.0">): CustomAudienceClient10;
export function createCustomAudienceClient(options: CustomAudienceClientOptions<"1.1">): CustomAudienceClient11;
export function createCustomAudienceClient(
  options: CustomAudienceClientOptions<CustomAudienceVersion>,
): CustomAudienceClient10 | CustomAudienceClient11 {
  const { version } = options;
  checkVersion(version);
  const apiKey = keyFrom(options, "apiKey");
  const restKey = keyFrom(options, "restKey");
  const core = createClientCore("1.x", [apiKey, restKey], options, describeCustomAudienceOperation, {
    rateLimitFloorMs: ONE_X_RATE_LIMIT_FLOOR_MS,
  });
  const raw = customAudienceRaw(core, options, options.baseUrl ?? DEFAULT_CUSTOM_AUDIENCE_BASE_URL, {
    apiKey,
    restKey,
  });
  const calls = customAudienceCalls(core, raw, version);
  const shared = sharedMethods(core, calls.family);
  const variant = calls.family.variant;
  const listPages = pager(calls, variant);

  function checkType10(type: unknown): string | undefined {
    // The 1.0 update body repeats the audience's type (the spec's AudienceType enum).
    if (version === "1.0") checkAudienceType(type, "type", variant);
    return type as string | undefined;
  }

  const withType = (options: WithType | undefined) => {
    const { type, ...request } = options ?? {};
    return { type: checkType10(type), request };
  };
  const client = {
    version,
    raw,
    create: core.guard(creator(calls, version, variant)),
    update: core.guard(async (name: string, ids: ReadonlyArray<IdOperation>, updateOptions?: WithType) => {
      checkAudienceName(name, "audienceName", variant);
      const { type, request } = withType(updateOptions);
      return shared.update(name, ids, request, type);
    }),
    delete: core.guard(async (name: string, request: RequestOptions = {}) => {
      checkAudienceName(name, "audienceName", variant);
      return calls.remove(name, request);
    }),
    get: core.guard(async (name: string, getOptions: RequestOptions & { indexingToken?: string } = {}) => {
      checkAudienceName(name, "audienceName", variant);
      return calls.family.view(name, getOptions);
    }),
    list: core.guard(calls.list),
    listPages,
    iterate: async function* iterate(iterateOptions: IterateOptions = {}) {
      for await (const page of listPages(iterateOptions)) yield* page;
    },
    bulkUpdate: core.guard(
      async (name: string, input: BulkInput, bulkOptions: BulkUpdateOptions & { type?: string } = {}) => {
        const { type, request } = withType(bulkOptions);
        return shared.bulkUpdate(name, input, request, type);
      },
    ),
    waitForIndexing: core.guard(shared.waitForIndexing),
    ...(version === "1.1"
      ? {
          replace: core.guard((name: string, ids: ReadonlyArray<ReplaceEntry>, request?: RequestOptions) =>
            shared.replace(name, ids, request),
          ),
          bulkReplace: core.guard((name: string, input: BulkInput, o?: BulkReplaceOptions) =>
            shared.bulkReplace(name, input, o),
          ),
        }
      : {}),
  };
  // One implementation serves both versions; the overloads give each its own types.
  return Object.freeze(client) as unknown as CustomAudienceClient10 | CustomAudienceClient11;
}
