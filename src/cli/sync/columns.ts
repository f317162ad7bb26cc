/**
 * How CSV header names map to the request: the ID column (`id` by default), a `tags` column
 * (1.1 only, values separated by `|`), and every other column is an attribute named after its
 * header. A `:number`, `:array` or `:string` suffix types the column (`age:number`, `interests:array`
 * with `|`-separated values); otherwise values stay strings. Empty cells are left out.
 */
import { UsageError } from "../../shared/usage-error.js";
import { checkAttributeNames } from "../../shared/validation/checks.js";
import { type ApiVersion, apiIdOf } from "../keys.js";

export type ColumnKind = "string" | "number" | "array";

export interface AttributeColumn {
  index: number;
  name: string;
  kind: ColumnKind;
}

export interface ColumnPlan {
  idIndex: number;
  tagsIndex: number | undefined;
  attributes: AttributeColumn[];
  width: number;
}

export interface ColumnOptions {
  idColumn: string | undefined;
  ignore: readonly string[];
  api: ApiVersion;
  /** Removals carry no attributes or tags, so other columns are left aside. */
  idsOnly: boolean;
}

export const LIST_SEPARATOR = "|";

export const COLUMN_KINDS: readonly ColumnKind[] = ["string", "number", "array"];

/**
 * `age:number` → name "age", kind "number"; no suffix → a string. Attribute names hold no colon, so
 * whatever follows the last one is meant as a type: an unknown one is reported as a type problem
 * (listing the valid suffixes), not blamed on the name. Used by CSV headers and `--attribute`.
 */
export function typedName(raw: string): { name: string; kind: ColumnKind } | { problem: string } {
  const colon = raw.lastIndexOf(":");
  if (colon < 0) return { name: raw, kind: "string" };
  const name = raw.slice(0, colon);
  const kind = raw.slice(colon + 1);
  if ((COLUMN_KINDS as readonly string[]).includes(kind)) return { name, kind: kind as ColumnKind };
  const valid = COLUMN_KINDS.map((k) => `:${k}`).join(", ");
  return {
    problem: `"${raw}": unknown type ":${kind}" (valid suffixes: ${valid}; e.g. "${name}:number")`,
  };
}

export function planColumns(header: readonly string[], options: ColumnOptions): ColumnPlan {
  const names = header.map((h) => h.trim());
  const wanted = options.idColumn ?? "id";
  let idIndex = names.indexOf(wanted);
  if (idIndex < 0 && options.idColumn === undefined) idIndex = names.findIndex((n) => n.toLowerCase() === "id");
  if (idIndex < 0) {
    throw new UsageError(
      `the CSV header has no "${wanted}" column (columns: ${names.map((n) => JSON.stringify(n)).join(", ")}); name the ID column with --id-column`,
    );
  }
  const plan: ColumnPlan = { idIndex, tagsIndex: undefined, attributes: [], width: names.length };
  if (options.idsOnly) return plan;
  const problems: string[] = [];
  names.forEach((raw, index) => {
    if (index === idIndex || options.ignore.includes(raw)) return;
    if (raw === "tags") {
      if (options.api !== "1.1") problems.push(`"tags": only Custom Audience API 1.1 takes tags`);
      plan.tagsIndex = index;
      return;
    }
    const typed = typedName(raw);
    if ("problem" in typed) {
      problems.push(typed.problem);
      return;
    }
    const { name, kind } = typed;
    if (options.api === "1.0") problems.push(`"${raw}": Custom Audience API 1.0 takes no attributes`);
    else {
      const failure = checkAttributeNames(apiIdOf(options.api), { [name]: null }, name);
      if (failure) problems.push(`"${raw}": attribute ${failure.rule}`);
    }
    plan.attributes.push({ index, name, kind });
  });
  if (problems.length === 0 && plan.attributes.length > 0) {
    // The spec's attribute count (maxProperties), checked on the header: a row filling every column would fail.
    const names = Object.fromEntries(plan.attributes.map((column) => [column.name, null]));
    const failure = checkAttributeNames(apiIdOf(options.api), names, "");
    if (failure) {
      problems.push(
        `${plan.attributes.length} attribute columns, but an ID takes at most ${String(failure.limit)} attributes (the spec's ${failure.keyword})`,
      );
    }
  }
  if (problems.length > 0) {
    throw new UsageError(
      `CSV columns that cannot be sent: ${problems.join("; ")} (skip them with --ignore-column NAME)`,
    );
  }
  return plan;
}

/** A typed cell; `undefined` when a number column holds something else. */
export function cellValue(raw: string, kind: "string" | "number" | "array"): unknown {
  if (kind === "number") {
    const value = Number(raw);
    return raw.trim() === "" || !Number.isFinite(value) ? undefined : value;
  }
  if (kind === "array")
    return raw
      .split(LIST_SEPARATOR)
      .map((s) => s.trim())
      .filter((s) => s !== "");
  return raw;
}
