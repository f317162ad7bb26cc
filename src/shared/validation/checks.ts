/**
 * The one validation path of the client, the emulator and the CLI: the validators generated from
 * each bundle (generated/<api>/validators.ts), then the few rules JSON Schema cannot say
 * (beyond-schema.ts). Each check returns undefined when the value is valid (allocating nothing:
 * bulk uploads call the item checks millions of times) or a neutral ValidationFailure.
 */
import type { ApiId } from "../../../generated/constants.js";
import { type ApiValidators, EXPLAINERS, VALIDATORS } from "../../../generated/validators.js";
import { checkBeyondSchema } from "./beyond-schema.js";
import { failureFrom, joinPath, type ValidationFailure } from "./failure.js";

export type { ValidationFailure } from "./failure.js";

type ValidatorName = keyof ApiValidators;

/**
 * Why `value` failed the fast validator `name`: the explaining twin (the spec's own schema, verbose
 * errors) runs only now, so success costs one fast call and nothing else.
 */
function explain(api: ApiId, name: ValidatorName, value: unknown, base: string): ValidationFailure {
  const slow = EXPLAINERS[api][name];
  if (!slow || slow(value)) return { path: base, value, keyword: "schema", rule: "breaks the spec's schema" };
  return failureFrom(slow.errors, base);
}

function run(api: ApiId, name: ValidatorName, value: unknown, base: string): ValidationFailure | undefined {
  const fast = VALIDATORS[api][name];
  return fast === undefined || fast(value) ? undefined : explain(api, name, value, base);
}

/** The spec's remove item refuses a field its add item takes: say so rather than "not allowed". */
function onlyOnAdd(api: ApiId, item: object, failure: ValidationFailure, base: string): ValidationFailure {
  const add = VALIDATORS[api].updateAdd;
  if (!add || (failure.keyword !== "additionalProperties" && failure.keyword !== "not")) return failure;
  if (!add({ ...item, action: "add" })) return failure;
  return { ...failure, rule: 'is only accepted with action "add"', path: failure.path || base };
}

/** One element of an update call's `ids` (`base` is its path, e.g. `ids[12]` or `input[12]`). */
export function checkUpdateItem(api: ApiId, item: unknown, base: string): ValidationFailure | undefined {
  const v = VALIDATORS[api];
  const action = (item as { action?: unknown } | null | undefined)?.action;
  // The spec's item is oneOf(add, remove), told apart by `action`: checking only the matching
  // branch gives the same verdict, half the work, and errors about that branch alone.
  const name: ValidatorName =
    action === "add" && v.updateAdd
      ? "updateAdd"
      : action === "remove" && v.updateRemove
        ? "updateRemove"
        : "updateItem";
  if (!v[name]!(item)) {
    const failure = explain(api, name, item, base);
    return action === "remove" ? onlyOnAdd(api, item as object, failure, base) : failure;
  }
  return checkBeyondSchema(item, base);
}

/** One element of a replace call's `ids`. */
export function checkReplaceItem(api: ApiId, item: unknown, base: string): ValidationFailure | undefined {
  if (!VALIDATORS[api].replaceItem) {
    return { path: base, value: item, keyword: "operation", rule: `the ${api} spec has no replace operation` };
  }
  return run(api, "replaceItem", item, base) ?? checkBeyondSchema(item, base);
}

/** A bare member ID (bulk inputs given as strings). */
export function checkMemberId(api: ApiId, id: unknown, base: string): ValidationFailure | undefined {
  return run(api, "memberId", id, base);
}

export type ParameterName = "audienceName" | "audienceType" | "listLimit" | "listFrom";

/** A query or path parameter the client fills in (the audience name, list paging). */
export function checkParameter(
  api: ApiId,
  name: ParameterName,
  value: unknown,
  base: string,
): ValidationFailure | undefined {
  return run(api, name, value, base);
}

/**
 * Attribute names alone (a CSV header), against the spec's name rule and attribute count. The CLI
 * builds `{ name: null, … }` from its columns; values are checked row by row.
 */
export function checkAttributeNames(api: ApiId, names: Record<string, unknown>, base: string) {
  if (!VALIDATORS[api].attributeNames) {
    return { path: base, value: Object.keys(names), keyword: "attributes", rule: "takes no attributes" };
  }
  return run(api, "attributeNames", names, base);
}

const ITEM_CHECKS: Record<string, typeof checkUpdateItem | undefined> = {
  updateAudience: checkUpdateItem,
  replaceAudience: checkReplaceItem,
};

/**
 * A whole request body (what the emulator receives): the body's validator decides; when an element
 * of `ids` fails, that element is checked again on its own for a precise message.
 */
export function checkRequestBody(api: ApiId, operationId: string, body: unknown): ValidationFailure | undefined {
  const name = `${operationId}Body` as ValidatorName;
  const validate = VALIDATORS[api][name];
  if (!validate) return { path: "", value: body, keyword: "operation", rule: `the ${api} spec has no ${operationId}` };
  const itemCheck = ITEM_CHECKS[operationId];
  if (!validate(body)) {
    const failure = explain(api, name, body, "");
    const slowErrors = EXPLAINERS[api][name]?.errors;
    const index = /^\/ids\/(\d+)(?:\/|$)/.exec(slowErrors?.[0]?.instancePath ?? "")?.[1];
    const ids = (body as { ids?: unknown[] }).ids;
    if (index === undefined || !itemCheck || !Array.isArray(ids)) return failure;
    return itemCheck(api, ids[Number(index)], joinPath("", ["ids", index])) ?? failure;
  }
  const ids = (body as { ids?: unknown }).ids;
  if (!itemCheck || !Array.isArray(ids)) return undefined;
  for (let i = 0; i < ids.length; i++) {
    if ((ids[i] as { attributes?: unknown }).attributes === undefined) continue;
    const failure = checkBeyondSchema(ids[i], `ids[${i}]`);
    if (failure) return failure;
  }
  return undefined;
}
