/** Applies checked update and replace bodies to an audience's member Map. */
import type { IdAction, ReplaceItem } from "./request-bodies.js";
import { type Audience, type MemberData, NO_DATA } from "./store.js";

/**
 * An `add` sets the ID's attributes and tags to exactly those sent (none sent: none kept), so the
 * final content of an audience only depends on the last operation for each ID.
 */
function dataOf(item: { attributes?: MemberData["attributes"]; tags?: string[] }): MemberData {
  if (item.attributes === undefined && item.tags === undefined) return NO_DATA;
  const data: MemberData = {};
  if (item.attributes !== undefined) data.attributes = item.attributes;
  if (item.tags !== undefined) data.tags = item.tags;
  return data;
}

/** In order, so when an ID appears several times the last action wins. */
export function applyActions(audience: Audience, ids: readonly IdAction[]): void {
  const members = audience.members;
  for (let i = 0; i < ids.length; i++) {
    const item = ids[i]!;
    if (item.action === "add") members.set(item.id, dataOf(item));
    else members.delete(item.id);
  }
}

/** Every previous member goes; the given IDs (last entry wins) with their attributes and tags stay. */
export function replaceMembers(audience: Audience, ids: readonly ReplaceItem[]): void {
  const members = new Map<string, MemberData>();
  for (let i = 0; i < ids.length; i++) {
    const item = ids[i]!;
    members.set(item.id, dataOf(item));
  }
  audience.members = members;
}
