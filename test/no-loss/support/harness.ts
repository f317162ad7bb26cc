/**
 * The no-data-loss runs' harness: the fault mix, clients wired to the emulator with a retry ledger,
 * and the checks every run makes (every fault kind injected, one token per accepted chunk, failed
 * chunks re-sent until accepted).
 */
import { expect } from "vitest";
import { type ApiId, type EmulatorHandle, FAULT_KINDS, type FaultKind } from "../../../src/emulator/index.js";
import {
  BatchAlreadyExistsError,
  type BulkResult,
  createAudienceClient,
  createCustomAudienceClient,
} from "../../../src/index.js";
import { positionsToResend, type RetryLedger } from "./audit.js";
import type { StreamItem } from "./stream.js";

/** 10% of requests, split evenly over the eight kinds. */
export const RATES = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0.1 / FAULT_KINDS.length])) as Record<
  FaultKind,
  number
>;
/**
 * Retry waits are lowered to keep the runs short. The per-attempt timeout is generous on purpose:
 * no fault relies on it (a `slow` answer takes 40 ms), and on a loaded machine a short one would
 * add retries that no fault caused, which the fault/retry accounting would then (rightly) flag.
 */
export const RETRY = { baseDelayMs: 5, maxDelayMs: 100, timeoutMs: 120_000 };
/** 1.x also lowers the 429 floor (Batch advises 5 s). */
export const ONE_X = { ...RETRY, rateLimitFloorMs: 20 };

/** Helpers bound to the file's emulator (a getter, since it starts in beforeAll). */
export function harness(emulator: () => EmulatorHandle) {
  const keyOf = (api: ApiId) =>
    api === "audience-2" ? emulator().credentials.projectKey : emulator().credentials.apiKey;
  return {
    members: (api: ApiId, name: string) => emulator().membersView(api, keyOf(api), name),
    countNamed: (api: ApiId, name: string) =>
      emulator()
        .audienceNames(api, keyOf(api))
        .filter((a) => a.name === name).length,

    clientFor(api: ApiId, ledger: RetryLedger) {
      const credentials = emulator().credentials;
      const common = {
        restKey: credentials.restKey,
        baseUrl: emulator().urls[api],
        logger: ledger.logger,
        fetch: ledger.fetch,
      };
      if (api === "audience-2")
        return { v2: createAudienceClient({ ...common, projectKey: credentials.projectKey, ...RETRY }) };
      if (api === "custom-audience-1.1")
        return { v11: createCustomAudienceClient({ ...common, version: "1.1", apiKey: credentials.apiKey, ...ONE_X }) };
      return { v10: createCustomAudienceClient({ ...common, version: "1.0", apiKey: credentials.apiKey, ...ONE_X }) };
    },

    /** One of every fault kind on the first requests of `operation`, then the random 10%. */
    guaranteeEveryKind(api: ApiId, operation: "update" | "replace", kinds: readonly FaultKind[] = FAULT_KINDS): void {
      emulator().injectFaults(...kinds.map((kind) => ({ kind, api, operation })));
    },

    /** Faults injected since the last reset, by kind. */
    faultsByKind: (): Record<FaultKind, number> => emulator().stats().faults,

    /**
     * Since the last stats reset, every injected fault except `slow` cost exactly one retry, or one
     * failed chunk the caller re-sent. An attempt that never reached the emulator (a connection
     * that failed on its own, which a starved machine can produce) is a retry no fault caused:
     * the attempt and request counts show how many there were, and they are excused, nothing else.
     */
    expectOneRetryPerFault(ledger: RetryLedger, results: readonly BulkResult[]): void {
      const stats = emulator().stats();
      const injected = Object.values(stats.faults).reduce((sum, n) => sum + n, 0);
      const needingRetry = injected - stats.faults.slow;
      const neverArrived = ledger.attempts - stats.requests;
      const detail = JSON.stringify({
        faults: stats.faults,
        retries: ledger.byCause,
        attempts: ledger.attempts,
        requests: stats.requests,
      });
      expect(neverArrived, detail).toBeGreaterThanOrEqual(0);
      expect(ledger.retries + failedSentChunks(results), detail).toBe(needingRetry + neverArrived);
    },
  };
}

/** A create retried after a lost answer meets its own audience: treat that as created. */
export async function createOrAdopt(create: () => Promise<unknown>): Promise<"created" | "adopted"> {
  try {
    await create();
    return "created";
  } catch (error) {
    if (error instanceof BatchAlreadyExistsError && error.mayBeOwnEarlierAttempt) return "adopted";
    throw error;
  }
}

export function expectEveryKindInjected(byKind: Record<FaultKind, number>): void {
  for (const kind of FAULT_KINDS) expect(byKind[kind], `fault ${kind} injected`).toBeGreaterThan(0);
}

export function expectTokensPerAcceptedChunk(result: BulkResult): void {
  expect(result.indexingTokens).toHaveLength(result.progress.chunksAccepted);
  expect(result.acceptedChunks.every((c) => typeof c.indexingToken === "string" && c.indexingToken.length > 0)).toBe(
    true,
  );
  expect(new Set(result.indexingTokens).size).toBe(result.indexingTokens.length);
}

/** Failed chunks that reached the server: each one stands for a fault the client did not retry. */
export const failedSentChunks = (results: readonly BulkResult[]): number =>
  results.reduce((n, r) => n + r.failedChunks.filter((c) => c.sent).length, 0);

/**
 * Re-sends the failed chunks' `resendPositions` until nothing fails (bounded), as a caller would
 * after exhausting retries. Returns every result, the first included.
 */
export async function untilAccepted(
  first: BulkResult,
  resend: (items: StreamItem[]) => Promise<BulkResult>,
  itemAt: (position: number) => StreamItem,
): Promise<BulkResult[]> {
  const results = [first];
  let positions = positionsToResend(first);
  for (let round = 0; positions.length > 0 && round < 3; round++) {
    const items = positions.map(itemAt);
    const again = await resend(items);
    results.push(again);
    positions = positionsToResend(again).map((p) => positions[p]!);
  }
  return results;
}

/** A request body as the transport hands it to `fetch` (bytes or a string), as text. */
export function bodyText(body: RequestInit["body"] | undefined): string | undefined {
  if (typeof body === "string") return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString("utf8");
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  return undefined;
}
