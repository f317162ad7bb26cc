/**
 * A real server seen through one validating `prism proxy` per API. The live target uses it with
 * Batch's hosts; a local emulator (or a test stub) only needs other upstream URLs.
 */
import { startPrism } from "../support/prism.js";
import { API_IDS, type ApiId, bundlePath } from "../support/spec.js";
import { type Credentials, newRunPrefix, type Target } from "./types.js";

export interface ProxyTargetOptions {
  name: string;
  /** Upstream base URL per API. Prism ignores `servers`, so each must carry its base path. */
  upstreams: Record<ApiId, string>;
  credentials: Credentials;
  apis?: readonly ApiId[];
  specPaths?: Partial<Record<ApiId, string>>;
  runPrefix?: string;
}

export async function startProxyTarget(options: ProxyTargetOptions): Promise<Target> {
  const apis = options.apis ?? API_IDS;
  const results = await Promise.allSettled(
    apis.map((api) =>
      startPrism({
        specPath: options.specPaths?.[api] ?? bundlePath(api),
        mode: "proxy",
        upstream: options.upstreams[api],
        // Without --errors the proxy forwards invalid requests, so error cases reach the server,
        // and reports violations of both directions in `sl-violations`.
        extraArgs: ["-v", "error"],
      }).then((prism) => [api, prism] as const),
    ),
  );
  const prisms = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const stop = async () => {
    await Promise.all(prisms.map(([, prism]) => prism.stop()));
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const { credentials } = options;
  return {
    name: options.name,
    kind: "real",
    baseUrls: Object.fromEntries(prisms.map(([api, prism]) => [api, prism.baseUrl])) as Record<ApiId, string>,
    credentials,
    violations: "proxy",
    cleanupBaseUrls: options.upstreams,
    runPrefix: options.runPrefix ?? newRunPrefix(),
    secrets: [credentials.restKey, credentials.apiKey, credentials.projectKey].filter((s) => s.length > 0),
    stop,
  };
}
