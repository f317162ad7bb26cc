/**
 * The Audience API 2.x calls over openapi-fetch, after validation: what `createAudienceClient`
 * (audience-client.ts) wires into the shared methods (client-methods.ts).
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "../../generated/audience-2/schema.js";
import { REDACTED } from "../shared/redact.js";
import type {
  Audience,
  AudienceListOptions,
  AudiencePage,
  AudienceReplaceItem,
  AudienceUpdateItem,
} from "./audience-client.js";
import type { BaseClientOptions, ClientCore, RequestOptions } from "./client-core.js";
import type { CallRequest, FamilyCalls } from "./client-methods.js";
import { checkListLimit, type IdOperation, type ReplaceEntry } from "./validation.js";

// The header is required by the generated types; the auth middleware overwrites this placeholder.
const header = { "X-Batch-Project": REDACTED };
const tokenOf = (data: unknown): string => (data as { indexing_token: string } | undefined)?.indexing_token as string;

export function audienceRaw(
  core: ClientCore,
  options: BaseClientOptions,
  baseUrl: string,
  keys: { restKey: string; projectKey: string },
) {
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${keys.restKey}`);
      request.headers.set("X-Batch-Project", keys.projectKey);
      return undefined;
    },
  };
  const raw = createClient<paths>({ baseUrl, fetch: core.transport.fetch, headers: options.headers });
  raw.use(auth);
  return raw;
}

export type AudienceRaw = ReturnType<typeof audienceRaw>;

export function audienceCalls(core: ClientCore, raw: AudienceRaw) {
  async function create(body: components["schemas"]["CreateAudienceRequest"], request: RequestOptions) {
    const { data } = await core.invoke(
      "createAudience",
      request,
      (fetch) => raw.POST("/audiences/create", { params: { header }, body, fetch }),
      { isCreate: true },
    );
    return { indexingToken: tokenOf(data) };
  }

  async function sendUpdate(name: string, ids: ReadonlyArray<IdOperation>, request: CallRequest) {
    const body = { name, ids: ids as AudienceUpdateItem[] };
    const { data } = await core.invoke("updateAudience", request, (fetch) =>
      raw.POST("/audiences/update", { params: { header }, body, fetch }),
    );
    return { indexingToken: tokenOf(data) };
  }

  async function sendReplace(name: string, ids: ReadonlyArray<ReplaceEntry>, request: CallRequest) {
    const body = { name, ids: ids as AudienceReplaceItem[] };
    const { data } = await core.invoke("replaceAudience", request, (fetch) =>
      raw.POST("/audiences/replace", { params: { header }, body, fetch }),
    );
    return { indexingToken: tokenOf(data) };
  }

  async function remove(name: string, request: RequestOptions) {
    const { data } = await core.invoke("deleteAudience", request, (fetch) =>
      raw.POST("/audiences/remove", { params: { header }, body: { name }, fetch }),
    );
    const token = (data as { indexing_token?: unknown } | undefined)?.indexing_token;
    return { indexingToken: typeof token === "string" ? token : undefined };
  }

  async function view(name: string, options: RequestOptions & { indexingToken?: string }): Promise<Audience> {
    const { indexingToken, ...request } = options;
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

  const family: FamilyCalls<Audience> = { variant: "audience-2", nameField: "name", sendUpdate, sendReplace, view };
  return { create, remove, list, family };
}
