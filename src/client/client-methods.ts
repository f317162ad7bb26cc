/**
 * The high-level methods both client families share, written once: validated update and replace,
 * bulk upload and waiting for indexing. A family supplies its HTTP calls (`FamilyCalls`); its
 * factory adds what differs (create, list, pagination, the 1.0 audience type).
 */
import {
  type BulkInput,
  type BulkReplaceOptions,
  type BulkTarget,
  type BulkUpdateOptions,
  bulkReplaceWith,
  bulkUpdateWith,
} from "./bulk/client-bulk.js";
import type { BulkResult } from "./bulk/types.js";
import type { BulkCallExtras, ClientCore, RequestOptions } from "./client-core.js";
import { type IndexingOutcome, pollIndexing, type WaitForIndexingOptions } from "./indexing.js";
import {
  type ApiId,
  checkAudienceName,
  checkIdsCount,
  checkReplaceItem,
  checkUpdateItem,
  type IdOperation,
  type ReplaceEntry,
} from "./validation.js";

export type CallRequest = RequestOptions & BulkCallExtras;

/** A family's calls, after validation. `type` is the 1.0 audience type (undefined elsewhere). */
export interface FamilyCalls<A> {
  variant: ApiId;
  /** The field name audience names are reported under. */
  nameField: string;
  sendUpdate(
    name: string,
    ids: ReadonlyArray<IdOperation>,
    request: CallRequest,
    type?: string,
  ): Promise<{ indexingToken: string }>;
  sendReplace(name: string, ids: ReadonlyArray<ReplaceEntry>, request: CallRequest): Promise<{ indexingToken: string }>;
  view(name: string, request: RequestOptions & { indexingToken?: string }): Promise<A>;
}

export function sharedMethods<A extends { indexing_state?: string | undefined }>(
  core: ClientCore,
  calls: FamilyCalls<A>,
) {
  const checkName = (name: string) => checkAudienceName(name, calls.nameField, calls.variant);

  function update(name: string, ids: ReadonlyArray<IdOperation>, request: RequestOptions = {}, type?: string) {
    checkName(name);
    checkIdsCount(ids.length, "ids", calls.variant);
    for (let i = 0; i < ids.length; i++) checkUpdateItem(ids[i], calls.variant, `ids[${i}]`);
    return calls.sendUpdate(name, ids, request, type);
  }

  function replace(name: string, ids: ReadonlyArray<ReplaceEntry>, request: RequestOptions = {}) {
    checkName(name);
    checkIdsCount(ids.length, "ids", calls.variant);
    for (let i = 0; i < ids.length; i++) checkReplaceItem(ids[i], calls.variant, `ids[${i}]`);
    return calls.sendReplace(name, ids, request);
  }

  function waitForIndexing(
    name: string,
    indexingToken: string,
    options: WaitForIndexingOptions = {},
  ): Promise<IndexingOutcome<A>> {
    checkName(name);
    const view = (signal: AbortSignal | undefined, remainingMs: number) =>
      calls.view(name, { indexingToken, deadlineMs: remainingMs, ...(signal ? { signal } : {}) });
    return pollIndexing(view, name, options, core.policy);
  }

  const bulkTarget = (name: string, type?: string): BulkTarget => ({
    variant: calls.variant,
    redactError: core.redactError,
    throttle: core.throttle,
    sendUpdate: (ids, request) => calls.sendUpdate(name, ids, request, type),
    sendReplace: (ids, request) => calls.sendReplace(name, ids, request),
    waitForIndexing: (token, options) => waitForIndexing(name, token, options),
  });

  async function bulkUpdate(
    name: string,
    input: BulkInput,
    options: BulkUpdateOptions = {},
    type?: string,
  ): Promise<BulkResult> {
    checkName(name);
    return bulkUpdateWith(bulkTarget(name, type), input, options);
  }

  async function bulkReplace(name: string, input: BulkInput, options: BulkReplaceOptions = {}): Promise<BulkResult> {
    checkName(name);
    return bulkReplaceWith(bulkTarget(name), input, options);
  }

  return { update, replace, waitForIndexing, bulkUpdate, bulkReplace };
}
