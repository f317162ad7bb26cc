/**
 * The three ways the throttling bench uploads IDs (each ends with every ID accepted, or says which
 * were not):
 * - `baseline`: today's client, `bulkUpdate` with 4 lanes and default retries, then re-sending failed
 *   chunks' `resendPositions` as a caller would;
 * - `adaptive-loop`: SIMULATION of the adaptive throttle before it is wired in: a minimal loop of 4
 *   lanes, each sending its chunks in order through the client's `update` (no transport retries),
 *   with `AdaptiveThrottle.acquire` before and `record` after each attempt, and the verdict's wait
 *   before re-sending a refused chunk;
 * - `adaptive-fetch`: SIMULATION too: today's `bulkUpdate` (its lanes, its reader backpressure, its
 *   transport retries) with the throttle in a `fetch` wrapper around every attempt.
 */

import { AdaptiveThrottle } from "../../src/client/http/throttle.js";
import {
  BatchRateLimitError,
  type BulkResult,
  createAudienceClient,
  createCustomAudienceClient,
  type FetchLike,
  parseRetryAfter,
} from "../../src/index.js";

export type Mode = "baseline" | "adaptive-loop" | "adaptive-fetch";
export type BenchApi = "audience-2" | "custom-audience-1.1";

export interface Target {
  api: BenchApi;
  /** Emulator root URL (no version). */
  baseUrl: string;
  name: string;
  keys: { restKey: string; projectKey: string; appKey: string };
  /** IDs per call. */
  chunkSize: number;
}

export const idAt = (position: number) => `bench-${position.toString(36)}`;
const LANES = 4;

/** What the bench needs of either client (both factories' clients have these). */
interface Uploader {
  bulkUpdate(
    name: string,
    input: Iterable<string>,
    options: { concurrency: number; chunkSize: number },
  ): Promise<BulkResult>;
  update(name: string, ops: { action: "add"; id: string }[], options: { maxRetries: number }): Promise<unknown>;
}

function clientFor(target: Target, fetch?: FetchLike): Uploader {
  const { restKey, projectKey, appKey } = target.keys;
  const extra = fetch ? { fetch } : {};
  return target.api === "audience-2"
    ? (createAudienceClient({ restKey, projectKey, baseUrl: `${target.baseUrl}/2.11`, ...extra }) as Uploader)
    : (createCustomAudienceClient({
        version: "1.1",
        apiKey: appKey,
        restKey,
        baseUrl: target.baseUrl,
        ...extra,
      }) as Uploader);
}

export function throttleFor(api: BenchApi): AdaptiveThrottle {
  return new AdaptiveThrottle({ rateLimitFloorMs: api === "audience-2" ? 0 : 5_000 });
}

export interface UploadOutcome {
  ok: boolean;
  /** Chunks refused for good (none expected). */
  lostChunks: number;
  resendRounds: number;
  throttle?: ReturnType<AdaptiveThrottle["snapshot"]>;
}

function* allIds(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield idAt(i);
}

/** Bulk upload, then re-send failed chunks' `resendPositions` until none fail (at most 10 rounds). */
async function bulkWithResends(client: Uploader, target: Target, count: number): Promise<UploadOutcome> {
  let positions: number[] | undefined;
  for (let rounds = 0; rounds <= 10; rounds++) {
    const input = positions ? positions.map(idAt) : allIds(count);
    const result = await client.bulkUpdate(target.name, input, { concurrency: LANES, chunkSize: target.chunkSize });
    const retry = result.failedChunks.flatMap((c) => c.resendPositions).sort((a, b) => a - b);
    positions = retry.map((p) => (positions ? positions[p]! : p));
    if (positions.length === 0) return { ok: true, lostChunks: 0, resendRounds: rounds };
  }
  return { ok: false, lostChunks: positions?.length ?? 0, resendRounds: 10 };
}

/** Simulation: 4 lanes sending their chunks in order through the throttle, re-sending refusals. */
async function adaptiveLoop(target: Target, count: number): Promise<UploadOutcome> {
  const client = clientFor(target);
  const throttle = throttleFor(target.api);
  const size = target.chunkSize;
  const chunks = Math.ceil(count / size);
  let lost = 0;
  const lane = async (index: number) => {
    for (let chunk = index; chunk < chunks; chunk += LANES) {
      const ops = [];
      for (let i = chunk * size; i < Math.min(count, (chunk + 1) * size); i++)
        ops.push({ action: "add" as const, id: idAt(i) });
      for (let attempt = 1; ; attempt++) {
        const permit = await throttle.acquire();
        try {
          await client.update(target.name, ops, { maxRetries: 0 });
          throttle.record(permit, { status: 202 });
          break;
        } catch (error) {
          if (!(error instanceof BatchRateLimitError) || attempt >= 50) {
            lost++;
            break;
          }
          const { retryDelayMs } = throttle.record(permit, { status: 429, retryAfterMs: error.retryAfterMs });
          await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
  return { ok: lost === 0, lostChunks: lost, resendRounds: 0, throttle: throttle.snapshot() };
}

/** Simulation: today's bulk engine with every attempt going through the throttle. */
async function adaptiveFetch(target: Target, count: number): Promise<UploadOutcome> {
  const throttle = throttleFor(target.api);
  const throttled: FetchLike = async (input, init) => {
    const permit = await throttle.acquire(init?.signal ?? undefined);
    const response = await fetch(input, init);
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
    throttle.record(permit, { status: response.status, retryAfterMs });
    return response;
  };
  const outcome = await bulkWithResends(clientFor(target, throttled), target, count);
  return { ...outcome, throttle: throttle.snapshot() };
}

export async function upload(mode: Mode, target: Target, count: number): Promise<UploadOutcome> {
  if (mode === "baseline") return bulkWithResends(clientFor(target), target, count);
  if (mode === "adaptive-loop") return adaptiveLoop(target, count);
  return adaptiveFetch(target, count);
}
