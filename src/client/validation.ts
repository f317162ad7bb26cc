/**
 * Client-side checks, run before any request is sent. The rules are the specs': the validators
 * generated from the bundles, through src/shared/validation/ (the emulator and the CLI use the same
 * path). A failure throws BatchValidationError naming the field as a path (`ids[3].attributes.age`),
 * the value (truncated) and the rule (in words, with the JSON Schema keyword and its limit).
 *
 * Hot path: bulk uploads call `checkUpdateItem`/`checkReplaceItem` once per ID (millions); on
 * success they allocate nothing.
 */

import { type ApiId, LIMITS } from "../../generated/constants.js";
import { truncateValue } from "../shared/redact.js";
import {
  checkMemberId,
  checkParameter,
  checkReplaceItem as replaceItemFailure,
  checkRequestBody as requestBodyFailure,
  checkUpdateItem as updateItemFailure,
  type ValidationFailure,
} from "../shared/validation/checks.js";
import { BatchValidationError } from "./errors.js";

export type { ApiId } from "../../generated/constants.js";

/** Limits read from the specs (the same for every API today; LIMITS has them per API). */
export const MAX_IDS_PER_CALL = Math.min(...Object.values(LIMITS).map((l) => l.maxIdsPerCall));
export const MAX_LIST_LIMIT = LIMITS["audience-2"].listLimit.maximum;
export const AUDIENCE_NAME_PATTERN = new RegExp(LIMITS["audience-2"].audienceNamePattern);
export const ATTRIBUTE_NAME_PATTERN = new RegExp(LIMITS["audience-2"].attributeNamePattern ?? "(?!)");

export type AttributeValue = string | number | string[];
export type Attributes = Record<string, AttributeValue>;

/** One add/remove operation (1.x and 2.x update). */
export interface IdOperation {
  action: "add" | "remove";
  id: string;
  /** Only on `add`; not on 1.0. */
  attributes?: Attributes;
  /** Only on `add`; 1.1 only. */
  tags?: string[];
}

/** One entry of a replace call (1.1 and 2.x). */
export interface ReplaceEntry {
  id: string;
  attributes?: Attributes;
  /** 1.1 only. */
  tags?: string[];
}

function limitText(limit: unknown): string {
  if (limit === undefined) return "";
  return ` ${Array.isArray(limit) ? limit.map((l) => JSON.stringify(l)).join(", ") : typeof limit === "string" ? limit : JSON.stringify(limit)}`;
}

/** The client's error for a neutral failure: rule in words, then the keyword and its limit. */
export function validationError(failure: ValidationFailure): BatchValidationError {
  const limit = limitText(failure.limit);
  // "must match ^…$ (pattern)" rather than repeating a long pattern twice.
  const repeated = typeof failure.limit === "string" && failure.rule.includes(failure.limit);
  const rule = `${failure.rule} (${failure.keyword}${repeated ? "" : limit})`;
  return new BatchValidationError(failure.path, truncateValue(failure.value), rule);
}

function throwIf(failure: ValidationFailure | undefined): void {
  if (failure) throw validationError(failure);
}

export function checkAudienceName(
  name: unknown,
  field = "audienceName",
  api: ApiId = "audience-2",
): asserts name is string {
  throwIf(checkParameter(api, "audienceName", name, field));
}

/** A whole request body the client builds itself (create), against the operation's body schema. */
export function checkRequestBody(body: unknown, operationId: string, api: ApiId): void {
  throwIf(requestBodyFailure(api, operationId, body));
}

/** An audience `type` (the spec's AudienceType enum of this API). */
export function checkAudienceType(type: unknown, field = "type", api: ApiId = "custom-audience-1.0"): void {
  throwIf(checkParameter(api, "audienceType", type, field));
}

export function checkListLimit(limit: unknown, field = "limit", api: ApiId = "audience-2"): asserts limit is number {
  throwIf(checkParameter(api, "listLimit", limit, field));
}

export function checkOffset(from: unknown, field = "from", api: ApiId = "custom-audience-1.1"): asserts from is number {
  throwIf(checkParameter(api, "listFrom", from, field));
}

/** The number of IDs in one call (the spec's `maxItems` / `minItems` of `ids`). */
export function checkIdsCount(count: number, field = "ids", api: ApiId = "audience-2"): void {
  const max = LIMITS[api].maxIdsPerCall;
  if (count < 1 || count > max) {
    throw new BatchValidationError(
      `${field}.length`,
      String(count),
      `must hold 1 to ${max} IDs per call (minItems 1, maxItems ${max}; use the bulk helpers for more)`,
    );
  }
}

/** A bare ID (bulk inputs given as strings). */
export function checkId(id: unknown, field: string, api: ApiId = "audience-2"): asserts id is string {
  throwIf(checkMemberId(api, id, field));
}

/** Checks one update operation; `field` is the path used in the error (e.g. `ids[12]`). */
export function checkUpdateItem(item: unknown, api: ApiId, field: string): asserts item is IdOperation {
  const failure = updateItemFailure(api, item, field);
  if (failure) throw validationError(failure);
}

/** Checks one replace entry (1.1 and 2.x). */
export function checkReplaceItem(item: unknown, api: ApiId, field: string): asserts item is ReplaceEntry {
  const failure = replaceItemFailure(api, item, field);
  if (failure) throw validationError(failure);
}
