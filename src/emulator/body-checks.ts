/**
 * Small checks shared by the request-body validators. Each failure names the field, and tells
 * MISSING_PARAMETER (absent) apart from MALFORMED_PARAMETER (present but wrong).
 */
import { EmulatorRefusal, malformed, missing } from "./errors.js";

export type JsonObject = Record<string, unknown>;

export const AUDIENCE_NAME = /^[A-Za-z0-9_-]{1,255}$/;
export const NAME_RULE = "must be 1 to 255 letters, digits, '_' or '-'";
export const MAX_IDS_PER_CALL = 10_000;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body itself must be a JSON object; anything else is not a usable JSON body. */
export function bodyObject(body: unknown): JsonObject {
  if (!isObject(body)) throw new EmulatorRefusal("MALFORMED_JSON_BODY", "The request body must be a JSON object");
  return body;
}

/** Rejects fields the schema does not declare (request bodies are closed). */
export function onlyKeys(obj: JsonObject, allowed: readonly string[], where: string): void {
  for (const key in obj) {
    if (!allowed.includes(key)) throw malformed(join(where, key), "unknown field");
  }
}

export function required(obj: JsonObject, key: string, where: string): unknown {
  const value = obj[key];
  if (value === undefined) throw missing(join(where, key));
  return value;
}

export function join(where: string, key: string): string {
  return where === "" ? key : `${where}.${key}`;
}

export function checkString(value: unknown, field: string, minLength = 0): string {
  if (typeof value !== "string") throw malformed(field, "must be a string");
  if (value.length < minLength) throw malformed(field, `must have at least ${minLength} character(s)`);
  return value;
}

export function checkEnum<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw malformed(field, `must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

export function checkAudienceName(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length > 255 || !AUDIENCE_NAME.test(value)) throw malformed(field, NAME_RULE);
  return value;
}

export function checkIdArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw malformed(field, "must be an array");
  if (value.length === 0) throw malformed(field, "must hold at least one element");
  if (value.length > MAX_IDS_PER_CALL) throw malformed(field, `supports up to ${MAX_IDS_PER_CALL} elements`);
  return value;
}

/** JSON Schema's maxLength counts code points, not UTF-16 units. */
export function longerThan(value: string, max: number): boolean {
  if (value.length <= max) return false;
  let count = 0;
  for (const _ of value) if (++count > max) return true;
  return false;
}
