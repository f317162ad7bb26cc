/**
 * Custom Audience API 1.0 and 1.1. Statuses follow the specs' decisions: 1.0 create → 200 `{}`,
 * 1.1 create and replace → 201 token, update → 202 token, delete → 200 `{}`; an unknown audience is
 * 404 ROUTE_NOT_FOUND (20), a taken name 400 ENTITY_ALREADY_EXISTS (33).
 */

import type { components as V10 } from "../../generated/custom-audience-1.0/schema.js";
import type { components as V11 } from "../../generated/custom-audience-1.1/schema.js";
import type { OperationName } from "./api-ids.js";
import { type CallContext, parseIntegerParam, queryParam, type Reply } from "./call-context.js";
import { localDateTime } from "./dates.js";
import { EmulatorRefusal, malformed } from "./errors.js";
import { applyActions, replaceMembers } from "./members.js";
import { checkAudienceName, checkCreateV1, checkReplaceV11, checkUpdateV10, checkUpdateV11 } from "./request-bodies.js";
import type { Audience } from "./store.js";

type AudienceView = V10["schemas"]["Audience"] | V11["schemas"]["Audience"];
type AudienceSummary = V10["schemas"]["AudienceSummary"] | V11["schemas"]["AudienceSummary"];
type AudienceList = { custom_audiences: AudienceSummary[] };
type TokenResponse = V11["schemas"]["IndexingTokenResponse"];

function checkedName(ctx: CallContext): string {
  return checkAudienceName(ctx.api, ctx.pathName ?? "", "audienceName");
}

function existing(ctx: CallContext, name: string): Audience {
  const audience = ctx.store.get(ctx.api, ctx.key, name);
  if (!audience) throw new EmulatorRefusal("ROUTE_NOT_FOUND", `Audience ${name} not found`);
  return audience;
}

function token(indexing_token: string): TokenResponse {
  return { indexing_token };
}

export function handleV1(op: OperationName, ctx: CallContext): Reply {
  const isV10 = ctx.api === "custom-audience-1.0";
  switch (op) {
    case "create": {
      const name = checkedName(ctx);
      const body = checkCreateV1(ctx.api, ctx.body);
      const issued = ctx.store.create(ctx.api, ctx.key, name, body.type, body.description, ctx.indexing);
      return isV10 ? { status: 200, body: {}, issuedToken: issued } : { status: 201, body: token(issued) };
    }
    case "update": {
      const name = checkedName(ctx);
      const body = isV10 ? checkUpdateV10(ctx.body) : checkUpdateV11(ctx.body);
      const audience = existing(ctx, name);
      if ("type" in body && body.type !== audience.type) {
        throw malformed("type", `this audience holds ${audience.type}`);
      }
      applyActions(audience, body.ids);
      ctx.ingested(body.ids.length);
      return {
        status: 202,
        body: token(ctx.store.recordWrite(ctx.api, ctx.key, audience, "update", ctx.indexing)),
      };
    }
    case "replace": {
      const name = checkedName(ctx);
      const body = checkReplaceV11(ctx.body);
      const audience = existing(ctx, name);
      replaceMembers(audience, body.ids);
      ctx.ingested(body.ids.length);
      return {
        status: 201,
        body: token(ctx.store.recordWrite(ctx.api, ctx.key, audience, "replace", ctx.indexing)),
      };
    }
    case "delete": {
      const name = checkedName(ctx);
      existing(ctx, name);
      ctx.store.delete(ctx.api, ctx.key, name);
      return { status: 200, body: {} };
    }
    case "view": {
      const name = checkedName(ctx);
      const audience = existing(ctx, name);
      const given = queryParam(ctx.query, "indexing_token") || undefined;
      const state = ctx.store.indexingState(ctx.api, ctx.key, audience, given, false);
      if (state === undefined || state === "REPLACED")
        throw malformed("indexing_token", "unknown token for this audience");
      const view: AudienceView = {
        name: audience.name,
        type: audience.type as AudienceView["type"],
        ...(audience.label !== undefined ? { description: audience.label } : {}),
        created: localDateTime(audience.createdMs),
        updated: localDateTime(audience.updatedMs),
        nb_ids: audience.members.size,
        indexing_state: state,
      };
      return { status: 200, body: view };
    }
    case "list":
      return { status: 200, body: list(ctx) };
  }
}

/** Offset pagination over the namespace's audiences, newest first. */
function list(ctx: CallContext): AudienceList {
  const fromRaw = queryParam(ctx.query, "from");
  const limitRaw = queryParam(ctx.query, "limit");
  const from = fromRaw === undefined ? 0 : parseIntegerParam(fromRaw, 0, 999_999_999);
  if (from === undefined) throw malformed("from", "must be an integer of at least 0");
  const limit = limitRaw === undefined ? 10 : parseIntegerParam(limitRaw, 1, 100);
  if (limit === undefined) throw malformed("limit", "must be an integer from 1 to 100");
  const page = ctx.store.newestFirst(ctx.api, ctx.key).slice(from, from + limit);
  return {
    custom_audiences: page.map(
      (audience): AudienceSummary => ({
        name: audience.name,
        type: audience.type as AudienceSummary["type"],
        ...(audience.label !== undefined ? { description: audience.label } : {}),
        nb_ids: audience.members.size,
        created: localDateTime(audience.createdMs),
        updated: localDateTime(audience.updatedMs),
      }),
    ),
  };
}
