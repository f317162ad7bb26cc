/** The three APIs the emulator serves, named as everywhere else in the project (generated from the specs). */
import { type ApiId, V2_VERSION_PATTERN } from "../../generated/constants.js";

export { API_IDS, type ApiId } from "../../generated/constants.js";

/** Error-body family: 1.x numeric codes, 2.x string codes. */
export type Family = "v1" | "v2";
export function familyOf(api: ApiId): Family {
  return api === "audience-2" ? "v2" : "v1";
}

export type OperationName = "create" | "update" | "replace" | "delete" | "view" | "list";
export const WRITE_OPERATIONS: ReadonlySet<OperationName> = new Set(["create", "update", "replace", "delete"]);

/**
 * The 2.x versions seen in the wild, the default and the pattern of any version: generated from the
 * spec's `{version}` server variable (`x-batch-versions-seen`, `default`, `x-batch-version-pattern`).
 * The emulator serves every `2.N`, not only the versions seen.
 */
export { DEFAULT_V2_VERSION, V2_VERSION_PATTERN, V2_VERSIONS_SEEN as V2_VERSIONS } from "../../generated/constants.js";

export function isV2Version(value: string): boolean {
  return V2_VERSION_PATTERN.test(value);
}
