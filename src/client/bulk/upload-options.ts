/** Checks the engine's numeric options before anything is read. */
import { BatchValidationError } from "../errors.js";
import { MAX_IDS_PER_CALL } from "../validation.js";

export function resolveChunkSize(chunkSize: number | undefined): number {
  if (chunkSize === undefined) return MAX_IDS_PER_CALL;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new BatchValidationError("chunkSize", String(chunkSize), `must be an integer from 1 to ${MAX_IDS_PER_CALL}`);
  }
  return Math.min(chunkSize, MAX_IDS_PER_CALL);
}

export function resolveConcurrency(concurrency: number | undefined): number {
  if (concurrency === undefined) return 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new BatchValidationError("concurrency", String(concurrency), "must be an integer from 1 to 64");
  }
  return concurrency;
}
