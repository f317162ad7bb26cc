/**
 * The live target: Batch's production API behind one validating Prism proxy per API. It writes to a
 * real Batch project, so it refuses to start without every key and an explicit confirmation.
 */
import { DEFAULT_V2_VERSION } from "../../generated/constants.js";
import type { ApiId } from "../support/spec.js";
import { type ProxyChoice, startProxyTarget } from "./proxy.js";
import type { Credentials, Target } from "./types.js";

export const LIVE_CONFIRM_FLAG = "--i-understand-this-writes-to-batch";
const BATCH_HOST = "https://api.batch.com";

/** Default 2.x version: the `{version}` default of the spec's server variable (generated). */
export { DEFAULT_V2_VERSION } from "../../generated/constants.js";

/** Upstreams per API: 1.x paths carry their version, 2.x puts it in the base URL. */
export function liveUpstreams(host = BATCH_HOST, v2Version = DEFAULT_V2_VERSION): Record<ApiId, string> {
  return {
    "custom-audience-1.0": host,
    "custom-audience-1.1": host,
    "audience-2": `${host}/${v2Version}`,
  };
}

export class LiveRefusal extends Error {
  override name = "LiveRefusal";
}

/** Credentials from the environment, or a refusal naming what is missing (never the values). */
export function liveCredentials(env: NodeJS.ProcessEnv, confirmed: boolean): Credentials {
  const missing = ["BATCH_REST_KEY", "BATCH_API_KEY", "BATCH_PROJECT_KEY"].filter((k) => !env[k]?.trim());
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing environment variables: ${missing.join(", ")}`);
  if (!confirmed) problems.push(`the live target writes to Batch; pass ${LIVE_CONFIRM_FLAG} to confirm`);
  if (problems.length > 0) throw new LiveRefusal(`refusing to run against live Batch: ${problems.join("; ")}`);
  return {
    restKey: env.BATCH_REST_KEY!.trim(),
    apiKey: env.BATCH_API_KEY!.trim(),
    projectKey: env.BATCH_PROJECT_KEY!.trim(),
  };
}

export interface LiveTargetOptions {
  env: NodeJS.ProcessEnv;
  confirmed: boolean;
  /** Only for tests of the live chain: a local stand-in for https://api.batch.com. */
  host?: string;
  v2Version?: string;
  apis?: readonly ApiId[];
  /** The validating Prism proxy in front (default `auto`: when Prism is installed). */
  proxy?: ProxyChoice;
}

export async function startLiveTarget(options: LiveTargetOptions): Promise<Target> {
  const credentials = liveCredentials(options.env, options.confirmed);
  return startProxyTarget({
    name: "live",
    upstreams: liveUpstreams(options.host, options.v2Version),
    credentials,
    ...(options.apis ? { apis: options.apis } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
  });
}
