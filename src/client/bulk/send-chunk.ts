/** Sends one chunk and records its outcome in the upload's bookkeeping; never throws. */
import { BatchError } from "../errors.js";
import type { Chunk } from "./chunk-builder.js";
import type { BulkOperation, ChunkSender } from "./types.js";
import type { UploadState } from "./upload-state.js";

/** Errors every later chunk would also get: no point sending more. */
const FATAL_KINDS = new Set(["authentication", "permission", "not_found"]);

export const toError = (caught: unknown): Error => (caught instanceof Error ? caught : new Error(String(caught)));

/** The chunk's indexing token outcome when accepted; undefined when it failed or was not sent. */
export async function sendChunk<Op>(
  state: UploadState,
  chunk: Chunk<Op>,
  operation: BulkOperation,
  send: ChunkSender<Op>,
  stopOnFatal: boolean,
  /** Told when a 429 makes the chunk wait (its lane may then queue more: lane-chains.ts). */
  onRefused?: () => void,
): Promise<{ indexingToken: string | undefined } | undefined> {
  if (state.halted) {
    state.settle(chunk, operation, { error: state.stopReason ?? state.abortError(), sent: false });
    return undefined;
  }
  state.recordSent(chunk);
  const onRetry = (entry?: { status?: number | undefined }) => {
    if (entry?.status === 429) onRefused?.();
    state.progress.retries++;
    state.report();
  };
  try {
    const outcome = await send(chunk.ops, { signal: state.signal, onRetry });
    state.settle(chunk, operation, { token: outcome.indexingToken });
    return outcome;
  } catch (caught) {
    const error = toError(caught);
    if (stopOnFatal && error instanceof BatchError && FATAL_KINDS.has(error.kind)) state.stop(error);
    state.settle(chunk, operation, { error, sent: true });
    return undefined;
  }
}
