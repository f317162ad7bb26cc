/**
 * Public entry of the emulator: a stateful local stand-in for Batch's Custom Audience 1.0 / 1.1 and
 * Audience 2.x APIs. See README.md in this folder.
 */

export type { ApiId, OperationName } from "./api-ids.js";
export { API_IDS, DEFAULT_V2_VERSION, isV2Version, V2_VERSION_PATTERN, V2_VERSIONS } from "./api-ids.js";
export {
  type CliConfig as EmulatorCliConfig,
  type CliEnv as EmulatorCliEnv,
  HELP as EMULATOR_CLI_HELP,
  parseCli as parseEmulatorArgs,
} from "./cli.js";
export type { FaultSettings } from "./control.js";
export type { Divergence } from "./divergences.js";
export { DIVERGE_HEADER, DIVERGENCE_NAMES, DIVERGENCES } from "./divergences.js";
export type { EmulatorCredentials, EmulatorHandle, EmulatorOptions } from "./emulator.js";
export { startEmulator } from "./emulator.js";
export type { FaultCounts, FaultKind, FaultOptions, FaultRule } from "./faults.js";
export { FAULT_HEADER, FAULT_KINDS, REFUSAL_FAULT_KINDS } from "./faults.js";
export { MAX_BODY_BYTES } from "./http-io.js";
export type { IndexingOptions, IndexingRule, IndexingSettings } from "./indexing.js";
export { INDEXING_DELAY_HEADER, INDEXING_POLLS_HEADER } from "./indexing.js";
export type { EmulatorKeys } from "./keys.js";
export { ANY_KEY, DEFAULT_KEYS } from "./keys.js";
export type { EmulatorClock, RateLimit, RateLimitOptions, RateLimitSettings } from "./rate-limit.js";
export type { EmulatorStats } from "./stats.js";
export type { MemberData } from "./store.js";
