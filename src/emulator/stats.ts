/** Counters for tests and benches: what came in, what went out, what was injected. */
import type { FaultCounts } from "./faults.js";

export interface EmulatorStats {
  /** API requests received (control calls excluded). */
  requests: number;
  /** Responses sent, by HTTP status. */
  responses: Record<string, number>;
  /** Requests whose connection was cut without a complete response (drop, lost, truncate). */
  cut: number;
  /** Faults injected, by kind. */
  faults: FaultCounts;
  /** 429s answered by the rate limits (injected 429 faults are in `faults`). */
  rateLimited: number;
  /** Writes applied (create, update, replace, delete), including those whose response was then lost. */
  writesApplied: number;
  /** IDs in applied update and replace bodies. */
  idsIngested: number;
  /** Audiences currently stored, all namespaces together. */
  audiences: number;
  /** Memory of the emulator's process, to check it stays flat under a long bench. */
  memory: { heapUsedBytes: number; rssBytes: number };
}

export class StatsCounter {
  requests = 0;
  responses: Record<string, number> = {};
  cut = 0;
  writesApplied = 0;
  idsIngested = 0;

  response(status: number): void {
    this.responses[status] = (this.responses[status] ?? 0) + 1;
  }

  reset(): void {
    this.requests = 0;
    this.responses = {};
    this.cut = 0;
    this.writesApplied = 0;
    this.idsIngested = 0;
  }
}
