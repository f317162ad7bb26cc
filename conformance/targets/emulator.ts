/**
 * The emulator target: the local stateful emulator (src/emulator) behind the exact chain the live
 * target uses (one validating `prism proxy` per API), with throw-away keys that go through the live
 * credential path, so redaction and cleanup are exercised without touching Batch.
 */
import { randomBytes } from "node:crypto";
import {
  DIVERGE_HEADER,
  DIVERGENCE_NAMES,
  type Divergence,
  type EmulatorHandle,
  FAULT_HEADER,
  startEmulator,
} from "../../src/emulator/index.js";
import type { TargetAbilities } from "../runner.js";
import type { ApiId } from "../support/spec.js";
import { liveCredentials } from "./live.js";
import { type ProxyChoice, startProxyTarget } from "./proxy.js";
import type { Target } from "./types.js";

/** Statuses the emulator produces for real when asked with `X-Emulator-Fault`. */
export const EMULATOR_FAULT_STATUSES: readonly number[] = [403, 404, 429, 500, 503];

/** `X-Emulator-Fault` for the statuses the emulator can produce, undefined for the others. */
export function emulatorFaultHeaders(status: number): Record<string, string> | undefined {
  return EMULATOR_FAULT_STATUSES.includes(status) ? { [FAULT_HEADER]: String(status) } : undefined;
}

/** `X-Emulator-Diverge` for a profile the emulator knows, undefined for the others. */
export function emulatorDivergenceHeaders(name: string): Record<string, string> | undefined {
  return (DIVERGENCE_NAMES as readonly string[]).includes(name) ? { [DIVERGE_HEADER]: name } : undefined;
}

/** What the emulator target can run, known before it starts (completeness, vitest registration). */
export const EMULATOR_ABILITIES: TargetAbilities = {
  kind: "real",
  faultHeaders: emulatorFaultHeaders,
  divergenceHeaders: emulatorDivergenceHeaders,
};

/**
 * Indexing delay of the emulator under the suite: long enough that a view right after a write
 * reports IN_PROGRESS (so the sequences really poll), short enough to keep the run fast.
 */
export const EMULATOR_INDEXING_DELAY_MS = 60;

export interface EmulatorTargetOptions {
  apis?: readonly ApiId[];
  seed?: number;
  indexingDelayMs?: number;
  /** Answer like a Batch that differs from the specs' inferences (the emulator's profiles). */
  divergences?: readonly Divergence[];
  /** The validating Prism proxy in front (default `auto`: when Prism is installed). */
  proxy?: ProxyChoice;
}

/** Fresh keys for one run; shaped like what live reads from BATCH_* variables. */
export function throwAwayKeyEnv(): NodeJS.ProcessEnv {
  const hex = () => randomBytes(12).toString("hex");
  return {
    BATCH_REST_KEY: `emu-rest-${hex()}`,
    BATCH_API_KEY: `EMU_APP_${hex()}`,
    BATCH_PROJECT_KEY: `project_emu_${hex()}`,
  };
}

export type EmulatorTarget = Target & { emulator: EmulatorHandle };

export async function startEmulatorTarget(options: EmulatorTargetOptions = {}): Promise<EmulatorTarget> {
  // The same function live uses to read its keys, so the Target's `secrets` are built the same way.
  const credentials = liveCredentials(throwAwayKeyEnv(), true);
  const emulator = await startEmulator({
    keys: { restKeys: [credentials.restKey], apiKeys: [credentials.apiKey], projectKeys: [credentials.projectKey] },
    indexingDelayMs: options.indexingDelayMs ?? EMULATOR_INDEXING_DELAY_MS,
    seed: options.seed ?? 1,
    ...(options.divergences ? { divergences: options.divergences } : {}),
  });
  let proxied: Target;
  try {
    proxied = await startProxyTarget({
      name: "emulator",
      upstreams: emulator.urls,
      credentials,
      ...(options.apis ? { apis: options.apis } : {}),
      ...(options.proxy ? { proxy: options.proxy } : {}),
    });
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    ...proxied,
    emulator,
    indexingDeadlineMs: 5_000,
    faultHeaders: emulatorFaultHeaders,
    divergenceHeaders: emulatorDivergenceHeaders,
    // Proxies first (they forward to the emulator), then the emulator; cleanup has already run.
    stop: () => (stopping ??= proxied.stop().finally(() => emulator.stop())),
    remainingAudiences: async (prefix) =>
      (["custom-audience-1.0", "custom-audience-1.1", "audience-2"] as const).flatMap((api) =>
        emulator
          .audienceNames(api, api === "audience-2" ? credentials.projectKey : credentials.apiKey)
          .filter((a) => a.name.startsWith(prefix))
          .map((a) => ({ api, name: a.name })),
      ),
  };
}
