/**
 * Async iteration over Batch's two list styles: 1.x offset (`from` = index, `limit`) and 2.x cursor
 * (`from` = the previous page's `next_from`). Both stop on a short or empty page, and both throw a
 * BatchPaginationError instead of looping when the server keeps returning the same position.
 */
import { BatchPaginationError } from "./errors.js";

export interface OffsetPageRequest {
  from: number;
  limit: number;
}

export interface PageOptions {
  /** Items per request (1..100). */
  pageSize?: number;
  /** Stop after this many pages (a safety net for huge accounts). */
  maxPages?: number;
  signal?: AbortSignal;
}

/** Fingerprint of a page used to spot a server that ignores `from`. */
function pageKey(items: ReadonlyArray<unknown>): string {
  const first = items[0] as { name?: unknown } | undefined;
  const last = items[items.length - 1] as { name?: unknown } | undefined;
  return `${String(first?.name)}\u0000${String(last?.name)}\u0000${items.length}`;
}

export async function* offsetPages<T>(
  fetchPage: (request: OffsetPageRequest) => Promise<T[]>,
  options: PageOptions & { startFrom?: number },
): AsyncGenerator<T[], void, undefined> {
  const limit = options.pageSize ?? 100;
  let from = options.startFrom ?? 0;
  let previousKey: string | undefined;
  for (let page = 0; options.maxPages === undefined || page < options.maxPages; page++) {
    options.signal?.throwIfAborted();
    const items = await fetchPage({ from, limit });
    if (items.length === 0) return;
    const key = pageKey(items);
    if (key === previousKey) {
      throw new BatchPaginationError(`list returned the same page again at from=${from}; stopping instead of looping`);
    }
    previousKey = key;
    yield items;
    if (items.length < limit) return;
    from += items.length;
  }
}

export interface CursorPage<T> {
  items: T[];
  hasMore: boolean;
  nextFrom: string | undefined;
}

export async function* cursorPages<T>(
  fetchPage: (request: { from: string | undefined; limit: number }) => Promise<CursorPage<T>>,
  options: PageOptions & { startFrom?: string },
): AsyncGenerator<CursorPage<T>, void, undefined> {
  const limit = options.pageSize ?? 100;
  let from = options.startFrom;
  const seen = new Set<string>();
  if (from !== undefined) seen.add(from);
  for (let page = 0; options.maxPages === undefined || page < options.maxPages; page++) {
    options.signal?.throwIfAborted();
    const result = await fetchPage({ from, limit });
    yield result;
    if (!result.hasMore || result.items.length === 0) return;
    const next = result.nextFrom;
    if (next === undefined || next === "") {
      throw new BatchPaginationError("list said has_more=true but sent no next_from cursor; stopping");
    }
    if (seen.has(next)) {
      throw new BatchPaginationError(`list returned cursor ${JSON.stringify(next)} twice; stopping instead of looping`);
    }
    seen.add(next);
    from = next;
  }
}
