/**
 * Client-side checks of Batch's documented limits, run before any request is sent. Each failure
 * names the field, the (truncated) value and the rule.
 *
 * Hot path: bulk uploads call `checkUpdateItem`/`checkReplaceItem` once per ID (millions), so the
 * checks avoid allocation on success and build field paths only when they fail.
 */

import { truncateValue } from "../shared/redact.js";
import { BatchValidationError } from "./errors.js";

/** Which API generation an item is checked against. */
export type ApiVariant = "1.0" | "1.1" | "2";

export const MAX_IDS_PER_CALL = 10_000;
export const MAX_ATTRIBUTES_PER_ID = 15;
export const MAX_STRING_ATTRIBUTE_LENGTH = 300;
export const MAX_URL_ATTRIBUTE_LENGTH = 2048;
export const MAX_ARRAY_ATTRIBUTE_ITEMS = 25;
export const MAX_LIST_LIMIT = 100;

export const AUDIENCE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
export const ATTRIBUTE_NAME_PATTERN = /^(?:[a-z0-9_]{1,30}|date\([a-z0-9_]{1,30}\)|url\([a-z0-9_]{1,30}\))$/;
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE_TIME_OPTIONAL_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?$/;
const URL_SHAPE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/;

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

function fail(field: string, value: unknown, rule: string): never {
  throw new BatchValidationError(field, truncateValue(value), rule);
}

export function checkAudienceName(name: unknown, field = "audienceName"): asserts name is string {
  if (typeof name !== "string" || !AUDIENCE_NAME_PATTERN.test(name)) {
    fail(field, name, "must be 1-255 characters from A-Z, a-z, 0-9, _ and - (^[A-Za-z0-9_-]{1,255}$)");
  }
}

export function checkListLimit(limit: unknown, field = "limit"): asserts limit is number {
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    fail(field, limit, `must be an integer from 1 to ${MAX_LIST_LIMIT}`);
  }
}

export function checkOffset(from: unknown, field = "from"): asserts from is number {
  if (typeof from !== "number" || !Number.isInteger(from) || from < 0) fail(field, from, "must be an integer >= 0");
}

export function checkIdsCount(count: number, field = "ids"): void {
  if (count < 1 || count > MAX_IDS_PER_CALL) {
    fail(`${field}.length`, count, `must hold 1 to ${MAX_IDS_PER_CALL} IDs per call (use the bulk helpers for more)`);
  }
}

export function checkId(id: unknown, field: string): asserts id is string {
  if (typeof id !== "string" || id.length === 0) fail(field, id, "must be a non-empty string");
}

function checkAttributeValue(name: string, value: unknown, variant: ApiVariant, field: string): void {
  if (name.startsWith("date(")) {
    const pattern = variant === "2" ? DATE_TIME_WITH_ZONE : DATE_TIME_OPTIONAL_ZONE;
    if (typeof value !== "string" || !pattern.test(value) || Number.isNaN(Date.parse(value))) {
      fail(
        field,
        value,
        variant === "2"
          ? "date() attributes must be ISO 8601 date-times with a zone, e.g. 2023-08-12T22:30:05Z"
          : "date() attributes must be ISO 8601 date-times, e.g. 2012-08-12T22:30:05",
      );
    }
    return;
  }
  if (name.startsWith("url(")) {
    if (
      typeof value !== "string" ||
      value.length > MAX_URL_ATTRIBUTE_LENGTH ||
      !URL_SHAPE.test(value) ||
      !URL.canParse(value)
    ) {
      fail(field, value, `url() attributes must be scheme://… URLs of at most ${MAX_URL_ATTRIBUTE_LENGTH} characters`);
    }
    return;
  }
  if (typeof value === "string") {
    if (value.length > MAX_STRING_ATTRIBUTE_LENGTH) {
      fail(field, value, `string attributes are at most ${MAX_STRING_ATTRIBUTE_LENGTH} characters`);
    }
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) fail(field, value, "number attributes must be finite");
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY_ATTRIBUTE_ITEMS) {
      fail(field, value, `array attributes hold at most ${MAX_ARRAY_ATTRIBUTE_ITEMS} strings`);
    }
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== "string") fail(`${field}[${i}]`, value[i], "array attributes hold strings only");
    }
    return;
  }
  fail(field, value, "attribute values are strings, numbers or arrays of strings");
}

export function checkAttributes(
  attributes: unknown,
  variant: ApiVariant,
  field: string,
): asserts attributes is Attributes {
  if (variant === "1.0") fail(field, attributes, "Custom Audience API 1.0 does not accept attributes");
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
    fail(field, attributes, "must be an object");
  }
  let count = 0;
  for (const name in attributes) {
    if (++count > MAX_ATTRIBUTES_PER_ID) {
      fail(field, Object.keys(attributes), `at most ${MAX_ATTRIBUTES_PER_ID} attributes per ID`);
    }
    if (!ATTRIBUTE_NAME_PATTERN.test(name)) {
      fail(
        `${field}.${name}`,
        name,
        "attribute names are lowercase [a-z0-9_]{1,30}, optionally wrapped as date(name) or url(name)",
      );
    }
    checkAttributeValue(name, (attributes as Record<string, unknown>)[name], variant, `${field}.${name}`);
  }
}

export function checkTags(tags: unknown, variant: ApiVariant, field: string): asserts tags is string[] {
  if (variant !== "1.1") fail(field, tags, `tags are only accepted by Custom Audience API 1.1, not ${variant}`);
  if (!Array.isArray(tags)) fail(field, tags, "must be an array of strings");
  for (let i = 0; i < tags.length; i++) {
    const tag: unknown = tags[i];
    if (typeof tag !== "string" || tag.length === 0 || tag !== tag.toLowerCase()) {
      fail(`${field}[${i}]`, tag, "tags are non-empty lowercase strings");
    }
  }
}

/** Checks one update operation; `field` is the path used in the error (e.g. `ids[12]`). */
export function checkUpdateItem(item: unknown, variant: ApiVariant, field: string): asserts item is IdOperation {
  if (typeof item !== "object" || item === null) fail(field, item, "must be an object {action, id}");
  const op = item as Partial<IdOperation>;
  if (op.action !== "add" && op.action !== "remove") fail(`${field}.action`, op.action, 'must be "add" or "remove"');
  checkId(op.id, `${field}.id`);
  if (op.attributes !== undefined) {
    if (op.action !== "add") fail(`${field}.attributes`, op.attributes, "attributes are only accepted with action add");
    checkAttributes(op.attributes, variant, `${field}.attributes`);
  }
  if (op.tags !== undefined) {
    if (op.action !== "add") fail(`${field}.tags`, op.tags, "tags are only accepted with action add");
    checkTags(op.tags, variant, `${field}.tags`);
  }
}

/** Checks one replace entry (1.1 and 2.x). */
export function checkReplaceItem(item: unknown, variant: ApiVariant, field: string): asserts item is ReplaceEntry {
  if (variant === "1.0") fail(field, item, "Custom Audience API 1.0 has no replace");
  if (typeof item !== "object" || item === null) fail(field, item, "must be an object {id}");
  const entry = item as Partial<ReplaceEntry>;
  checkId(entry.id, `${field}.id`);
  if (entry.attributes !== undefined) checkAttributes(entry.attributes, variant, `${field}.attributes`);
  if (entry.tags !== undefined) checkTags(entry.tags, variant, `${field}.tags`);
}
