/** The default target: one Prism mock per API on free 127.0.0.1 ports, started in parallel. */

import { startPrism } from "../support/prism.js";
import { requirePrism } from "../support/prism-bin.js";
import { API_IDS, type ApiId, bundlePath } from "../support/spec.js";
import { FAKE_CREDENTIALS, newRunPrefix, type Target } from "./types.js";

export interface MockTargetOptions {
  apis?: readonly ApiId[];
  /** Bundle per API (defaults to generated/<api>/openapi.yaml). */
  specPaths?: Partial<Record<ApiId, string>>;
}

export async function startMockTarget(options: MockTargetOptions = {}): Promise<Target & { startupMs: number }> {
  requirePrism("--target mock (one Prism mock per API)");
  const apis = options.apis ?? API_IDS;
  const started = performance.now();
  const results = await Promise.allSettled(
    apis.map((api) =>
      startPrism({ specPath: options.specPaths?.[api] ?? bundlePath(api), extraArgs: ["-v", "error"] }).then(
        (prism) => [api, prism] as const,
      ),
    ),
  );
  const prisms = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  const stop = async () => {
    await Promise.all(prisms.map(([, prism]) => prism.stop()));
  };
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const baseUrls = Object.fromEntries(prisms.map(([api, prism]) => [api, prism.baseUrl])) as Record<ApiId, string>;
  return {
    name: "mock",
    kind: "mock",
    baseUrls,
    credentials: FAKE_CREDENTIALS,
    violations: "mock",
    runPrefix: newRunPrefix(),
    secrets: [],
    stop,
    startupMs: Math.round(performance.now() - started),
  };
}
