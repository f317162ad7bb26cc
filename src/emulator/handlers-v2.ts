/**
 * Audience API 2.x. Every write answers 202 with a token; a write to an unknown audience is 400
 * MALFORMED_PARAMETER and a view of one 404 NOT_FOUND (spec, inferred); a taken name is 400
 * ENTITY_ALREADY_EXISTS. `view` reports REPLACED for a token once a later replace is applied.
 */

import type { components } from "../../generated/audience-2/schema.js";
import type { OperationName } from "./api-ids.js";
import { type CallContext, parseIntegerParam, queryParam, type Reply } from "./call-context.js";
import { rfc3339 } from "./dates.js";
import { EmulatorRefusal, malformed, missing } from "./errors.js";
import { applyActions, replaceMembers } from "./members.js";
import { checkAudienceName, checkCreateV2, checkDeleteV2, checkReplaceV2, checkUpdateV2 } from "./request-bodies.js";
import type { Audience, IndexingState } from "./store.js";

type AudienceView = components["schemas"]["Audience"];
type AudienceList = components["schemas"]["AudienceList"];
type TokenResponse = components["schemas"]["IndexingTokenResponse"];

function writable(ctx: CallContext, name: string): Audience {
  const audience = ctx.store.get(ctx.api, ctx.key, name);
  if (!audience) throw malformed("name", `Unknown audience ${name}`);
  return audience;
}

function accepted(indexing_token: string): Reply {
  const body: TokenResponse = { indexing_token };
  return { status: 202, body };
}

function view(audience: Audience, state: IndexingState): AudienceView {
  return {
    name: audience.name,
    ...(audience.label !== undefined ? { display_name: audience.label } : {}),
    type: "CUSTOM_ID",
    nb_ids: audience.members.size,
    indexing_state: state,
    created: rfc3339(audience.createdMs),
    updated: rfc3339(audience.updatedMs),
  };
}

export function handleV2(op: OperationName, ctx: CallContext): Reply {
  const { store, api, key } = ctx;
  switch (op) {
    case "create": {
      const body = checkCreateV2(ctx.body);
      return accepted(store.create(api, key, body.name, body.type, body.display_name, ctx.indexing));
    }
    case "update": {
      const body = checkUpdateV2(ctx.body);
      const audience = writable(ctx, body.name);
      applyActions(audience, body.ids);
      ctx.ingested(body.ids.length);
      return accepted(store.recordWrite(api, key, audience, "update", ctx.indexing));
    }
    case "replace": {
      const body = checkReplaceV2(ctx.body);
      const audience = writable(ctx, body.name);
      replaceMembers(audience, body.ids);
      ctx.ingested(body.ids.length);
      return accepted(store.recordWrite(api, key, audience, "replace", ctx.indexing));
    }
    case "delete": {
      const body = checkDeleteV2(ctx.body);
      const audience = writable(ctx, body.name);
      const issued = store.recordWrite(api, key, audience, "delete", ctx.indexing);
      store.delete(api, key, body.name);
      return accepted(issued);
    }
    case "view": {
      const rawName = queryParam(ctx.query, "name");
      if (rawName === undefined) throw missing("name");
      const name = checkAudienceName(api, rawName, "name");
      const given = queryParam(ctx.query, "indexing_token");
      if (given === "") throw malformed("indexing_token", "must not be empty");
      const audience = store.get(api, key, name);
      if (!audience) throw new EmulatorRefusal("NOT_FOUND", `Audience ${name} not found`);
      const state = store.indexingState(api, key, audience, given, true);
      if (state === undefined) throw malformed("indexing_token", "unknown token for this audience");
      return { status: 200, body: view(audience, state) };
    }
    case "list":
      return { status: 200, body: list(ctx) };
  }
}

const CURSOR_PREFIX = "before:";

/** Opaque to clients: the creation sequence of the last audience of the previous page. */
function encodeCursor(seq: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${seq}`).toString("base64url");
}

function decodeCursor(cursor: string): number | undefined {
  if (cursor.length > 64) return undefined;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^before:(\d{1,15})$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Cursor pagination, newest first. The cursor points after an audience rather than at an offset,
 * so audiences created or deleted between two pages never make the walk skip or repeat one.
 */
function list(ctx: CallContext): AudienceList {
  const fromRaw = queryParam(ctx.query, "from");
  const limitRaw = queryParam(ctx.query, "limit");
  const limit = limitRaw === undefined ? 10 : parseIntegerParam(limitRaw, 1, 100);
  if (limit === undefined) throw malformed("limit", "must be an integer from 1 to 100");
  let before = Number.POSITIVE_INFINITY;
  if (fromRaw !== undefined) {
    const decoded = decodeCursor(fromRaw);
    if (decoded === undefined) throw malformed("from", "not a cursor returned by a previous page (next_from)");
    before = decoded;
  }
  const all = ctx.store.newestFirst(ctx.api, ctx.key);
  const rest = before === Number.POSITIVE_INFINITY ? all : all.filter((a) => a.seq < before);
  const page = rest.slice(0, limit);
  const hasMore = rest.length > limit;
  const result: AudienceList = {
    audiences: page.map((audience) =>
      view(audience, ctx.store.indexingState(ctx.api, ctx.key, audience, undefined, true) ?? "APPLIED"),
    ),
    has_more: hasMore,
  };
  if (fromRaw === undefined) result.count = all.length;
  if (hasMore) result.next_from = encodeCursor(page[page.length - 1]!.seq);
  return result;
}
