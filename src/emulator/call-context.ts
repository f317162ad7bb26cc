/** What a handler gets for one authenticated API call, and what it returns. */
import type { ApiId } from "./api-ids.js";
import type { IndexingRule } from "./indexing.js";
import type { AudienceStore } from "./store.js";

export interface CallContext {
  readonly store: AudienceStore;
  readonly api: ApiId;
  /** The namespace key: the app API key (1.x path) or the project key (2.x `X-Batch-Project`). */
  readonly key: string;
  /** 1.x only: the audience name from the path, percent-decoded, not yet checked. */
  readonly pathName: string | undefined;
  readonly query: URLSearchParams;
  /** The parsed JSON body for operations that take one. */
  readonly body: unknown;
  /** How this call's write is indexed (delay, polls; the hold is the model's). */
  readonly indexing: IndexingRule;
  /** Counts IDs written, for stats. */
  ingested(ids: number): void;
}

export interface Reply {
  status: number;
  body: unknown;
  /** The indexing token a write issued even when the answer does not carry it (1.0 create's `{}`). */
  issuedToken?: string;
  /** Extra response headers (the rate limit's `Retry-After`). */
  headers?: Record<string, string>;
}

/** A query parameter, or undefined when absent (the first value when repeated). */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null ? undefined : value;
}

/** Strict decimal integer in [min, max], or undefined when it is not one. */
export function parseIntegerParam(value: string, min: number, max: number): number | undefined {
  if (!/^\d{1,9}$/.test(value)) return undefined;
  const number = Number(value);
  return number >= min && number <= max ? number : undefined;
}
