export {
  createCustomAudienceClient,
  DEFAULT_CUSTOM_AUDIENCE_BASE_URL,
  type CustomAudience,
  type CustomAudienceClient,
  type CustomAudienceClient10,
  type CustomAudienceClient11,
  type CustomAudienceClientOptions,
  type CustomAudienceReplaceItem,
  type CustomAudienceSummary,
  type CustomAudienceType,
  type CustomAudienceUpdateItem,
  type CustomAudienceVersion,
  type RawPaths10,
  type RawPaths11,
} from "./custom-audience-client.js";
export {
  createAudienceClient,
  DEFAULT_AUDIENCE_API_VERSION,
  type Audience,
  type AudienceClient,
  type AudienceClientOptions,
  type AudiencePage,
  type AudienceReplaceItem,
  type AudienceUpdateItem,
  type RawAudiencePaths,
} from "./audience-client.js";
export type { BaseClientOptions, RequestOptions } from "./client-core.js";
export * from "./errors.js";
export type { BulkOptions, BulkProgress, BulkResult, FailedChunk, AcceptedChunk, InvalidItem } from "./bulk/engine.js";
export { inBatches, type BatchedInput, type BulkSource } from "./bulk/item-source.js";
export type { BulkInput, BulkReplaceOptions, BulkUpdateOptions as BulkUpdateOptionsBase } from "./bulk/client-bulk.js";
export type { IndexingOutcome, WaitForIndexingOptions } from "./indexing.js";
export type { LogEntry, Logger, FetchLike } from "./transport.js";
export { DEFAULT_RETRY_POLICY, ONE_X_RATE_LIMIT_FLOOR_MS, parseRetryAfter } from "./retry-policy.js";
export {
  AUDIENCE_NAME_PATTERN,
  ATTRIBUTE_NAME_PATTERN,
  MAX_IDS_PER_CALL,
  checkAudienceName,
  type Attributes,
  type AttributeValue,
  type IdOperation,
  type ReplaceEntry,
} from "./validation.js";
export { ONE_X_ERROR_NAMES } from "./error-mapping.js";
