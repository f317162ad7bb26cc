/**
 * The two ways the throttling bench uploads IDs, both through the client's own `bulkUpdate` (4
 * lanes), then re-sending failed chunks' `resendPositions` as a caller would, so each ends with
 * every ID accepted or says how many were not:
 * - `baseline`: `throttle: false`, today's fixed concurrency: every lane meets 429s on its own;
 * - `adaptive`: the default, every lane paced by the key's shared adaptive throttle.
 */
import {
  type BulkProgress,
  type BulkResult,
  createAudienceClient,
  createCustomAudienceClient,
} from "../../src/index.js";

export type Mode = "baseline" | "adaptive";
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

/** What the bench needs of either client (both factories' clients have it). */
interface Uploader {
  bulkUpdate(
    name: string,
    input: Iterable<string>,
    options: { concurrency: number; chunkSize: number; onProgress: (p: Readonly<BulkProgress>) => void },
  ): Promise<BulkResult>;
}

function clientFor(target: Target, throttle: boolean): Uploader {
  const { restKey, projectKey, appKey } = target.keys;
  return target.api === "audience-2"
    ? createAudienceClient({ restKey, projectKey, baseUrl: `${target.baseUrl}/2.11`, throttle })
    : createCustomAudienceClient({ version: "1.1", apiKey: appKey, restKey, baseUrl: target.baseUrl, throttle });
}

export interface UploadOutcome {
  ok: boolean;
  /** IDs still refused after 10 re-send rounds (none expected). */
  lostIds: number;
  resendRounds: number;
  /** The throttle's state at the end (adaptive only). */
  throttle?: BulkProgress["throttle"];
}

function* allIds(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield idAt(i);
}

export async function upload(mode: Mode, target: Target, count: number): Promise<UploadOutcome> {
  const client = clientFor(target, mode === "adaptive");
  let last: BulkProgress | undefined;
  const onProgress = (progress: Readonly<BulkProgress>) => {
    last = progress;
  };
  let positions: number[] | undefined;
  for (let rounds = 0; rounds <= 10; rounds++) {
    const input = positions ? positions.map(idAt) : allIds(count);
    const result = await client.bulkUpdate(target.name, input, {
      concurrency: LANES,
      chunkSize: target.chunkSize,
      onProgress,
    });
    const retry = result.failedChunks.flatMap((c) => c.resendPositions).sort((a, b) => a - b);
    positions = retry.map((p) => (positions ? positions[p]! : p));
    if (positions.length === 0) return { ok: true, lostIds: 0, resendRounds: rounds, throttle: last?.throttle };
  }
  return { ok: false, lostIds: positions?.length ?? 0, resendRounds: 10, throttle: last?.throttle };
}
