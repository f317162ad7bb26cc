/** The one name for "which API", and the limits read from the specs (generated/constants.ts). */
export { API_IDS, type ApiId, type ApiLimits, LIMITS } from "../generated/constants.js";
export {
  type Audience,
  type AudienceClient,
  type AudienceClientOptions,
  type AudiencePage,
  type AudienceReplaceItem,
  type AudienceUpdateItem,
  createAudienceClient,
  DEFAULT_AUDIENCE_API_VERSION,
  type RawAudiencePaths,
} from "./client/audience-client.js";
export type {
  BulkInput,
  BulkReplaceOptions,
  BulkUpdateOptions as BulkUpdateOptionsBase,
} from "./client/bulk/client-bulk.js";
export { type BatchedInput, type BulkSource, inBatches } from "./client/bulk/item-source.js";
export type {
  AcceptedChunk,
  BulkOperation,
  BulkOptions,
  BulkProgress,
  BulkResult,
  ChunkSettled,
  FailedChunk,
  InvalidItem,
} from "./client/bulk/types.js";
export type { BaseClientOptions, RequestOptions } from "./client/client-core.js";
export {
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
  createCustomAudienceClient,
  DEFAULT_CUSTOM_AUDIENCE_BASE_URL,
  type RawPaths10,
  type RawPaths11,
} from "./client/custom-audience-client.js";
export { ONE_X_ERROR_NAMES } from "./client/error-mapping.js";
export * from "./client/errors.js";
export { DEFAULT_RETRY_POLICY, ONE_X_RATE_LIMIT_FLOOR_MS, parseRetryAfter } from "./client/http/retry-policy.js";
export { AdaptiveThrottle, type ThrottleOptions, type ThrottleSnapshot } from "./client/http/throttle.js";
export type { ThrottleProgress, ThrottleSetting } from "./client/http/throttle-option.js";
export type { FetchLike, LogEntry, Logger } from "./client/http/transport.js";
export type { IndexingOutcome, WaitForIndexingOptions } from "./client/indexing.js";
export {
  ATTRIBUTE_NAME_PATTERN,
  type Attributes,
  type AttributeValue,
  AUDIENCE_NAME_PATTERN,
  checkAudienceName,
  type IdOperation,
  MAX_IDS_PER_CALL,
  type ReplaceEntry,
} from "./client/validation.js";
