/**
 * One adaptive throttle per key in a process: clients (and CLI lanes, and shards run as workers)
 * that send with the same credentials to the same API share one limit at Batch, so they share one
 * throttle. Entries are keyed by a SHA-256 digest of the scope; the registry never holds a key.
 * Throttles are held weakly: once no client uses one, it goes with its last user.
 */
import { createHash } from "node:crypto";
import { AdaptiveThrottle, type ThrottleOptions } from "./throttle.js";

const registry = new Map<string, WeakRef<AdaptiveThrottle>>();

/** The registry key of a scope: a digest, so neither the map nor a heap dump shows the key. */
export function throttleScopeId(scope: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(scope)).digest("hex");
}

/**
 * The throttle of `scope` (for instance [api, origin, restKey, projectKey]), created with `options`
 * on first use; later callers get the same instance and their options are ignored.
 */
export function sharedThrottle(scope: readonly string[], options?: ThrottleOptions): AdaptiveThrottle {
  const id = throttleScopeId(scope);
  const existing = registry.get(id)?.deref();
  if (existing) return existing;
  if (registry.size >= 64) {
    for (const [key, ref] of registry) if (ref.deref() === undefined) registry.delete(key);
  }
  const throttle = new AdaptiveThrottle(options);
  registry.set(id, new WeakRef(throttle));
  return throttle;
}

/** Registry keys in use (digests only), for diagnostics and tests. */
export function sharedThrottleIds(): string[] {
  return [...registry.keys()];
}
