/**
 * Turns the errors of a generated validator (Ajv's, compiled from the bundles) into one neutral
 * failure the client, the emulator and the CLI each phrase their own way: which field (a path such
 * as `ids[3].attributes.age`), its value, the JSON Schema keyword that failed and its limit.
 * Only runs on failure; validation itself allocates nothing on success.
 */
import type { GeneratedValidatorError } from "../../../generated/validator-types.js";
import { patternInWords } from "./pattern-words.js";

export interface ValidationFailure {
  /** Field path, e.g. `ids[3].attributes.age` (empty for the value itself). */
  path: string;
  /** The offending value (`undefined` for a missing field). */
  value: unknown;
  /** JSON Schema keyword (`maxLength`, `required`, …) or `rule` for a hand-written rule. */
  keyword: string;
  /** The keyword's limit or parameter (`15`, a pattern, the allowed values), if any. */
  limit?: unknown;
  /** What the value must be, in words, limit included. */
  rule: string;
}

type AjvError = GeneratedValidatorError & { data?: unknown; schema?: unknown; parentSchema?: Record<string, unknown> };

const SUMMARY_KEYWORDS = new Set(["oneOf", "anyOf", "propertyNames", "if"]);

function segmentsOf(pointer: string): string[] {
  return pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `["ids", "3", "attributes", "age"]` → `ids[3].attributes.age`. */
export function joinPath(base: string, segments: readonly string[]): string {
  let path = base;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path === "" ? segment : `.${segment}`;
  }
  return path;
}

/** The field an error is about: for `required`, `additionalProperties`, names and `not`, the property. */
function fieldOf(error: AjvError): string[] {
  const segments = segmentsOf(error.instancePath);
  const p = error.params;
  const notRequired = error.keyword === "not" ? (error.schema as { required?: string[] } | undefined)?.required : [];
  const extra =
    error.propertyName ??
    (p.missingProperty as string | undefined) ??
    (p.additionalProperty as string | undefined) ??
    (notRequired?.length === 1 ? notRequired[0] : undefined);
  return extra === undefined ? segments : [...segments, extra];
}

/** The most telling error: the deepest field; at equal depth, one that got past the type check. */
function pick(errors: readonly AjvError[]): AjvError[] {
  const useful = errors.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  const pool = useful.length > 0 ? useful : [...errors];
  const depth = Math.max(...pool.map((e) => fieldOf(e).length));
  const deepest = pool.filter((e) => fieldOf(e).length === depth);
  const specific = deepest.filter((e) => e.keyword !== "type" && e.keyword !== "const");
  return specific.length > 0 ? specific.slice(0, 1) : deepest;
}

function limitOf(error: AjvError): unknown {
  const p = error.params;
  return p.limit ?? p.pattern ?? p.allowedValue ?? p.allowedValues ?? p.format ?? p.type ?? undefined;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function ruleOf(error: AjvError, same: readonly AjvError[]): string {
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a field the spec allows here (closed schema)";
    case "not": {
      const action = (error.parentSchema?.properties as Record<string, { const?: unknown }> | undefined)?.action?.const;
      return action === undefined ? "is not accepted here" : `is not accepted with action ${JSON.stringify(action)}`;
    }
    case "type":
      return `must be ${same.map((e) => article(String(e.params.type))).join(" or ")}`;
    case "const":
      return same.length > 1
        ? `must be one of ${same.map((e) => JSON.stringify(e.params.allowedValue)).join(", ")}`
        : `must be ${JSON.stringify(p.allowedValue)}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "pattern":
      return error.propertyName !== undefined
        ? `names ${patternInWords(String(p.pattern))}`
        : patternInWords(String(p.pattern), error.parentSchema?.description);
    case "maxLength":
      return `must be at most ${p.limit} characters (Unicode code points)`;
    case "minLength":
      return `must be at least ${p.limit} character${p.limit === 1 ? "" : "s"} long`;
    case "maxItems":
      return `must hold at most ${p.limit} items`;
    case "minItems":
      return `must hold at least ${p.limit} item${p.limit === 1 ? "" : "s"}`;
    case "maxProperties":
      return `must hold at most ${p.limit} entries`;
    case "format":
      return `must be a valid ${p.format} (JSON Schema format)`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `must be ${p.comparison} ${p.limit}`;
    default:
      return error.message ?? `breaks the spec's ${error.keyword} rule`;
  }
}

/** The failure described by a generated validator's errors, for a value checked at `base`. */
export function failureFrom(
  errors: readonly GeneratedValidatorError[] | null | undefined,
  base = "",
): ValidationFailure {
  const all = (errors ?? []) as AjvError[];
  if (all.length === 0) return { path: base, value: undefined, keyword: "schema", rule: "breaks the spec's schema" };
  const picked = pick(all);
  const first = picked[0]!;
  const field = fieldOf(first);
  const value =
    first.keyword === "required"
      ? undefined
      : first.propertyName !== undefined
        ? first.propertyName
        : offendingValue(first);
  return {
    path: joinPath(base, field),
    value,
    keyword: picked.length > 1 && first.keyword === "const" ? "enum" : first.keyword,
    limit: picked.length > 1 ? picked.map(limitOf) : limitOf(first),
    rule: ruleOf(first, picked),
  };
}

function offendingValue(error: AjvError): unknown {
  const data = error.data as Record<string, unknown> | undefined;
  if (error.keyword === "additionalProperties") return data?.[error.params.additionalProperty as string];
  if (error.keyword === "not") {
    const field = (error.schema as { required?: string[] } | undefined)?.required?.[0];
    return field === undefined ? data : data?.[field];
  }
  return error.data;
}
