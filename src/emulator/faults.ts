/**
 * Fault injection. A fault comes from (first match wins) the `X-Emulator-Fault` request header,
 * then the queued rules (each fires `times` times), then the random rates drawn from a seeded
 * generator: one draw per API request, so the same seed and request order give the same faults.
 */
import type { ApiId, OperationName } from "./api-ids.js";
import { EmulatorRefusal } from "./errors.js";
import { type Random, seededRandom } from "./random.js";

/**
 * - `403`, `404`, `429`, `500`, `503`: the Batch error (API_MISUSE, ROUTE_NOT_FOUND,
 *   TOO_MANY_REQUESTS with `Retry-After`, SERVER_ERROR, MAINTENANCE_ERROR); nothing is applied.
 *   403 and 404 let a suite reach documented answers nothing documents how to provoke (API_MISUSE,
 *   ROUTE_NOT_FOUND on create).
 * - `drop`: the socket is destroyed before the request is read; nothing is applied.
 * - `slow`: the call is handled normally after `slowMs`.
 * - `non-json`: a 502 HTML page, as a gateway in front of Batch would send; nothing is applied.
 * - `truncate`: the call is applied, then the response is cut in the middle of its body.
 * - `lost`: the call is applied, then the socket is destroyed before any response byte.
 */
export type FaultKind = "403" | "404" | "429" | "500" | "503" | "drop" | "slow" | "non-json" | "truncate" | "lost";
/** The faults a resilient client gets past (by retrying or waiting): what random rates are drawn from. */
export const FAULT_KINDS: readonly FaultKind[] = ["429", "500", "503", "drop", "slow", "non-json", "truncate", "lost"];
/** Final refusals a retry does not cure, for reaching documented answers (API_MISUSE, ROUTE_NOT_FOUND). */
export const REFUSAL_FAULT_KINDS: readonly FaultKind[] = ["403", "404"];
const ALL_FAULT_KINDS: readonly FaultKind[] = [...REFUSAL_FAULT_KINDS, ...FAULT_KINDS];
export const FAULT_HEADER = "x-emulator-fault";

export interface FaultRule {
  kind: FaultKind;
  /** How many matching requests get it (default 1). */
  times?: number;
  api?: ApiId;
  operation?: OperationName;
}

export interface FaultOptions {
  /** Probability per request of each fault, 0..1; their sum must not exceed 1. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Random faults only hit these operations (default: all). */
  operations?: OperationName[];
  /** Delay of the `slow` fault (default 250 ms). */
  slowMs?: number;
  /** `Retry-After` of the `429` fault, in seconds (default 0). */
  retryAfterSeconds?: number;
  /** Rules to queue. */
  rules?: FaultRule[];
}

export type FaultCounts = Record<FaultKind, number>;

interface QueuedRule {
  rule: FaultRule;
  left: number;
}

export function emptyFaultCounts(): FaultCounts {
  return Object.fromEntries(ALL_FAULT_KINDS.map((kind) => [kind, 0])) as FaultCounts;
}

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === "string" && (ALL_FAULT_KINDS as readonly string[]).includes(value);
}

export class FaultInjector {
  private random: Random;
  private rates: [FaultKind, number][] = [];
  private operations: ReadonlySet<OperationName> | undefined;
  private queue: QueuedRule[] = [];
  private counts = emptyFaultCounts();
  slowMs = 250;
  retryAfterSeconds = 0;

  constructor(seed: number, options: FaultOptions = {}) {
    this.random = seededRandom(seed);
    this.configure(options);
  }

  /** Replaces rates, operations, delays and queued rules with `options` (unset fields reset). */
  configure(options: FaultOptions): void {
    if (typeof options !== "object" || options === null) throw new RangeError("fault options must be an object");
    if (options.rules !== undefined && !Array.isArray(options.rules)) throw new RangeError("rules must be an array");
    if (options.operations !== undefined && !Array.isArray(options.operations))
      throw new RangeError("operations must be an array");
    const rates = Object.entries(options.rates ?? {}) as [FaultKind, number][];
    let total = 0;
    for (const [kind, rate] of rates) {
      if (!isFaultKind(kind)) throw new RangeError(`unknown fault kind ${String(kind)}`);
      if (typeof rate !== "number" || !(rate >= 0 && rate <= 1))
        throw new RangeError(`fault rate of ${kind} must be within 0..1`);
      total += rate;
    }
    if (total > 1 + 1e-9) throw new RangeError("the fault rates add up to more than 1");
    this.rates = rates.filter(([, rate]) => rate > 0);
    this.operations = options.operations ? new Set(options.operations) : undefined;
    this.slowMs = nonNegative(options.slowMs ?? 250, "slowMs");
    this.retryAfterSeconds = Math.floor(nonNegative(options.retryAfterSeconds ?? 0, "retryAfterSeconds"));
    this.queue = [];
    this.inject(...(options.rules ?? []));
  }

  /** Queues rules after those already queued. */
  inject(...rules: FaultRule[]): void {
    for (const rule of rules) {
      if (typeof rule !== "object" || rule === null || !isFaultKind(rule.kind))
        throw new RangeError(`unknown fault kind ${String(rule.kind)}`);
      const times = rule.times ?? 1;
      if (!Number.isInteger(times) || times < 1)
        throw new RangeError("a fault rule's times must be a positive integer");
      this.queue.push({ rule, left: times });
    }
  }

  /** The fault for one API request, if any. A bad header value is the caller's error (400). */
  decide(header: string | undefined, api: ApiId, op: OperationName): FaultKind | undefined {
    if (header !== undefined && header !== "") {
      const value = header.trim().toLowerCase();
      if (value === "none") return undefined;
      if (!isFaultKind(value)) {
        throw new EmulatorRefusal(
          "MALFORMED_PARAMETER",
          `Malformed parameter: X-Emulator-Fault: one of none, ${ALL_FAULT_KINDS.join(", ")}`,
        );
      }
      return value;
    }
    const index = this.queue.findIndex(
      ({ rule }) =>
        (rule.api === undefined || rule.api === api) && (rule.operation === undefined || rule.operation === op),
    );
    if (index >= 0) {
      const queued = this.queue[index]!;
      if (--queued.left === 0) this.queue.splice(index, 1);
      return queued.rule.kind;
    }
    if (this.rates.length === 0 || (this.operations && !this.operations.has(op))) return undefined;
    let draw = this.random.next();
    for (const [kind, rate] of this.rates) {
      if (draw < rate) return kind;
      draw -= rate;
    }
    return undefined;
  }

  settings(): {
    rates: Partial<Record<FaultKind, number>>;
    operations: OperationName[] | undefined;
    slowMs: number;
    retryAfterSeconds: number;
    pendingRules: number;
  } {
    return {
      rates: Object.fromEntries(this.rates),
      operations: this.operations ? [...this.operations] : undefined,
      slowMs: this.slowMs,
      retryAfterSeconds: this.retryAfterSeconds,
      pendingRules: this.pendingRules(),
    };
  }

  count(kind: FaultKind): void {
    this.counts[kind]++;
  }

  injected(): FaultCounts {
    return { ...this.counts };
  }

  pendingRules(): number {
    return this.queue.reduce((sum, queued) => sum + queued.left, 0);
  }

  resetCounts(): void {
    this.counts = emptyFaultCounts();
  }
}

function nonNegative(value: number, name: string): number {
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value))
    throw new RangeError(`${name} must be a number of at least 0`);
  return value;
}
