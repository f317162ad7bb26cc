/**
 * The Custom Audience API 1.0 / 1.1 calls over openapi-fetch, after validation: what
 * `createCustomAudienceClient` (custom-audience-factory.ts) wires into the shared methods.
 * One untyped openapi-fetch client serves both versions; `raw` is exposed with the version's types.
 */
import createClient, { defaultPathSerializer, type Middleware } from "openapi-fetch";
import type { components as C11, paths as Paths11 } from "../../generated/custom-audience-1.1/schema.js";
import { REDACTED } from "../shared/redact.js";
import type { BaseClientOptions, ClientCore, RequestOptions } from "./client-core.js";
import type { CallRequest, FamilyCalls } from "./client-methods.js";
import type {
  CustomAudience,
  CustomAudienceSummary,
  CustomAudienceVersion,
  ListOptions,
} from "./custom-audience-client.js";
import { checkListLimit, checkOffset, type IdOperation, type ReplaceEntry } from "./validation.js";

const API_KEY_PLACEHOLDER = /\{apiKey\}|%7BapiKey%7D/;

export function customAudienceRaw(
  core: ClientCore,
  options: BaseClientOptions,
  baseUrl: string,
  keys: { apiKey: string; restKey: string },
) {
  const encodedKey = encodeURIComponent(keys.apiKey);
  const auth: Middleware = {
    async onRequest({ request }) {
      request.headers.set("X-Authorization", keys.restKey);
      // Raw calls without path params never reach the path serializer; fill the key in here.
      const url = request.url.replace(API_KEY_PLACEHOLDER, encodedKey);
      if (url === request.url) return undefined;
      const body = request.body === null ? null : await request.arrayBuffer();
      const { method, headers, signal, redirect } = request;
      return new Request(url, { method, headers, body, signal, redirect });
    },
  };
  const raw = createClient<Paths11>({
    baseUrl,
    fetch: core.transport.fetch,
    headers: options.headers,
    pathSerializer: (pathname, params) => defaultPathSerializer(pathname, { ...params, apiKey: keys.apiKey }),
  });
  raw.use(auth);
  return raw;
}

export type CustomAudienceRaw = ReturnType<typeof customAudienceRaw>;

const tokenOf = (data: unknown): string => (data as { indexing_token: string } | undefined)?.indexing_token as string;

export function customAudienceCalls(core: ClientCore, raw: CustomAudienceRaw, version: CustomAudienceVersion) {
  const prefix = `/${version}/{apiKey}/custom-audience`;
  const itemPath = `${prefix}/{audienceName}` as "/1.1/{apiKey}/custom-audience/{audienceName}";
  const listPath = prefix as "/1.1/{apiKey}/custom-audience";
  // Path params as the generated type wants them; the serializer swaps in the real key.
  const path = (audienceName: string) => ({ apiKey: REDACTED, audienceName });

  async function create(name: string, body: C11["schemas"]["CreateAudienceRequest"], request: RequestOptions) {
    const { data } = await core.invoke(
      "createAudience",
      request,
      (fetch) => raw.POST(itemPath, { params: { path: path(name) }, body, fetch }),
      { isCreate: true },
    );
    const token = (data as { indexing_token?: unknown } | undefined)?.indexing_token;
    return { indexingToken: typeof token === "string" ? token : undefined };
  }

  async function sendUpdate(name: string, ids: ReadonlyArray<IdOperation>, request: CallRequest, type?: string) {
    const body = (version === "1.0" ? { type, ids } : { ids }) as C11["schemas"]["UpdateAudienceRequest"];
    const { data } = await core.invoke("updateAudience", request, (fetch) =>
      raw.PATCH(itemPath, { params: { path: path(name) }, body, fetch }),
    );
    return { indexingToken: tokenOf(data) };
  }

  async function sendReplace(name: string, ids: ReadonlyArray<ReplaceEntry>, request: CallRequest) {
    const { data } = await core.invoke("replaceAudience", request, (fetch) =>
      raw.PUT(itemPath, { params: { path: path(name) }, body: { ids: ids as ReplaceEntry[] }, fetch }),
    );
    return { indexingToken: tokenOf(data) };
  }

  async function remove(name: string, request: RequestOptions): Promise<void> {
    await core.invoke("deleteAudience", request, (fetch) =>
      raw.DELETE(itemPath, { params: { path: path(name) }, fetch }),
    );
  }

  async function view(name: string, options: RequestOptions & { indexingToken?: string }): Promise<CustomAudience> {
    const { indexingToken, ...request } = options;
    const query = indexingToken === undefined ? {} : { indexing_token: indexingToken };
    const { data } = await core.invoke("getAudience", request, (fetch) =>
      raw.GET(itemPath, { params: { path: path(name), query }, fetch }),
    );
    return data as CustomAudience;
  }

  async function list(listOptions: ListOptions = {}): Promise<CustomAudienceSummary[]> {
    const { from, limit, ...request } = listOptions;
    const query: { from?: number; limit?: number } = {};
    if (from !== undefined) {
      checkOffset(from, "from", family.variant);
      query.from = from;
    }
    if (limit !== undefined) {
      checkListLimit(limit, "limit", family.variant);
      query.limit = limit;
    }
    const { data } = await core.invoke("listAudiences", request, (fetch) =>
      raw.GET(listPath, { params: { path: { apiKey: REDACTED }, query }, fetch }),
    );
    const audiences = (data as { custom_audiences?: unknown } | undefined)?.custom_audiences;
    return Array.isArray(audiences) ? (audiences as CustomAudienceSummary[]) : [];
  }

  const family: FamilyCalls<CustomAudience> = {
    variant: version === "1.0" ? "custom-audience-1.0" : "custom-audience-1.1",
    nameField: "audienceName",
    sendUpdate,
    sendReplace,
    view,
  };
  return { create, remove, list, family };
}
