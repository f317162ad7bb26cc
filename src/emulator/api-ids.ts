/** The three APIs the emulator serves, named as everywhere else in the project. */
export type ApiId = "custom-audience-1.0" | "custom-audience-1.1" | "audience-2";
export const API_IDS: readonly ApiId[] = ["custom-audience-1.0", "custom-audience-1.1", "audience-2"];

/** Error-body family: 1.x numeric codes, 2.x string codes. */
export type Family = "v1" | "v2";
export function familyOf(api: ApiId): Family {
  return api === "audience-2" ? "v2" : "v1";
}

export type OperationName = "create" | "update" | "replace" | "delete" | "view" | "list";
export const WRITE_OPERATIONS: ReadonlySet<OperationName> = new Set(["create", "update", "replace", "delete"]);

/**
 * The 2.x versions seen in the wild: the spec's `x-batch-versions-seen` on its `{version}` server
 * variable (generated/audience-2/openapi.yaml); test/emulator checks the two lists stay equal.
 * The emulator serves every `2.N`, not only these.
 */
export const V2_VERSIONS: readonly string[] = [
  "2.1",
  "2.2",
  "2.3",
  "2.4",
  "2.5",
  "2.6",
  "2.7",
  "2.8",
  "2.9",
  "2.10",
  "2.11",
  "2.13",
];
export const DEFAULT_V2_VERSION = "2.11";
/** Any `2.N`: the spec's `x-batch-version-pattern` (Batch's server variable has no enum). */
export const V2_VERSION_PATTERN = /^2\.\d+$/;

export function isV2Version(value: string): boolean {
  return V2_VERSION_PATTERN.test(value);
}
