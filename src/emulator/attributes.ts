/**
 * Per-ID attributes (1.1 and 2.x) and tags (1.1), with the limits of the specs' `Attributes` and
 * `Tags` schemas: at most 15 attributes, lowercase names with optional `date(…)` / `url(…)`
 * wrappers, strings up to 300 code points, arrays up to 25 strings, URLs up to 2048.
 */

import { isObject, type JsonObject, join, longerThan } from "./body-checks.js";
import { malformed } from "./errors.js";

const NAME = /^(?:[a-z0-9_]{1,30}|date\([a-z0-9_]{1,30}\)|url\([a-z0-9_]{1,30}\))$/;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
// RFC 3986 absolute URI: a scheme, then only URI characters with well-formed %-escapes.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const MAX_ATTRIBUTES = 15;
const TAG = /^[^A-Z]+$/u;

export function checkAttributes(value: unknown, field: string): JsonObject {
  if (!isObject(value)) throw malformed(field, "must be an object");
  let count = 0;
  for (const name in value) {
    if (++count > MAX_ATTRIBUTES) throw malformed(field, `supports up to ${MAX_ATTRIBUTES} attributes`);
    const where = join(field, name);
    if (name.length > 36 || !NAME.test(name)) {
      throw malformed(
        where,
        "attribute names are 1 to 30 lowercase letters, digits or '_', optionally in date(…) or url(…)",
      );
    }
    const attribute = value[name];
    if (name.startsWith("date(")) {
      if (typeof attribute !== "string" || !DATE.test(attribute))
        throw malformed(where, "must be a date-time YYYY-MM-DDTHH:MM:SS");
    } else if (name.startsWith("url(")) {
      if (typeof attribute !== "string" || longerThan(attribute, 2048) || !URI.test(attribute)) {
        throw malformed(where, "must be an absolute URL of at most 2048 characters");
      }
    } else {
      checkPlainValue(attribute, where);
    }
  }
  return value;
}

function checkPlainValue(value: unknown, where: string): void {
  if (typeof value === "number") return;
  if (typeof value === "string") {
    if (longerThan(value, 300)) throw malformed(where, "strings are at most 300 characters");
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 25) throw malformed(where, "arrays hold at most 25 strings");
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== "string") throw malformed(`${where}[${i}]`, "must be a string");
    }
    return;
  }
  throw malformed(where, "must be a string, a number or an array of strings");
}

export function checkTags(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw malformed(field, "must be an array of strings");
  for (let i = 0; i < value.length; i++) {
    const tag: unknown = value[i];
    if (typeof tag !== "string" || tag.length === 0) throw malformed(`${field}[${i}]`, "must be a non-empty string");
    if (!TAG.test(tag)) throw malformed(`${field}[${i}]`, "tags are lowercase");
  }
  return value as string[];
}
