/**
 * `startEmulator()`: a stateful stand-in for Batch's audience APIs on 127.0.0.1, with every
 * response shaped by the specs in generated/, seeded fault injection and a control surface.
 */
import type { AddressInfo } from "node:net";
import { API_IDS, type ApiId, DEFAULT_V2_VERSION } from "./api-ids.js";
import type { ControlTarget, FaultSettings } from "./control.js";
import { type Divergence, parseDivergences } from "./divergences.js";
import { FaultInjector, type FaultOptions, type FaultRule } from "./faults.js";
import { IndexingModel, type IndexingOptions } from "./indexing.js";
import { type EmulatorKeys, resolveKeys } from "./keys.js";
import { seededRandom } from "./random.js";
import { type EmulatorClock, RateLimiter, type RateLimitOptions, type RateLimitSettings } from "./rate-limit.js";
import { createEmulatorServer, type EmulatorState } from "./server.js";
import { type EmulatorStats, StatsCounter } from "./stats.js";
import { AudienceStore, type MemberData } from "./store.js";

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 or unset picks a free one. */
  port?: number;
  /** Accepted credentials; each list defaults to DEFAULT_KEYS. `"*"` accepts any non-empty value. */
  keys?: Partial<EmulatorKeys>;
  /** How long each write reports IN_PROGRESS before APPLIED (default 0: applied at once). */
  indexingDelayMs?: number;
  /** How many views of each write report IN_PROGRESS before APPLIED (default 0). Clock-free. */
  indexingPolls?: number;
  /** Start with indexing held: writes stay IN_PROGRESS until `releaseIndexing()`. Clock-free. */
  holdIndexing?: boolean;
  faults?: FaultOptions;
  /** Seed of fault draws and indexing tokens (default 1). */
  seed?: number;
  /** 2.x version put in `urls["audience-2"]` (default 2.11); every `2.N` is served. */
  v2Version?: string;
  /** Answer like a Batch that differs from the specs' inferences on these points (see DIVERGENCES). */
  divergences?: readonly Divergence[];
  /** Per-key token-bucket limits per API (default: none). See rate-limit.ts. */
  rateLimits?: RateLimitOptions;
  /** Monotonic milliseconds for the rate limits' buckets and indexing delays (default `performance.now`). */
  clock?: EmulatorClock;
}

/** One set of credentials the emulator accepts, shaped like the conformance suite's `Credentials`. */
export interface EmulatorCredentials {
  restKey: string;
  apiKey: string;
  projectKey: string;
}

export interface EmulatorHandle extends ControlTarget {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  readonly port: number;
  /** Base URL per API, as the client and `prism proxy` want them (2.x includes its version). */
  readonly urls: Record<ApiId, string>;
  /** The first accepted key of each kind ("*" lists give a placeholder value). */
  readonly credentials: EmulatorCredentials;
  /** Stops listening and closes every connection. Safe to call more than once. */
  stop(): Promise<void>;
  /** A copy of one audience's members (ID → attributes/tags), or undefined when it does not exist. */
  audienceMembers(api: ApiId, key: string, name: string): Map<string, MemberData> | undefined;
}

function firstUsable(list: readonly string[], placeholder: string): string {
  return list.find((key) => key !== "*") ?? placeholder;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const seed = options.seed ?? 1;
  const keys = resolveKeys(options.keys);
  const clock = options.clock ?? (() => performance.now());
  const indexing = new IndexingModel(clock);
  indexing.configure({
    delayMs: options.indexingDelayMs ?? 0,
    polls: options.indexingPolls ?? 0,
    hold: options.holdIndexing ?? false,
  });
  const state: EmulatorState = {
    // Tokens and faults use separate streams, so enabling faults does not change the tokens.
    store: new AudienceStore(seededRandom(seed ^ 0x5bd1e995), indexing),
    faults: new FaultInjector(seed, options.faults),
    keys,
    stats: new StatsCounter(),
    rateLimiter: new RateLimiter(clock, options.rateLimits),
    indexing,
    divergences: new Set(parseDivergences(options.divergences ?? [])),
  };

  const control = createControl(state);

  const server = createEmulatorServer(state, control);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;

  return {
    ...control,
    baseUrl,
    port,
    urls: {
      "custom-audience-1.0": baseUrl,
      "custom-audience-1.1": baseUrl,
      "audience-2": `${baseUrl}/${options.v2Version ?? DEFAULT_V2_VERSION}`,
    },
    credentials: {
      restKey: firstUsable(keys.restKeys, "any-rest-key"),
      apiKey: firstUsable(keys.apiKeys, "ANY_APP_KEY"),
      projectKey: firstUsable(keys.projectKeys, "project_any"),
    },
    audienceMembers(api, key, name) {
      const members = control.membersView(api, key, name);
      return members ? new Map(members) : undefined;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

/** The control surface (stats, faults, rate limits, divergences, state) over one emulator's state. */
function createControl(state: EmulatorState): ControlTarget {
  return {
    stats(): EmulatorStats {
      return {
        requests: state.stats.requests,
        responses: { ...state.stats.responses },
        cut: state.stats.cut,
        faults: state.faults.injected(),
        rateLimited: state.rateLimiter.limitedTotal(),
        writesApplied: state.stats.writesApplied,
        idsIngested: state.stats.idsIngested,
        audiences: API_IDS.reduce((sum, api) => sum + state.store.countAll(api), 0),
        memory: { heapUsedBytes: process.memoryUsage().heapUsed, rssBytes: process.memoryUsage.rss() },
      };
    },
    resetStats() {
      state.stats.reset();
      state.faults.resetCounts();
      state.rateLimiter.resetCounts();
    },
    reset() {
      state.store.clear();
    },
    faultSettings(): FaultSettings {
      return state.faults.settings();
    },
    setFaults(faults: FaultOptions) {
      state.faults.configure(faults);
    },
    injectFaults(...rules: FaultRule[]) {
      state.faults.inject(...rules);
    },
    rateLimits(): RateLimitSettings {
      return state.rateLimiter.settings();
    },
    setRateLimits(limits: RateLimitOptions) {
      state.rateLimiter.configure(limits);
    },
    setIndexingDelay(ms: number) {
      state.indexing.configure({ delayMs: ms });
    },
    indexing() {
      return state.indexing.settings();
    },
    setIndexing(options: IndexingOptions) {
      return state.indexing.configure(options);
    },
    holdIndexing() {
      state.indexing.configure({ hold: true });
    },
    releaseIndexing() {
      state.indexing.configure({ hold: false });
    },
    divergences() {
      return [...state.divergences];
    },
    setDivergences(names: readonly Divergence[]) {
      state.divergences = new Set(parseDivergences(names));
    },
    audienceNames(api: ApiId, key: string) {
      return state.store
        .newestFirst(api, key)
        .map((audience) => ({ name: audience.name, nb_ids: audience.members.size }));
    },
    membersView(api: ApiId, key: string, name: string) {
      return state.store.get(api, key, name)?.members;
    },
  };
}
