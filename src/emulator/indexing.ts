/**
 * When a write stops reporting `IN_PROGRESS`. Writes apply to the members at once; only the
 * reported `indexing_state` lags, by up to three rules that all have to pass:
 *
 * - a **delay** in milliseconds from the write (on the emulator's monotonic clock);
 * - a number of **polls**: the write reports `IN_PROGRESS` to its first N views;
 * - a **hold**: writes made while indexing is held stay `IN_PROGRESS` until it is released.
 *
 * Delays depend on the clock, so tests that must pass on a loaded machine use polls or the hold
 * instead: both are counted in requests, never in time.
 */
import type { IncomingHttpHeaders } from "node:http";
import { EmulatorRefusal } from "./errors.js";

export const INDEXING_DELAY_HEADER = "x-emulator-indexing-delay-ms";
export const INDEXING_POLLS_HEADER = "x-emulator-indexing-polls";

/** How one write is indexed (the emulator's defaults, or a request's headers). */
export interface IndexingRule {
  /** Milliseconds from the write until it may report APPLIED. */
  delayMs: number;
  /** Views of the write that report IN_PROGRESS before it may report APPLIED. */
  polls: number;
}

/** What `setIndexing` / `PUT /_emulator/indexing` change; fields left out stay as they are. */
export interface IndexingOptions {
  delayMs?: number;
  polls?: number;
  /** true: later writes stay IN_PROGRESS until a `hold: false`, which releases every held write. */
  hold?: boolean;
}

export interface IndexingSettings extends IndexingRule {
  held: boolean;
  /** Writes made during the current hold (0 when not held). */
  heldWrites: number;
}

/** The indexing of one write; `pollsLeft` goes down as it is viewed. */
export interface WriteIndexing {
  readonly appliedAtMs: number;
  pollsLeft: number;
  /** The hold it was made under, or 0. */
  readonly hold: number;
}

function checkCount(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a number of at least 0`);
  return value;
}

export class IndexingModel {
  private rule: IndexingRule;
  /** Holds are numbered; a write is held while its hold number is above `releasedThrough`. */
  private holds = 0;
  private releasedThrough = 0;
  private holding = false;
  private heldWrites = 0;

  constructor(
    private readonly now: () => number,
    defaults: Partial<IndexingRule> = {},
  ) {
    this.rule = { delayMs: 0, polls: 0 };
    this.configure(defaults);
  }

  /** The defaults of later writes (requests can override them with headers). */
  defaults(): IndexingRule {
    return { ...this.rule };
  }

  settings(): IndexingSettings {
    return { ...this.rule, held: this.holding, heldWrites: this.holding ? this.heldWrites : 0 };
  }

  configure(options: IndexingOptions): IndexingSettings {
    const delayMs = options.delayMs === undefined ? this.rule.delayMs : checkCount(options.delayMs, "delayMs");
    const polls = options.polls === undefined ? this.rule.polls : Math.floor(checkCount(options.polls, "polls"));
    if (options.hold !== undefined && typeof options.hold !== "boolean") throw new RangeError("hold must be a boolean");
    this.rule = { delayMs, polls };
    if (options.hold === true && !this.holding) {
      this.holds++;
      this.holding = true;
      this.heldWrites = 0;
    } else if (options.hold === false && this.holding) {
      this.releasedThrough = this.holds;
      this.holding = false;
    }
    return this.settings();
  }

  /** The indexing of a write made now under `rule`. */
  start(rule: IndexingRule): WriteIndexing {
    if (this.holding) this.heldWrites++;
    return {
      appliedAtMs: this.now() + rule.delayMs,
      pollsLeft: rule.polls,
      hold: this.holding ? this.holds : 0,
    };
  }

  /** Whether the write is indexed, without counting a view. */
  isApplied(write: WriteIndexing): boolean {
    return write.pollsLeft === 0 && write.hold <= this.releasedThrough && this.now() >= write.appliedAtMs;
  }

  /** One view of the write: counts it, then says whether the write is indexed. */
  poll(write: WriteIndexing): boolean {
    if (write.pollsLeft > 0) {
      write.pollsLeft--;
      return false;
    }
    return this.isApplied(write);
  }
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

function headerNumber(headers: IncomingHttpHeaders, name: string, label: string, what: string): number | undefined {
  const raw = headerValue(headers, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new EmulatorRefusal("MALFORMED_PARAMETER", `Malformed parameter: ${label}: ${what}`);
  return value;
}

/** This request's rule: the `X-Emulator-Indexing-*` headers over the emulator's defaults. */
export function indexingRuleOf(headers: IncomingHttpHeaders, defaults: IndexingRule): IndexingRule {
  const delayMs = headerNumber(
    headers,
    INDEXING_DELAY_HEADER,
    "X-Emulator-Indexing-Delay-Ms",
    "a number of milliseconds",
  );
  const polls = headerNumber(headers, INDEXING_POLLS_HEADER, "X-Emulator-Indexing-Polls", "a number of views");
  return {
    delayMs: delayMs ?? defaults.delayMs,
    polls: polls === undefined ? defaults.polls : Math.floor(polls),
  };
}
