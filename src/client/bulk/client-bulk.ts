/**
 * The bulk helpers every client exposes, written once. A client supplies its validation variant and
 * how to send one update or replace call; this module validates each input item, splits the engine's
 * options from the per-request ones and wires both to the engine.
 */
import type { BulkCallExtras, RequestOptions } from "../client-core.js";
import type { AdaptiveThrottle } from "../http/throttle.js";
import { throttleProgress } from "../http/throttle-option.js";
import type { WaitForIndexingOptions } from "../indexing.js";
import {
  type ApiId,
  checkId,
  checkReplaceItem,
  checkUpdateItem,
  type IdOperation,
  type ReplaceEntry,
} from "../validation.js";
import { type BulkOptions, type BulkResult, runUpload } from "./engine.js";
import type { BulkSource } from "./item-source.js";

export type BulkInput = BulkSource<unknown>;
type CallOptions = RequestOptions & BulkCallExtras;

export interface BulkUpdateOptions extends BulkOptions, Omit<RequestOptions, "signal"> {
  /** Action for input items given as bare ID strings (default "add"). */
  defaultAction?: "add" | "remove";
}

export interface BulkReplaceOptions extends BulkOptions, Omit<RequestOptions, "signal"> {
  /**
   * Wait for the replace call to be indexed before adding IDs beyond the first 10,000 (default
   * true), so an add can never be applied before the replace that precedes it.
   */
  awaitReplaceIndexing?: boolean;
  indexing?: Omit<WaitForIndexingOptions, "signal">;
}

/** What a client contributes: its rules and one call per chunk. */
export interface BulkTarget {
  variant: ApiId;
  /** Paces every chunk's call (the client's `throttle` option); undefined when off. */
  throttle: AdaptiveThrottle | undefined;
  redactError(error: unknown): unknown;
  sendUpdate(ids: IdOperation[], request: CallOptions): Promise<{ indexingToken: string | undefined }>;
  sendReplace(ids: ReplaceEntry[], request: CallOptions): Promise<{ indexingToken: string | undefined }>;
  waitForIndexing(indexingToken: string, options: WaitForIndexingOptions): Promise<unknown>;
}

/** Bulk inputs keep bare ID strings until a chunk is sent; this builds the request items then. */
function expandOps(ops: ReadonlyArray<string | IdOperation>, action: "add" | "remove"): IdOperation[] {
  return ops.map((op) => (typeof op === "string" ? { action, id: op } : op));
}

function expandEntries(ops: ReadonlyArray<string | ReplaceEntry>): ReplaceEntry[] {
  return ops.map((op) => (typeof op === "string" ? { id: op } : op));
}

/** Validates one input item (a bare ID or an object), naming its input position in any error. */
function prepareWith<T>(target: BulkTarget, check: (item: unknown, variant: ApiId, field: string) => void) {
  return (item: unknown, position: number): string | T => {
    try {
      const field = `input[${position}]`;
      if (typeof item === "string") checkId(item, field, target.variant);
      else check(item, target.variant, field);
      return item as string | T;
    } catch (error) {
      throw target.redactError(error);
    }
  };
}

/** Separates what the engine reads from what each HTTP call reads. */
function splitOptions<O extends BulkOptions>(options: O, throttle: AdaptiveThrottle | undefined) {
  const { chunkSize, concurrency, dedupe, onProgress, onChunkSettled, signal, ...rest } = options;
  const { stopOnFatalError, maxInvalidItemsReported, ...request } = rest;
  return {
    engine: {
      chunkSize,
      concurrency,
      dedupe,
      onProgress,
      onChunkSettled,
      signal,
      stopOnFatalError,
      maxInvalidItemsReported,
      readThrottle: throttle ? throttleProgress(throttle) : undefined,
    },
    rest: { ...request, throttle },
  };
}

export function bulkUpdateWith(
  target: BulkTarget,
  input: BulkInput,
  options: BulkUpdateOptions = {},
): Promise<BulkResult> {
  const { engine, rest } = splitOptions(options, target.throttle);
  const { defaultAction = "add", ...request } = rest;
  return runUpload<unknown, string | IdOperation, string | IdOperation>(
    input,
    {
      prepare: prepareWith<IdOperation>(target, checkUpdateItem),
      toLaneOp: (op) => op,
      sendLane: (ops, ctx) =>
        target.sendUpdate(expandOps(ops, defaultAction), { ...request, signal: ctx.signal, onRetry: ctx.onRetry }),
    },
    engine,
  );
}

export function bulkReplaceWith(
  target: BulkTarget,
  input: BulkInput,
  options: BulkReplaceOptions = {},
): Promise<BulkResult> {
  const { engine, rest } = splitOptions(options, target.throttle);
  const { awaitReplaceIndexing = true, indexing, ...request } = rest;
  return runUpload<unknown, string | ReplaceEntry, string | IdOperation>(
    input,
    {
      prepare: prepareWith<ReplaceEntry>(target, checkReplaceItem),
      toLaneOp: (entry) => (typeof entry === "string" ? entry : { action: "add", ...entry }),
      sendLane: (ops, ctx) =>
        target.sendUpdate(expandOps(ops, "add"), { ...request, signal: ctx.signal, onRetry: ctx.onRetry }),
      replace: {
        send: (ops, ctx) =>
          target.sendReplace(expandEntries(ops), { ...request, signal: ctx.signal, onRetry: ctx.onRetry }),
        awaitIndexing: awaitReplaceIndexing
          ? async (token, signal) => {
              await target.waitForIndexing(token, { ...indexing, signal });
            }
          : undefined,
      },
    },
    engine,
  );
}
