/**
 * Hand-written checks of every request body, mirroring the closed request schemas of the three
 * bundles (test/emulator compares their verdicts with Ajv on generated bodies). They only check:
 * handlers then read the validated body directly, so a 10,000-ID body is walked twice and never
 * copied.
 */
import { checkAttributes, checkTags } from "./attributes.js";
import {
  bodyObject,
  checkAudienceName,
  checkEnum,
  checkIdArray,
  checkString,
  isObject,
  type JsonObject,
  onlyKeys,
  required,
} from "./body-checks.js";
import { malformed } from "./errors.js";

export const V10_TYPES = ["custom_ids", "advertising_ids"] as const;
export const V11_TYPES = ["install_ids"] as const;
export type V1AudienceType = (typeof V10_TYPES)[number] | (typeof V11_TYPES)[number];

export interface CreateV1 {
  type: V1AudienceType;
  description?: string;
}

export function checkCreateV1(raw: unknown, types: readonly V1AudienceType[]): CreateV1 {
  const body = bodyObject(raw);
  onlyKeys(body, ["type", "description"], "");
  checkEnum(required(body, "type", ""), types, "type");
  if (body.description !== undefined) checkString(body.description, "description");
  return body as unknown as CreateV1;
}

export interface CreateV2 {
  name: string;
  type: "custom_ids";
  display_name?: string;
}

export function checkCreateV2(raw: unknown): CreateV2 {
  const body = bodyObject(raw);
  onlyKeys(body, ["name", "display_name", "type"], "");
  checkAudienceName(required(body, "name", ""), "name");
  checkEnum(required(body, "type", ""), ["custom_ids"], "type");
  if (body.display_name !== undefined) checkString(body.display_name, "display_name");
  return body as unknown as CreateV2;
}

/** An add or remove item, already checked. */
export interface IdAction {
  action: "add" | "remove";
  id: string;
  attributes?: JsonObject;
  tags?: string[];
}

/** An item of a replace body, already checked. */
export interface ReplaceItem {
  id: string;
  attributes?: JsonObject;
  tags?: string[];
}

interface ItemRules {
  /** Whether `add` items may carry attributes (1.1, 2.x). */
  attributes: boolean;
  /** Whether `add` items may carry tags (1.1 only). */
  tags: boolean;
}

export const V10_ITEMS: ItemRules = { attributes: false, tags: false };
export const V11_ITEMS: ItemRules = { attributes: true, tags: true };
export const V2_ITEMS: ItemRules = { attributes: true, tags: false };

function checkActions(value: unknown, rules: ItemRules): IdAction[] {
  const ids = checkIdArray(value, "ids");
  const addKeys = ["action", "id", ...(rules.attributes ? ["attributes"] : []), ...(rules.tags ? ["tags"] : [])];
  for (let i = 0; i < ids.length; i++) {
    const where = `ids[${i}]`;
    const item = ids[i];
    if (!isObject(item)) throw malformed(where, "must be an object");
    const action = checkEnum(required(item, "action", where), ["add", "remove"], `${where}.action`);
    if (action === "remove" && (item.attributes !== undefined || item.tags !== undefined)) {
      throw malformed(
        `${where}.${item.attributes !== undefined ? "attributes" : "tags"}`,
        "only accepted for the add action",
      );
    }
    onlyKeys(item, action === "add" ? addKeys : ["action", "id"], where);
    checkString(required(item, "id", where), `${where}.id`, 1);
    if (item.attributes !== undefined) checkAttributes(item.attributes, `${where}.attributes`);
    if (item.tags !== undefined) checkTags(item.tags, `${where}.tags`);
  }
  return ids as IdAction[];
}

function checkReplaceItems(value: unknown, rules: ItemRules): ReplaceItem[] {
  const ids = checkIdArray(value, "ids");
  const keys = ["id", ...(rules.attributes ? ["attributes"] : []), ...(rules.tags ? ["tags"] : [])];
  for (let i = 0; i < ids.length; i++) {
    const where = `ids[${i}]`;
    const item = ids[i];
    if (!isObject(item)) throw malformed(where, "must be an object");
    onlyKeys(item, keys, where);
    checkString(required(item, "id", where), `${where}.id`, 1);
    if (item.attributes !== undefined) checkAttributes(item.attributes, `${where}.attributes`);
    if (item.tags !== undefined) checkTags(item.tags, `${where}.tags`);
  }
  return ids as ReplaceItem[];
}

export interface UpdateV10 {
  type: (typeof V10_TYPES)[number];
  ids: IdAction[];
}

export function checkUpdateV10(raw: unknown): UpdateV10 {
  const body = bodyObject(raw);
  onlyKeys(body, ["type", "ids"], "");
  const type = checkEnum(required(body, "type", ""), V10_TYPES, "type");
  const ids = checkActions(required(body, "ids", ""), V10_ITEMS);
  return { type, ids };
}

export function checkUpdateV11(raw: unknown): { ids: IdAction[] } {
  const body = bodyObject(raw);
  onlyKeys(body, ["ids"], "");
  return { ids: checkActions(required(body, "ids", ""), V11_ITEMS) };
}

export function checkReplaceV11(raw: unknown): { ids: ReplaceItem[] } {
  const body = bodyObject(raw);
  onlyKeys(body, ["ids"], "");
  return { ids: checkReplaceItems(required(body, "ids", ""), V11_ITEMS) };
}

export function checkUpdateV2(raw: unknown): { name: string; ids: IdAction[] } {
  const body = bodyObject(raw);
  onlyKeys(body, ["name", "ids"], "");
  const name = checkAudienceName(required(body, "name", ""), "name");
  return { name, ids: checkActions(required(body, "ids", ""), V2_ITEMS) };
}

export function checkReplaceV2(raw: unknown): { name: string; ids: ReplaceItem[] } {
  const body = bodyObject(raw);
  onlyKeys(body, ["name", "ids"], "");
  const name = checkAudienceName(required(body, "name", ""), "name");
  return { name, ids: checkReplaceItems(required(body, "ids", ""), V2_ITEMS) };
}

export function checkDeleteV2(raw: unknown): { name: string } {
  const body = bodyObject(raw);
  onlyKeys(body, ["name"], "");
  return { name: checkAudienceName(required(body, "name", ""), "name") };
}
