/**
 * A target is where the cases are sent. Adding one (e.g. a local emulator behind the live proxy
 * chain) means producing this object: base URLs per API, credentials and two behaviour flags.
 */
import type { ApiId } from "../support/spec.js";

export interface Credentials {
  /** REST API key: `X-Authorization` (1.x) or `Authorization: Bearer` (2.x). */
  restKey: string;
  /** 1.x app API key, the `{apiKey}` path segment. */
  apiKey: string;
  /** 2.x project key, the `X-Batch-Project` header. */
  projectKey: string;
}

export interface Target {
  /** Shown in reports: mock, live, url… */
  name: string;
  /**
   * `mock`: a stateless Prism mock; states it cannot reach are forced with `Prefer: code=N`.
   * `real`: something with state (Batch, staging, an emulator); no `Prefer`, real sequences only.
   */
  kind: "mock" | "real";
  baseUrls: Record<ApiId, string>;
  credentials: Credentials;
  /**
   * How to read Prism's `sl-violations` header: `mock` (request violations prove invalid input),
   * `proxy` (a validating proxy sits in front of a real server: response violations are failures),
   * `none` (no Prism in the path).
   */
  violations: "mock" | "proxy" | "none";
  /** How requests reach the server and who validates the answers, printed under the target line. */
  chain?: string;
  /** Unique per run; every audience name the suite creates starts with it. */
  runPrefix: string;
  /**
   * Where cleanup sends its deletes when they differ from `baseUrls` (the proxy's upstreams), so
   * audiences are still removed after the proxies have been stopped by Ctrl-C.
   */
  cleanupBaseUrls?: Record<ApiId, string>;
  /** Values that must never appear in output (keys). */
  secrets: string[];
  /**
   * Headers that make the server itself answer `status` (the emulator's `X-Emulator-Fault`), or
   * undefined when the target cannot produce it. Only real targets that inject faults have this.
   */
  faultHeaders?(status: number): Record<string, string> | undefined;
  /**
   * Headers that make the server answer like a Batch with the named divergence (the emulator's
   * `X-Emulator-Diverge`), or undefined when it cannot.
   */
  divergenceHeaders?(name: string): Record<string, string> | undefined;
  /** How long a sequence polls for an indexing state or an eventual 404 (default 60 s). */
  indexingDeadlineMs?: number;
  /**
   * Audiences starting with `prefix` the server still holds, when the target can tell (the
   * emulator); used after cleanup to prove nothing was left behind.
   */
  remainingAudiences?(prefix: string): Promise<{ api: ApiId; name: string }[]>;
  /** Release everything the target started (idempotent). */
  stop(): Promise<void>;
}

/** Credentials the mock accepts: Prism checks only that credentials are present. */
export const FAKE_CREDENTIALS: Credentials = {
  restKey: "conformance-rest-key",
  apiKey: "CONFORMANCE_APP_KEY",
  projectKey: "project_conformance",
};

/** Start of every audience name created by a run: `conf_<time><random>`. */
export function newRunPrefix(now = Date.now()): string {
  return `conf_${now.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
