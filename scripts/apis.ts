/**
 * The three Batch API generations this project describes. One list, read by generation, docs,
 * spec tests and the conformance suite, so adding a generation is one entry here plus its tree.
 */
export interface ApiEntry {
  /** Folder name under openapi/ and generated/. */
  readonly id: "custom-audience-1.0" | "custom-audience-1.1" | "audience-2";
  /** Entry name in redocly.yaml `apis:`. */
  readonly redoclyName: string;
  /** Human title for the docs index. */
  readonly title: string;
}

export const APIS: readonly ApiEntry[] = [
  { id: "custom-audience-1.0", redoclyName: "custom-audience@1.0", title: "Custom Audience API 1.0" },
  { id: "custom-audience-1.1", redoclyName: "custom-audience@1.1", title: "Custom Audience API 1.1" },
  { id: "audience-2", redoclyName: "audience@2", title: "Audience API 2.x" },
];

/** Absolute paths used by the pipeline, relative to the repository root. */
export const paths = {
  specRoot: (id: ApiEntry["id"]) => `openapi/${id}/openapi.yaml`,
  bundle: (id: ApiEntry["id"]) => `generated/${id}/openapi.yaml`,
  types: (id: ApiEntry["id"]) => `generated/${id}/schema.ts`,
  docsDir: "docs-site",
} as const;
