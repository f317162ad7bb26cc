/**
 * A real server (Batch, the emulator, a test stub) seen through one validating `prism proxy` per API,
 * or straight, when Prism is not installed (it is an optional peer dependency of the package) or
 * `--proxy none` asks for it. Either way every answer goes through the suite's own checks (status,
 * content type, Ajv on the bundle's response schema, error codes, headers); the proxy adds its
 * `sl-violations` report on top, a second, independent validator.
 */

import { startPrism } from "../support/prism.js";
import { findPrism, requirePrism } from "../support/prism-bin.js";
import { API_IDS, type ApiId, bundlePath } from "../support/spec.js";
import { type Credentials, newRunPrefix, type Target } from "./types.js";

/** `auto`: the Prism proxy when Prism is installed, straight otherwise; `prism`: the proxy or an error; `none`: straight. */
export type ProxyChoice = "auto" | "prism" | "none";
export const PROXY_CHOICES: readonly ProxyChoice[] = ["auto", "prism", "none"];

export interface ProxyTargetOptions {
  name: string;
  /** Upstream base URL per API. Prism ignores `servers`, so each must carry its base path. */
  upstreams: Record<ApiId, string>;
  credentials: Credentials;
  apis?: readonly ApiId[];
  specPaths?: Partial<Record<ApiId, string>>;
  runPrefix?: string;
  /** Default `auto`. */
  proxy?: ProxyChoice;
}

/** Whether this run puts Prism in front of the server (throws PrismNotInstalled for `prism` without it). */
export function usesPrismProxy(choice: ProxyChoice = "auto"): boolean {
  if (choice === "none") return false;
  if (choice === "prism") {
    requirePrism("--proxy prism");
    return true;
  }
  return findPrism() !== undefined;
}

function secretsOf(credentials: Credentials): string[] {
  return [credentials.restKey, credentials.apiKey, credentials.projectKey].filter((s) => s.length > 0);
}

/** The server itself, no proxy: the suite's Ajv checks are the validation. */
function directTarget(options: ProxyTargetOptions, why: string): Target {
  return {
    name: options.name,
    kind: "real",
    baseUrls: { ...options.upstreams },
    credentials: options.credentials,
    violations: "none",
    chain: `straight to the server, answers checked against the bundles with Ajv (${why})`,
    runPrefix: options.runPrefix ?? newRunPrefix(),
    secrets: secretsOf(options.credentials),
    stop: async () => {},
  };
}

export async function startProxyTarget(options: ProxyTargetOptions): Promise<Target> {
  if (!usesPrismProxy(options.proxy)) {
    return directTarget(options, options.proxy === "none" ? "--proxy none" : "Prism is not installed");
  }
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
    chain: "through one validating prism proxy per API, answers also checked against the bundles with Ajv",
    cleanupBaseUrls: options.upstreams,
    runPrefix: options.runPrefix ?? newRunPrefix(),
    secrets: secretsOf(credentials),
    stop,
  };
}
