/**
 * For the fast validators only: rewrites a `oneOf` whose branches exclude each other into an
 * equivalent `if`/`then`/`else` chain. Ajv checks every `oneOf` branch and builds an error object
 * for each one that fails, even when the value is valid (a number attribute fails the string branch
 * first); `if` conditions create no errors, so the rewritten validator allocates nothing on success.
 *
 * Equivalence: when at most one branch can hold for any value, "exactly one branch holds" is "the
 * branch picked by the discriminator holds". Branches exclude each other when each declares one
 * `type` and the types are pairwise disjoint (number and integer overlap, so they never qualify), or
 * when each requires the same property with a different `const`. Anything else is left alone.
 * The diagnostic validators keep the spec's own `oneOf` (their errors name every branch).
 */
import type { Json } from "./spec-schemas.js";

type Condition = Json;

function resolve(doc: Json, node: Json): Json {
  let current = node;
  for (let hops = 0; typeof current.$ref === "string" && hops < 20; hops++) {
    let target: unknown = doc;
    for (const key of (current.$ref as string).replace(/^#\//, "").split("/")) target = (target as Json)[key];
    current = target as Json;
  }
  return current;
}

function byType(branches: Json[]): Condition[] | undefined {
  const types = branches.map((b) => b.type);
  if (!types.every((t): t is string => typeof t === "string")) return undefined;
  if (new Set(types).size !== types.length || (types.includes("number") && types.includes("integer"))) return undefined;
  return types.map((type) => ({ type }));
}

function byConst(branches: Json[]): Condition[] | undefined {
  const first = branches[0];
  for (const property of ((first?.required as string[] | undefined) ?? []).filter((p) => typeof p === "string")) {
    const consts = branches.map((b) =>
      ((b.required as string[] | undefined) ?? []).includes(property)
        ? ((b.properties as Json | undefined)?.[property] as Json | undefined)?.const
        : undefined,
    );
    const defined = consts.every((c) => c !== undefined && typeof c !== "object");
    if (defined && new Set(consts).size === consts.length) {
      return consts.map((value) => ({ required: [property], properties: { [property]: { const: value } } }));
    }
  }
  return undefined;
}

function chain(branches: unknown[], conditions: Condition[]): Json {
  const last = branches.length - 1;
  let node = branches[last] as Json;
  for (let i = last - 1; i >= 0; i--) {
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords, never awaited.
    node = { if: conditions[i], then: branches[i], else: node };
  }
  return node;
}

/** A copy of `node` (within `doc`) with every exclusive `oneOf` rewritten. */
export function exclusiveOneOf(doc: Json, node: unknown = doc): unknown {
  if (Array.isArray(node)) return node.map((item) => exclusiveOneOf(doc, item));
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = exclusiveOneOf(doc, value);
  const oneOf = (node as Json).oneOf;
  if (!Array.isArray(oneOf) || oneOf.length < 2) return out;
  const resolved = oneOf.map((branch) => resolve(doc, branch as Json));
  const conditions = byType(resolved) ?? byConst(resolved);
  if (!conditions) return out;
  const branches = out.oneOf as unknown[];
  delete out.oneOf;
  out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), chain(branches, conditions)];
  return out;
}
