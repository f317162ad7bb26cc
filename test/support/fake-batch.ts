/**
 * Small in-memory stand-ins for Batch's audience APIs, used as scripted-server handlers in client
 * tests: enough behaviour (auth, create/exists, add/remove/replace, view with indexing tokens,
 * pagination) to exercise the high-level client end to end. Not a conformance oracle.
 */
import type { Handler, RecordedRequest, ScriptStep } from "./scripted-server.js";

export interface FakeAudience {
  name: string;
  type: string;
  description?: string;
  members: Map<string, { attributes?: unknown; tags?: unknown }>;
  created: string;
}

export interface FakeBatchOptions {
  /** View answers IN_PROGRESS this many times per token before APPLIED. */
  pollsBeforeApplied?: number;
  /** Called with each ID operation in the order the fake applied it (for ordering tests). */
  onApply?: (audience: string, action: "add" | "remove" | "replace", id: string) => void;
  /** Delay per write request, e.g. randomised to shuffle concurrent requests. */
  writeDelayMs?: () => number;
}

export interface FakeBatch {
  handler: Handler;
  audiences: Map<string, FakeAudience>;
  /** Number of view polls per token so far. */
  polls: Map<string, number>;
  tokensIssued: string[];
}

function createState(options: FakeBatchOptions) {
  const audiences = new Map<string, FakeAudience>();
  const polls = new Map<string, number>();
  const tokensIssued: string[] = [];
  const replacedTokens = new Set<string>();
  let tokenCounter = 0;
  const issue = (): string => {
    const token = `tok${++tokenCounter}`;
    tokensIssued.push(token);
    return token;
  };
  const indexingState = (token: string | null): string => {
    if (!token) return "APPLIED";
    if (replacedTokens.has(token)) return "REPLACED";
    const seen = (polls.get(token) ?? 0) + 1;
    polls.set(token, seen);
    return seen > (options.pollsBeforeApplied ?? 0) ? "APPLIED" : "IN_PROGRESS";
  };
  const apply = (audience: FakeAudience, ops: unknown[], mode: "update" | "replace", tokenBefore: string[]): void => {
    if (mode === "replace") {
      audience.members.clear();
      for (const t of tokenBefore) replacedTokens.add(t);
    }
    for (const raw of ops) {
      const op = raw as { action?: string; id: string; attributes?: unknown; tags?: unknown };
      const action = mode === "replace" ? "replace" : (op.action as "add" | "remove");
      options.onApply?.(audience.name, action, op.id);
      if (action === "remove") audience.members.delete(op.id);
      else audience.members.set(op.id, { attributes: op.attributes, tags: op.tags });
    }
  };
  return { audiences, polls, tokensIssued, issue, indexingState, apply };
}

const err1x = (status: number, code: number, message: string): ScriptStep => ({
  status,
  json: { error_code: code, error_message: message },
});

const summary1x = (a: FakeAudience) => ({
  name: a.name,
  type: a.type,
  ...(a.description === undefined ? {} : { description: a.description }),
  nb_ids: a.members.size,
  created: a.created,
  updated: a.created,
});

/** Custom Audience API 1.x (both versions) for one app API key and REST key. */
export function fakeCustomAudience(apiKey: string, restKey: string, options: FakeBatchOptions = {}): FakeBatch {
  const state = createState(options);
  const tokensByAudience = new Map<string, string[]>();
  const handler: Handler = async (req: RecordedRequest) => {
    const match = /^\/(1\.[01])\/([^/]+)\/custom-audience(?:\/([^/]+))?$/.exec(req.path);
    if (!match) return err1x(404, 20, "Route not found");
    const [, , key, rawName] = match;
    if (decodeURIComponent(key!) !== apiKey || req.headers["x-authorization"] !== restKey) {
      return err1x(401, 10, "Authentication invalid");
    }
    const name = rawName === undefined ? undefined : decodeURIComponent(rawName);
    if (name === undefined) {
      if (req.method !== "GET") return err1x(404, 20, "Route not found");
      const from = Number(req.query.get("from") ?? 0);
      const limit = Number(req.query.get("limit") ?? 10);
      if (limit < 1 || limit > 100) return err1x(400, 31, "Malformed parameter: limit");
      const all = [...state.audiences.values()].reverse();
      return { json: { custom_audiences: all.slice(from, from + limit).map(summary1x) } };
    }
    const audience = state.audiences.get(name);
    if (req.method !== "GET" && options.writeDelayMs) await new Promise((r) => setTimeout(r, options.writeDelayMs!()));
    switch (req.method) {
      case "POST": {
        if (audience) return err1x(400, 33, `Audience ${name} already exists`);
        const body = req.json as { type?: string; description?: string } | undefined;
        if (!body?.type) return err1x(400, 30, "Missing parameter: type");
        state.audiences.set(name, {
          name,
          type: body.type,
          ...(body.description === undefined ? {} : { description: body.description }),
          members: new Map(),
          created: "2024-01-01T00:00:00",
        });
        return { status: 201, json: { indexing_token: state.issue() } };
      }
      case "PATCH":
      case "PUT": {
        if (!audience) return err1x(404, 20, `Audience ${name} not found`);
        const ids = (req.json as { ids?: unknown[] } | undefined)?.ids;
        if (!Array.isArray(ids)) return err1x(400, 30, "Missing parameter: ids");
        if (ids.length > 10_000) return err1x(400, 31, "Malformed parameter: ids (more than 10000)");
        const previous = tokensByAudience.get(name) ?? [];
        state.apply(audience, ids, req.method === "PUT" ? "replace" : "update", previous);
        const token = state.issue();
        tokensByAudience.set(name, [...previous, token]);
        return { status: req.method === "PUT" ? 201 : 202, json: { indexing_token: token } };
      }
      case "DELETE":
        if (!audience) return err1x(404, 20, `Audience ${name} not found`);
        state.audiences.delete(name);
        return { json: {} };
      case "GET": {
        if (!audience) return err1x(404, 20, `Audience ${name} not found`);
        const indexing = state.indexingState(req.query.get("indexing_token"));
        return {
          json: { ...summary1x(audience), indexing_state: indexing === "REPLACED" ? "APPLIED" : indexing },
        };
      }
      default:
        return err1x(404, 20, "Route not found");
    }
  };
  return { handler, audiences: state.audiences, polls: state.polls, tokensIssued: state.tokensIssued };
}

const err2x = (status: number, code: string, message: string): ScriptStep => ({
  status,
  json: { error_code: code, error_message: message },
});

const view2x = (a: FakeAudience, indexing: string) => ({
  name: a.name,
  ...(a.description === undefined ? {} : { display_name: a.description }),
  type: "CUSTOM_ID",
  nb_ids: a.members.size,
  indexing_state: indexing,
  created: "2024-01-01T00:00:00Z",
  updated: "2024-01-01T00:00:00Z",
});

/** Audience API 2.x for one REST key and project key; the version prefix is whatever `prefix` says. */
export function fakeAudienceApi(
  restKey: string,
  projectKey: string,
  options: FakeBatchOptions & { prefix?: string } = {},
): FakeBatch {
  const state = createState(options);
  const prefix = options.prefix ?? "/2.11";
  const tokensByAudience = new Map<string, string[]>();
  const handler: Handler = async (req: RecordedRequest) => {
    if (!req.path.startsWith(`${prefix}/audiences/`)) return err2x(404, "ROUTE_NOT_FOUND", "Not found");
    if (req.headers.authorization !== `Bearer ${restKey}` || req.headers["x-batch-project"] !== projectKey) {
      return err2x(401, "AUTHENTICATION_INVALID", "The Rest API Key is not valid for this project");
    }
    const action = req.path.slice(`${prefix}/audiences/`.length);
    const body = (req.json ?? {}) as { name?: string; ids?: unknown[]; display_name?: string; type?: string };
    if (req.method === "POST" && options.writeDelayMs) await new Promise((r) => setTimeout(r, options.writeDelayMs!()));
    switch (`${req.method} ${action}`) {
      case "POST create": {
        if (!body.name) return err2x(400, "MISSING_PARAMETER", "name is required");
        if (state.audiences.has(body.name)) {
          return err2x(400, "ENTITY_ALREADY_EXISTS", `Audience ${body.name} already exists`);
        }
        state.audiences.set(body.name, {
          name: body.name,
          type: body.type ?? "custom_ids",
          ...(body.display_name === undefined ? {} : { description: body.display_name }),
          members: new Map(),
          created: "2024-01-01T00:00:00Z",
        });
        return { status: 202, json: { indexing_token: state.issue() } };
      }
      case "POST update":
      case "POST replace": {
        const audience = state.audiences.get(body.name ?? "");
        if (!audience) return err2x(404, "NOT_FOUND", `Audience ${String(body.name)} not found`);
        if (!Array.isArray(body.ids)) return err2x(400, "MISSING_PARAMETER", "ids is required");
        if (body.ids.length > 10_000) return err2x(400, "MALFORMED_PARAMETER", "ids: more than 10000 items");
        const previous = tokensByAudience.get(audience.name) ?? [];
        state.apply(audience, body.ids, action === "replace" ? "replace" : "update", previous);
        const token = state.issue();
        tokensByAudience.set(audience.name, [...previous, token]);
        return { status: 202, json: { indexing_token: token } };
      }
      case "POST remove": {
        if (!state.audiences.delete(body.name ?? "")) return err2x(404, "NOT_FOUND", "Audience not found");
        return { status: 202, json: { indexing_token: state.issue() } };
      }
      case "GET view": {
        const audience = state.audiences.get(req.query.get("name") ?? "");
        if (!audience) return err2x(404, "NOT_FOUND", "Audience not found");
        return { json: view2x(audience, state.indexingState(req.query.get("indexing_token"))) };
      }
      case "GET list": {
        const limit = Number(req.query.get("limit") ?? 10);
        const from = req.query.get("from");
        const all = [...state.audiences.values()];
        const start = from === null ? 0 : Number(from.replace(/^c/, ""));
        const page = all.slice(start, start + limit);
        const end = start + page.length;
        return {
          json: {
            audiences: page.map((a) => view2x(a, "APPLIED")),
            ...(from === null ? { count: all.length } : {}),
            has_more: end < all.length,
            ...(end < all.length ? { next_from: `c${end}` } : {}),
          },
        };
      }
      default:
        return err2x(404, "ROUTE_NOT_FOUND", "Not found");
    }
  };
  return { handler, audiences: state.audiences, polls: state.polls, tokensIssued: state.tokensIssued };
}
