/**
 * Which validators one bundle gets, and where their schemas are. Names are the same in every API
 * (a name is absent where the bundle has no such schema, e.g. no replace in 1.0):
 *
 *   <operationId>Body   the JSON request body of each operation (createAudienceBody, …)
 *   updateItem          one element of the update body's `ids` (oneOf add / remove)
 *   updateAdd, updateRemove   its branches, picked by `action`, for precise errors and half the work
 *   replaceItem         one element of the replace body's `ids`
 *   memberId            the `id` of an item (bare IDs in bulk uploads)
 *   attributeNames      the Attributes schema's `maxProperties` and `propertyNames` alone (CSV headers)
 *   audienceName, listLimit, listFrom   parameters
 *   audienceType        the create body's `type` (1.0 update also sends it)
 */
import {
  actionBranches,
  child,
  childOrUndefined,
  type Json,
  type Located,
  operations,
  parameterSchema,
  requestBodySchema,
  withoutAnnotations,
} from "./spec-schemas.js";

export interface SchemaPlan {
  /** The bundle without annotations, compiled as `bundle`. */
  document: Json;
  /** The bundle with descriptions kept (examples and x-* still dropped), for the explaining set. */
  described: Json;
  /** Validator name → `bundle#/pointer` or the `$id` of a derived schema. */
  refs: Map<string, string>;
  /** Schemas built here from the bundle's own keywords, by `$id`. */
  derived: Map<string, Json>;
  /** The located schemas, for the constants. */
  located: Map<string, Located>;
}

const ref = (where: Located) => `bundle#${where.pointer}`;
const ATTRIBUTE_NAMES_ID = "derived:attributeNames";

function audienceNameParameter(doc: Json): Located | undefined {
  for (const operationId of operations(doc).keys()) {
    const found = parameterSchema(doc, operationId, "audienceName") ?? parameterSchema(doc, operationId, "name");
    if (found) return found;
  }
  return undefined;
}

function itemSchemas(doc: Json, located: Map<string, Located>): void {
  const update = requestBodySchema(doc, "updateAudience");
  if (update) {
    located.set("updateBody", update);
    const item = child(doc, update, "properties", "ids", "items");
    located.set("updateItem", item);
    for (const [action, branch] of item.node.oneOf ? actionBranches(doc, item) : []) {
      located.set(`update${action[0]!.toUpperCase()}${action.slice(1)}`, branch);
    }
    // 1.0 has one item schema (action: enum) instead of add/remove branches.
    const add = located.get("updateAdd") ?? item;
    if (add) {
      located.set("memberId", child(doc, add, "properties", "id"));
      const attributes = childOrUndefined(doc, add, "properties", "attributes");
      if (attributes) located.set("attributes", attributes);
    }
  }
  const replace = requestBodySchema(doc, "replaceAudience");
  if (replace) located.set("replaceItem", child(doc, replace, "properties", "ids", "items"));
}

export function schemaPlan(bundle: Json): SchemaPlan {
  const document = withoutAnnotations(bundle) as Json;
  const located = new Map<string, Located>();
  const refs = new Map<string, string>();
  for (const operationId of operations(document).keys()) {
    const body = requestBodySchema(document, operationId);
    if (body) refs.set(`${operationId}Body`, ref(body));
  }
  itemSchemas(document, located);
  const create = requestBodySchema(document, "createAudience");
  const type = create && childOrUndefined(document, create, "properties", "type");
  if (type) located.set("audienceType", type);
  const name = audienceNameParameter(document);
  if (name) located.set("audienceName", name);
  const limit = parameterSchema(document, "listAudiences", "limit");
  if (limit) located.set("listLimit", limit);
  const from = parameterSchema(document, "listAudiences", "from");
  if (from) located.set("listFrom", from);
  for (const [key, where] of located) if (key !== "updateBody" && key !== "attributes") refs.set(key, ref(where));

  const derived = new Map<string, Json>();
  const attributes = located.get("attributes");
  if (attributes) {
    const { maxProperties, propertyNames } = attributes.node;
    derived.set(ATTRIBUTE_NAMES_ID, {
      type: "object",
      ...(maxProperties === undefined ? {} : { maxProperties }),
      ...(propertyNames === undefined ? {} : { propertyNames }),
    });
    refs.set("attributeNames", ATTRIBUTE_NAMES_ID);
  }
  return { document, described: withoutAnnotations(bundle, "", true) as Json, refs, derived, located };
}
