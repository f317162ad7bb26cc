/**
 * Walks the list operation page by page (1.x offsets, 2.x cursors), checking every page like a
 * case, and counts how often each name shows up. Bounded in pages, so a server that never says
 * "last page" fails instead of looping.
 */
import type { AudienceOperations } from "./operations.js";
import type { StepIO } from "./types.js";

export interface WalkOptions {
  /** Page size while some wanted name is still missing. */
  limit: number;
  /** Page size once every wanted name has been seen (finishing the walk quickly on big projects). */
  finishLimit?: number;
  /** Names the walk is looking for. */
  wanted: readonly string[];
  maxPages?: number;
  /** Stop as soon as every wanted name was seen (the caller does not need the end of the list). */
  stopWhenFound?: boolean;
}

export interface WalkResult {
  /** How many times each wanted name was seen. */
  seen: Map<string, number>;
  pages: number;
  /** Pages (at the small limit) that held at least one wanted name. */
  pagesWithWanted: number;
  /** The server said this was the last page. */
  ended: boolean;
  /** The walk could not go on (an unreadable page, a failed check, a repeated cursor). */
  broken: boolean;
}

export const MAX_PAGES = 300;

export async function walkList(io: StepIO, ops: AudienceOperations, options: WalkOptions): Promise<WalkResult> {
  const wanted = new Set(options.wanted);
  const seen = new Map<string, number>(options.wanted.map((n) => [n, 0]));
  const cursors = new Set<string | number>();
  const result: WalkResult = { seen, pages: 0, pagesWithWanted: 0, ended: false, broken: false };
  let from: string | number | undefined;
  const allSeen = () => [...seen.values()].every((n) => n > 0);
  while (result.pages < (options.maxPages ?? MAX_PAGES)) {
    const limit = allSeen() && options.finishLimit ? options.finishLimit : options.limit;
    const label = `page ${result.pages + 1} (${from === undefined ? "first" : `from=${String(from)}`}, limit=${limit})`;
    const failuresBefore = io.failureCount;
    const observed = await io.call(ops.list(limit, from), { operationId: "listAudiences", status: 200, label });
    result.pages++;
    if (observed?.status !== 200 || io.failureCount !== failuresBefore) {
      result.broken = true;
      return result;
    }
    let page;
    try {
      page = ops.page(observed.json, from, limit);
    } catch (error) {
      io.fail("paging", `${label}: ${error instanceof Error ? error.message : String(error)}`);
      result.broken = true;
      return result;
    }
    let holds = false;
    for (const name of page.names) {
      if (wanted.has(name)) {
        seen.set(name, seen.get(name)! + 1);
        holds = true;
      }
    }
    if (holds && limit === options.limit) result.pagesWithWanted++;
    if (page.next === undefined) {
      result.ended = true;
      return result;
    }
    if (options.stopWhenFound && allSeen()) return result;
    if (cursors.has(page.next)) {
      io.fail("paging", `${label}: the next page starts at ${String(page.next)} again, the walk would never end`);
      result.broken = true;
      return result;
    }
    cursors.add(page.next);
    from = page.next;
  }
  return result;
}
