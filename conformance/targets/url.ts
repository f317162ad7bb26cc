/**
 * The url target: servers already running somewhere (staging, an emulator) at the given base URLs.
 * Treated as real (stateful): no `Prefer`, real sequences, cleanup of created audiences.
 */
import type { ApiId } from "../support/spec.js";
import { type Credentials, FAKE_CREDENTIALS, newRunPrefix, type Target } from "./types.js";

export function urlTarget(baseUrls: Record<ApiId, string>, credentials: Credentials = FAKE_CREDENTIALS): Target {
  return {
    name: "url",
    kind: "real",
    baseUrls,
    credentials,
    violations: "none",
    runPrefix: newRunPrefix(),
    secrets: [credentials.restKey, credentials.apiKey, credentials.projectKey].filter(
      (s) => s.length > 0 && !Object.values(FAKE_CREDENTIALS).includes(s),
    ),
    stop: async () => {},
  };
}

/** Credentials from the environment when set, otherwise the mock's placeholders. */
export function urlCredentials(env: NodeJS.ProcessEnv): Credentials {
  return {
    restKey: env.BATCH_REST_KEY?.trim() || FAKE_CREDENTIALS.restKey,
    apiKey: env.BATCH_API_KEY?.trim() || FAKE_CREDENTIALS.apiKey,
    projectKey: env.BATCH_PROJECT_KEY?.trim() || FAKE_CREDENTIALS.projectKey,
  };
}
