/**
 * Checks of the no-data-loss runs: the emulator's audience against the intended one (IDs and stored
 * values), and a ledger of what the client did about each fault (from its logger).
 */

import type { MemberData } from "../../../src/emulator/index.js";
import type { BulkResult, LogEntry } from "../../../src/index.js";
import type { ExpectedData } from "./stream.js";

export interface Difference {
  intended: number;
  actual: number;
  /** Intended IDs the audience lacks. */
  missing: number;
  /** IDs in the audience that should not be there. */
  extra: number;
  /** IDs present on both sides with different attributes or tags. */
  changed: number;
  /** A few of each, to make a failure readable. */
  examples: string[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function compareMembers(
  intended: ReadonlyMap<string, ExpectedData>,
  actual: ReadonlyMap<string, MemberData> | undefined,
): Difference {
  const members = actual ?? new Map<string, MemberData>();
  const diff: Difference = {
    intended: intended.size,
    actual: members.size,
    missing: 0,
    extra: 0,
    changed: 0,
    examples: [],
  };
  const note = (line: string) => {
    if (diff.examples.length < 8) diff.examples.push(line);
  };
  for (const [id, want] of intended) {
    const got = members.get(id);
    if (got === undefined) {
      diff.missing++;
      note(`missing ${id}`);
    } else if (!same(got.attributes, want.attributes) || !same(got.tags, want.tags)) {
      diff.changed++;
      note(`changed ${id}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
    }
  }
  for (const id of members.keys()) {
    if (!intended.has(id)) {
      diff.extra++;
      note(`extra ${id}`);
    }
  }
  return diff;
}

export const EXACT = { missing: 0, extra: 0, changed: 0, examples: [] } as const;

/**
 * Counts the client's retry and give-up log entries, per operationId and per HTTP status, and
 * (through `fetch`, given to the client) every attempt it sends.
 */
export class RetryLedger {
  attempts = 0;
  retries = 0;
  giveUps = 0;
  readonly byOperation: Record<string, number> = {};
  readonly byCause: Record<string, number> = {};
  readonly delaysAfter429: number[] = [];

  readonly fetch: typeof fetch = (input, init) => {
    this.attempts++;
    return fetch(input, init);
  };

  readonly logger = (entry: LogEntry): void => {
    if (entry.event === "give_up") {
      this.giveUps++;
      return;
    }
    this.retries++;
    this.byOperation[entry.operationId] = (this.byOperation[entry.operationId] ?? 0) + 1;
    const cause =
      entry.status === undefined ? (/timeout/.test(entry.message) ? "timeout" : "connection") : String(entry.status);
    this.byCause[cause] = (this.byCause[cause] ?? 0) + 1;
    if (entry.status === 429 && entry.delayMs !== undefined) this.delaysAfter429.push(entry.delayMs);
  };
}

/** Input positions worth re-sending after a run: every failed chunk's, minus those a later accepted write superseded. */
export function positionsToResend(result: BulkResult): number[] {
  return result.failedChunks.flatMap((chunk) => chunk.resendPositions).sort((a, b) => a - b);
}
